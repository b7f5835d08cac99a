/* Review screens in the admin (loaded as a file: the CSP forbids inline scripts).
 * - focuses the error summary so that screen readers announce it (RGAA 11.10);
 * - keeps the running weighted total of the review grid up to date. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function formatNumber(value) {
    return value.toFixed(1).replace(".", ",");
  }

  function runningTotal(form) {
    var inputs = form.querySelectorAll("input.ami-points");
    var output = form.querySelector("[data-total-value]");
    var count = form.querySelector("[data-total-count]");
    if (!inputs.length || !output) {
      return;
    }
    function update() {
      var weighted = 0;
      var weights = 0;
      var scored = 0;
      inputs.forEach(function (input) {
        var raw = input.value.trim();
        if (raw === "") {
          return;
        }
        var points = Number(raw);
        var max = Number(input.dataset.max);
        var weight = Number(input.dataset.weight);
        if (!Number.isFinite(points) || points < 0 || points > max || !(max > 0) || !(weight > 0)) {
          return;
        }
        weighted += weight * (points / max);
        weights += weight;
        scored += 1;
      });
      output.textContent = weights > 0 ? formatNumber((weighted / weights) * 100) : "—";
      if (count) {
        count.textContent = String(scored);
      }
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    document.querySelectorAll("form[data-review-grid]").forEach(runningTotal);
  });
})();
