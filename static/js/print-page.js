// A print button for pages meant to be printed (the day sheet). CSP forbids inline handlers, so it is wired here.
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
