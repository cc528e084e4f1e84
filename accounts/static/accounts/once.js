// A form marked data-once is sent once: a second click on its main button while the first
// submission is on its way does nothing (the server also refuses a double submission).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  if (!form.hasAttribute("data-once") || !submitter || !submitter.hasAttribute("data-once-button")) {
    return;
  }
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  // Not `disabled`: a disabled button would leave its name out of the submitted data.
  submitter.setAttribute("aria-disabled", "true");
});
