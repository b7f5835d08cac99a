"""The acknowledgement of receipt (CRPA L.112-3, R.112-5, L.112-11): every mention for the case at
hand, read from the PDF; the day silence turns into a rejection; the verification page; privacy.

Dates are fixed instants (time_machine), never today's: the mentions depend on the date.
"""

import hashlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from applications import submission
from applications.formatting import format_euros
from applications.french_dates import french_date
from applications.receipts import implicit_rejection_date
from tests.applications.carrier_support import complete_draft
from tests.pdf_support import pdf_text

PARIS = ZoneInfo("Europe/Paris")


# --- the day a silence becomes a rejection ----------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "rejected"),
    [
        (date(2027, 1, 15), date(2027, 3, 15)),
        (date(2026, 12, 31), date(2027, 2, 28)),  # no 31 February: the last day of the month
        (date(2027, 12, 31), date(2028, 2, 29)),  # … which is the 29th in a leap year
        (date(2026, 12, 30), date(2027, 2, 28)),
        (date(2026, 11, 30), date(2027, 1, 30)),  # across the new year
        (date(2028, 2, 29), date(2028, 4, 29)),
        (date(2027, 3, 1), date(2027, 5, 1)),
    ],
)
def test_two_months_of_silence_from_the_day_of_receipt(received, rejected):
    assert implicit_rejection_date(received) == rejected


@pytest.mark.parametrize(
    ("moment", "rejected"),
    [
        # Autumn: 00:30 in Paris (summer time) on 25 October is still 24 October in UTC.
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 12, 25)),
        # The hour that happens twice that night (02:30 CEST, then 02:30 CET): the same day.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 12, 25)),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 12, 25)),
        # Spring: 00:30 in Paris on 28 March 2027 (the clocks go forward at 02:00).
        (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), date(2027, 5, 28)),
        # New Year's night: already 1 January in Paris, still 31 December in UTC.
        (datetime(2026, 12, 31, 23, 0, 30, tzinfo=UTC), date(2027, 3, 1)),
    ],
)
def test_the_day_of_receipt_is_the_day_in_paris(moment, rejected):
    assert implicit_rejection_date(moment) == rejected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_rejection_falls_two_calendar_months_later_on_the_same_day_or_the_last_one(received):
    rejected = implicit_rejection_date(received)
    months = (rejected.year - received.year) * 12 + rejected.month - received.month
    assert months == 2
    assert rejected.day == received.day or (rejected.day < received.day and (rejected + timedelta(days=1)).day == 1)
    assert timedelta(days=59) <= rejected - received <= timedelta(days=62)


# --- the act, for one case ---------------------------------------------------------------------------


def submitted_at(call, moment: datetime, **call_fields):
    """A complete dossier submitted at ``moment`` (the call open around it), with its receipt."""
    carrier, application = complete_draft(call)
    call.opens_at = moment - timedelta(days=40)
    call.closes_at = moment + timedelta(days=3)
    for name, value in call_fields.items():
        setattr(call, name, value)
    call.save()
    with time_machine.travel(moment, tick=False):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    return carrier, application


@pytest.fixture
def new_years_eve(ami_call):
    """Received on 31 December 2026 at 15:42:07 in Paris: deemed rejected on 28 February 2027."""
    return submitted_at(
        ami_call,
        datetime(2026, 12, 31, 15, 42, 7, tzinfo=PARIS),
        issuing_service="Direction de l'intégration et de l'accès à la nationalité (DIAN)",
        service_address="Bureau des subventions\n18, rue des Pyrénées\n75020 Paris",
        service_email="subventions-dian@interieur.gouv.fr",
        service_phone="01 72 71 60 00",
    )


