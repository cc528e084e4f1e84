// Show-if conditions and saving as you go, for the questionnaire pages (no inline scripts: CSP).
(function () {
  "use strict";
  var form = document.querySelector("form[data-questionnaire]");
  if (!form) { return; }

  function valuesOf(name) {
    var chosen = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox")) {
        if (input.checked) { chosen.push(input.value); }
      } else if (input.value) {
        chosen.push(input.value);
      }
    });
    return chosen;
  }

  function applyConditions() {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var source = block.getAttribute("data-show-if");
      // A condition on a question of another section was decided by the server.
      if (!form.querySelector("[name='" + source + "']")) { return; }
      var wanted = JSON.parse(block.getAttribute("data-show-values") || "[]").map(String);
      var shown = valuesOf(source).some(function (v) { return wanted.indexOf(v) !== -1; });
      block.hidden = !shown;
    });
  }

  var status = document.getElementById("save-status");
  var timer = null;
  function autosave() {
    var data = new FormData(form);
    data.set("action", "autosave");
    // form.action would be the buttons named "action": read the attribute.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (status) {
        status.textContent = response.ok ? status.getAttribute("data-saved") : status.getAttribute("data-failed");
      }
    });
  }

  // A preview (data-preview) shows the conditions but saves nothing.
  var saves = !form.hasAttribute("data-preview");
  form.addEventListener("change", function () {
    applyConditions();
    if (!saves) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(autosave, 600);
  });
  applyConditions();
})();
