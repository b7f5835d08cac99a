/* Selection screens in the admin (a file: the CSP forbids inline scripts).
 * - the live gauges of the proposal form: what the envelope and the cap would become with the
 *   outcome and amount being typed (the server checks again when saving);
 * - the generation page reloads itself while the job runs. */
(function () {
  "use strict";

  var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

  function parseAmount(text) {
    var cleaned = String(text || "").replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".");
    if (cleaned === "") {
      return null;
    }
    var value = Number(cleaned);
    return Number.isFinite(value) ? value : NaN;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function liveGauges(section, form) {
    var envelope = Number(section.dataset.envelope);
    var cap = Number(section.dataset.cap);
    var othersAwarded = Number(section.dataset.othersAwarded);
    var othersSelected = Number(section.dataset.othersSelected);
    var requested = Number(section.dataset.requested);
    var envelopeMeter = section.querySelector("[data-envelope-meter]");
    var capMeter = section.querySelector("[data-cap-meter]");
    var envelopeText = section.querySelector("[data-envelope-text]");
    var capText = section.querySelector("[data-cap-text]");
    var warning = section.querySelector("[data-gauge-warning]");
    var amountInput = form.querySelector("[name=awarded_amount]");

    function update() {
      var checked = form.querySelector("[name=outcome]:checked");
      var selected = checked && checked.value === "selected";
      var amount = parseAmount(amountInput ? amountInput.value : "");
      if (amount === null) {
        amount = requested;
      }
      if (Number.isNaN(amount)) {
        amount = 0;
      }
      var awarded = othersAwarded + (selected ? amount : 0);
      var count = othersSelected + (selected ? 1 : 0);
      envelopeMeter.value = Math.min(awarded, envelope);
      envelopeMeter.textContent = euros.format(awarded);
      capMeter.value = Math.min(count, cap);
      capMeter.textContent = count + " / " + cap;
      // Never « −X € remaining »: an exceeded envelope says by how much.
      var over = awarded > envelope + 0.001;
      envelopeText.textContent = fill(
        over ? section.dataset.envelopeOverTemplate : section.dataset.envelopeTemplate,
        {
          awarded: euros.format(awarded),
          envelope: euros.format(envelope),
          remaining: euros.format(envelope - awarded),
          excess: euros.format(awarded - envelope),
        },
      );
      capText.textContent = fill(section.dataset.capTemplate, { selected: count, cap: cap });
      var problems = [];
      if (over) {
        problems.push(fill(section.dataset.overEnvelope, { excess: euros.format(awarded - envelope) }));
      }
      if (count > cap) {
        problems.push(section.dataset.overCap);
      }
      warning.textContent = problems.join(" ");
      warning.hidden = problems.length === 0;
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function refreshWhileRunning() {
    var page = document.querySelector("[data-refresh]");
    if (page) {
      window.setTimeout(function () {
        window.location.reload();
      }, Number(page.dataset.refresh) * 1000);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-gauges]");
    var form = document.querySelector("[data-proposal-form]");
    if (section && form) {
      liveGauges(section, form);
    }
    refreshWhileRunning();
  });
})();
