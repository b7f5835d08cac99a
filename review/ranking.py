"""The committee's ranking of a call's admissible dossiers, computed by the database.

One query ranks the dossiers: the mean of their submitted reviews, raw and calibrated (one
``GROUP BY`` over the reviews), the number of those reviews, then the rank and the cumulative
requested amount as window functions. Only what ranks is aggregated over every dossier, and only
the columns shown are read: a dossier's long texts would make the sort of thousands of rows spill
to disk. The paginator counts the plain dossiers (no aggregate, no window). Three more queries
fetch the page's per-criterion means, review scores (median, spread, standard deviation) and
assignments. The number of queries therefore does not depend on the number of dossiers, on screen
or in the exports.
"""

import csv
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import Cast, Round, RowNumber
from django.utils.translation import gettext as _

from applications import audit, roles
from applications.models import Application, Call, Criterion

from . import calibration as calibration_module
from .models import AdmissibilityCheck, Assignment, Review, Score

S = Application.State
RAW = "raw"
CALIBRATED = "calibrated"
BASES = (RAW, CALIBRATED)
PER_PAGE = 50


def basis_of(call: Call, requested: str | None = None) -> str:
    if requested in BASES:
        return requested
    return getattr(call, "ranking_basis", RAW) or RAW


def choose_basis(*, call: Call, basis: str, actor) -> Call:
    """The committee chooses which score ranks the dossiers (logged)."""
    if roles.COMMITTEE not in roles.staff_roles(actor):
        raise PermissionDenied(_("Only the selection committee chooses the scores used for the ranking."))
    if basis not in BASES:
        raise ValidationError(_("Choose raw or calibrated scores."))
    with transaction.atomic():
        previous = Call.objects.select_for_update().values_list("ranking_basis", flat=True).get(pk=call.pk)
        Call.objects.filter(pk=call.pk).update(ranking_basis=basis)
        call.ranking_basis = basis
        audit.record(
            action="ranking_basis_chosen", actor=actor, call=call, changes={"ranking_basis": [previous, basis]}
        )
    return call


def ranked_dossiers(call: Call) -> QuerySet[Application]:
    """The dossiers a ranking lists: admissible ones, including those since decided."""
    return Application.objects.filter(call=call).filter(
        Q(state=S.ADMISSIBLE)
        | Q(state__in=[S.AWARDED, S.REFUSED], admissibility__outcome=AdmissibilityCheck.Outcome.ADMISSIBLE)
    )


def ranking_queryset(
    call: Call, *, basis: str, calibration: calibration_module.Calibration | None = None
) -> QuerySet[Application]:
    """Every ranked dossier with ``raw_score``, ``calibrated_score``, ``reviews_done``, ``rank``
    and ``cumulative_requested``, in rank order.

    Select the columns needed (``only``, ``values``): the sort runs over every ranked dossier.
    """
    calibration = calibration or calibration_module.calibration_for(call)
    submitted = Q(reviews__state=Review.State.SUBMITTED, reviews__score__isnull=False)
    calibrated = calibration_module.calibrated_expression(
        calibration, score="reviews__score", reviewer="reviews__reviewer_id"
    )
    queryset = (
        ranked_dossiers(call)
        .select_related("organisation")
        .annotate(
            # Rounded so that float noise never decides between two equal scores.
            raw_score=Round(Avg(Cast("reviews__score", FloatField()), filter=submitted), 3),
            calibrated_score=Round(Avg(calibrated, filter=submitted), 3),
            reviews_done=Count("reviews", filter=submitted),
        )
    )
    primary = "calibrated_score" if basis == CALIBRATED else "raw_score"
    secondary = "raw_score" if basis == CALIBRATED else "calibrated_score"
    order = [
        F(primary).desc(nulls_last=True),
        F(secondary).desc(nulls_last=True),
        F("requested_amount").asc(nulls_last=True),
        F("pk").asc(),
    ]
    return queryset.annotate(
        rank=Window(RowNumber(), order_by=order),
        cumulative_requested=Window(Sum("requested_amount"), order_by=order, frame=RowRange(start=None, end=0)),
    ).order_by(*order)


PLACE = ("pk", "raw_score", "calibrated_score", "reviews_done", "rank", "cumulative_requested")
# The columns of a dossier a ranking row shows (screen and exports), read for the rows shown only.
SHOWN_FIELDS = ("reference", "title", "requested_amount", "organisation__name")


