// After a form comes back with errors, move focus to the error summary (as GOV.UK and Helsenorge do) so keyboard
// and screen-reader users land on the list of problems. Runs on full loads and after Blazor's enhanced form posts.
(function () {
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      // After Blazor's own focus-on-navigate, which would otherwise move focus to the <h1>.
      setTimeout(function () { summary.focus(); }, 0);
    }
  }

  document.addEventListener("DOMContentLoaded", focusErrorSummary);
  if (window.Blazor && window.Blazor.addEventListener) {
    window.Blazor.addEventListener("enhancedload", focusErrorSummary);
  }
})();
