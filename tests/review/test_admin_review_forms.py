"""The review screens as a reviewer and a committee member use them, through the test client."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application, AuditEntry
from review import scoring
from review.models import Assignment, Review

from .review_support import assign, call_with_grid, committee, dossier, reviewer, submitted_review

S = Application.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    call = call_with_grid()
    application = dossier(call, state=S.ADMISSIBLE)
    person = reviewer()
    assign(application, person)
    return application, person, scoring.criteria_of(application)


def grid_data(criteria, points, justification="Argumenté.", **extra):
    data = {}
    for criterion, value in zip(criteria, points, strict=True):
        data[f"points_{criterion.pk}"] = "" if value is None else str(value)
        data[f"justification_{criterion.pk}"] = "" if value is None else justification
    data.update(extra)
    return data


def test_the_form_shows_the_dossier_beside_the_grid(client, setup):
    application, person, criteria = setup
    client.force_login(person)
    page = client.get(reverse("admin:applications_application_review", args=[application.pk])).content.decode()
    assert application.summary in page  # the dossier's sections
    assert "Aide du critère 1" in page  # each criterion's help text
    assert 'data-weight="3' in page and 'data-max="10"' in page  # what the running total needs
    assert "Total pondéré" in page
    assert 'src="/static/js/admin_review.js"' in page
    assert "<script>" not in page  # no inline script (CSP)


def test_a_draft_then_a_submission(client, setup):
    application, person, criteria = setup
    client.force_login(person)
    url = reverse("admin:applications_application_review", args=[application.pk])
    response = client.post(url, grid_data(criteria, [8, None, None], _save="1"))
    assert response.status_code == 302 and response["Location"] == url
    review = Review.objects.get()
    assert review.state == Review.State.DRAFT
    page = client.get(url).content.decode()
    assert "80,0" in page  # running total of the one criterion scored (8/10), without JavaScript
    response = client.post(
        url, grid_data(criteria, [8, 5, 4], recommendation="favourable", comment="Très bon projet.", _submit="1")
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED and review.score == Decimal("70.000")
    # Locked: the form now shows the submitted review, read-only.
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:review_review_change", args=[review.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Très bon projet." in detail and "Rouvrir" not in detail


def test_an_incomplete_submission_keeps_the_draft_and_explains(client, setup):
    application, person, criteria = setup
    client.force_login(person)
    url = reverse("admin:applications_application_review", args=[application.pk])
    page = client.post(url, grid_data(criteria, [8, 5, None], _submit="1")).content.decode()
    assert "Le formulaire contient des erreurs" in page
    assert "Donnez une note entre 0 et 5." in page
    assert "Choisissez un avis avant de soumettre." in page
    assert f'id="id_points_{criteria[2].pk}_error"' in page
    assert 'value="8"' in page  # what was typed is kept
    assert not Review.objects.filter(state=Review.State.SUBMITTED).exists()


def test_out_of_range_points_are_refused_by_the_form(client, setup):
    application, person, criteria = setup
    client.force_login(person)
    url = reverse("admin:applications_application_review", args=[application.pk])
    page = client.post(url, grid_data(criteria, [11, None, None], _save="1")).content.decode()
    assert "Le formulaire contient des erreurs" in page
    assert not Review.objects.filter(scores__isnull=False).exists()


def test_the_committee_reopens_a_review_and_it_is_logged(client, setup):
    application, person, _criteria = setup
    review = submitted_review(application, person, [8, 5, 4])
    member = committee()
    client.force_login(member)
    detail = reverse("admin:review_review_change", args=[review.pk])
    assert "Rouvrir l'évaluation" in client.get(detail).content.decode()
    reopen = reverse("admin:review_review_reopen", args=[review.pk])
    page = client.post(reopen, {"reason": ""}).content.decode()
    assert "Ce champ est obligatoire." in page
    assert client.post(reopen, {"reason": "Avis à compléter."}).status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT
    assert AuditEntry.objects.get(action="review_reopened").reason == "Avis à compléter."
    client.force_login(person)
    url = reverse("admin:applications_application_review", args=[application.pk])
    assert client.get(url).status_code == 200  # editable again


def test_manual_assignment_through_the_admin_action(client):
    call = call_with_grid()
    first, second = dossier(call), dossier(call)
    alice = reviewer()
    client.force_login(committee())
    changelist = reverse("admin:applications_application_changelist")
    response = client.post(
        changelist, {"action": "assign_reviewers", "_selected_action": [first.pk, second.pk], "index": 0}
    )
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url).content.decode()
    assert first.reference in page and second.reference in page
    response = client.post(form_url, {"ids": f"{first.pk},{second.pk}", "reviewers": [alice.pk]})
    assert response.status_code == 302
    assert set(Assignment.objects.values_list("application_id", flat=True)) == {first.pk, second.pk}
    messages = client.get(changelist).content.decode()
    assert "2 affectation(s) créée(s)." in messages


def test_automatic_assignment_through_the_admin(client):
    call = call_with_grid(reviewers_per_application=2)
    for _ in range(3):
        reviewer()
    for _ in range(3):
        dossier(call, state=S.ADMISSIBLE)
    client.force_login(committee())
    url = reverse("admin:applications_application_auto_assign")
    assert call.title in client.get(url).content.decode()
    assert client.post(url, {"call": call.pk}).status_code == 302
    assert Assignment.objects.count() == 6


def test_the_reviewer_list_says_what_remains_to_do(client, setup):
    application, person, _criteria = setup
    client.force_login(person)
    url = reverse("admin:applications_application_changelist")
    assert "Non commencée" in client.get(url).content.decode()
    submitted_review(application, person, [8, 5, 4])
    assert application.reference not in client.get(url + "?my_review=todo").content.decode()
    assert application.reference in client.get(url + "?my_review=submitted").content.decode()
