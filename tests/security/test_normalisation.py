"""Hostile Unicode in what carriers type: identifiers are NFKC-normalised and stored as ASCII (a
full-width copy of a SIRET is the same SIRET), free text loses its bidirectional controls, and no
input ever answers 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application, Departement, Organisation
from applications.validators import BIDI_CONTROLS
from tests.applications.carrier_support import carrier_with_draft, posted, step_url
from tests.factories import CarrierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"
FULL_WIDTH_SIRET = "".join(chr(ord(c) + 0xFEE0) for c in SIRET)  # « ７３２８… »
ARABIC_INDIC_SIRET = "".join(chr(0x0660 + int(c)) for c in SIRET)  # « ٧٣٢٨… »
RLO, LRI, PDI, RLM, ALM = "\u202e", "\u2066", "\u2069", "\u200f", "\u061c"


def organisation_data(**overrides):
    data = {
        "name": "Femmes solidaires du Nord",
        "siret": SIRET,
        "legal_form": "association",
        "rna": "W593001234",
        "year_created": "1998",
        "address": "12 rue Nationale",
        "postcode": "59000",
        "city": "Lille",
        "departement": str(Departement.objects.get(code="59").pk),
        "representative_name": "Fatou Traoré",
        "representative_role": "Présidente",
        "contact_name": "Julie Petit",
        "contact_email": "contact@femmes-solidaires.example.org",
        "contact_phone": "03 20 00 00 00",
        "annual_budget": "185 000,50",
        "staff_count": "3",
        "volunteer_count": "40",
        "experience": "Ateliers d'accès aux droits depuis vingt ans.",
        "republican_commitment": "on",
    }
    data.update(overrides)
    return data


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


# --------------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------------
def test_a_full_width_copy_of_a_registered_siret_is_refused_as_a_duplicate(client):
    OrganisationFactory(siret=SIRET)
    client.force_login(UserFactory())
    response = client.post(reverse("organisation_create"), organisation_data(siret=FULL_WIDTH_SIRET))
    assert response.status_code == 200
    assert "Un organisme portant ce numéro SIRET est déjà inscrit" in page(response)
    assert Organisation.objects.count() == 1


def test_full_width_identifiers_are_stored_as_ascii(client):
    user = UserFactory()
    client.force_login(user)
    full_width = {
        "siret": FULL_WIDTH_SIRET,
        "rna": "ｗ５９３００１２３４",
        "postcode": "５９０００",
        "contact_phone": "０３\u00a0２０\u3000００ ００ ００",
    }
    response = client.post(reverse("organisation_create"), organisation_data(**full_width))
    assert response.status_code == 302, page(response)
    organisation = Organisation.objects.get()
    assert (organisation.siret, organisation.rna, organisation.postcode, organisation.contact_phone) == (
        SIRET,
        "W593001234",
        "59000",
        "03 20 00 00 00",
    )


def test_arabic_indic_digits_are_refused_with_a_message_that_says_which_digits(client):
    client.force_login(UserFactory())
    response = client.post(reverse("organisation_create"), organisation_data(siret=ARABIC_INDIC_SIRET))
    assert response.status_code == 200
    assert "avec les chiffres 0 à 9" in page(response)
    assert not Organisation.objects.exists()


IDENTIFIER_FIELDS = ("siret", "rna", "postcode", "contact_phone")
# Digits of every script, full-width forms, separators, controls, and anything else.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=("Nd", "Zs", "Cf", "Pd")), max_size=20),
    st.text(alphabet="0123456789０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳W ｗ.-\u00a0\u202e", max_size=20),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(IDENTIFIER_FIELDS), value=hostile_text)
def test_no_identifier_input_gives_a_500_and_what_is_stored_is_ascii(client, field, value):
    carrier = CarrierFactory()  # each example its own organisation (hypothesis shares the database)
    client.force_login(carrier)
    data = organisation_data(siret=carrier.organisation.siret)
    data[field] = value
    response = client.post(reverse("organisation_edit"), data)
    assert response.status_code in (200, 302)
    organisation = Organisation.objects.get(pk=carrier.organisation_id)
    for name in IDENTIFIER_FIELDS:
        assert getattr(organisation, name).isascii(), (name, getattr(organisation, name))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(IDENTIFIER_FIELDS), value=hostile_text)
def test_the_wizard_organisation_step_never_gives_a_500_on_an_identifier(client, ami_call, field, value):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    data = posted(application, "organisation", confirmed="on", **{field: value})
    response = client.post(step_url(application, "organisation"), data)
    assert response.status_code in (200, 302)
    organisation = Organisation.objects.get(pk=carrier.organisation_id)
    for name in IDENTIFIER_FIELDS:
        assert getattr(organisation, name).isascii(), (name, getattr(organisation, name))


# --------------------------------------------------------------------------------------------
# Free text: bidirectional controls are removed
# --------------------------------------------------------------------------------------------
def test_bidi_controls_are_removed_from_the_organisation_form(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("organisation_create"),
        organisation_data(name=f"Femmes {RLO}solidaires{PDI}", city=f"{LRI}Lille{RLM}", experience=f"Dix{ALM} ans"),
    )
    assert response.status_code == 302, page(response)
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.city, organisation.experience) == (
        "Femmes solidaires",
        "Lille",
        "Dix ans",
    )


@pytest.mark.parametrize(
    "key, field",
    [("project", "title"), ("project", "partners"), ("toolkit", "toolkit_languages"), ("workshops", "milestones")],
)
def test_bidi_controls_are_removed_from_every_wizard_text_field(client, ami_call, key, field):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    typed = "".join(sorted(BIDI_CONTROLS)) + f"Ateliers{RLO} txt.exe"
    response = client.post(step_url(application, key), posted(application, key, **{field: typed}))
    assert response.status_code == 302
    assert getattr(Application.objects.get(pk=application.pk), field) == "Ateliers txt.exe"


def test_bidi_controls_are_removed_from_budget_lines(client, ami_call):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    data = posted(application, "budget")
    data.update({"budget-0-category": "personnel", "budget-0-label": f"Salaires{RLO}0001", "budget-0-amount": "1000"})
    response = client.post(step_url(application, "budget"), data)
    assert response.status_code == 302, page(response)
    assert application.budget_lines.get().label == "Salaires0001"


def test_every_carrier_form_uses_the_mixin():
    """The structural guarantee: a new form on ``DsfrForm`` cannot forget the bidi cleaning."""
    from applications import forms, forms_followup, forms_steps, forms_wizard
    from applications.forms import PlainTextMixin

    carrier_forms = [
        value
        for module in (forms, forms_steps, forms_wizard, forms_followup)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, forms.forms.BaseForm) and value.__module__ == module.__name__
    ]
    assert len(carrier_forms) > 10
    assert [form for form in carrier_forms if not issubclass(form, PlainTextMixin)] == [
        forms_wizard.VersionForm  # a single hidden integer
    ]


def test_a_single_line_field_keeps_no_line_break_but_a_text_area_does(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("organisation_create"),
        organisation_data(
            name="L'Escale & Co\r\nBcc: victime@example.org\x0b\u2028fin",
            experience="Première ligne.\r\nDeuxième ligne.",
        ),
    )
    assert response.status_code == 302, page(response)
    organisation = Organisation.objects.get()
    assert organisation.name == "L'Escale & Co  Bcc: victime@example.org  fin"
    assert organisation.experience.splitlines() == ["Première ligne.", "Deuxième ligne."]


def test_staff_forms_drop_bidi_controls_too():
    """The admin screens where staff type text use the same mixin as the carrier forms."""
    from applications.admin import CallAdmin, CommitteeMemberInline, CriterionInline, OrganisationAdmin, UserAdmin
    from applications.forms import PlainTextMixin
    from review.forms_review import AccessibleFormMixin

    for form in (
        CallAdmin.form,
        CriterionInline.form,
        CommitteeMemberInline.form,
        OrganisationAdmin.form,
        UserAdmin.form,
    ):
        assert issubclass(form, PlainTextMixin), form
    assert issubclass(AccessibleFormMixin, PlainTextMixin)  # every review, selection and signing form
    from django.forms import modelform_factory

    from applications.models import Organisation

    form = modelform_factory(Organisation, form=OrganisationAdmin.form, fields=["name"])(data={"name": "L\u202eEscale"})
    form.is_valid()
    assert form.cleaned_data["name"] == "LEscale"
