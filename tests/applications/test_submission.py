"""Submission: everything re-checked by the server at that moment, the reference, the
acknowledgement of receipt with each file's SHA-256, the email that carries it (the
acknowledgement's legal mentions: tests/applications/test_acknowledgement.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import submission
from applications.models import Application, AuditEntry, OutgoingEmail
from tests.applications.carrier_support import complete_draft, step_url
from tests.factories import CallFactory
from tests.pdf_support import pdf_text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def submit_url(application):
    return reverse("applications:submit", kwargs={"public_id": application.public_id})


def html_of(response):
    return response.content.decode().replace("&#x27;", "'")


def post_submit(client, application, sworn=True):
    data = {"version": application.version}
    if sworn:
        data["sworn_statement"] = "on"
    return client.post(submit_url(application), data)


def test_a_complete_dossier_is_submitted_with_a_reference_and_a_receipt(client, ami_call):
    carrier, application = complete_draft(ami_call)
    client.force_login(carrier)
    summary = html_of(client.get(step_url(application, "summary")))
    assert "Toutes les parties sont complètes" in summary
    response = post_submit(client, application)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.state == "submitted"
    assert application.reference == "AMI-2024-EGALITE-0001"
    assert application.sworn_statement and application.sworn_by == carrier
    assert application.receipt.sha256
    assert AuditEntry.objects.filter(application=application, action="submitted", to_state="submitted").exists()
    page = html_of(client.get(response["Location"]))
    assert "Votre dossier est déposé sous la référence AMI-2024-EGALITE-0001" in page
    assert reverse("applications:receipt_download", kwargs={"public_id": application.public_id}) in page


def test_incomplete_dossier_is_refused_with_what_is_missing(client, ami_call):
    carrier, application = complete_draft(ami_call, with_documents=False)
    application.title = ""
    application.save()
    client.force_login(carrier)
    response = post_submit(client, application)
    html = html_of(response)
    assert response.status_code == 200
    assert "Le dossier n'a pas été déposé" in html
    assert "Titre du projet : à compléter." in html
    assert "« Statuts de l'organisme, datés et signés » : à déposer." in html
    application.refresh_from_db()
    assert application.state == "draft" and application.reference is None and not application.sworn_statement


def test_the_sworn_statement_is_required(client, ami_call):
    carrier, application = complete_draft(ami_call)
    client.force_login(carrier)
    response = post_submit(client, application, sworn=False)
    assert "Cochez la déclaration sur l'honneur pour déposer le dossier." in html_of(response)
    application.refresh_from_db()
    assert application.state == "draft"


def test_a_dossier_changed_since_the_summary_was_opened_is_not_submitted(client, ami_call):
    carrier, application = complete_draft(ami_call)
    client.force_login(carrier)
    stale_version = application.version
    Application.objects.filter(pk=application.pk).update(version=stale_version + 1)
    response = client.post(submit_url(application), {"version": stale_version, "sworn_statement": "on"})
    assert "Le dossier a été modifié depuis l'ouverture de cette page" in html_of(response)
    application.refresh_from_db()
    assert application.state == "draft"


def test_refused_before_the_call_opens(client, ami_call):
    carrier, application = complete_draft(ami_call)
    ami_call.opens_at = datetime(2031, 3, 8, 9, 0, tzinfo=PARIS)
    ami_call.closes_at = datetime(2031, 4, 15, 12, 0, tzinfo=PARIS)
    ami_call.save()
    client.force_login(carrier)
    html = html_of(post_submit(client, application))
    assert "Cet appel n'est pas encore ouvert : il ouvre le 08/03/2031 à 09:00 (heure de Paris)." in html
    application.refresh_from_db()
    assert application.state == "draft"


def test_refused_once_the_deadline_has_passed(client, ami_call):
    carrier, application = complete_draft(ami_call)
    # The call opened (load_ami: at the start of the current minute) earlier than the deadline set
    # here, whatever second of the minute the test runs in (the database refuses the reverse).
    ami_call.opens_at = timezone.now() - timedelta(days=28)
    ami_call.closes_at = timezone.now() - timedelta(seconds=1)
    ami_call.save()
    client.force_login(carrier)
    html = html_of(post_submit(client, application))
    local = timezone.localtime(ami_call.closes_at, PARIS)
    assert f"Cet appel a été clos le {local:%d/%m/%Y} à {local:%H:%M} (heure de Paris)" in html
    application.refresh_from_db()
    assert application.state == "draft" and application.reference is None


def test_the_deadline_is_checked_to_the_moment_in_paris_time(ami_call):
    # 15 April 2024, 12:00 in Paris is 10:00 UTC (summer time).
    ami_call.opens_at = datetime(2024, 3, 8, 9, 0, tzinfo=PARIS)
    ami_call.closes_at = datetime(2024, 4, 15, 12, 0, tzinfo=PARIS)
    ami_call.save()
    carrier, late = complete_draft(ami_call, seed=1)
    _, on_time = complete_draft(ami_call, seed=2)
    deadline_utc = datetime(2024, 4, 15, 10, 0, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(submission.CallNotOpen) as refusal:
        submission.submit_application(application=late, user=carrier, sworn_statement=True, at=deadline_utc)
    assert "15/04/2024 à 12:00 (heure de Paris)" in refusal.value.messages[0]
    submission.submit_application(
        application=on_time, user=None, sworn_statement=True, at=deadline_utc - timedelta(microseconds=1)
    )
    on_time.refresh_from_db()
    assert on_time.state == "submitted"


def test_references_follow_a_sequence_per_call(ami_call):
    other_call = CallFactory(reference_prefix="AMI-2025-AUTRE")
    references = []
    for seed in range(3):
        carrier, application = complete_draft(ami_call, seed=seed)
        submission.submit_application(application=application, user=carrier, sworn_statement=True)
        application.refresh_from_db()
        references.append(application.reference)
    assert references == ["AMI-2024-EGALITE-0001", "AMI-2024-EGALITE-0002", "AMI-2024-EGALITE-0003"]
    carrier, application = complete_draft(other_call, with_documents=False)  # that call asks for no document
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    assert application.reference == "AMI-2025-AUTRE-0001"


def test_a_dossier_is_submitted_once(ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    with pytest.raises(submission.SubmissionRefused):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)
    assert Application.objects.get(pk=application.pk).reference == "AMI-2024-EGALITE-0001"


def test_another_organisation_cannot_submit(client, ami_call):
    _, application = complete_draft(ami_call)
    intruder, _ = complete_draft(ami_call, seed=9)
    client.force_login(intruder)
    assert post_submit(client, application).status_code == 404
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        submission.submit_application(application=application, user=intruder, sworn_statement=True)
    assert Application.objects.get(pk=application.pk).state == "draft"


def test_the_receipt_lists_every_file_with_its_sha256(ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    text = pdf_text(application.receipt.file.read())
    assert "Accusé de réception" in text
    assert application.reference in text
    local = timezone.localtime(application.submitted_at, PARIS)
    assert f"{local:%H:%M:%S} (heure de Paris)" in text
    assert application.organisation.siret in text
    attachments = list(application.attachments.filter(superseded_at__isnull=True))
    assert len(attachments) == 6
    for attachment in attachments:
        assert attachment.sha256 in text
    for title in ("Organisme", "Le projet", "Budget", "Pièces justificatives"):
        assert title in text


def test_the_receipt_is_emailed_to_the_carrier(ami_call, django_capture_on_commit_callbacks):
    carrier, application = complete_draft(ami_call)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([carrier.email, application.organisation.contact_email])
    message = mail.outbox[0]
    assert message.subject == f"Accusé de réception de votre dossier {application.reference}"
    assert "accusé de réception" in message.body
    ((name, content, mimetype),) = message.attachments
    assert name == f"attestation-de-depot-{application.reference}.pdf"
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert OutgoingEmail.objects.filter(application=application, kind="submitted", status="sent").count() == 2


def test_receipt_download_is_private(client, ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    url = reverse("applications:receipt_download", kwargs={"public_id": application.public_id})
    client.force_login(carrier)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    intruder, _ = complete_draft(ami_call, seed=5)
    client.force_login(intruder)
    assert client.get(url).status_code == 404
