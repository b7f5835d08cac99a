"""``choice_inputs`` writes the same markup as rendering each choice's widget template.

The project step lists 101 départements: rendering one template per checkbox cost 10 ms per page,
so the DSFR field template builds the inputs in Python (applications/templatetags/ami.py). These
tests compare it, byte for byte, with the per-choice rendering it replaced.
"""

import pytest
from django import forms
from django.template import Context, Template

from applications.templatetags.ami import choice_inputs

PER_CHOICE = Template(
    """{% for choice in field %}<div class="fr-fieldset__element{% if inline %} fr-fieldset__element--inline{% endif %}">
    <div class="{% if radio %}fr-radio-group{% else %}fr-checkbox-group{% endif %}">
      {{ choice.tag }}
      <label class="fr-label" for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label>
    </div>
  </div>{% if not forloop.last %}
  {% endif %}{% endfor %}"""
)

CHOICES = [
    ("1", "Égalité professionnelle"),
    ("2", 'Santé & « droits » <script>alert("x")</script>'),
    ("a b", "Valeur avec espace"),
    ("4", "Quatrième"),
]


class SampleForm(forms.Form):
    several = forms.MultipleChoiceField(
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ami-departement", "data-x": 'a"b'}),
    )
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=True)
    optional = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)


def per_choice(bound_field, inline=False):
    radio = bound_field.field.widget.input_type == "radio"
    return PER_CHOICE.render(Context({"field": bound_field, "inline": inline, "radio": radio}))


FORMS = {
    "empty": lambda: SampleForm(),
    "initial": lambda: SampleForm(initial={"several": ["2", "a b"], "one": "4"}),
    "bound with errors": lambda: SampleForm({"several": ["9"], "one": ""}),
    "bound valid": lambda: SampleForm({"several": ["1", "4"], "one": "2", "optional": "a b"}),
    "prefixed": lambda: SampleForm(prefix="etape", initial={"several": ["1"]}),
}


@pytest.mark.parametrize("state", FORMS)
@pytest.mark.parametrize("name", ["several", "one", "optional"])
@pytest.mark.parametrize("inline", [False, True])
def test_same_markup_as_the_widget_templates(state, name, inline):
    form = FORMS[state]()
    form.is_bound and form.is_valid()
    bound_field = form[name]
    assert str(choice_inputs(bound_field, inline)) == per_choice(bound_field, inline)


def test_selected_choices_are_checked_and_labels_escaped():
    html = str(choice_inputs(SampleForm(initial={"several": ["2"]})["several"]))
    assert html.count(" checked") == 1
    assert 'value="2" class="ami-departement" data-x="a&quot;b" id="id_several_1" checked>' in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_an_empty_choice_list_writes_nothing():
    class Empty(forms.Form):
        several = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)

    assert str(choice_inputs(Empty()["several"])) == ""