@pytest.mark.django_db
def test_the_acknowledgement_states_every_mention_of_r112_5_for_this_case(new_years_eve):
    _carrier, application = new_years_eve
    receipt = application.receipt
    call = application.call
    text = pdf_text(receipt.file.read())

    assert f"Accusé de réception n° AR-{application.reference}" in text
    assert f"Dossier {application.reference}" in text
    # 1° when it was received (with the hour, in Paris) and when it is deemed rejected
    assert "reçue le 31 décembre 2026 à 15:42:07 (heure de Paris)" in text
    assert "réputée rejetée le 28 février 2027" in text
    # … and that silence means rejection, on the right ground
    assert "vaut décision de rejet" in text
    assert "article L. 231-4 (3°)" in text
    assert "caractère financier" in text
    assert "acceptée" not in text
    # 2° the service in charge: name, postal address, email, phone
    assert call.issuing_authority in text
    assert "Direction de l'intégration et de l'accès à la nationalité (DIAN)" in text
    for line in ("Bureau des subventions", "18, rue des Pyrénées", "75020 Paris"):
        assert line in text
    assert "Courriel : subventions-dian@interieur.gouv.fr" in text
    assert "Téléphone : 01 72 71 60 00" in text
    # the routes and time limits against the implicit rejection
    for route in ("recours gracieux", "recours hiérarchique", "recours contentieux", "tribunal administratif"):
        assert route in text
    assert "deux mois à compter de la date à laquelle est née la décision implicite de rejet" in text
    assert "soit à compter du 28 février 2027" in text
    assert "R. 421-1 et R. 421-2 du code de justice administrative" in text
    assert "Télérecours citoyens" in text
    assert "décision expresse" in text
    # received online
    assert "L. 112-3 et L. 112-11" in text
    # what the dossier contained
    assert application.organisation.name in text
    assert application.organisation.siret in text
    assert application.title in text
    assert format_euros(application.requested_amount) in text
    for title in ("Organisme", "Le projet", "Budget", "Pièces justificatives"):
        assert title in text
    # and how to check it
    assert f"/v/{receipt.verification_code}" in text


@pytest.mark.django_db
def test_the_first_of_the_month_is_written_1er(ami_call):
    # 00:00:30 on 1 January in Paris, still 31 December in UTC.
    _carrier, application = submitted_at(ami_call, datetime(2027, 1, 1, 0, 0, 30, tzinfo=PARIS))
    text = pdf_text(application.receipt.file.read())
    assert "reçue le 1er janvier 2027 à 00:00:30 (heure de Paris)" in text
    assert "réputée rejetée le 1er mars 2027" in text
    assert "31 décembre" not in text


@pytest.mark.django_db
def test_every_file_is_listed_with_the_sha256_of_its_stored_bytes(new_years_eve):
    _carrier, application = new_years_eve
    receipt = application.receipt
    pdf = receipt.file.read()
    text = pdf_text(pdf)
    attachments = list(application.attachments.filter(superseded_at__isnull=True))
    assert len(attachments) == application.call.required_documents.filter(mandatory=True).count() > 0
    for attachment in attachments:
        with attachment.file.open("rb") as stored:
            digest = hashlib.sha256(stored.read()).hexdigest()
        assert digest == attachment.sha256
        assert f"SHA-256 : {digest}" in text
    assert receipt.sha256 == hashlib.sha256(pdf).hexdigest()


@pytest.mark.django_db
def test_the_acknowledgement_is_a_titled_archival_pdf_in_french(new_years_eve):
    from pypdf import PdfReader

    _carrier, application = new_years_eve
    reader = PdfReader(application.receipt.file.open("rb"))
    assert (
        reader.metadata.title == f"Accusé de réception n° AR-{application.reference} — dossier {application.reference}"
    )
    assert reader.metadata.author == application.call.issuing_authority
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"]
    assert b"pdfaid:part" in root["/Metadata"].get_object().get_data()  # PDF/A, like the decisions


@pytest.mark.django_db
def test_the_email_says_it_carries_the_acknowledgement_of_receipt(ami_call, django_capture_on_commit_callbacks):
    carrier, application = complete_draft(ami_call)
    moment = datetime(2027, 3, 1, 9, 5, tzinfo=PARIS)
    ami_call.opens_at, ami_call.closes_at = moment - timedelta(days=30), moment + timedelta(days=1)
    ami_call.save()
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    message = mail.outbox[0]
    assert message.subject == f"Accusé de réception de votre dossier {application.reference}"
    body = " ".join(message.body.split())
    assert f"L'accusé de réception n° AR-{application.reference} est joint à ce courriel" in body
    assert "Reçu le 1er mars 2027 à 09:05 (heure de Paris)." in body
    assert "réputée rejetée le 1er mai 2027" in body
    assert f"/v/{application.receipt.verification_code}" in body
    ((_name, content, _mimetype),) = message.attachments
    assert hashlib.sha256(content).hexdigest() == application.receipt.sha256


