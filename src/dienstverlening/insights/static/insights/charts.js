// Renders every Vega-Lite chart on the page. The specs are JSON data blocks (json_script), and
// Vega runs with its expression interpreter, so no 'unsafe-eval' is needed under our CSP.
(function () {
  "use strict";
  function render() {
    if (typeof vegaEmbed === "undefined") {
      return;
    }
    document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-vega-spec"));
      if (!source) {
        return;
      }
      var options = {
        actions: false,
        renderer: "svg",
        defaultStyle: false,
        // vega-tooltip would inject a <style> element; its look lives in insights.css instead.
        tooltip: { disableDefaultStyle: true },
        ast: true,
        expr: window.vegaInterpreter ? window.vegaInterpreter.expressionInterpreter : undefined,
      };
      vegaEmbed(element, JSON.parse(source.textContent), options).then(function () {
        element.classList.add("dv-chart--ready");
      }).catch(function () {
        element.classList.add("dv-chart--failed");
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
