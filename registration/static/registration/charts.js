/* Draw the Plotly figures of a report page. Each chart is a <div data-figure="id"> whose figure
   (built in Python) sits in a json_script element; the table beside it holds the same numbers. */
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") { return; }
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), function (el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    el.classList.add("chart-drawn");
    window.Plotly.newPlot(el, figure.data, figure.layout, config);
  });
}());
