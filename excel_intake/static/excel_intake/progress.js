// Polls the check's stored progress and reloads the page when the check is done. The progress
// lives on the server, so a reload (or coming back later) shows where the check is.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("progress-bar");
  var done = document.getElementById("rows-done");
  var total = document.getElementById("rows-total");
  var format = new Intl.NumberFormat(document.documentElement.lang || "nl");
  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    if (done) { done.textContent = format.format(data.rows_processed); }
    if (total) { total.textContent = format.format(data.rows_total); }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
