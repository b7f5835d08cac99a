/* Progressive enhancement only: every page works without it. */
(function () {
  "use strict";
  // Move focus to the error summary when a form comes back with errors (RGAA 11.10).
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
