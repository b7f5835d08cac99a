"""The rules of the selection, in plain words, as the call publishes them before anyone applies.

The committee's screen computes a suggested selection from the reviewers' scores (review/selection.py);
this module says what that computation is, for one call: how a dossier's score is obtained, the
minimum score, and how the envelope and the cap are applied under the call's selection method. The
call page publishes these paragraphs (CRPA L.312-1-3: the rules of the main algorithmic processings
are published online) and the explanation each carrier may download quotes them (R.311-3-1-2).

Each paragraph is a function of the call, so that the figures a carrier reads are the call's own.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .formatting import format_euros
from .models import Call

Method = Call.SelectionMethod


def format_points(value: Decimal | float | int | None) -> str:
    """``Decimal("62.50")`` → ``62,5`` (points out of 100, French decimal comma)."""
    if value is None:
        return "—"
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def scoring_paragraph(call: Call) -> str:
    return _(
        "The score of a dossier is the mean of the scores its reviewers gave, each being the weighted "
        "mean of the criteria of the grid, out of 100 (every criterion is scored and justified). "
        "Dossiers are ranked from the highest score to the lowest."
    )


def calibration_paragraph(call: Call) -> str:
    """Empty when the ranking uses the reviewers' raw scores."""
    if call.ranking_basis != "calibrated":
        return ""
    return _(
        "The ranking uses calibrated scores: some reviewers score more generously than others, so "
        "each reviewer's scores are compared with that reviewer's own average and spread over every "
        "dossier they reviewed in this call, then put back on the 0–100 scale with the average and "
        "spread of all the call's reviews. The order of one reviewer's own scores never changes; the "
        "score of a reviewer who reviewed a single dossier is kept as it is."
    )


def tie_paragraph(call: Call) -> str:
    return _(
        "Between two dossiers with the same score, the other score (raw or calibrated) decides, then "
        "the smaller requested amount, then the dossier created first."
    )


def minimum_paragraph(call: Call) -> str:
    if not call.minimum_score:
        return _("No minimum score is set: every fully reviewed dossier can be suggested.")
    return _(
        "A dossier whose score is below %(minimum)s points out of 100 is never suggested. The committee "
        "may select it only exceptionally, with a written reason recorded with its proposal."
    ) % {"minimum": format_points(call.minimum_score)}


def envelope_paragraph(call: Call) -> str:
    return ngettext(
        "The grants awarded add up to at most %(envelope)s in total, and at most %(cap)d carrier is "
        "selected. A suggestion awards each dossier the amount it requests.",
        "The grants awarded add up to at most %(envelope)s in total, and at most %(cap)d carriers are "
        "selected. A suggestion awards each dossier the amount it requests.",
        call.max_selected,
    ) % {"envelope": format_euros(call.budget_envelope), "cap": call.max_selected}


def rank_order_paragraph(call: Call) -> str:
    return _(
        "The ranking is read from the top. Each "
        "dossier is taken if its requested amount still fits in what is left of the envelope and if "
        "fewer than %(cap)d dossiers are taken; otherwise it is skipped and the next one is examined. "
        "The reading stops when the cap is reached."
    ) % {"cap": call.max_selected}


def best_total_paragraph(call: Call) -> str:
    return _(
        "Among all the groups of at most "
        "%(cap)d dossiers whose requested amounts fit together in the envelope, the one whose scores "
        "add up to the most is suggested (computed exactly, not estimated). Between groups with the "
        "same total, the one asking for less money, then the one with the better-ranked dossiers. A "
        "well-ranked dossier may therefore be left out if two others together score more."
    ) % {"cap": call.max_selected}


PARAGRAPHS = {Method.RANK_ORDER: rank_order_paragraph, Method.BEST_TOTAL: best_total_paragraph}


def method_paragraph(call: Call, method: str | None = None) -> str:
    """The paragraph of ``method`` (by default the call's own), with the call's figures."""
    return PARAGRAPHS[Method(method or call.selection_method)](call)


def advice_paragraph(call: Call) -> str:
    return _(
        "This computation is advice to the selection committee, which reads the reviews and decides: it "
        "may depart from the suggestion, and the minutes of the committee record both. Once a decision "
        "is taken, each carrier can download from their dossier page the explanation of how these "
        "rules applied to their dossier (code des relations entre le public et l'administration, "
        "articles L.311-3-1 and R.311-3-1-2)."
    )


def published_rules(call: Call) -> dict:
    """Every paragraph the call page shows under « How dossiers are selected »."""
    return {
        "scoring": scoring_paragraph(call),
        "calibration": calibration_paragraph(call),
        "ties": tie_paragraph(call),
        "minimum": minimum_paragraph(call),
        "envelope": envelope_paragraph(call),
        "method_label": Method(call.selection_method).label,
        "method": method_paragraph(call),
        "advice": advice_paragraph(call),
    }