def places(call: Call, *, basis: str, calibration: calibration_module.Calibration) -> QuerySet:
    """The ranking's figures alone (``PLACE``), in rank order: the rows the database sorts stay narrow."""
    return ranking_queryset(call, basis=basis, calibration=calibration).values(*PLACE)


class RankingPaginator(Paginator):
    """Counts the call's ranked dossiers as they are: no review aggregated, no window."""

    def __init__(self, object_list, per_page, *, call: Call):
        super().__init__(object_list, per_page)
        self.call = call

    @cached_property
    def count(self) -> int:
        return ranked_dossiers(self.call).count()


def dossier_scores(call: Call, *, basis: str | None = None) -> dict[int, float | None]:
    """Each ranked dossier's score on ``basis`` (by default the committee's choice), in rank order.

    For the screens that follow the ranking (selection): one query, whatever the number of dossiers.
    """
    basis = basis_of(call, basis)
    field = "calibrated_score" if basis == CALIBRATED else "raw_score"
    return {
        pk: None if value is None else float(value)
        for pk, value in ranking_queryset(call, basis=basis).values_list("pk", field)
    }


@dataclass
class RankingRow:
    application: Application
    rank: int
    score: float | None
    raw_score: float | None
    calibrated_score: float | None
    reviews_done: int
    reviews_expected: int
    lowest: float | None
    highest: float | None
    std_dev: float | None
    median: float | None
    disagreement: bool
    requested_amount: Decimal | None
    cumulative_requested: Decimal | None
    within_envelope: bool
    criterion_means: list[float | None] = field(default_factory=list)

    @property
    def spread(self) -> float | None:
        if self.lowest is None or self.highest is None:
            return None
        return self.highest - self.lowest


def _float(value) -> float | None:
    return None if value is None else float(value)


def _std_dev(raw_score: float | None, scores: list[float]) -> float | None:
    """Population standard deviation around the (rounded) raw score, as the ranking shows it."""
    if raw_score is None:
        return None
    if len(scores) < 2:
        return 0.0
    mean_of_squares = sum(x * x for x in scores) / len(scores)
    return math.sqrt(max(0.0, mean_of_squares - raw_score**2))


def _details(application_ids: list[int]) -> tuple[dict, dict, dict]:
    """Per-criterion mean points, submitted scores and number of assigned reviewers of the given
    dossiers (three queries)."""
    means: dict[int, dict[int, float]] = defaultdict(dict)
    for application_id, criterion_id, mean in (
        Score.objects.filter(review__application_id__in=application_ids, review__state=Review.State.SUBMITTED)
        .values("review__application_id", "criterion_id")
        .annotate(mean=Avg(Cast("points", FloatField())))
        .values_list("review__application_id", "criterion_id", "mean")
        .order_by()
    ):
        means[application_id][criterion_id] = mean
    scores: dict[int, list[float]] = defaultdict(list)
    for application_id, score in Review.objects.filter(
        application_id__in=application_ids, state=Review.State.SUBMITTED, score__isnull=False
    ).values_list("application_id", "score"):
        scores[application_id].append(float(score))
    assigned = dict(
        Assignment.objects.filter(application_id__in=application_ids)
        .values("application_id")
        .annotate(n=Count("pk"))
        .values_list("application_id", "n")
        .order_by()
    )
    return means, scores, assigned


def build_rows(call: Call, ranked: Iterable[dict], *, basis: str, criteria: list[Criterion]) -> list[RankingRow]:
    """The rows of the given places (``places``): their dossiers' shown columns and figures."""
    ranked = list(ranked)
    ids = [place["pk"] for place in ranked]
    dossiers = Application.objects.select_related("organisation").only(*SHOWN_FIELDS).in_bulk(ids)
    means, scores, assigned = _details(ids)
    threshold = float(call.disagreement_threshold)
    rows = []
    for place in ranked:
        a = dossiers[place["pk"]]
        a.rank, a.reviews_done, a.cumulative_requested = (
            place["rank"],
            place["reviews_done"],
            place["cumulative_requested"],
        )
        a.raw_score, a.calibrated_score = _float(place["raw_score"]), _float(place["calibrated_score"])
        own = scores.get(a.pk, [])
        lowest, highest = (min(own), max(own)) if own else (None, None)
        spread = None if lowest is None else highest - lowest
        rows.append(
            RankingRow(
                application=a,
                rank=a.rank,
                score=a.calibrated_score if basis == CALIBRATED else a.raw_score,
                raw_score=a.raw_score,
                calibrated_score=a.calibrated_score,
                reviews_done=a.reviews_done,
                reviews_expected=max(assigned.get(a.pk, 0), call.reviewers_per_application),
                lowest=lowest,
                highest=highest,
                std_dev=_std_dev(a.raw_score, own),
                median=statistics.median(own) if own else None,
                disagreement=spread is not None and spread > threshold,
                requested_amount=a.requested_amount,
                cumulative_requested=a.cumulative_requested,
                within_envelope=a.cumulative_requested is not None and a.cumulative_requested <= call.budget_envelope,
                criterion_means=[means.get(a.pk, {}).get(c.pk) for c in criteria],
            )
        )
    return rows


