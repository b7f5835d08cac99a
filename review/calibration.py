"""Calibration: correcting each reviewer's leniency or harshness.

Some reviewers score everything high, others everything low. Over all the submitted reviews of a
call, each reviewer's scores are standardised against their own habits (how far a score is above
or below that reviewer's average, in units of that reviewer's spread), then mapped back to the
0–100 scale with the average and spread of all the call's reviews:

    calibrated = call mean + (score − reviewer mean) / reviewer std dev × call std dev

clamped to 0–100. This is a straight line with a positive slope for each reviewer, so the order
of one reviewer's own scores is always kept. A reviewer who gave every dossier the same score
tells nothing about relative merit: their scores map to the call mean. A reviewer with a single
review cannot be calibrated: their score is kept as it is.

The correction is linear per reviewer, so the database computes it for every review with one
``CASE`` expression built from the per-reviewer figures, read in a single query.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Case, Count, ExpressionWrapper, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Greatest, Least
from django.utils.translation import gettext_lazy as _

from applications.models import Call

from .models import Review

EXPLANATION = _(
    "Some reviewers are lenient and others harsh. The calibrated score corrects this: each "
    "reviewer's scores are compared with that reviewer's own average and spread over every "
    "dossier they reviewed in this call, then put back on the 0–100 scale using the average and "
    "spread of all the call's reviews. A dossier scored by a harsh reviewer therefore loses "
    "nothing against one scored by a lenient reviewer. The order of one reviewer's own scores "
    "never changes. A reviewer who reviewed a single dossier cannot be calibrated: that score is "
    "kept as it is. The calibrated score is a tool for the committee, not a replacement for "
    "reading the reviews: the committee chooses which score ranks the dossiers."
)


@dataclass(frozen=True)
class Line:
    """``calibrated = slope × score + intercept`` for one reviewer, before clamping to 0–100."""

    slope: float
    intercept: float

    def apply(self, score: float) -> float:
        return min(100.0, max(0.0, self.slope * float(score) + self.intercept))


IDENTITY = Line(1.0, 0.0)


@dataclass(frozen=True)
class ReviewerHabits:
    reviewer_id: int
    count: int
    mean: float
    std_dev: float


@dataclass(frozen=True)
class Calibration:
    mean: float
    std_dev: float
    habits: dict[int, ReviewerHabits]
    lines: dict[int, Line]

    def line_for(self, reviewer_id: int) -> Line:
        return self.lines.get(reviewer_id, IDENTITY)

    def calibrate(self, *, reviewer_id: int, score) -> float:
        return self.line_for(reviewer_id).apply(score)


def _std_dev(count: int, mean: float, mean_of_squares: float) -> float:
    if count < 2:
        return 0.0
    return math.sqrt(max(0.0, mean_of_squares - mean * mean))


def line_for(habits: ReviewerHabits, *, call_mean: float, call_std_dev: float) -> Line:
    if habits.count < 2:
        return IDENTITY
    if habits.std_dev <= 1e-9:
        return Line(0.0, call_mean)
    slope = call_std_dev / habits.std_dev
    return Line(slope, call_mean - slope * habits.mean)


def calibration_from(rows: Iterable[tuple[int, int, float, float]]) -> Calibration:
    """Build the calibration from ``(reviewer_id, count, mean, mean of squares)`` rows."""
    rows = [(r, int(n), float(m), float(m2)) for r, n, m, m2 in rows if n]
    total = sum(n for _r, n, _m, _m2 in rows)
    if not total:
        return Calibration(0.0, 0.0, {}, {})
    call_mean = sum(n * m for _r, n, m, _m2 in rows) / total
    call_mean_sq = sum(n * m2 for _r, n, _m, m2 in rows) / total
    call_std_dev = _std_dev(total, call_mean, call_mean_sq)
    habits = {r: ReviewerHabits(r, n, m, _std_dev(n, m, m2)) for r, n, m, m2 in rows}
    lines = {r: line_for(h, call_mean=call_mean, call_std_dev=call_std_dev) for r, h in habits.items()}
    return Calibration(call_mean, call_std_dev, habits, lines)


def calibration_of_scores(scores: Iterable[tuple[int, float]]) -> Calibration:
    """The same calibration from plain ``(reviewer_id, score)`` pairs (tests, exports)."""
    by_reviewer: dict[int, list[float]] = {}
    for reviewer_id, score in scores:
        by_reviewer.setdefault(reviewer_id, []).append(float(score))
    return calibration_from(
        (r, len(v), sum(v) / len(v), sum(x * x for x in v) / len(v)) for r, v in by_reviewer.items()
    )


def submitted_reviews(call: Call) -> QuerySet[Review]:
    """The reviews that count: submitted, on a dossier of ``call``."""
    return Review.objects.filter(application__call=call, state=Review.State.SUBMITTED, score__isnull=False)


def calibration_for(call: Call) -> Calibration:
    """Read every reviewer's habits in ``call`` with one query."""
    score = Cast("score", FloatField())
    rows = (
        submitted_reviews(call)
        .values("reviewer_id")
        .annotate(n=Count("pk"), m=Avg(score), m2=Avg(ExpressionWrapper(score * score, output_field=FloatField())))
        .values_list("reviewer_id", "n", "m", "m2")
        .order_by()
    )
    return calibration_from(rows)


def calibrated_expression(calibration: Calibration, *, score: str = "score", reviewer: str = "reviewer_id"):
    """A database expression computing the calibrated score of the row's review (0–100)."""
    raw = Cast(score, FloatField())
    whens = [
        When(
            Q(**{reviewer: reviewer_id}),
            then=ExpressionWrapper(
                raw * Value(line.slope, output_field=FloatField()) + Value(line.intercept, output_field=FloatField()),
                output_field=FloatField(),
            ),
        )
        for reviewer_id, line in sorted(calibration.lines.items())
        if line != IDENTITY
    ]
    linear = Case(*whens, default=raw, output_field=FloatField()) if whens else raw
    return Least(
        Greatest(linear, Value(0.0, output_field=FloatField())),
        Value(100.0, output_field=FloatField()),
        output_field=FloatField(),
    )


def annotate_calibrated(queryset: QuerySet[Review], calibration: Calibration) -> QuerySet[Review]:
    return queryset.annotate(calibrated_score=calibrated_expression(calibration))
