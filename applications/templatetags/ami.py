from django import template
from django.utils.safestring import mark_safe

from ami_portal.form_renderer import input_html, value_html
from applications.formatting import format_euros, time_left
from applications.workflow import CARRIER_BADGES, CARRIER_LABELS

register = template.Library()


@register.filter
def euros(amount):
    return format_euros(amount)


@register.filter
def until(deadline):
    return time_left(deadline)


@register.filter
def carrier_state(application):
    return CARRIER_LABELS.get(application.state, application.get_state_display())


@register.filter
def carrier_badge(application):
    return CARRIER_BADGES.get(application.state, "")


@register.filter
def filesize(num_bytes):
    value = float(num_bytes or 0)
    for unit in ("o", "Ko", "Mo", "Go"):
        if value < 1024 or unit == "Go":
            text = f"{value:.0f}" if unit == "o" else f"{value:.1f}".replace(".", ",")
            return f"{text}\u00a0{unit}"
        value /= 1024
    return ""


@register.filter
def percent_of(part, whole):
    try:
        return round(100 * float(part) / float(whole))
    except (TypeError, ZeroDivisionError):
        return 0


@register.filter
def describedby(bound_field):
    """The ids that describe a field: its help text and its errors (RGAA 11.10)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-desc-error")
    return " ".join(ids)


@register.filter
def listify(value):
    return [value]


@register.filter
def have_errors(forms):
    return any(form is not None and form.errors for form in forms)


@register.filter
def choice_inputs(bound_field, inline=False):
    """The checkboxes or radio buttons of a multiple-choice field, each in its DSFR group.

    The same ``<input>`` as Django's ``input_option.html`` writes for each choice (written by the
    portal's form renderer, ami_portal/form_renderer.py), built in one Python loop: rendering one
    template per choice cost 0.1 ms each, 10 ms for the project step's 101 départements
    (benchmarks/RESULTS.md). tests/applications/test_choice_inputs.py compares the two.
    """
    group = "fr-radio-group" if bound_field.field.widget.input_type == "radio" else "fr-checkbox-group"
    element = "fr-fieldset__element fr-fieldset__element--inline" if inline else "fr-fieldset__element"
    html = []
    for choice in bound_field.subwidgets:
        html.append(
            f'<div class="{element}">\n    <div class="{group}">\n      {input_html(choice.data)}\n'
            f'      <label class="fr-label" for="{value_html(choice.id_for_label)}">{value_html(choice.data["label"])}</label>\n'
            "    </div>\n  </div>"
        )
    return mark_safe("\n  ".join(html))