@dataclass
class RankingPage:
    call: Call
    basis: str
    criteria: list[Criterion]
    page: object
    rows: list[RankingRow]
    calibration: calibration_module.Calibration


def ranking_page(call: Call, *, basis: str, page_number=1, per_page: int = PER_PAGE) -> RankingPage:
    calibration = calibration_module.calibration_for(call)
    criteria = list(Criterion.objects.filter(call=call).order_by("position"))
    paginator = RankingPaginator(places(call, basis=basis, calibration=calibration), per_page, call=call)
    page = paginator.get_page(page_number)
    rows = build_rows(call, page.object_list, basis=basis, criteria=criteria)
    return RankingPage(call, basis, criteria, page, rows, calibration)


def all_rows(call: Call, *, basis: str) -> tuple[list[Criterion], list[RankingRow]]:
    criteria = list(Criterion.objects.filter(call=call).order_by("position"))
    calibration = calibration_module.calibration_for(call)
    return criteria, build_rows(
        call, places(call, basis=basis, calibration=calibration), basis=basis, criteria=criteria
    )


# --------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _round(value, places=2):
    return None if value is None else round(float(value), places)


def export_header(criteria: list[Criterion]) -> list[str]:
    return [
        _("Rank"),
        _("Reference"),
        _("Organisation"),
        _("Project"),
        _("Score used for the ranking"),
        _("Raw score /100"),
        _("Calibrated score /100"),
        _("Median /100"),
        _("Standard deviation"),
        _("Lowest review score"),
        _("Highest review score"),
        _("Reviewers disagree"),
        _("Reviews done"),
        _("Reviews expected"),
        *[_("%(criterion)s (mean /%(max)s)") % {"criterion": c.label, "max": c.max_points} for c in criteria],
        _("Requested amount (€)"),
        _("Cumulative requested amount (€)"),
        _("Within the envelope"),
    ]


def export_values(row: RankingRow) -> list:
    a = row.application
    return [
        row.rank,
        a.reference or "",
        a.organisation.name,
        a.title,
        _round(row.score),
        _round(row.raw_score),
        _round(row.calibrated_score),
        _round(row.median),
        _round(row.std_dev),
        _round(row.lowest),
        _round(row.highest),
        _("yes") if row.disagreement else _("no"),
        row.reviews_done,
        row.reviews_expected,
        *[_round(m) for m in row.criterion_means],
        row.requested_amount,
        row.cumulative_requested,
        _("yes") if row.within_envelope else _("no"),
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return f"{value}".replace(".", ",")
    return str(neutralise(str(value)))


def csv_lines(call: Call, *, basis: str) -> Iterator[str]:
    """The ranking as CSV for a French spreadsheet (UTF-8 with BOM, « ; » separator, decimal comma)."""
    criteria, rows = all_rows(call, basis=basis)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff"
    writer.writerow([neutralise(h) for h in export_header(criteria)])
    yield flush()
    for row in rows:
        writer.writerow([_csv_cell(v) for v in export_values(row)])
        yield flush()


def xlsx_bytes(call: Call, *, basis: str) -> bytes:
    """The ranking as an XLSX workbook; every text cell is a string, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    criteria, rows = all_rows(call, basis=basis)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Ranking")[:31])

    def cells(values):
        out = []
        for value in values:
            if isinstance(value, Decimal):
                value = float(value)
            cell = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"
            out.append(cell)
        return out

    sheet.append(cells(export_header(criteria)))
    for row in rows:
        sheet.append(cells(export_values(row)))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
