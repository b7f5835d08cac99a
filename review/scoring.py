"""Scoring: one review per reviewer and dossier, against the call's weighted criteria grid.

A review's score is the weighted **mean** of its criterion scores, each taken as a share of the
criterion's maximum, normalised to 100. A weighted sum would let a skipped criterion silently
count as zero; here every criterion must be scored (with a justification) before a review can be
submitted, so a missing criterion is impossible rather than silently zero.

A dossier's score is the mean of its submitted reviews, with the median, the spread (population
standard deviation, max − min) and a disagreement flag when max − min is above the call's
threshold.

Reviews go through :func:`start_review`, :func:`save_review` (draft, optionally submitting it) and
:func:`reopen_review` (committee). Each one locks the rows it changes and writes the audit log.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit, roles
from applications.models import Application, Criterion

from .models import Review, Score

HUNDRED = Decimal("100")
SCORE_PLACES = Decimal("0.001")


# --------------------------------------------------------------------------------------------
# The maths
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CriterionScore:
    points: int
    max_points: int
    weight: Decimal


def weighted_mean(scores: Iterable[CriterionScore]) -> Decimal:
    """The weighted mean of ``points / max_points``, normalised to 100, to 3 decimal places.

    Raises ``ValueError`` for an empty grid, a non-positive weight or maximum, or points outside
    ``0..max_points``: callers validate first, this is the last line of defence.
    """
    scores = list(scores)
    if not scores:
        raise ValueError("A review needs at least one criterion.")
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for score in scores:
        if score.weight <= 0 or score.max_points <= 0:
            raise ValueError("Weights and maxima must be positive.")
        if not 0 <= score.points <= score.max_points:
            raise ValueError(f"{score.points} is outside 0..{score.max_points}.")
        total_weight += score.weight
        weighted += score.weight * Decimal(score.points) / Decimal(score.max_points)
    return (weighted / total_weight * HUNDRED).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def running_total(criteria: Sequence[Criterion], points: dict[int, int | None]) -> tuple[Decimal | None, int]:
    """The weighted mean of the criteria scored so far (for the form), and how many are scored."""
    scored = [
        CriterionScore(points[c.pk], c.max_points, c.weight)
        for c in criteria
        if points.get(c.pk) is not None and 0 <= points[c.pk] <= c.max_points
    ]
    return (weighted_mean(scored) if scored else None), len(scored)


@dataclass(frozen=True)
class DossierStatistics:
    count: int
    mean: Decimal | None
    median: Decimal | None
    std_dev: Decimal | None
    spread: Decimal | None
    disagreement: bool


def dossier_statistics(scores: Sequence[Decimal], *, threshold: Decimal) -> DossierStatistics:
    """Mean, median, population standard deviation and max − min of submitted review scores.

    Reviewers disagree when max − min is strictly above ``threshold`` (points out of 100).
    """
    values = [Decimal(s) for s in scores if s is not None]
    if not values:
        return DossierStatistics(0, None, None, None, None, False)
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    spread = max(values) - min(values)
    q = SCORE_PLACES
    return DossierStatistics(
        count=len(values),
        mean=mean.quantize(q, rounding=ROUND_HALF_UP),
        median=Decimal(statistics.median(values)).quantize(q, rounding=ROUND_HALF_UP),
        std_dev=variance.sqrt().quantize(q, rounding=ROUND_HALF_UP),
        spread=spread.quantize(q, rounding=ROUND_HALF_UP),
        disagreement=spread > Decimal(threshold),
    )


# --------------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreEntry:
    """What a reviewer typed for one criterion; either part may still be empty in a draft."""

    points: int | None
    justification: str = ""


def may_review(user, application: Application) -> bool:
    """An assigned reviewer without a conflict, on an admissible dossier."""
    return application.state == Application.State.ADMISSIBLE and roles.REVIEWER in roles.roles_for(user, application)


def criteria_of(application: Application) -> list[Criterion]:
    return list(Criterion.objects.filter(call_id=application.call_id).order_by("position"))


def start_review(*, application: Application, reviewer) -> Review:
    """The reviewer's review of ``application``, created as a draft on first use."""
    if not may_review(reviewer, application):
        raise PermissionDenied(_("You may not review this dossier."))
    review, created = Review.objects.get_or_create(application=application, reviewer=reviewer)
    if created:
        audit.record(action="review_started", actor=reviewer, application=application, obj=review)
    return review


def entry_errors(criterion: Criterion, entry: ScoreEntry | None, *, complete: bool) -> dict[str, str]:
    """French errors for one line of the grid, keyed ``points`` / ``justification``.

    A draft may leave a line empty; a line that is started must be valid, and a submitted review
    needs every line.
    """
    errors = {}
    points = entry.points if entry else None
    justification = (entry.justification or "").strip() if entry else ""
    if points is None:
        if complete or justification:
            errors["points"] = _("Give a score between 0 and %(max)s.") % {"max": criterion.max_points}
    elif not 0 <= points <= criterion.max_points:
        errors["points"] = _("The score must be between 0 and %(max)s.") % {"max": criterion.max_points}
    if not justification and (complete or points is not None):
        errors["justification"] = _("Justify this score.")
    return errors


class ReviewIncomplete(ValidationError):
    """Raised with a dict of French errors keyed by ``points_<criterion id>`` and so on."""


def _criterion_key(criterion: Criterion, part: str) -> str:
    return f"{criterion.position}. {criterion.label} — {part}"


