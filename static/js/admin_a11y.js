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

  // A form sent back with errors opens on its error summary, so that a screen reader announces it
  // (RGAA 11.10). On load, not earlier: Django's change_form.js (async) focuses the first field of
  // an add form, which must not take the focus from the summary.
  window.addEventListener("load", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });

  // Django's calendar and clock pop-ups (DateTimeShortcuts.js) are appended to the end of the page:
  // outside the main landmark (axe region) and, in the keyboard order, far from the link that opens
  // them. Put each one right after its link; admin_a11y.css shows it under the field.
  function anchorPopup(box) {
    var match = /^(calendar|clock)box(\d+)$/.exec(box.id);
    var link = match && document.getElementById(match[1] + "link" + match[2]);
    var shortcuts = link && link.closest(".datetimeshortcuts");
    if (!shortcuts || shortcuts.nextElementSibling === box) {
      return;  // moving it again would be seen as one more added node, and so on
    }
    shortcuts.parentNode.classList.add("ami-popup-anchor");
    shortcuts.after(box);
  }

  // select2 builds its widgets from jQuery's ready handlers, which run later than one expects, and
  // Django adds its pop-ups on load and with each inline row: handle them when they appear.
  new MutationObserver(function (mutations) {
    var select2 = false;
    mutations.forEach(function (mutation) {
      Array.prototype.forEach.call(mutation.addedNodes, function (node) {
        if (node.nodeType !== 1) {
          return;
        }
        select2 = select2 || node.classList.contains("select2");
        if (node.classList.contains("calendarbox") || node.classList.contains("clockbox")) {
          anchorPopup(node);
        }
      });
    });
    if (select2) {
      nameAutocompletes();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
