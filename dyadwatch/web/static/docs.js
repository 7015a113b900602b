// Starts Swagger UI (served from the swagger-ui-bundle package) on /openapi.json.
// Kept out of the page so the Content-Security-Policy needs no inline script.
// Swagger UI 4.15 (the version that package ships) refuses "openapi: 3.1.0", which
// FastAPI writes; the page shows the spec as 3.0.3, /openapi.json itself is untouched.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof SwaggerUIBundle === "undefined") { return; }
  fetch(el.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (spec) {
      spec.openapi = "3.0.3";
      window.ui = SwaggerUIBundle({ spec: spec, dom_id: "#swagger-ui", deepLinking: true });
    });
})();
