"""Scoring maths (weighted mean, dossier statistics) and the review's life: draft, submit, lock, reopen."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.models import Application, AuditEntry
from review import scoring
from review.models import Review
from review.scoring import CriterionScore, ScoreEntry, dossier_statistics, weighted_mean

from .review_support import (
    assign,
    call_with_grid,
    committee,
    dossier,
    entries_for,
    official,
    reviewer,
    submitted_review,
)

ADMISSIBLE = Application.State.ADMISSIBLE

weights = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("10"), places=2)


@st.composite
def grids(draw, min_size=1, max_size=8):
    """A grid of criteria with points drawn within each maximum."""
    size = draw(st.integers(min_size, max_size))
    out = []
    for _ in range(size):
        maximum = draw(st.integers(1, 20))
        out.append(CriterionScore(draw(st.integers(0, maximum)), maximum, draw(weights)))
    return out


# --------------------------------------------------------------------------------------------
# The maths
# --------------------------------------------------------------------------------------------
def test_weighted_mean_of_a_known_grid():
    # (3 × 8/10 + 2 × 5/10 + 1 × 4/5) / 6 × 100 = (2.4 + 1 + 0.8) / 6 × 100 = 70
    grid = [
        CriterionScore(8, 10, Decimal("3")),
        CriterionScore(5, 10, Decimal("2")),
        CriterionScore(4, 5, Decimal("1")),
    ]
    assert weighted_mean(grid) == Decimal("70.000")


def test_weighted_mean_is_a_mean_not_a_sum():
    # One criterion at its maximum is 100, whatever the number of criteria.
    assert weighted_mean([CriterionScore(10, 10, Decimal("1"))]) == Decimal("100.000")
    assert weighted_mean([CriterionScore(10, 10, Decimal("1"))] * 7) == Decimal("100.000")


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [CriterionScore(11, 10, Decimal("1"))],
        [CriterionScore(-1, 10, Decimal("1"))],
        [CriterionScore(5, 10, Decimal("0"))],
    ],
)
def test_weighted_mean_refuses_impossible_grids(bad):
    with pytest.raises(ValueError):
        weighted_mean(bad)


@given(grids())
def test_weighted_mean_stays_between_0_and_100(grid):
    assert Decimal(0) <= weighted_mean(grid) <= Decimal(100)


@given(grids(), st.integers(1, 9))
def test_scaling_every_weight_changes_nothing(grid, factor):
    scaled = [CriterionScore(c.points, c.max_points, c.weight * factor) for c in grid]
    assert abs(weighted_mean(scaled) - weighted_mean(grid)) <= Decimal("0.001")


@given(grids(), st.data())
def test_raising_one_criterion_never_lowers_the_score(grid, data):
    index = data.draw(st.integers(0, len(grid) - 1))
    criterion = grid[index]
    if criterion.points == criterion.max_points:
        return
    raised = list(grid)
    raised[index] = CriterionScore(criterion.points + 1, criterion.max_points, criterion.weight)
    assert weighted_mean(raised) >= weighted_mean(grid)


@given(grids())
def test_a_heavier_criterion_pulls_the_mean_towards_it(grid):
    # Doubling a criterion's weight moves the mean towards that criterion's own share.
    share = Decimal(grid[0].points) / grid[0].max_points * 100
    before = weighted_mean(grid)
    heavier = [CriterionScore(grid[0].points, grid[0].max_points, grid[0].weight * 2), *grid[1:]]
    after = weighted_mean(heavier)
    assert abs(after - share) <= abs(before - share) + Decimal("0.001")


def test_dossier_statistics():
    stats = dossier_statistics([Decimal("60"), Decimal("90"), Decimal("70")], threshold=Decimal("20"))
    assert stats.count == 3
    assert stats.mean == Decimal("73.333")
    assert stats.median == Decimal("70.000")
    assert stats.spread == Decimal("30.000")
    assert stats.std_dev == Decimal("12.472")  # population standard deviation
    assert stats.disagreement is True


def test_disagreement_is_strictly_above_the_threshold():
    assert not dossier_statistics([Decimal("50"), Decimal("70")], threshold=Decimal("20")).disagreement
    assert dossier_statistics([Decimal("50"), Decimal("70.5")], threshold=Decimal("20")).disagreement


def test_no_review_no_statistics():
    stats = dossier_statistics([], threshold=Decimal("20"))
    assert stats.count == 0 and stats.mean is None and not stats.disagreement


@given(st.lists(st.decimals(min_value=0, max_value=100, places=3), min_size=1, max_size=6))
@settings(max_examples=60)
def test_statistics_bounds(scores):
    stats = dossier_statistics(scores, threshold=Decimal("20"))
    assert min(scores) - Decimal("0.001") <= stats.mean <= max(scores) + Decimal("0.001")
    assert min(scores) - Decimal("0.001") <= stats.median <= max(scores) + Decimal("0.001")
    assert Decimal(0) <= stats.std_dev <= stats.spread / 2 + Decimal("0.001")


# --------------------------------------------------------------------------------------------
# The review's life
# --------------------------------------------------------------------------------------------
@pytest.fixture
def scored(db):
    call = call_with_grid()
    application = dossier(call, state=ADMISSIBLE)
    person = reviewer()
    assign(application, person)
    return application, person


def test_only_an_assigned_reviewer_starts_a_review(scored):
    application, person = scored
    assert scoring.start_review(application=application, reviewer=person).state == Review.State.DRAFT
    for outsider in (reviewer(), committee(), official()):
        with pytest.raises(PermissionDenied):
            scoring.start_review(application=application, reviewer=outsider)


def test_a_dossier_not_yet_admissible_cannot_be_scored(db):
    call = call_with_grid()
    application = dossier(call, state=Application.State.UNDER_REVIEW)
    person = reviewer()
    assign(application, person)
    with pytest.raises(PermissionDenied):
        scoring.start_review(application=application, reviewer=person)


def test_a_draft_may_be_partial_but_a_started_line_needs_a_justification(scored):
    application, person = scored
    review = scoring.start_review(application=application, reviewer=person)
    criteria = scoring.criteria_of(application)
    scoring.save_review(
        review=review,
        actor=person,
        entries={criteria[0].pk: ScoreEntry(7, "Bien argumenté.")},
        recommendation="",
        comment="",
    )
    assert review.scores.get().points == 7
    with pytest.raises(ValidationError) as error:
        scoring.save_review(
            review=review, actor=person, entries={criteria[1].pk: ScoreEntry(4, "")}, recommendation="", comment=""
        )
    assert error.value.message_dict == {f"justification_{criteria[1].pk}": ["Justifiez cette note."]}


def test_submission_needs_every_criterion_a_recommendation_and_a_comment(scored):
    application, person = scored
    review = scoring.start_review(application=application, reviewer=person)
    criteria = scoring.criteria_of(application)
    with pytest.raises(ValidationError) as error:
        scoring.save_review(
            review=review,
            actor=person,
            entries={criteria[0].pk: ScoreEntry(7, "Bien.")},
            recommendation="",
            comment="",
            submit=True,
        )
    fields = set(error.value.message_dict)
    assert fields == {
        f"points_{criteria[1].pk}",
        f"justification_{criteria[1].pk}",
        f"points_{criteria[2].pk}",
        f"justification_{criteria[2].pk}",
        "recommendation",
        "comment",
    }
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT and review.score is None


def test_points_above_the_maximum_are_refused(scored):
    application, person = scored
    review = scoring.start_review(application=application, reviewer=person)
    last = scoring.criteria_of(application)[-1]  # out of 5
    with pytest.raises(ValidationError) as error:
        scoring.save_review(
            review=review, actor=person, entries={last.pk: ScoreEntry(6, "Trop.")}, recommendation="", comment=""
        )
    assert "entre 0 et 5" in error.value.message_dict[f"points_{last.pk}"][0]


def test_submitting_computes_the_weighted_mean_and_locks_the_review(scored):
    application, person = scored
    review = submitted_review(application, person, [8, 5, 4])
    assert review.state == Review.State.SUBMITTED
    assert review.score == Decimal("70.000")
    assert review.submitted_at is not None
    with pytest.raises(ValidationError):
        scoring.save_review(
            review=review, actor=person, entries=entries_for(application, [10, 10, 5]), recommendation="", comment=""
        )
    review.refresh_from_db()
    assert review.score == Decimal("70.000")


def test_another_person_cannot_change_a_review(scored):
    application, person = scored
    review = scoring.start_review(application=application, reviewer=person)
    other = reviewer()
    assign(application, other)
    with pytest.raises(PermissionDenied):
        scoring.save_review(
            review=review, actor=other, entries=entries_for(application, [1, 1, 1]), recommendation="", comment=""
        )


def test_every_score_change_is_in_the_audit_log(scored):
    application, person = scored
    review = scoring.start_review(application=application, reviewer=person)
    first = scoring.criteria_of(application)[0]
    scoring.save_review(
        review=review, actor=person, entries={first.pk: ScoreEntry(3, "Faible.")}, recommendation="", comment=""
    )
    scoring.save_review(
        review=review, actor=person, entries={first.pk: ScoreEntry(6, "Meilleur.")}, recommendation="", comment=""
    )
    entry = AuditEntry.objects.filter(action="review_draft_saved", application=application).order_by("-id").first()
    assert entry.actor == person
    key = f"{first.position}. {first.label} — points"
    assert entry.changes[key] == [3, 6]
    scoring.save_review(
        review=review,
        actor=person,
        entries=entries_for(application, [6, 6, 3]),
        recommendation=Review.Recommendation.RESERVED,
        comment="Avis.",
        submit=True,
    )
    submitted = AuditEntry.objects.get(action="review_submitted", application=application)
    assert submitted.changes["state"] == ["draft", "submitted"]
    assert submitted.changes["score"][1] == "60.000"


def test_only_the_committee_reopens_a_review_and_says_why(scored):
    application, person = scored
    review = submitted_review(application, person, [8, 5, 4])
    for outsider in (person, official(), reviewer()):
        with pytest.raises(PermissionDenied):
            scoring.reopen_review(review=review, actor=outsider, reason="Pourquoi pas.")
    member = committee()
    with pytest.raises(ValidationError):
        scoring.reopen_review(review=review, actor=member, reason="  ")
    scoring.reopen_review(review=review, actor=member, reason="Justifications trop brèves.")
    review.refresh_from_db()
    assert review.state == Review.State.DRAFT and review.score is None and review.submitted_at is None
    entry = AuditEntry.objects.get(action="review_reopened")
    assert entry.actor == member and entry.reason == "Justifications trop brèves."
    # Its author may change and submit it again.
    submitted_review(application, person, [9, 9, 5])
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED and review.score == Decimal("91.667")


def test_running_total_counts_only_the_criteria_scored(scored):
    application, _person = scored
    criteria = scoring.criteria_of(application)
    total, count = scoring.running_total(criteria, {criteria[0].pk: 10, criteria[1].pk: None})
    assert (total, count) == (Decimal("100.000"), 1)
    assert scoring.running_total(criteria, {}) == (None, 0)
