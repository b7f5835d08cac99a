"""Conflicts of interest: declared before or after assignment, they unassign, block and flag."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Application, AuditEntry
from review import access, assignments, conflicts
from review.models import ConflictOfInterest, Review

from .review_support import (
    assign,
    call_with_grid,
    committee,
    dossier,
    official,
    reviewer,
    submitted_review,
)

S = Application.State
pytestmark = pytest.mark.django_db


def declare(person, organisation):
    return conflicts.declare_conflict(
        reviewer=person,
        organisation=organisation,
        kind=ConflictOfInterest.Kind.FAMILY,
        explanation="Ma sœur préside l'association.",
        actor=person,
    )


def test_declaring_after_assignment_unassigns_voids_the_review_and_flags_the_dossier():
    call = call_with_grid(reviewers_per_application=2)
    application = dossier(call, state=S.ADMISSIBLE)
    person, other = reviewer(), reviewer()
    submitted_review(application, person, [8, 8, 4])
    submitted_review(application, other, [6, 6, 3])
    flagged = access.visible_applications(committee()).annotate(assignment_count=assignments.assignment_count())
    assert not flagged.filter(conflicts.needs_reviewers()).exists()

    declare(person, application.organisation)

    assert not application.assignments.filter(reviewer=person).exists()
    review = Review.objects.get(application=application, reviewer=person)
    assert review.state == Review.State.DRAFT and review.score is None
    assert not access.visible_applications(person).filter(pk=application.pk).exists()
    assert flagged.filter(conflicts.needs_reviewers()).get() == application
    actions = set(AuditEntry.objects.filter(application=application).values_list("action", flat=True))
    assert {"conflict_declared", "assignment_removed", "review_voided"} <= actions


def test_declaring_before_assignment_keeps_the_reviewer_away():
    call = call_with_grid(reviewers_per_application=1)
    application = dossier(call, state=S.ADMISSIBLE)
    person = reviewer()
    declare(person, application.organisation)
    report = assignments.auto_assign(call=call, actor=committee())
    assert report.short and not application.assignments.exists()
    report = assignments.assign_reviewers(applications=[application], reviewers=[person], actor=committee())
    assert report.conflicted and not application.assignments.exists()


def test_a_conflict_blocks_the_dossier_even_if_an_assignment_remains():
    call = call_with_grid()
    application = dossier(call, state=S.ADMISSIBLE)
    person = reviewer()
    ConflictOfInterest.objects.create(
        reviewer=person, organisation=application.organisation, kind="other", explanation="Ancien emploi."
    )
    assign(application, person)  # e.g. created before the rule existed
    assert not access.visible_applications(person).exists()


def test_declaring_twice_is_refused_and_only_the_reviewer_declares():
    call = call_with_grid()
    application = dossier(call)
    person = reviewer()
    declare(person, application.organisation)
    with pytest.raises(ValidationError):
        declare(person, application.organisation)
    with pytest.raises(PermissionDenied):
        conflicts.declare_conflict(
            reviewer=person, organisation=application.organisation, kind="other", explanation="x", actor=committee()
        )
    blank = reviewer()
    with pytest.raises(ValidationError):
        conflicts.declare_conflict(
            reviewer=blank, organisation=application.organisation, kind="other", explanation="  ", actor=blank
        )


def test_the_committee_sees_every_declaration_a_reviewer_only_theirs(client):
    call = call_with_grid()
    first, second = dossier(call), dossier(call)
    alice, bob = reviewer(), reviewer()
    declare(alice, first.organisation)
    declare(bob, second.organisation)
    url = reverse("admin:review_conflictofinterest_changelist")

    first_name, second_name = f">{first.organisation.name}<", f">{second.organisation.name}<"

    client.force_login(committee())
    page = client.get(url).content.decode()
    assert first_name in page and second_name in page

    client.force_login(alice)
    page = client.get(url).content.decode()
    assert first_name in page and second_name not in page

    client.force_login(official())  # signatories have no business with declarations
    assert client.get(url).status_code == 404


def test_a_reviewer_declares_from_the_dossier_page_and_loses_access(client):
    call = call_with_grid()
    application = dossier(call, state=S.UNDER_REVIEW)
    person = reviewer()
    assign(application, person)
    client.force_login(person)
    url = reverse("admin:applications_application_conflict", args=[application.pk])
    response = client.post(url, {"kind": "professional", "explanation": "J'y ai travaillé en 2022."})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.filter(reviewer=person, organisation=application.organisation).exists()
    change = reverse("admin:applications_application_change", args=[application.pk])
    assert client.get(change).status_code == 404


def test_the_declaration_form_in_the_admin_shows_french_errors(client):
    call = call_with_grid()
    application = dossier(call)
    person = reviewer()
    assign(application, person)
    client.force_login(person)
    url = reverse("admin:applications_application_conflict", args=[application.pk])
    page = client.post(url, {"kind": "", "explanation": ""}).content.decode()
    assert "Le formulaire contient des erreurs" in page
    assert 'aria-invalid="true"' in page


def test_a_reviewer_declares_before_any_assignment_from_the_conflicts_screen(client):
    call = call_with_grid()
    application = dossier(call)
    person = reviewer()
    client.force_login(person)
    url = reverse("admin:review_conflictofinterest_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"organisation": application.organisation.pk, "kind": "member", "explanation": "Adhérente."}
    )
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert conflict.reviewer == person
    assert AuditEntry.objects.filter(action="conflict_declared", application=application).exists()
    again = client.post(url, {"organisation": application.organisation.pk, "kind": "member", "explanation": "Bis."})
    assert again.status_code == 200
    assert "déjà déclaré un conflit" in again.content.decode()
    client.force_login(committee())
    assert client.get(url).status_code == 404  # only reviewers declare
