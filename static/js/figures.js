// Draws every Plotly figure whose JSON the page embeds (json_script), with the plotly.js that
// the plotly package ships: no inline script (CSP). Used by the growth charts and the
// accessibility results. An element `<div data-figure="ID">` takes the figure in `#ID`.
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
