/* Follow a running analysis: poll its status and move the progress bar; reload when it ends.
   The page itself shows the stored status, so a reload never loses the progress. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-status-url]");
  if (!panel || panel.getAttribute("data-pending") !== "1") { return; }
  var bar = panel.querySelector("progress");
  var text = panel.querySelector("[data-progress-text]");
  var poll = function () {
    fetch(panel.getAttribute("data-status-url"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (bar) { bar.value = state.percent; }
        if (text) { text.textContent = state.label + " – " + state.percent + " %"; }
        if (state.status === "done" || state.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 1500);
}());