# --- verification by a third party --------------------------------------------------------------------


def upload(data: bytes):
    return SimpleUploadedFile("accuse.pdf", data, content_type="application/pdf")


def page_of(response):
    return " ".join(response.content.decode().replace("&#x27;", "'").split())


@pytest.mark.django_db
def test_the_verification_page_finds_the_acknowledgement_by_its_code(client, new_years_eve):
    _carrier, application = new_years_eve
    receipt = application.receipt
    response = client.get(f"/v/{receipt.verification_code}")
    assert response.status_code == 200
    page = page_of(response)
    assert (
        f"Accusé de réception n° AR-{application.reference}, dossier {application.reference}, "
        "déposé le 31 décembre 2026 à 15:42:07 (heure de Paris)."
    ) in page
    assert receipt.sha256 in page
    assert application.organisation.name in page
    # Only what identifies the act: not the dossier's content, amounts or contacts.
    for private in (application.organisation.contact_email, application.summary, application.title):
        assert private not in page
    assert format_euros(application.requested_amount) not in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.django_db
def test_the_genuine_file_passes_and_a_modified_one_is_detected(client, new_years_eve):
    _carrier, application = new_years_eve
    receipt = application.receipt
    genuine = receipt.file.read()
    url = f"/v/{receipt.verification_code}/"

    response = client.post(url, {"document": upload(genuine)})
    assert response.context["check"].genuine is True
    assert "exactement le PDF de cet accusé de réception" in page_of(response)

    altered = bytearray(genuine)
    altered[len(altered) // 2] ^= 0x01
    response = client.post(url, {"document": upload(bytes(altered))})
    assert response.context["check"].genuine is False
    page = page_of(response)
    assert "Ce fichier n'est pas l'accusé de réception délivré" in page
    assert hashlib.sha256(bytes(altered)).hexdigest() in page


@pytest.mark.django_db
def test_the_verification_form_finds_the_acknowledgement_by_its_file_or_its_code(client, new_years_eve):
    _carrier, application = new_years_eve
    receipt = application.receipt
    form_url = reverse("verify_decision_form")

    response = client.post(form_url, {"document": upload(receipt.file.read())})
    assert response.status_code == 200
    assert f"Accusé de réception n° AR-{application.reference}" in page_of(response)
    assert response.context["check"].genuine is True

    response = client.post(form_url, {"code": f"https://portail.example/v/{receipt.verification_code}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_decision", kwargs={"code": receipt.verification_code})


# --- privacy ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_carriers_organisation_can_download_it(client, new_years_eve, ami_call):
    carrier, application = new_years_eve
    url = reverse("applications:receipt_download", kwargs={"public_id": application.public_id})
    client.force_login(carrier)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == application.receipt.file.read()
    other_carrier, _draft = complete_draft(ami_call, seed=11)
    assert other_carrier.organisation_id != carrier.organisation_id
    client.force_login(other_carrier)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_draft_renders_without_storing_anything(ami_call):
    """The race tests warm WeasyPrint up on a draft: nothing is stored, no receipt is created."""
    from applications.models import Receipt
    from applications.receipts import render_receipt_pdf

    _carrier, draft = complete_draft(ami_call)
    assert render_receipt_pdf(application=draft).startswith(b"%PDF-")
    assert not Receipt.objects.exists()


@pytest.mark.django_db
def test_the_demo_issues_an_acknowledgement_for_each_submitted_dossier():
    import io

    from django.core.management import call_command

    from applications.models import Application

    call_command("seed_demo", dossiers=3, stage="submitted", stdout=io.StringIO())
    submitted = list(Application.objects.exclude(state="draft").select_related("receipt"))
    assert submitted
    for application in submitted:
        receipt = application.receipt
        assert receipt.verification_code and receipt.sha256
        text = pdf_text(receipt.file.read())
        assert f"Accusé de réception n° AR-{application.reference}" in text
        assert f"réputée rejetée le {french_date(implicit_rejection_date(application.submitted_at))}" in text
