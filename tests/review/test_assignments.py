"""Assignments: by hand on several dossiers, and automatic (balanced, never a conflicted reviewer)."""

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.models import Application, AuditEntry
from review import assignments
from review.models import Assignment
from tests.factories import ConflictOfInterestFactory

from .review_support import administrator, assign, call_with_grid, committee, dossier, official, reviewer

S = Application.State


# --------------------------------------------------------------------------------------------
# The pure planner
# --------------------------------------------------------------------------------------------
@given(st.integers(1, 40), st.integers(1, 8), st.integers(1, 3))
def test_without_conflicts_every_dossier_is_served_and_loads_differ_by_at_most_one(dossiers, pool, wanted):
    wanted = min(wanted, pool)
    reviewers = set(range(pool))
    loads = dict.fromkeys(reviewers, 0)
    plan = assignments.plan_balanced(
        needs=dict.fromkeys(range(dossiers), wanted),
        eligible={d: set(reviewers) for d in range(dossiers)},
        loads=loads,
    )
    assert all(len(plan[d]) == wanted == len(set(plan[d])) for d in range(dossiers))
    assert max(loads.values()) - min(loads.values()) <= 1


@st.composite
def constrained(draw):
    pool = draw(st.integers(2, 7))
    dossiers = draw(st.integers(1, 25))
    wanted = draw(st.integers(1, 3))
    conflicted = {
        d: draw(st.sets(st.integers(0, pool - 1), max_size=pool - 1)) for d in range(dossiers)
    }  # at least one eligible reviewer per dossier
    return pool, dossiers, wanted, conflicted


@given(constrained())
@settings(max_examples=150)
def test_never_a_conflicted_reviewer_and_never_short_when_enough_are_eligible(case):
    pool, dossiers, wanted, conflicted = case
    eligible = {d: set(range(pool)) - conflicted[d] for d in range(dossiers)}
    loads = dict.fromkeys(range(pool), 0)
    plan = assignments.plan_balanced(needs=dict.fromkeys(range(dossiers), wanted), eligible=eligible, loads=loads)
    for d in range(dossiers):
        chosen = plan.get(d, [])
        assert not set(chosen) & conflicted[d]
        assert len(chosen) == len(set(chosen)) == min(wanted, len(eligible[d]))
    assert sum(loads.values()) == sum(len(c) for c in plan.values())


def test_existing_loads_are_taken_into_account():
    loads = {1: 5, 2: 0, 3: 0}
    plan = assignments.plan_balanced(needs={10: 1, 11: 1}, eligible={10: {1, 2, 3}, 11: {1, 2, 3}}, loads=loads)
    assert 1 not in plan[10] + plan[11]


# --------------------------------------------------------------------------------------------
# Automatic assignment in the database
# --------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_auto_assign_gives_each_admissible_dossier_its_reviewers_balanced_and_without_conflicts():
    call = call_with_grid(reviewers_per_application=2)
    team = [reviewer() for _ in range(5)]
    admissible = [dossier(call, state=S.ADMISSIBLE) for _ in range(12)]
    waiting = dossier(call, state=S.SUBMITTED)
    conflicted = team[0]
    ConflictOfInterestFactory(reviewer=conflicted, organisation=admissible[0].organisation)
    ConflictOfInterestFactory(reviewer=team[1], organisation=admissible[0].organisation)
    assign(admissible[1], team[2])  # kept

    report = assignments.auto_assign(call=call, actor=committee())

    for application in admissible:
        assigned = set(application.assignments.values_list("reviewer_id", flat=True))
        assert len(assigned) == 2
    assert not Assignment.objects.filter(application=admissible[0], reviewer__in=[team[0], team[1]]).exists()
    assert Assignment.objects.filter(application=admissible[1], reviewer=team[2]).exists()
    assert not waiting.assignments.exists()
    loads = [Assignment.objects.filter(reviewer=r).count() for r in team]
    assert max(loads) - min(loads) <= 1
    assert len(report.created) == 23 and not report.short
    assert AuditEntry.objects.filter(action="assignment_created").count() == 23
    assert AuditEntry.objects.filter(action="automatic_assignment", call_id=call.pk).exists()


@pytest.mark.django_db
def test_auto_assign_reports_dossiers_left_short():
    call = call_with_grid(reviewers_per_application=2)
    only = reviewer()
    application = dossier(call, state=S.ADMISSIBLE)
    report = assignments.auto_assign(call=call, actor=committee())
    assert [(a.pk, missing) for a, missing in report.short] == [(application.pk, 1)]
    assert list(application.assignments.values_list("reviewer_id", flat=True)) == [only.pk]


@pytest.mark.django_db
def test_auto_assign_is_idempotent():
    call = call_with_grid(reviewers_per_application=2)
    for _ in range(3):
        reviewer()
    for _ in range(4):
        dossier(call, state=S.ADMISSIBLE)
    assignments.auto_assign(call=call, actor=committee())
    again = assignments.auto_assign(call=call, actor=committee())
    assert again.created == [] and Assignment.objects.count() == 8


@pytest.mark.django_db
def test_only_committee_and_administrators_assign():
    call = call_with_grid()
    application = dossier(call)
    person = reviewer()
    for outsider in (reviewer(), official()):
        with pytest.raises(PermissionDenied):
            assignments.auto_assign(call=call, actor=outsider)
        with pytest.raises(PermissionDenied):
            assignments.assign_reviewers(applications=[application], reviewers=[person], actor=outsider)
    assignments.assign_reviewers(applications=[application], reviewers=[person], actor=administrator())
    assert application.assignments.count() == 1


# --------------------------------------------------------------------------------------------
# By hand
# --------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_manual_assignment_of_several_dossiers_starts_their_review_and_refuses_conflicts():
    call = call_with_grid()
    first, second = dossier(call), dossier(call)
    decided = dossier(call, state=S.REFUSED)
    alice, bob = reviewer(), reviewer()
    ConflictOfInterestFactory(reviewer=bob, organisation=second.organisation)
    member = committee()

    report = assignments.assign_reviewers(applications=[first, second, decided], reviewers=[alice, bob], actor=member)

    assert {(a.application_id, a.reviewer_id) for a in report.created} == {
        (first.pk, alice.pk),
        (first.pk, bob.pk),
        (second.pk, alice.pk),
    }
    assert [(a.pk, r.pk) for a, r in report.conflicted] == [(second.pk, bob.pk)]
    assert [a.pk for a in report.not_assignable] == [decided.pk]
    first.refresh_from_db()
    assert first.state == S.UNDER_REVIEW  # the carrier now sees « en instruction »
    entry = AuditEntry.objects.filter(action="assignment_created", application=first).first()
    assert entry.actor == member and entry.changes["reviewer"][0] is None
    again = assignments.assign_reviewers(applications=[first], reviewers=[alice], actor=member)
    assert again.already == 1 and not again.created


@pytest.mark.django_db
def test_only_reviewers_can_be_assigned():
    call = call_with_grid()
    application = dossier(call)
    with pytest.raises(PermissionDenied):
        assignments.assign_reviewers(applications=[application], reviewers=[official()], actor=committee())


@pytest.mark.django_db
def test_unassigning_is_logged():
    call = call_with_grid()
    application = dossier(call)
    assignment = assign(application, reviewer())
    member = committee()
    assignments.unassign(assignment=assignment, actor=member, reason="Surcharge.")
    assert not Assignment.objects.exists()
    entry = AuditEntry.objects.get(action="assignment_removed")
    assert entry.actor == member and entry.reason == "Surcharge."
