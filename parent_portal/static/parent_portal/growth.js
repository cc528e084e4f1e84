// Draws the growth charts from the figure JSON the page embeds (json_script): no inline script.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") { return; }
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    layout.autosize = true;
    Plotly.newPlot(element, figure.data, layout, {
      responsive: true, displayModeBar: false, scrollZoom: false,
      locale: document.documentElement.lang || "nl"
    });
  });
})();
