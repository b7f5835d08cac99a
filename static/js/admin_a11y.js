/* Every staff screen (templates/admin/base_site.html). Progressive enhancement only. */
(function () {
  "use strict";
  // Django's autocomplete widget (select2) names its combobox after the chosen value only, so an
  // empty one has no name (axe aria-input-field-name): name it by the field's label, then the value.
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      var combobox = container && container.querySelector(".select2-selection");
      if (!label || !combobox) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var rendered = combobox.querySelector(".select2-selection__rendered");
      combobox.setAttribute("aria-labelledby", label.id + (rendered && rendered.id ? " " + rendered.id : ""));
      if (rendered && rendered.getAttribute("role") === "textbox") {
        rendered.setAttribute("aria-label", label.textContent.trim());  // its read-only text box, too
      }
    });
  }
  // Django's stock forms show a required field only by a bold label (RGAA 11.10 wants words):
  // add the words our own screens print, « (obligatoire) ».
  function markRequiredFields() {
    var meta = document.querySelector('meta[name="ami-required-mark"]');
    if (!meta) {
      return;
    }
    document.querySelectorAll("label.required").forEach(function (label) {
      if (label.querySelector(".ami-required")) {
        return;
      }
      var mark = document.createElement("span");
      mark.className = "ami-required";
      mark.textContent = " " + meta.getAttribute("content");
      label.appendChild(mark);
    });
  }
  document.addEventListener("DOMContentLoaded", markRequiredFields);

  // select2 builds its widgets from jQuery's ready handlers, which run later than one expects:
  // name them when they appear (on load, in added inline rows) instead of at a fixed moment.
  new MutationObserver(function (mutations) {
    var added = mutations.some(function (mutation) {
      return Array.prototype.some.call(mutation.addedNodes, function (node) {
        return node.nodeType === 1 && node.classList.contains("select2");
      });
    });
    if (added) {
      nameAutocompletes();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
