// The booking form's "Wunschberuf" is for pupils, apprentices and their parents: hidden (and emptied) while
// "Ausbildungsbetrieb" is chosen. Without JavaScript the field simply stays visible; the server ignores a wish of
// a company (consultations.forms.NO_WISH_ROLES).
const role = document.getElementById("id_role");
const wish = document.getElementById("id_wish");
const wishBox = document.getElementById("div_id_wish");
if (role && wish && wishBox) {
  const update = () => {
    const forCompany = role.value === "company";
    wishBox.hidden = forCompany;
    if (forCompany) wish.value = "";
  };
  role.addEventListener("change", update);
  update();
}
