// Visit form: add another follow-up row without a round trip. Without JavaScript the form still offers two
// empty rows (and more when the visit is edited).
(function () {
  "use strict";
  var button = document.getElementById("add-follow-up");
  var template = document.getElementById("follow-up-template");
  var rows = document.getElementById("follow-up-rows");
  var total = document.getElementById("id_wv-TOTAL_FORMS");
  var maximum = document.getElementById("id_wv-MAX_NUM_FORMS");
  if (!button || !template || !rows || !total) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (maximum && index >= parseInt(maximum.value, 10)) {
      button.hidden = true;
      return;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild.querySelector("input[type=text]");
    if (added) {
      added.focus();
    }
  });
})();
