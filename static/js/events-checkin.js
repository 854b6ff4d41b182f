// The door's search as you type: fetches the list part of the same page (?teil=liste) and swaps it in.
// Without JavaScript the form is a plain GET search; with it, the search button still works the same way.
(function () {
  "use strict";
  var form = document.getElementById("checkin-search");
  var input = document.getElementById("checkin-q");
  var results = document.getElementById("checkin-results");
  if (!form || !input || !results || !window.fetch) {
    return;
  }
  var timer = null;
  var latest = 0;
  function search() {
    var ask = ++latest;
    var url = form.getAttribute("data-list-url") + "&q=" + encodeURIComponent(input.value);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ask === latest) {
          results.innerHTML = html;
        }
      })
      .catch(function () { /* a weak connection: the search button still submits the form */ });
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });
})();
