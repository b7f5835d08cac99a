"""``PortalFormRenderer`` writes, in Python, the very bytes Django's widget templates write.

Every widget it handles, with every kind of attribute value the template treats differently
(True, False, None, 0, text to escape, text already safe, lazy translations, numbers), empty and
filled, is rendered both ways and compared; a widget it does not handle, and a template a project
overrides, still go through the template engine.
"""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from ami_portal.form_renderer import PortalFormRenderer

ATTRS = {
    "none": None,
    "plain": {"class": "fr-input", "maxlength": 200},
    "booleans": {"required": True, "disabled": False, "autofocus": True},
    "awkward": {"data-none": None, "data-zero": 0, "data-quote": 'a"b<c>&d', "data-safe": mark_safe("<b>")},
    "lazy": {"title": gettext_lazy("Save the draft"), "aria-describedby": "id_x_helptext id_x-desc-error"},
    "decimal": {"step": Decimal("0.01"), "min": 0},
}

CHOICES = [
    ("", "---------"),
    ("75", "75 – Paris"),
    ("2A", 'Corse-du-Sud <"&">'),
    (3, mark_safe("<em>déjà sûr</em>")),
    ("Groupe", [("g1", "Premier"), ("g2", gettext_lazy("Draft"))]),
    (1000, 1000),
]

WIDGETS = {
    "text": forms.TextInput,
    "number": forms.NumberInput,
    "email": forms.EmailInput,
    "url": forms.URLInput,
    "password": lambda attrs: forms.PasswordInput(attrs, render_value=True),
    "hidden": forms.HiddenInput,
    "date": forms.DateInput,
    "datetime": forms.DateTimeInput,
    "time": forms.TimeInput,
    "tel": forms.TelInput,
    "search": forms.SearchInput,
    "color": forms.ColorInput,
    "checkbox": forms.CheckboxInput,
    "file": forms.FileInput,
    "textarea": forms.Textarea,
    "select": lambda attrs: forms.Select(attrs, choices=CHOICES),
    "select multiple": lambda attrs: forms.SelectMultiple(attrs, choices=CHOICES),
    "null boolean": forms.NullBooleanSelect,
}

VALUES = {
    "none": None,
    "empty": "",
    "text": 'Association « Égalité » <script>alert("x")</script> & co',
    "safe": mark_safe("<i>sûr</i>"),
    "number": 1234.5,
    "decimal": Decimal("100000.00"),
    "date": datetime.date(2026, 11, 29),
    "true": True,
    "choice": "2A",
    "choices": ["75", "g2", "1000"],
    "multiline": "ligne 1\nligne 2\n",
}


@pytest.fixture(scope="module")
def renderers():
    return PortalFormRenderer(), TemplatesSetting()


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("kind", WIDGETS)
def test_same_bytes_as_the_templates(renderers, kind, attrs, value, settings):
    settings.USE_THOUSAND_SEPARATOR = True  # numbers in labels are localised by the template
    fast, templates = renderers
    widget = WIDGETS[kind](ATTRS[attrs])
    try:
        expected = widget.render("champ", VALUES[value], attrs={"id": "id_champ"}, renderer=templates)
    except TypeError:  # a value this widget refuses (a list for a single choice): refused alike
        with pytest.raises(TypeError):
            widget.render("champ", VALUES[value], attrs={"id": "id_champ"}, renderer=fast)
        return
    assert widget.render("champ", VALUES[value], attrs={"id": "id_champ"}, renderer=fast) == expected


def test_the_python_path_is_the_one_taken(renderers, monkeypatch):
    fast, _templates = renderers
    monkeypatch.setattr(fast, "get_template", lambda name: pytest.fail(f"template engine used for {name}"))
    monkeypatch.setattr(type(fast), "_is_django_own", lambda self, name: True)
    html = forms.Select(choices=CHOICES).render("champ", "75", renderer=fast)
    assert '<option value="75" selected>75 – Paris</option>' in html


def test_other_widgets_go_through_the_templates(renderers):
    fast, templates = renderers
    for widget in (
        forms.ClearableFileInput(),
        forms.CheckboxSelectMultiple(choices=CHOICES[1:3]),
        forms.RadioSelect(choices=CHOICES[1:3]),
        forms.SplitDateTimeWidget(),
        forms.SelectDateWidget(years=[2026]),
        forms.MultipleHiddenInput(),
    ):
        assert widget.render("champ", None, renderer=fast) == widget.render("champ", None, renderer=templates)


def test_a_template_overridden_by_the_project_is_used(tmp_path, settings):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "input.html").write_text('<input class="surcharge" name="{{ widget.name }}">')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    html = forms.TextInput().render("champ", "x", renderer=PortalFormRenderer())
    assert html == '<input class="surcharge" name="champ">'


def test_it_is_the_portal_s_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortalFormRenderer)


def test_the_comparison_above_compares_the_python_path(renderers):
    fast, _templates = renderers
    assert len(fast._python) >= 17
    for template_name in fast._python:
        assert fast._is_django_own(template_name), template_name
