// Starts Redoc with the schema address, settings and style nonce the page carries.
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  const settings = JSON.parse(container.dataset.settings || "{}");
  settings.nonce = container.dataset.nonce;
  Redoc.init(container.dataset.schemaUrl, settings, container);
})();
