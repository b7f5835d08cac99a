"""Admin widgets whose every input has a visible label of its own (RGAA 11.1) and says what describes it.

Django's split date-time widget prints « Date : » and « Heure : » as bare text next to unlabelled
inputs, and its JSON and filter widgets leave a list of choices to a text area or to a script.
These widgets are drawn as a group: the admin template of the call
(``templates/admin/applications/call/fieldset.html``) puts them in a ``<fieldset>`` whose
``<legend>`` is the field's label; each input inside carries its own ``<label>`` and points, with
``aria-describedby``, at the field's help text and error (Django does that only for single inputs).
"""

from datetime import datetime

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# A date that shows each part of a format unambiguously (day 15, month 04, 14:30).
EXAMPLE_MOMENT = datetime(2026, 4, 15, 14, 30)


class DescribedGroup:
    """A widget drawn as a group: each of its inputs is described by the field's help text and error.

    ``has_help_text`` is set by the form (``describe_groups``): a widget does not know its field.
    """

    has_help_text = False

    def described_by(self, attrs, *own_ids: str) -> str:
        field_id = attrs.get("id")
        ids = list(own_ids)
        if field_id and self.has_help_text:
            ids.append(f"{field_id}_helptext")
        if field_id and attrs.get("aria-invalid") == "true":
            ids.append(f"{field_id}_error")  # Django's ErrorList for the field has this id
        return " ".join(ids)


class LabelledSplitDateTime(DescribedGroup, AdminSplitDateTime):
    """Date and time, each with its label (« Date (obligatoire) ») and an example of the expected format.

    The time is shown as hours and minutes: seconds mean nothing for a call's calendar (they are
    still accepted when typed, and the clock's « Maintenant » fills them).
    """

    template_name = "admin/applications/widgets/split_datetime.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        date_input_format = formats.get_format("DATE_INPUT_FORMATS")[0]
        parts = [
            (_("Date"), EXAMPLE_MOMENT.strftime(date_input_format)),
            (_("Time"), EXAMPLE_MOMENT.strftime(self.widgets[1].format)),
        ]
        widget["parts"] = []
        for subwidget, (label, example) in zip(widget["subwidgets"], parts, strict=True):
            sub_id = subwidget["attrs"].get("id")
            if sub_id:
                subwidget["attrs"]["aria-describedby"] = self.described_by(widget["attrs"], f"{sub_id}_format")
            widget["parts"].append({"widget": subwidget, "label": label, "example": example})
        widget["required"] = self.is_required
        return context


class ChoiceList(DescribedGroup, forms.CheckboxSelectMultiple):
    """Checkboxes, each labelled by its choice, for a field drawn as a group with a legend.

    Replaces the admin's ``filter_horizontal`` (whose script puts ARIA attributes on a decorative
    icon) and a JSON text area for a list of known values. ``columns`` lays a long list out in
    columns.
    """

    template_name = "admin/applications/widgets/choice_list.html"

    def __init__(self, attrs=None, choices=(), *, columns=False):
        super().__init__(attrs, choices)
        self.columns = columns

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["columns"] = self.columns
        described_by = self.described_by(context["widget"]["attrs"])
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                if described_by:
                    option["attrs"]["aria-describedby"] = described_by
        return context


def describe_groups(form) -> None:
    """Tell each grouped widget of ``form`` whether its field has a help text to point at."""
    for field in form.fields.values():
        if isinstance(field.widget, DescribedGroup):
            field.widget.has_help_text = bool(field.help_text)


class PlaceholderAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select whose HTML is valid: its first option is always an empty one,
    and it has text (« --------- », never shown: the script shows the placeholder instead).

    Django writes an empty ``<option>`` with no text for an optional field, and none at all for a
    required one — both refused by the HTML standard (a required select must start with an
    empty option; an option must have text or a ``label``).
    """

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if options and options[0]["value"] == "":
            options[0]["label"] = BLANK_CHOICE_DASH[0][1]
        elif not self.allow_multiple_selected:
            options.insert(0, self.create_option(name, "", BLANK_CHOICE_DASH[0][1], False, 0))
            for index, option in enumerate(options):
                option["index"] = str(index)
        return groups


class AutocompleteFieldsMixin:
    """For a ModelAdmin: its ``autocomplete_fields`` drawn with :class:`PlaceholderAutocompleteSelect`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PlaceholderAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """Django's summary of a stored password, without the ``disabled`` attribute it writes on a
    ``<div>`` (not allowed there); the field stays disabled, so the form never reads it back."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context
