"""The portal's form renderer: Django's own, with its commonest widgets written in Python.

Rendering a widget through the template engine costs about 0.1 ms: an ``<input>`` is three
templates (``text.html``, ``input.html``, ``attrs.html``) and a ``<select>`` one more per option.
The organisation step lists 101 départements in a select, the budget step has a hundred inputs:
tens of milliseconds per page went into these few lines of markup. ``PortalFormRenderer`` writes
the same bytes in Python for the templates below, and hands every other template (and any of
these that a project or an app overrides) to the template engine, as ``TemplatesSetting`` does.

tests/test_form_renderer.py compares both renderings over every widget and attribute kind.
"""

import functools
from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

DJANGO_WIDGETS = Path(django.forms.__file__).resolve().parent / "templates" / "django" / "forms" / "widgets"
# The context the template engine renders a widget in: autoescape on, localisation as settings say.
_CONTEXT = Context(autoescape=True)


def value_html(value) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict) -> str:
    """``attrs.html``: ``True`` writes the name alone, ``False`` nothing, anything else name="value"."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {value_html(name)}" if value is True else f' {value_html(name)}="{_string(value)}"')
    return "".join(html)


def input_html(widget: dict) -> str:
    """``input.html``: Django's ``<input>`` for a widget's (or a choice's) context."""
    value = f' value="{_string(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 (the template's test)
    return f'<input type="{value_html(widget["type"])}" name="{value_html(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = value_html(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{value_html(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return (
        f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>{value_html(option["label"])}</option>\n'
    )


INPUTS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "tel", "search", "color")
INPUTS += ("checkbox", "file", "input")


class PortalFormRenderer(TemplatesSetting):
    def __init__(self):
        super().__init__()
        self._python = {f"django/forms/widgets/{name}.html": input_html for name in INPUTS}
        self._python["django/forms/widgets/textarea.html"] = _textarea
        self._python["django/forms/widgets/select.html"] = self._render_select

    @functools.cache  # noqa: B019 (one renderer per process, a handful of names)
    def _is_django_own(self, template_name: str) -> bool:
        """True unless a project or app template overrides Django's file of that name (or one it includes)."""
        names = [template_name, "django/forms/widgets/attrs.html"]
        if template_name != "django/forms/widgets/input.html" and template_name.split("/")[-1][:-5] in INPUTS:
            names.append("django/forms/widgets/input.html")
        if template_name == "django/forms/widgets/select.html":
            names.append("django/forms/widgets/select_option.html")
        for name in names:
            origin = Path(self.get_template(name).origin.name).resolve()
            if origin.parent != DJANGO_WIDGETS:
                return False
        return True

    def render(self, template_name, context, request=None):
        python = self._python.get(template_name)
        widget = context.get("widget") if python is not None else None
        if widget is not None and self._is_django_own(template_name):
            return mark_safe(python(widget))
        return super().render(template_name, context, request=request)

    def _render_select(self, widget: dict) -> str:
        html = [f'<select name="{value_html(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{value_html(group_name)}">')
            for option in group_choices:
                if option["template_name"] == "django/forms/widgets/select_option.html":
                    html.append("\n  " + _option(option))
                else:
                    html.append("\n  " + self.get_template(option["template_name"]).render({"widget": option}))
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return "".join(html).strip()
