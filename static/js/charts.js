/* Draws every Plotly figure of a page: a <div data-figure="id"> whose figure (built in Python)
   sits in a json_script element with that id. No inline script (CSP). The table beside each
   chart holds the same numbers. Plotly's toolbar stays off: it nests buttons in the chart
   (an axe "nested-interactive" violation) and the table and downloads carry the data. */
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), function (element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    layout.autosize = true;
    var config = { responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false };
    element.classList.add("chart-drawn");
    window.Plotly.newPlot(element, figure.data, layout, config);
  });
}());