def save_review(
    *,
    review: Review,
    actor,
    entries: dict[int, ScoreEntry],
    recommendation: str,
    comment: str,
    submit: bool = False,
) -> Review:
    """Save the reviewer's grid as a draft and, with ``submit``, submit it (then it is locked).

    ``entries`` maps criterion ids to what was typed. Every change is written to the audit log
    (old and new values). Raises ``ReviewIncomplete`` (French messages per field) when a started
    line is invalid, or when submitting anything less than a complete review; ``PermissionDenied``
    when ``actor`` is not this review's reviewer or may no longer review the dossier.
    """
    with transaction.atomic():
        review = Review.objects.select_for_update(no_key=True).select_related("application").get(pk=review.pk)
        application = review.application
        if review.reviewer_id != getattr(actor, "pk", None) or not may_review(actor, application):
            raise PermissionDenied(_("You may not change this review."))
        if review.state != Review.State.DRAFT:
            raise ValidationError(_("This review is submitted: it can no longer be changed."), code="locked")

        criteria = criteria_of(application)
        errors = {}
        for criterion in criteria:
            for part, message in entry_errors(criterion, entries.get(criterion.pk), complete=submit).items():
                errors[f"{part}_{criterion.pk}"] = message
        recommendation = recommendation or ""
        if recommendation and recommendation not in Review.Recommendation.values:
            errors["recommendation"] = _("Choose a recommendation.")
        if submit and not recommendation:
            errors["recommendation"] = _("Choose a recommendation before submitting.")
        if submit and not (comment or "").strip():
            errors["comment"] = _("Write an overall comment before submitting.")
        if errors:
            raise ReviewIncomplete(errors)

        existing = {s.criterion_id: s for s in review.scores.all()}
        before, after = {}, {}
        for criterion in criteria:
            entry = entries.get(criterion.pk)
            score = existing.get(criterion.pk)
            if score is not None:
                before[_criterion_key(criterion, "points")] = score.points
                before[_criterion_key(criterion, "justification")] = score.justification
            if entry is None or entry.points is None:
                if score is not None:
                    score.delete()
                continue
            justification = entry.justification.strip()
            after[_criterion_key(criterion, "points")] = entry.points
            after[_criterion_key(criterion, "justification")] = justification
            if score is None:
                Score.objects.create(
                    review=review, criterion=criterion, points=entry.points, justification=justification
                )
            elif (score.points, score.justification) != (entry.points, justification):
                score.points, score.justification = entry.points, justification
                score.save(update_fields=["points", "justification"])
        for key in before:
            after.setdefault(key, None)
        before["recommendation"], after["recommendation"] = review.recommendation, recommendation
        before["comment"], after["comment"] = review.comment, (comment or "").strip()
        review.recommendation = recommendation
        review.comment = (comment or "").strip()

        changes = audit.field_changes(before, after)
        if submit:
            review.score = weighted_mean(CriterionScore(entries[c.pk].points, c.max_points, c.weight) for c in criteria)
            review.state = Review.State.SUBMITTED
            review.submitted_at = timezone.now()
            changes["state"] = [Review.State.DRAFT, Review.State.SUBMITTED]
            changes["score"] = [None, review.score]
        review.save()
        if changes:
            audit.record(
                action="review_submitted" if submit else "review_draft_saved",
                actor=actor,
                application=application,
                obj=review,
                changes=changes,
            )
    return review


def may_reopen(user) -> bool:
    return roles.COMMITTEE in roles.staff_roles(user)


def reopen_review(*, review: Review, actor, reason: str) -> Review:
    """A committee member sends a submitted review back to draft, saying why (logged)."""
    if not may_reopen(actor):
        raise PermissionDenied(_("Only a member of the selection committee may reopen a review."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    with transaction.atomic():
        review = Review.objects.select_for_update(no_key=True).select_related("application").get(pk=review.pk)
        if review.state != Review.State.SUBMITTED:
            raise ValidationError(_("Only a submitted review can be reopened."), code="not_submitted")
        if review.application.state != Application.State.ADMISSIBLE:
            raise ValidationError(
                _("The dossier is no longer being scored: its reviews can no longer be reopened."),
                code="not_admissible",
            )
        changes = {
            "state": [review.state, Review.State.DRAFT],
            "score": [review.score, None],
            "submitted_at": [review.submitted_at, None],
        }
        review.state = Review.State.DRAFT
        review.score = None
        review.submitted_at = None
        review.save(update_fields=["state", "score", "submitted_at", "updated_at"])
        audit.record(
            action="review_reopened",
            actor=actor,
            application=review.application,
            obj=review,
            reason=reason,
            changes=changes,
        )
    return review


def void_review(*, review: Review, actor, reason: str) -> Review:
    """Take a review out of the scores (back to draft) because its author may no longer judge.

    Used when a reviewer declares a conflict of interest: the draft and its scores stay for the
    record, but a draft never counts.
    """
    with transaction.atomic():
        review = Review.objects.select_for_update(no_key=True).select_related("application").get(pk=review.pk)
        if review.state == Review.State.DRAFT:
            return review
        changes = {"state": [review.state, Review.State.DRAFT], "score": [review.score, None]}
        review.state = Review.State.DRAFT
        review.score = None
        review.submitted_at = None
        review.save(update_fields=["state", "score", "submitted_at", "updated_at"])
        audit.record(
            action="review_voided",
            actor=actor,
            application=review.application,
            obj=review,
            reason=reason,
            changes=changes,
        )
    return review
