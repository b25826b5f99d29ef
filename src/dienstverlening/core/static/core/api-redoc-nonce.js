// Redoc's bundle adds <style> elements while it loads, before it can be told this page's CSP
// nonce. Give every <style> element made by a script on this page the nonce, so the strict
// policy (no 'unsafe-inline') holds. Scripts here come only from our own static files.
"use strict";
(function () {
  const nonce = document.getElementById("redoc-container").dataset.nonce;
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (String(name).toLowerCase() === "style") {
      element.setAttribute("nonce", nonce);
    }
    return element;
  };
})();
