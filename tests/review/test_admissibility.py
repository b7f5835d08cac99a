"""Admissibility: each item yes/no with a comment, an outcome that moves the dossier, reopening.
Also the staff side of requests for more information, which starts from the same screens."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, AuditEntry, InformationRequest
from review import admissibility, information
from review.models import AdmissibilityCheck
from tests.factories import RequiredDocumentFactory

from .review_support import administrator, assign, call_with_grid, committee, dossier, official, reviewer

S = Application.State
pytestmark = pytest.mark.django_db


def all_items(satisfied=True, **overrides):
    items = {name: admissibility.Item(satisfied, "") for name in admissibility.ITEM_NAMES}
    items.update(overrides)
    return items


@pytest.fixture
def checked():
    call = call_with_grid()
    application = dossier(call, state=S.UNDER_REVIEW)
    person = reviewer()
    assign(application, person)
    return application, person


def test_an_admissible_dossier_moves_to_admissible_and_is_logged(checked):
    application, person = checked
    check = admissibility.record_admissibility(
        application=application, actor=person, items=all_items(), outcome="admissible"
    )
    application.refresh_from_db()
    assert application.state == S.ADMISSIBLE
    assert check.checked_by == person and check.on_time and check.complete
    assert AuditEntry.objects.filter(action="admissibility_checked", actor=person).exists()
    move = AuditEntry.objects.get(action="admissible")
    assert (move.from_state, move.to_state) == (S.UNDER_REVIEW, S.ADMISSIBLE)


def test_a_dossier_straight_from_submission_can_be_checked(db):
    call = call_with_grid()
    application = dossier(call, state=S.SUBMITTED)
    admissibility.record_admissibility(
        application=application, actor=committee(), items=all_items(), outcome="admissible"
    )
    application.refresh_from_db()
    assert application.state == S.ADMISSIBLE


def test_not_admissible_needs_reasons_and_records_them(checked):
    application, person = checked
    items = all_items(legal_form_eligible=admissibility.Item(False, "SCI non éligible."))
    with pytest.raises(ValidationError) as error:
        admissibility.record_admissibility(application=application, actor=person, items=items, outcome="inadmissible")
    assert "reasons" in error.value.message_dict
    admissibility.record_admissibility(
        application=application, actor=person, items=items, outcome="inadmissible", reasons="Forme juridique exclue."
    )
    application.refresh_from_db()
    assert application.state == S.INADMISSIBLE
    assert AdmissibilityCheck.objects.get().legal_form_eligible_comment == "SCI non éligible."
    assert AuditEntry.objects.get(action="inadmissible").reason == "Forme juridique exclue."


def test_admissible_requires_every_item(checked):
    application, person = checked
    with pytest.raises(ValidationError) as error:
        admissibility.record_admissibility(
            application=application,
            actor=person,
            items=all_items(complete=admissibility.Item(False, "RIB manquant.")),
            outcome="admissible",
        )
    assert "Complet" in error.value.message_dict["outcome"][0]
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW


def test_every_item_must_be_answered(checked):
    application, person = checked
    items = all_items()
    items["on_time"] = admissibility.Item(None, "")
    with pytest.raises(ValidationError) as error:
        admissibility.record_admissibility(application=application, actor=person, items=items, outcome="admissible")
    assert error.value.message_dict["on_time"] == ["Répondez oui ou non."]


def test_only_an_assigned_reviewer_or_the_committee_checks(checked):
    application, _person = checked
    for outsider in (reviewer(), official()):
        with pytest.raises(PermissionDenied):
            admissibility.record_admissibility(
                application=application, actor=outsider, items=all_items(), outcome="admissible"
            )


def test_the_committee_reopens_then_the_check_can_be_redone(checked):
    application, person = checked
    admissibility.record_admissibility(application=application, actor=person, items=all_items(), outcome="admissible")
    with pytest.raises(PermissionDenied):
        admissibility.reopen_admissibility(application=application, actor=person, reason="Erreur.")
    admissibility.reopen_admissibility(application=application, actor=committee(), reason="Pièce contestée.")
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW
    admissibility.record_admissibility(
        application=application,
        actor=person,
        items=all_items(complete=admissibility.Item(False, "Pièce falsifiée.")),
        outcome="inadmissible",
        reasons="Pièce non conforme.",
    )
    check = AdmissibilityCheck.objects.get()
    assert check.outcome == "inadmissible"
    redo = AuditEntry.objects.filter(action="admissibility_checked").order_by("-id").first()
    assert redo.changes["outcome"] == ["admissible", "inadmissible"]


def test_a_settled_dossier_cannot_be_checked_again(checked):
    application, person = checked
    admissibility.record_admissibility(application=application, actor=person, items=all_items(), outcome="admissible")
    with pytest.raises(ValidationError):
        admissibility.record_admissibility(
            application=application, actor=administrator(), items=all_items(), outcome="admissible"
        )


# --------------------------------------------------------------------------------------------
# The admin form
# --------------------------------------------------------------------------------------------
def form_data(**overrides):
    data = {name: "yes" for name in admissibility.ITEM_NAMES}
    data.update({f"{name}_comment": "" for name in admissibility.ITEM_NAMES})
    data.update(outcome="admissible", reasons="")
    data.update(overrides)
    return data


def test_the_admin_form_records_the_check(client, checked):
    application, person = checked
    client.force_login(person)
    url = reverse("admin:applications_application_admissibility", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Déposé dans les délais" in page and "<fieldset" in page
    response = client.post(url, form_data(on_time_comment="Déposé le premier jour."))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.ADMISSIBLE
    assert AdmissibilityCheck.objects.get().on_time_comment == "Déposé le premier jour."


def test_the_admin_form_shows_french_errors_tied_to_fields(client, checked):
    application, person = checked
    client.force_login(person)
    url = reverse("admin:applications_application_admissibility", args=[application.pk])
    page = client.post(url, form_data(complete="", outcome="inadmissible")).content.decode()
    assert "Le formulaire contient des erreurs" in page
    assert "Répondez oui ou non." in page
    assert 'id="id_complete_error"' in page and 'aria-describedby="id_complete_error"' in page
    assert "Indiquez les motifs" in page
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW


# --------------------------------------------------------------------------------------------
# Requests for more information (staff side)
# --------------------------------------------------------------------------------------------
def test_a_request_for_information_moves_the_dossier_and_is_logged(checked):
    application, person = checked
    document = RequiredDocumentFactory(call=application.call)
    request = information.request_information(
        application=application,
        actor=person,
        message="Merci de joindre le budget signé.",
        due_at=timezone.now() + timedelta(days=10),
        sections=["budget"],
        documents=[document],
    )
    application.refresh_from_db()
    assert application.state == S.INFO_REQUESTED
    assert request.sections == ["budget"] and list(request.documents.all()) == [document]
    assert AuditEntry.objects.filter(action="information_request_created", application=application).exists()
    assert AuditEntry.objects.filter(action="info_requested", to_state=S.INFO_REQUESTED).exists()


def test_a_request_needs_a_message_a_future_date_and_known_sections(checked):
    application, person = checked
    other_call_document = RequiredDocumentFactory()
    with pytest.raises(ValidationError) as error:
        information.request_information(
            application=application,
            actor=person,
            message=" ",
            due_at=timezone.now() - timedelta(days=1),
            sections=["nonsense"],
            documents=[other_call_document],
        )
    assert set(error.value.message_dict) == {"message", "due_at", "sections", "documents"}
    assert not InformationRequest.objects.exists()


def test_the_admin_form_sends_a_request(client, checked):
    application, person = checked
    client.force_login(person)
    url = reverse("admin:applications_application_information", args=[application.pk])
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(url, {"message": "Précisez le calendrier.", "sections": ["workshops"], "due_date": due})
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert request.sections == ["workshops"]
    assert timezone.localtime(request.due_at).hour == 23
    page = client.post(url, {"message": "", "due_date": timezone.localdate().isoformat()})
    assert page.status_code == 302  # the dossier now waits for the carrier: no second request
