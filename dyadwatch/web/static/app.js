// dyadwatch dashboard: small conveniences; every page works without this script.
(function () {
  "use strict";
  // Filter selects submit the form at once.
  document.querySelectorAll("form.filters select").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit(); });
  });
  // Empty filter fields stay out of the URL.
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (el) {
        if (el.name && !el.value) { el.disabled = true; }
      });
    });
  });
  // An article opened for one event (?event=…) without an anchor scrolls to its evidence.
  var focus = document.querySelector(".article-text mark.focus");
  if (focus && !window.location.hash) {
    focus.scrollIntoView({ block: "center" });
  }
  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.key === "/" && !(t instanceof HTMLInputElement) && !(t instanceof HTMLTextAreaElement)) {
      var box = document.querySelector("form.search input");
      if (box) { ev.preventDefault(); box.focus(); }
    }
  });
})();
