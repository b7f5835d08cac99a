"""Every kind of field our crispy-forms pack (templates/dsfr_crispy) renders, on one page in the site layout.

The real forms of the portal do not all use every widget; this gallery does, so that the pack's
markup is audited (axe-core, RGAA form rules, Nu HTML Checker) in its empty and error states
whatever the pages use today. Mounted only by the tests, with ``@pytest.mark.urls``.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from ami_portal.urls import urlpatterns as portal_urlpatterns

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% load crispy_forms_tags %}
{% block title %}Galerie de formulaires{% endblock %}
{% block content %}<h1>Galerie de formulaires</h1>
<form method="post" novalidate>{% csrf_token %}
  {% include "includes/error_summary.html" with forms=forms formset=formset %}
  {% crispy form helper %}
  <h2>Budget</h2>
  {% crispy formset helper %}
  <button type="submit" class="fr-btn">Envoyer</button>
</form>{% endblock %}"""
)


class GalleryForm(forms.Form):
    name = forms.CharField(label="Nom de l'association", max_length=100, help_text="Tel qu'au répertoire RNA.")
    email = forms.EmailField(label="Adresse électronique")
    website = forms.URLField(label="Site internet", required=False, assume_scheme="https")
    amount = forms.DecimalField(label="Montant demandé (€)", max_digits=10, decimal_places=2, min_value=0)
    starts_on = forms.DateField(label="Date de début", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="Description", widget=forms.Textarea, min_length=20)
    legal_form = forms.ChoiceField(
        label="Forme juridique", choices=[("", "Choisir"), ("asso", "Association"), ("other", "Autre")]
    )
    scope = forms.ChoiceField(
        label="Portée du projet",
        choices=[("local", "Locale"), ("national", "Nationale")],
        widget=forms.RadioSelect,
        help_text="Une seule réponse.",
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes",
        choices=[("1", "Droits des femmes"), ("2", "Violences"), ("3", "Santé")],
        widget=forms.CheckboxSelectMultiple,
    )
    statutes = forms.FileField(label="Statuts", help_text="PDF, 10 Mo au plus.")
    password = forms.CharField(
        label="Mot de passe", widget=forms.PasswordInput, help_text=password_validators_help_text_html()
    )
    commitment = forms.BooleanField(label="Je souscris au contrat d'engagement républicain")


class GalleryLineForm(forms.Form):
    label = forms.CharField(label="Poste de dépense")
    amount = forms.DecimalField(label="Montant (€)", min_value=0)


GalleryFormSet = forms.formset_factory(GalleryLineForm, extra=2, min_num=1)


def gallery(request):
    if request.method == "POST":
        form = GalleryForm(request.POST, request.FILES)
        formset = GalleryFormSet(request.POST, prefix="lines")
        form.is_valid()
        formset.is_valid()
    else:
        form, formset = GalleryForm(), GalleryFormSet(prefix="lines")
    helper = FormHelper()
    helper.form_tag = False
    helper.form_show_errors = False  # one summary for the form and its formset, at the top
    context = {"form": form, "forms": [form], "formset": formset, "helper": helper}
    return HttpResponse(PAGE.render(context, request))


urlpatterns = [path("galerie-formulaires/", gallery, name="form_gallery"), path("", include(portal_urlpatterns))]
