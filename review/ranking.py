"""The committee's ranking of a call's admissible dossiers, computed by the database.

One query ranks every dossier, aggregate first: the submitted reviews are grouped by dossier once
(mean, raw and calibrated, count, lowest, highest, mean of squares), joined to the ranked
dossiers' ids and amounts, and only then ranked with window functions (rank, cumulative requested
amount); the database returns the requested page only, with its assignment counts. The page's
dossiers are then read with the columns shown, and two more queries fetch their per-criterion
means and review scores (for the median). The paginator counts the plain dossiers. The number of
queries therefore does not depend on the number of dossiers, on screen or in the exports.

``ranking_queryset`` ranks the same way as a queryset, for the screens that filter and annotate
the ranking further (selection); it is slower at scale, and a test keeps both in agreement.
"""

import csv
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Max, Min, Q, QuerySet, Sum, Window
from django.db.models.expressions import RawSQL, RowRange
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
    """Every ranked dossier with its scores, rank and cumulative requested amount, in rank order."""
    calibration = calibration or calibration_module.calibration_for(call)
    submitted = Q(reviews__state=Review.State.SUBMITTED, reviews__score__isnull=False)
    score = Cast("reviews__score", FloatField())
    calibrated = calibration_module.calibrated_expression(
        calibration, score="reviews__score", reviewer="reviews__reviewer_id"
    )
    queryset = (
        ranked_dossiers(call)
        .select_related("organisation")
        .annotate(
            # Rounded so that float noise never decides between two equal scores.
            raw_score=Round(Avg(score, filter=submitted), 3),
            calibrated_score=Round(Avg(calibrated, filter=submitted), 3),
            reviews_done=Count("reviews", filter=submitted),
            lowest=Min(score, filter=submitted),
            highest=Max(score, filter=submitted),
            mean_of_squares=Avg(ExpressionWrapper(score * score, output_field=FloatField()), filter=submitted),
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


# --------------------------------------------------------------------------------------------
# Aggregate first: the reviews grouped by dossier, then the window over the dossiers
# --------------------------------------------------------------------------------------------
def review_aggregates(call: Call, *, calibration: calibration_module.Calibration, dossiers=None) -> QuerySet:
    """One row per dossier with submitted reviews: ``application_id``, ``raw_score``,
    ``calibrated_score`` (rounded exactly as in :func:`ranking_queryset`) and ``reviews_done``.

    ``dossiers`` (ids: a queryset of ``pk`` or a SQL expression) limits the rows; by default, the
    ranked dossiers of ``call``.
    """
    if dossiers is None:
        dossiers = ranked_dossiers(call).values("pk")
    score = Cast("score", FloatField())
    return (
        Review.objects.filter(state=Review.State.SUBMITTED, score__isnull=False, application_id__in=dossiers)
        .order_by()
        .values("application_id")
        .annotate(
            raw_score=Round(Avg(score), 3),
            calibrated_score=Round(Avg(calibration_module.calibrated_expression(calibration)), 3),
            reviews_done=Count("pk"),
        )
    )


def _ranking_sql(
    call: Call,
    *,
    basis: str,
    calibration: calibration_module.Calibration,
    offset: int = 0,
    limit: int | None = None,
    with_assignments: bool = True,
) -> tuple[str, list]:
    """SQL for the ranking's rows ``(id, raw_score, calibrated_score, rank, cumulative_requested
    [, assigned])`` in rank order, from ``offset`` (``limit`` rows, or all)."""
    ranked = ranked_dossiers(call).order_by().values("id", "requested_amount")
    ranked_sql, ranked_params = ranked.query.sql_with_params()
    # Only the ranking's two scores over every dossier; the page's other figures come later.
    scores = review_aggregates(call, calibration=calibration, dossiers=RawSQL("SELECT id FROM ranked", ())).values(
        "application_id", "raw_score", "calibrated_score"
    )
    scores_sql, scores_params = scores.query.sql_with_params()
    primary, secondary = ("calibrated_score", "raw_score") if basis == CALIBRATED else ("raw_score", "calibrated_score")
    order = (
        f"scores.{primary} DESC NULLS LAST, scores.{secondary} DESC NULLS LAST, "
        "ranked.requested_amount ASC NULLS LAST, ranked.id ASC"
    )
    page = (
        "SELECT ranked.id, scores.raw_score, scores.calibrated_score, "  # noqa: S608 - no value in the text
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS rank, "
        f"SUM(ranked.requested_amount) OVER (ORDER BY {order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) "
        "AS cumulative_requested "
        f"FROM ranked LEFT JOIN scores ON scores.application_id = ranked.id ORDER BY {order}"
    )
    params = [*ranked_params, *scores_params]
    if limit is not None:
        page += " LIMIT %s OFFSET %s"
        params += [limit, offset]
    if with_assignments:
        # Counted for the rows returned only, once they are chosen.
        assignments = connections[ranked.db].ops.quote_name(Assignment._meta.db_table)
        page = (
            f"SELECT page.*, (SELECT COUNT(*) FROM {assignments} WHERE {assignments}.application_id = page.id) "  # noqa: S608
            f"AS assigned FROM ({page}) page ORDER BY page.rank"
        )
    return f"WITH ranked AS ({ranked_sql}), scores AS ({scores_sql}) {page}", params


def _float(value) -> float | None:
    return None if value is None else float(value)


def _money(value) -> Decimal | None:
    """SQLite returns sums of amounts as floats; PostgreSQL as exact decimals."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Ranked:
    """One dossier's place in the ranking."""

    pk: int
    raw_score: float | None
    calibrated_score: float | None
    rank: int
    cumulative_requested: Decimal | None
    assigned: int = 0


def ranked_scores(
    call: Call,
    *,
    basis: str,
    calibration: calibration_module.Calibration | None = None,
    offset: int = 0,
    limit: int | None = None,
    with_assignments: bool = True,
) -> list[Ranked]:
    """The ranking, without the dossiers themselves, in rank order (one query)."""
    calibration = calibration or calibration_module.calibration_for(call)
    sql, params = _ranking_sql(
        call, basis=basis, calibration=calibration, offset=offset, limit=limit, with_assignments=with_assignments
    )
    with connections[Application.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Ranked(
            pk=row[0],
            raw_score=_float(row[1]),
            calibrated_score=_float(row[2]),
            rank=row[3],
            cumulative_requested=_money(row[4]),
            assigned=row[5] if with_assignments else 0,
        )
        for row in rows
    ]


# The columns a ranking row shows (screen and exports); the long texts of a dossier stay unread.
SHOWN_FIELDS = ("reference", "title", "requested_amount", "organisation__name")


class RankedDossiers:
    """The ranked dossiers of a call as a paginator's object list: the database slices the ranking.

    ``count()`` counts the plain dossiers (no aggregate, no window); a slice is one ranking query
    for its rows, then one query for those dossiers' shown columns. Each dossier is annotated with
    ``raw_score``, ``calibrated_score``, ``rank``, ``cumulative_requested`` and ``assigned``.
    """

    def __init__(self, call: Call, *, basis: str, calibration: calibration_module.Calibration):
        self.call, self.basis, self.calibration = call, basis, calibration

    def count(self) -> int:
        return ranked_dossiers(self.call).count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("RankedDossiers only supports slices, as a paginator takes them.")
        offset = index.start or 0
        limit = None if index.stop is None else max(0, index.stop - offset)
        return self.rows(offset=offset, limit=limit)

    def rows(self, *, offset: int = 0, limit: int | None = None) -> list[Application]:
        if limit == 0:
            return []
        ranking = ranked_scores(self.call, basis=self.basis, calibration=self.calibration, offset=offset, limit=limit)
        dossiers = (
            Application.objects.select_related("organisation").only(*SHOWN_FIELDS).in_bulk([r.pk for r in ranking])
        )
        applications = []
        for place in ranking:
            application = dossiers[place.pk]
            for name in ("raw_score", "calibrated_score", "rank", "cumulative_requested", "assigned"):
                setattr(application, name, getattr(place, name))
            applications.append(application)
        return applications


def dossier_scores(call: Call, *, basis: str | None = None) -> dict[int, float | None]:
    """Each ranked dossier's score on ``basis`` (by default the committee's choice), in rank order.

    For the screens that follow the ranking (selection): one query, whatever the number of dossiers.
    """
    basis = basis_of(call, basis)
    return {
        place.pk: place.calibrated_score if basis == CALIBRATED else place.raw_score
        for place in ranked_scores(call, basis=basis, with_assignments=False)
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


def _std_dev(raw_score: float | None, scores: list[float]) -> float | None:
    """Population standard deviation around the (rounded) raw score, as the ranking shows it."""
    if raw_score is None:
        return None
    if len(scores) < 2:
        return 0.0
    mean_of_squares = sum(x * x for x in scores) / len(scores)
    return math.sqrt(max(0.0, mean_of_squares - raw_score**2))


def _details(application_ids: list[int]) -> tuple[dict, dict]:
    """Per-criterion mean points and the submitted scores of the given dossiers (two queries)."""
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
    return means, scores


def build_rows(
    call: Call, applications: Iterable[Application], *, basis: str, criteria: list[Criterion]
) -> list[RankingRow]:
    applications = list(applications)
    means, scores = _details([a.pk for a in applications])
    threshold = float(call.disagreement_threshold)
    rows = []
    for a in applications:
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
                reviews_done=len(own),
                reviews_expected=max(a.assigned, call.reviewers_per_application),
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
    paginator = Paginator(RankedDossiers(call, basis=basis, calibration=calibration), per_page)
    page = paginator.get_page(page_number)
    rows = build_rows(call, page.object_list, basis=basis, criteria=criteria)
    return RankingPage(call, basis, criteria, page, rows, calibration)


def all_rows(call: Call, *, basis: str) -> tuple[list[Criterion], list[RankingRow]]:
    criteria = list(Criterion.objects.filter(call=call).order_by("position"))
    calibration = calibration_module.calibration_for(call)
    applications = RankedDossiers(call, basis=basis, calibration=calibration).rows()
    return criteria, build_rows(call, applications, basis=basis, criteria=criteria)


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
