"""The explanation of the algorithmic processing, for one carrier's dossier (CRPA R.311-3-1-2).

A decision on a dossier of the call is taken with the help of an algorithmic processing: the
scores are averaged (and possibly calibrated), the dossiers ranked, and a selection suggested to
the committee under the call's published method. On request, the administration tells the person
concerned, for their own case: the degree and mode of the algorithm's contribution to the
decision, the data processed and their sources, the parameters and their weights as applied to
them, and the operations performed. This module gathers those facts for one dossier, from the same
functions the committee's screens use, and renders them as a PDF written in French.

The figures are computed when the document is produced, from the recorded reviews and the current
ranking; the document says so.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation

from applications import selection_methods
from applications.formatting import paris_time
from applications.models import Application, Criterion

from . import calibration as calibration_module
from . import ranking, selection
from .documents import html_to_pdf
from .models import Decision, Proposal, Review, Score

Method = selection.Method


@dataclass(frozen=True)
class CriterionLine:
    criterion: Criterion
    share: int  # percent of the score
    points: list  # one entry per review, in the order of ``reviews``


@dataclass(frozen=True)
class ReviewLine:
    number: int
    score: Decimal
    calibrated: float | None


def latest_decision(application: Application) -> Decision | None:
    return Decision.objects.filter(application=application, status=Decision.Status.ISSUED).order_by("-version").first()


def explanation_context(application: Application, decision: Decision) -> dict:
    """Everything the explanation states about ``application``, with its own figures."""
    call = application.call
    basis = ranking.basis_of(call)
    reviews = list(
        Review.objects.filter(application=application, state=Review.State.SUBMITTED, score__isnull=False).order_by(
            "submitted_at", "pk"
        )
    )
    calibration = calibration_module.calibration_for(call) if basis == ranking.CALIBRATED else None
    review_lines = [
        ReviewLine(
            number=index,
            score=review.score,
            calibrated=calibration.calibrate(reviewer_id=review.reviewer_id, score=review.score)
            if calibration
            else None,
        )
        for index, review in enumerate(reviews, start=1)
    ]
    points = {
        (review_id, criterion_id): value
        for review_id, criterion_id, value in Score.objects.filter(review__in=reviews).values_list(
            "review_id", "criterion_id", "points"
        )
    }
    criteria = list(Criterion.objects.filter(call=call).order_by("position"))
    total_weight = sum((c.weight for c in criteria), Decimal("0"))
    criterion_lines = [
        CriterionLine(
            criterion=c,
            share=round(100 * c.weight / total_weight) if total_weight else 0,
            points=[points.get((review.pk, c.pk)) for review in reviews],
        )
        for c in criteria
    ]

    places = list(selection.ranked_dossiers(call).values_list("pk", "rank", "score", "raw_score", "calibrated_score"))
    own = next((place for place in places if place[0] == application.pk), None)
    ranked = own is not None
    rank = own[1] if ranked else None
    score = selection.quantize_score(own[2]) if ranked else None
    raw_score = selection.quantize_score(own[3]) if ranked else None

    candidates = selection.suggestion_candidates(call)
    minimum = call.minimum_score or Decimal("0")
    method = call.selection_method
    suggestion = selection.selection_by(
        method, candidates, cap=call.max_selected, envelope=call.budget_envelope, minimum_score=minimum
    )
    is_candidate = any(c.key == application.pk for c in candidates)
    suggested = application.pk in suggestion.keys
    step = None
    if method == Method.RANK_ORDER:
        walk = selection.rank_order_walk(
            candidates, cap=call.max_selected, envelope=call.budget_envelope, minimum_score=minimum
        )
        step = next((s for s in walk if s.candidate.key == application.pk), None)
    proposal = Proposal.objects.filter(application=application).first()
    awarded = decision.kind == Decision.Kind.AWARD
    return {
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "decision": decision,
        "awarded": awarded,
        "followed": awarded == suggested,
        "calibrated": basis == ranking.CALIBRATED,
        "criteria": criterion_lines,
        "reviews": review_lines,
        "ranked": ranked,
        "rank": rank,
        "ranked_count": len(places),
        "score": score,
        "raw_score": raw_score,
        "minimum": minimum,
        "below_minimum": ranked and minimum and (score is None or score < minimum),
        "below_minimum_reason": proposal.below_minimum_reason if proposal else "",
        "is_candidate": is_candidate,
        "candidate_count": len(candidates),
        "suggested": suggested,
        "suggestion": suggestion,
        "method_label": Method(method).label,
        "rank_order": method == Method.RANK_ORDER,
        "step": step,
        "cap_reached_before": method == Method.RANK_ORDER and is_candidate and step is None and not suggested,
        "rules": selection_methods.published_rules(call),
        "generated_at": paris_time(timezone.now()),
    }


def render_explanation_pdf(application: Application, decision: Decision) -> bytes:
    """The explanation as a PDF; like the acts it accompanies, it is written in French."""
    with translation.override("fr"):
        html = render_to_string("pdf/algorithm_explanation.html", explanation_context(application, decision))
    return html_to_pdf(html)


def download_name(application: Application) -> str:
    return f"explication-algorithme-{application.reference}.pdf"
