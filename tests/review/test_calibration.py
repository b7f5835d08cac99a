"""Calibration: each reviewer's scores standardised over the call, mapped back to 0–100."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from applications.models import Application
from review import calibration
from review.models import Review

from .review_support import call_with_grid, dossier, reviewer, submitted_review

score = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)
pairs = st.lists(st.tuples(st.integers(1, 4), score), min_size=1, max_size=40)


@given(pairs)
def test_calibrated_scores_stay_between_0_and_100(scores):
    result = calibration.calibration_of_scores(scores)
    for reviewer_id, value in scores:
        assert 0.0 <= result.calibrate(reviewer_id=reviewer_id, score=value) <= 100.0


@given(pairs)
def test_calibration_keeps_the_order_of_one_reviewers_scores(scores):
    result = calibration.calibration_of_scores(scores)
    by_reviewer = {}
    for reviewer_id, value in scores:
        by_reviewer.setdefault(reviewer_id, []).append(value)
    for reviewer_id, values in by_reviewer.items():
        ordered = sorted(values)
        calibrated = [result.calibrate(reviewer_id=reviewer_id, score=v) for v in ordered]
        assert all(a <= b + 1e-9 for a, b in zip(calibrated, calibrated[1:], strict=False))


@given(st.lists(score, min_size=2, max_size=20, unique=True), st.floats(min_value=-30, max_value=30))
@settings(max_examples=80)
def test_a_harsh_reviewer_is_corrected_to_match_a_neutral_one(values, offset):
    # Reviewer 2 scores the same dossiers as reviewer 1, shifted by ``offset``: once calibrated,
    # both give every dossier the same score.
    assume(all(0 <= v + offset <= 100 for v in values))
    assume(max(values) - min(values) > 1)
    scores = [(1, v) for v in values] + [(2, v + offset) for v in values]
    result = calibration.calibration_of_scores(scores)
    for value in values:
        neutral = result.calibrate(reviewer_id=1, score=value)
        harsh = result.calibrate(reviewer_id=2, score=value + offset)
        assert harsh == pytest.approx(neutral, abs=1e-6)


def test_a_reviewer_with_one_review_is_not_calibrated():
    result = calibration.calibration_of_scores([(1, 40.0), (1, 60.0), (2, 90.0)])
    assert result.calibrate(reviewer_id=2, score=90.0) == 90.0


def test_a_reviewer_who_gives_the_same_score_everywhere_maps_to_the_call_mean():
    result = calibration.calibration_of_scores([(1, 40.0), (1, 80.0), (2, 70.0), (2, 70.0)])
    assert result.calibrate(reviewer_id=2, score=70.0) == pytest.approx(result.mean)
    assert result.mean == pytest.approx(65.0)


def test_an_unknown_reviewer_keeps_the_raw_score():
    result = calibration.calibration_of_scores([(1, 40.0), (1, 60.0)])
    assert result.calibrate(reviewer_id=99, score=55.0) == 55.0


@pytest.mark.django_db
def test_the_database_computes_the_same_calibrated_scores_as_python():
    call = call_with_grid()
    lenient, harsh, neutral = reviewer(), reviewer(), reviewer()
    grid = [[8, 7, 4], [6, 5, 3], [4, 4, 2], [9, 9, 5]]
    for points in grid:
        application = dossier(call, state=Application.State.ADMISSIBLE)
        submitted_review(application, lenient, [min(10, p + 2) for p in points[:2]] + [min(5, points[2] + 1)])
        submitted_review(application, harsh, [max(0, p - 3) for p in points[:2]] + [max(0, points[2] - 2)])
        submitted_review(application, neutral, points)
    # One draft that must not count.
    extra = dossier(call, state=Application.State.ADMISSIBLE)
    Review.objects.create(application=extra, reviewer=neutral)

    from_db = calibration.calibration_for(call)
    reviews = list(calibration.annotate_calibrated(calibration.submitted_reviews(call), from_db))
    from_python = calibration.calibration_of_scores((r.reviewer_id, float(r.score)) for r in reviews)
    assert from_db.mean == pytest.approx(from_python.mean)
    assert from_db.std_dev == pytest.approx(from_python.std_dev)
    assert len(reviews) == 12
    for review in reviews:
        assert review.calibrated_score == pytest.approx(
            from_python.calibrate(reviewer_id=review.reviewer_id, score=float(review.score)), abs=1e-6
        )
    # The harsh reviewer's scores rise, the lenient one's fall.
    harsh_reviews = [r for r in reviews if r.reviewer_id == harsh.pk]
    lenient_reviews = [r for r in reviews if r.reviewer_id == lenient.pk]
    assert sum(r.calibrated_score - float(r.score) for r in harsh_reviews) > 0
    assert sum(r.calibrated_score - float(r.score) for r in lenient_reviews) < 0
