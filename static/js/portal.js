/* Progressive enhancement only: every page works without it. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary when a form comes back with errors (RGAA 11.10).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // The mobile menu becomes a dialog when it opens (the DSFR adds the role): give it its name.
    // HTML forbids aria-labelledby on a plain div, so the served markup carries data-labelledby.
    document.querySelectorAll("[data-labelledby]").forEach(function (element) {
      element.setAttribute("aria-labelledby", element.getAttribute("data-labelledby"));
    });
    // A table wider than the screen scrolls: keyboard users must be able to reach it to scroll it
    // (WCAG 2.1.1). Its caption names it once focused.
    var scrollers = document.querySelectorAll(".fr-table > table, .fr-table__container, .ami-table-wrap");
    function makeScrollersReachable() {
      scrollers.forEach(function (element) {
        if (element.scrollWidth > element.clientWidth + 1) {
          element.setAttribute("tabindex", "0");
        } else if (element.getAttribute("tabindex") === "0") {
          element.removeAttribute("tabindex");
        }
      });
    }
    makeScrollersReachable();
    window.addEventListener("resize", makeScrollersReachable);
  });
})();
