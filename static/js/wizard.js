/* Dossier wizard: progressive enhancement only. Every step works without it:
   - "add a line" buttons for the budget and co-funding formsets;
   - live totals of the budget while typing (the server checks them again on save);
   - a live count of the ticked départements. */
(function () {
  "use strict";

  var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

  function parseAmount(text) {
    if (!text) { return null; }
    var cleaned = String(text).replace(/[\s\u00a0\u202f€]/g, "");
    if (cleaned.indexOf(",") !== -1 && cleaned.indexOf(".") === -1) { cleaned = cleaned.replace(",", "."); }
    if (!/^-?\d+(\.\d{0,2})?$/.test(cleaned)) { return null; }
    return Math.round(parseFloat(cleaned) * 100);
  }

  function sumRows(kind) {
    var total = 0;
    document.querySelectorAll('[data-row="' + kind + '"]').forEach(function (row) {
      var deleted = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
      if (deleted && deleted.checked) { return; }
      var amount = row.querySelector('input[name$="-amount"]');
      var cents = amount ? parseAmount(amount.value) : null;
      if (cents !== null) { total += cents; }
    });
    return total;
  }

  function updateTotals() {
    var box = document.getElementById("budget-totals");
    if (!box) { return; }
    var cost = sumRows("line");
    var cofunding = sumRows("cofunding");
    var expected = cost - cofunding;
    box.querySelector('[data-total="cost"]').textContent = euros.format(cost / 100);
    box.querySelector('[data-total="cofunding"]').textContent = euros.format(cofunding / 100);
    box.querySelector('[data-total="expected"]').textContent = euros.format(expected / 100);
    var note = box.querySelector("[data-totals-note]");
    if (note && note.dataset.live !== "1") {
      note.dataset.live = "1";
      note.textContent = note.dataset.liveText || note.textContent;
    }
    var live = box.querySelector("[data-totals-live]");
    if (live) {
      live.textContent = box.querySelector('[data-total="cost"]').textContent + " ; " +
        box.querySelector('[data-total="expected"]').textContent;
    }
  }

  function addRow(kind) {
    var container = document.querySelector('[data-formset="' + kind + '"]');
    var template = document.getElementById(kind + "-empty-row");
    var totalInput = document.getElementById("id_" + kind + "-TOTAL_FORMS");
    if (!container || !template || !totalInput) { return; }
    var index = parseInt(totalInput.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    var wrapper = document.createElement("div");
    wrapper.innerHTML = html;
    var row = wrapper.firstElementChild;
    container.appendChild(row);
    totalInput.value = String(index + 1);
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first) { first.focus(); }
  }

  function countDepartements() {
    var group = document.querySelectorAll("input.ami-departement, .ami-departement input");
    var output = document.getElementById("departements-count");
    if (!group.length || !output) { return; }
    var ticked = 0;
    group.forEach(function (input) { if (input.checked) { ticked += 1; } });
    output.textContent = output.dataset.template.replace("__count__", String(ticked));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-add-row]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { addRow(button.dataset.addRow); updateTotals(); });
    });
    var form = document.getElementById("formulaire-etape");
    if (form && document.getElementById("budget-totals")) {
      form.addEventListener("input", updateTotals);
      form.addEventListener("change", updateTotals);
    }
    var departements = document.querySelector("input.ami-departement");
    if (departements) {
      var output = document.getElementById("departements-count");
      var fieldset = document.getElementById("id_departements");
      if (output && fieldset) {
        fieldset.insertAdjacentElement("afterend", output);
        output.hidden = false;
        form.addEventListener("change", countDepartements);
        countDepartements();
      }
    }
  });
})();
