"""Limits a carrier would expect: a few drafts per call, realistic numbers and dates in the
wizard (the message gives the bound), and drafts that become read-only when the call closes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from applications.demo_stages import tiny_pdf
from applications.forms_steps import project_date_bounds
from applications.models import Application, Attachment
from tests.applications.carrier_support import carrier_with_draft, posted, step_url
from tests.factories import CarrierFactory

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"').replace("\u202f", " ")


# --------------------------------------------------------------------------------------------
# Drafts per organisation and call
# --------------------------------------------------------------------------------------------
def test_an_organisation_starts_at_most_three_drafts_per_call(client, ami_call):
    carrier = CarrierFactory()
    client.force_login(carrier)
    url = reverse("applications:start", kwargs={"slug": ami_call.slug})
    for _ in range(3):
        assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    html = page(response)
    assert "Votre organisme a déjà 3 brouillons pour cet appel, le maximum autorisé" in html
    assert Application.objects.filter(organisation=carrier.organisation).count() == 3
    # The start page says it before anyone presses the button, and offers no button.
    html = page(client.get(url))
    assert "le maximum autorisé" in html and "Commencer un autre dossier" not in html


def test_a_withdrawn_or_submitted_dossier_does_not_count_and_the_limit_is_a_setting(client, ami_call, settings):
    settings.AMI_MAX_DRAFTS_PER_CALL = 1
    carrier, draft = carrier_with_draft(ami_call)
    client.force_login(carrier)
    url = reverse("applications:start", kwargs={"slug": ami_call.slug})
    assert "1 brouillon pour cet appel" in page(client.post(url, follow=True))
    Application.objects.filter(pk=draft.pk).update(state=Application.State.WITHDRAWN)
    assert client.post(url).status_code == 302
    assert Application.objects.filter(organisation=carrier.organisation, state="draft").count() == 1


def test_another_organisation_has_its_own_drafts(client, ami_call, settings):
    settings.AMI_MAX_DRAFTS_PER_CALL = 1
    carrier_with_draft(ami_call)
    other = CarrierFactory()
    client.force_login(other)
    assert client.post(reverse("applications:start", kwargs={"slug": ami_call.slug})).status_code == 302
    assert Application.objects.filter(organisation=other.organisation).count() == 1


# --------------------------------------------------------------------------------------------
# Realistic numbers and dates
# --------------------------------------------------------------------------------------------
@pytest.fixture
def draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    return application


@pytest.mark.parametrize(
    "key, field, too_many, bound",
    [
        ("ambassadrices", "ambassadrices_per_departement", "101", "100"),
        ("ambassadrices", "training_hours", "1001", "1 000"),
        ("workshops", "expected_participants", "100001", "100 000"),
        ("workshops", "workshops_per_theme_per_departement", "501", "500"),
    ],
)
def test_numbers_beyond_a_realistic_bound_are_refused_with_the_bound(client, draft, key, field, too_many, bound):
    response = client.post(step_url(draft, key), posted(draft, key, action="draft", **{field: too_many}))
    assert response.status_code == 200
    assert f"Saisissez un nombre au plus égal à {bound}" in page(response)
    assert getattr(Application.objects.get(pk=draft.pk), field) is None
    at_bound = client.post(step_url(draft, key), posted(draft, key, action="draft", **{field: bound.replace(" ", "")}))
    assert at_bound.status_code == 302
    assert getattr(Application.objects.get(pk=draft.pk), field) == int(bound.replace(" ", ""))


def test_a_number_too_large_for_the_database_is_a_message_not_a_500(client, draft):
    data = posted(draft, "ambassadrices", action="draft", training_hours="9" * 30)
    assert client.post(step_url(draft, "ambassadrices"), data).status_code == 200


def test_project_dates_stay_within_the_calls_years(client, draft, ami_call):
    earliest, latest = project_date_bounds(ami_call)
    assert earliest.year <= ami_call.opens_at.year <= ami_call.closes_at.year < latest.year
    for field, value in (("start_date", earliest - timedelta(days=1)), ("end_date", latest + timedelta(days=1))):
        data = posted(draft, "workshops", action="draft", **{field: value.strftime("%d/%m/%Y")})
        response = client.post(step_url(draft, "workshops"), data)
        expected = f"Saisissez une date comprise entre le {earliest:%d/%m/%Y} et le {latest:%d/%m/%Y}."
        assert expected in page(response), field
    data = posted(draft, "workshops", action="draft", start_date="01/01/0002", end_date="31/12/9999")
    assert client.post(step_url(draft, "workshops"), data).status_code == 200
    saved = Application.objects.get(pk=draft.pk)
    assert saved.start_date is None and saved.end_date is None


# --------------------------------------------------------------------------------------------
# After the deadline, drafts are read-only
# --------------------------------------------------------------------------------------------
@pytest.fixture
def closed_draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call, title="Titre enregistré")
    client.force_login(carrier)
    type(ami_call).objects.filter(pk=ami_call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(minutes=1)
    )
    return application


def test_a_closed_drafts_steps_show_the_fields_disabled_and_say_why(client, closed_draft):
    response = client.get(step_url(closed_draft, "project"))
    assert response.status_code == 200
    html = page(response)
    assert "Brouillon en lecture seule" in html and "L'appel a été clôturé le" in html
    assert "Titre enregistré" in html
    assert "<fieldset disabled" in html and "Enregistrer le brouillon" not in html
    title_input = html[html.index('name="title"') - 200 : html.index('name="title"') + 200]
    assert "disabled" in title_input


def test_a_save_after_the_deadline_is_refused_with_the_reason(client, closed_draft):
    data = posted(closed_draft, "project", title="Changé après la clôture", action="draft")
    response = client.post(step_url(closed_draft, "project"), data, follow=True)
    assert "ne peut plus être modifié ni déposé" in page(response)
    assert Application.objects.get(pk=closed_draft.pk).title == "Titre enregistré"


def test_an_upload_after_the_deadline_is_refused_with_the_reason(client, closed_draft, ami_call):
    document = ami_call.required_documents.get(position=1)
    url = reverse("applications:upload", kwargs={"public_id": closed_draft.public_id, "document_id": document.pk})
    response = client.post(
        url, {f"doc{document.pk}-file": SimpleUploadedFile("statuts.pdf", tiny_pdf("x"))}, follow=True
    )
    assert "ne peut plus être modifié ni déposé" in page(response)
    assert not Attachment.objects.exists()
    documents = page(client.get(step_url(closed_draft, "documents")))
    assert "Brouillon en lecture seule" in documents and 'type="file"' not in documents


def test_an_open_calls_draft_is_unchanged(client, draft):
    html = page(client.get(step_url(draft, "project")))
    assert "lecture seule" not in html and "Enregistrer le brouillon" in html


NUMBERS_AND_DATES = {
    "ambassadrices": ("ambassadrices_per_departement", "training_hours"),
    "workshops": ("workshops_per_theme_per_departement", "expected_participants", "start_date", "end_date"),
}


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key_and_field=st.sampled_from([(key, field) for key, fields in NUMBERS_AND_DATES.items() for field in fields]),
    value=st.one_of(
        st.text(max_size=24),
        st.text(alphabet="0123456789０１２３٠١٢٣-/.,eE+ \u00a0", max_size=24),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
    ),
)
def test_no_number_or_date_gives_a_500_and_what_is_saved_is_within_bounds(client, ami_call, key_and_field, value):
    key, field = key_and_field
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    response = client.post(step_url(application, key), posted(application, key, action="draft", **{field: value}))
    assert response.status_code in (200, 302)
    saved = getattr(Application.objects.get(pk=application.pk), field)
    if saved is not None and field.endswith("_date"):
        earliest, latest = project_date_bounds(ami_call)
        assert earliest <= saved <= latest
    elif saved is not None:
        assert 1 <= saved <= 100_000
