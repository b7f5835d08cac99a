"""After submission: « Mes dossiers », requests for more information, messages, withdrawal, decisions."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from applications import submission, workflow
from applications.models import Application, AuditEntry, InformationRequest, Message
from tests.applications.carrier_support import complete_draft, pdf_upload, posted, step_url
from tests.factories import ApplicationFactory, DecisionFactory, InformationRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode().replace("&#x27;", "'")


@pytest.fixture
def submitted(client, ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    client.force_login(carrier)
    return application


def ask(application, **fields):
    """What the review side does: a request, then the move to « information requested »."""
    staff = StaffFactory(role="administrator")
    request = InformationRequestFactory(application=application, requested_by=staff, **fields)
    workflow.transition(application, to=Application.State.INFO_REQUESTED, actor=None, notify=False)
    return request


def test_my_applications_shows_status_receipt_and_messages(client, submitted, ami_call):
    Message.objects.create(application=submitted, from_staff=True, body="Bien reçu.")
    html = html_of(client.get(reverse("applications:my_applications")))
    assert submitted.reference in html
    assert "Déposé" in html  # the carrier-side label
    assert reverse("applications:receipt_download", kwargs={"public_id": submitted.public_id}) in html
    assert "1 message" in html


def test_staff_side_states_stay_internal(client, submitted):
    workflow.transition(submitted, to=Application.State.INADMISSIBLE, actor=None, notify=False)
    html = html_of(client.get(reverse("applications:my_applications")))
    assert "Irrecevable" not in html and "En instruction" in html


def test_the_dossier_page_is_read_only_after_submission(client, submitted):
    html = html_of(client.get(submitted.get_absolute_url()))
    assert submitted.title in html
    assert "Modifier « " not in html
    assert 'name="action"' not in html
    for attachment in submitted.attachments.all():
        assert attachment.sha256 in html


def test_carrier_sees_the_request_edits_only_what_is_asked_and_answers(client, submitted, ami_call):
    document = ami_call.required_documents.get(position=4)
    request = ask(
        submitted, message="Merci de préciser le budget et de joindre le budget détaillé.", sections=["budget"]
    )
    request.documents.add(document)
    page = html_of(client.get(submitted.get_absolute_url()))
    assert "Merci de préciser le budget" in page
    detail = html_of(
        client.get(
            reverse(
                "applications:information_request", kwargs={"public_id": submitted.public_id, "request_id": request.pk}
            )
        )
    )
    assert step_url(submitted, "budget") in detail

    # Only the asked section may change.
    project = posted(submitted, "project", title="Nouveau titre", action="draft")
    assert client.post(step_url(submitted, "project"), project)["Location"] == submitted.get_absolute_url()
    assert Application.objects.get(pk=submitted.pk).title == submitted.title

    budget_page = client.get(step_url(submitted, "budget"))
    assert budget_page.status_code == 200
    data = posted(submitted, "budget", action="draft")
    data["budget-0-label"] = "Coordination (précisée)"
    response = client.post(step_url(submitted, "budget"), data)
    assert response.status_code == 302
    assert submitted.budget_lines.filter(label="Coordination (précisée)").exists()
    entry = AuditEntry.objects.filter(application=submitted, action="section_completed").get()
    assert entry.changes["budget-0-label"][1] == "Coordination (précisée)"

    # Only the asked document may be uploaded; the new file is linked to the request.
    other = ami_call.required_documents.get(position=1)
    url = lambda d: reverse("applications:upload", kwargs={"public_id": submitted.public_id, "document_id": d.pk})  # noqa: E731
    client.post(url(other), {f"doc{other.pk}-file": pdf_upload("autre.pdf")})
    assert not submitted.attachments.filter(original_name="autre.pdf").exists()
    client.post(url(document), {f"doc{document.pk}-file": pdf_upload("budget-detaille-v2.pdf")})
    new = submitted.attachments.get(original_name="budget-detaille-v2.pdf")
    assert new.information_request == request
    assert submitted.attachments.filter(required_document=document, superseded_at__isnull=False).exists()

    answer_url = reverse(
        "applications:information_request", kwargs={"public_id": submitted.public_id, "request_id": request.pk}
    )
    empty = client.post(answer_url, {"answer": ""})
    assert "Rédigez une courte réponse" in html_of(empty)
    response = client.post(answer_url, {"answer": "Budget précisé, pièce remplacée."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answered_at is not None and request.answer == "Budget précisé, pièce remplacée."
    application = Application.objects.get(pk=submitted.pk)
    assert application.state == Application.State.UNDER_REVIEW
    assert AuditEntry.objects.filter(application=application, action="info_provided").exists()
    # Answered: nothing can change any more.
    assert client.post(step_url(submitted, "budget"), posted(submitted, "budget", action="draft")).status_code == 302
    assert client.get(step_url(submitted, "budget"))["Location"] == submitted.get_absolute_url()


def test_withdrawal_needs_confirmation_and_stays_visible(client, submitted):
    url = reverse("applications:withdraw", kwargs={"public_id": submitted.public_id})
    page = html_of(client.get(url))
    assert "ne peut pas être déposé à nouveau" in page
    response = client.post(url, {"reason": "Projet reporté"})
    assert "Cochez cette case pour confirmer le retrait." in html_of(response)
    assert Application.objects.get(pk=submitted.pk).state == "submitted"
    response = client.post(url, {"reason": "Projet reporté", "confirm": "on"})
    assert response.status_code == 302
    application = Application.objects.get(pk=submitted.pk)
    assert application.state == "withdrawn"
    entry = AuditEntry.objects.get(application=application, action="withdrawn")
    assert entry.reason == "Projet reporté"
    listing = html_of(client.get(reverse("applications:my_applications")))
    assert application.reference in listing and "Retiré" in listing


def test_no_withdrawal_after_a_decision(client, submitted):
    workflow.transition(submitted, to=Application.State.ADMISSIBLE, actor=None, notify=False)
    workflow.transition(submitted, to=Application.State.REFUSED, actor=None, notify=False)
    url = reverse("applications:withdraw", kwargs={"public_id": submitted.public_id})
    client.post(url, {"confirm": "on"})
    assert Application.objects.get(pk=submitted.pk).state == "refused"


def test_carrier_writes_to_the_ministry(client, submitted):
    url = reverse("applications:send_message", kwargs={"public_id": submitted.public_id})
    assert "Rédigez votre message." in html_of(client.post(url, {"body": ""}))
    client.post(url, {"body": "Une précision sur notre calendrier."})
    message = Message.objects.get(application=submitted)
    assert not message.from_staff and message.body == "Une précision sur notre calendrier."


def test_issued_decision_is_listed_and_downloadable(client, submitted):
    workflow.transition(submitted, to=Application.State.ADMISSIBLE, actor=None, notify=False)
    workflow.transition(submitted, to=Application.State.REFUSED, actor=None, notify=False)
    decision = DecisionFactory(application=submitted)
    decision.pdf.save("decision.pdf", ContentFile(b"%PDF-1.4 decision"), save=True)
    html = html_of(client.get(reverse("applications:my_applications")))
    url = reverse(
        "applications:decision_download", kwargs={"public_id": submitted.public_id, "decision_id": decision.pk}
    )
    assert url in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    decision.status = "superseded"
    decision.save()
    assert client.get(url).status_code == 404


def test_a_draft_can_be_withdrawn_too(client, ami_call):
    carrier, application = complete_draft(ami_call, with_documents=False)
    client.force_login(carrier)
    client.post(reverse("applications:withdraw", kwargs={"public_id": application.public_id}), {"confirm": "on"})
    assert Application.objects.get(pk=application.pk).state == "withdrawn"


def test_overdue_request_still_shows_its_date(client, submitted):
    request = ask(submitted, due_at=timezone.now() + timedelta(days=3))
    html = html_of(client.get(submitted.get_absolute_url()))
    assert "Le ministère vous demande des compléments" in html
    assert (
        reverse("applications:information_request", kwargs={"public_id": submitted.public_id, "request_id": request.pk})
        in html
    )


def test_other_organisations_dossiers_never_show_in_my_list(client, submitted, ami_call):
    ApplicationFactory(call=ami_call, title="Dossier d'un autre organisme")
    html = html_of(client.get(reverse("applications:my_applications")))
    assert "Dossier d'un autre organisme" not in html
    assert InformationRequest.objects.count() == 0
