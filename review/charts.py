"""Charts for the committee, drawn on the server as accessible SVG (no script, no external library).

Each builder reads what it needs in one or two queries and returns a :class:`Chart`: the marks to
draw, already placed (numbers written with a dot, ready for SVG attributes whatever the language),
a title, a summary a screen reader announces, and the same figures as a data table (RGAA 1.3:
a complex image has a text alternative). ``templates/admin/review/_chart.html`` draws any of them.

- the distribution of the points given on each criterion;
- each reviewer's mean score against the call's mean: the leniency calibration corrects;
- the submitted dossiers per département and per theme;
- the envelope gauge: awarded against the envelope, « X € restants » or « dépassement de X € ».
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.formatting import format_euros
from applications.models import Application, Call, Theme

from . import calibration
from .models import Review, Score
from .selection import Gauge

WIDTH = 640  # viewBox width of the horizontal charts
BAR_AREA = 500  # the longest bar; the rest leaves room for its value
ROW = 40  # one label line and one bar
LABEL_CHARS = 90  # longer labels are cut in the drawing (the table has them whole)
TOP_DEPARTEMENTS = 15
MINUS = "\u2212"


def decimal_text(value, places: int = 1, *, signed: bool = False) -> str:
    """``4.25`` → ``4,3``; with ``signed``, ``+4,3`` or ``−4,3`` (a true minus sign)."""
    text = f"{abs(float(value)):.{places}f}".replace(".", ",")
    if not signed:
        return f"-{text}" if float(value) < 0 else text
    if float(f"{float(value):.{places}f}") == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def svg(value: float) -> str:
    return f"{value:.2f}"


def short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]  # the first one heads the row headers
    rows: list[tuple[str, list[str]]]


@dataclass
class Chart:
    id: str
    kind: str  # bars, columns, diverging, gauge
    title: str
    summary: str
    table: Table | None
    width: int = WIDTH
    height: int = 0
    marks: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    empty: str = ""  # said instead of drawing when there is nothing to show

    @property
    def template(self) -> str:
        return f"admin/review/_chart_{self.kind}.html"


# --------------------------------------------------------------------------------------------
# Horizontal bars: départements, themes
# --------------------------------------------------------------------------------------------
def bar_chart(
    *, id: str, title: str, summary: str, table: Table, bars: list[tuple[str, int, str]], empty: str
) -> Chart:
    """``bars``: (label, value, value as text); drawn one under the other, longest = ``BAR_AREA``."""
    chart = Chart(id=id, kind="bars", title=title, summary=summary, table=table, empty="" if bars else empty)
    largest = max((value for _label, value, _text in bars), default=0) or 1
    for index, (label, value, text) in enumerate(bars):
        top = index * ROW
        width = BAR_AREA * value / largest
        chart.marks.append(
            {
                "label": short(label),
                "label_y": svg(top + 14),
                "bar_y": svg(top + 20),
                "bar_width": svg(max(width, 1 if value else 0)),
                "value": text,
                "value_x": svg(width + 6),
                "value_y": svg(top + 32),
            }
        )
    chart.height = max(len(bars) * ROW + 4, ROW)
    return chart


def dossier_counts_text(count: int) -> str:
    return ngettext("%(count)d dossier", "%(count)d dossiers", count) % {"count": count}


def departement_chart(call: Call) -> Chart:
    """Submitted dossiers per département they propose (a dossier counts in each of its départements)."""
    through = Application.departements.through
    rows = list(
        through.objects.filter(application__call=call, application__submitted_at__isnull=False)
        .values("departement__code", "departement__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "departement__code")
    )
    shown, rest = rows[:TOP_DEPARTEMENTS], rows[TOP_DEPARTEMENTS:]
    bars = [
        (f"{r['departement__code']} – {r['departement__name']}", r["n"], dossier_counts_text(r["n"])) for r in shown
    ]
    if rest:
        others = sum(r["n"] for r in rest)
        label = ngettext("%(count)d other département", "%(count)d other départements", len(rest)) % {
            "count": len(rest)
        }
        bars.append((label, others, dossier_counts_text(others)))
    if rows:
        first = rows[0]
        summary = _(
            "Submitted dossiers per département they propose to cover (a dossier counts once in each of its "
            "départements), %(count)s départements in all; the most proposed: %(first)s (%(dossiers)s)."
        ) % {
            "count": len(rows),
            "first": f"{first['departement__code']} – {first['departement__name']}",
            "dossiers": dossier_counts_text(first["n"]),
        }
    else:
        summary = _("No submitted dossier proposes a département yet.")
    table = Table(
        caption=_("Submitted dossiers per département"),
        headers=[_("Département"), _("Dossiers")],
        rows=[(label, [str(value)]) for label, value, _text in bars],
    )
    return bar_chart(
        id=f"chart-departements-{call.pk}",
        title=_("Dossiers per département"),
        summary=summary,
        table=table,
        bars=bars,
        empty=_("No submitted dossier yet."),
    )


def theme_chart(call: Call) -> Chart:
    """Submitted dossiers per theme of the call, every theme shown (those no dossier covers at 0)."""
    through = Application.themes.through
    counts = dict(
        through.objects.filter(application__call=call, application__submitted_at__isnull=False)
        .values("theme_id")
        .annotate(n=Count("pk"))
        .values_list("theme_id", "n")
        .order_by()
    )
    themes = list(Theme.objects.filter(call=call).order_by("position"))
    bars = [
        (f"{theme.position}. {theme.title}", counts.get(theme.pk, 0), dossier_counts_text(counts.get(theme.pk, 0)))
        for theme in themes
    ]
    if any(value for _label, value, _text in bars):
        least = min(bars, key=lambda bar: bar[1])
        most = max(bars, key=lambda bar: bar[1])
        summary = _(
            "Submitted dossiers covering each of the %(count)s themes (a dossier counts once in each theme it "
            "covers); the most covered: %(most)s (%(most_n)s); the least: %(least)s (%(least_n)s)."
        ) % {"count": len(bars), "most": most[0], "most_n": most[2], "least": least[0], "least_n": least[2]}
    else:
        summary = _("No submitted dossier covers a theme yet.")
    table = Table(
        caption=_("Submitted dossiers per theme"),
        headers=[_("Theme"), _("Dossiers")],
        rows=[(label, [str(value)]) for label, value, _text in bars],
    )
    return bar_chart(
        id=f"chart-themes-{call.pk}",
        title=_("Dossiers per theme"),
        summary=summary,
        table=table,
        bars=bars,
        empty=_("The call has no theme."),
    )


# --------------------------------------------------------------------------------------------
# Columns: the points given on each criterion
# --------------------------------------------------------------------------------------------
COLUMNS_PLOT = 120  # height of the tallest column
COLUMN_WIDTH = 36


def points_text(points: int) -> str:
    return ngettext("%(count)d point", "%(count)d points", points) % {"count": points}


def criterion_charts(call: Call) -> list[Chart]:
    """One column chart per criterion: how many submitted reviews gave each number of points."""
    criteria = list(call.criteria.order_by("position"))
    counts: dict[int, dict[int, int]] = {}
    for criterion_id, points, n in (
        Score.objects.filter(criterion__in=criteria, review__state=Review.State.SUBMITTED)
        .values("criterion_id", "points")
        .annotate(n=Count("pk"))
        .values_list("criterion_id", "points", "n")
        .order_by()
    ):
        counts.setdefault(criterion_id, {})[points] = n
    charts = []
    for criterion in criteria:
        given = counts.get(criterion.pk, {})
        values = list(range(criterion.max_points + 1))
        total = sum(given.values())
        tallest = max(given.values(), default=0) or 1
        name = _("Criterion %(position)s: %(label)s") % {"position": criterion.position, "label": criterion.label}
        if total:
            mean = sum(points * n for points, n in given.items()) / total
            mode = max(values, key=lambda p: (given.get(p, 0), -p))
            summary = _(
                "%(reviews)s, points from 0 to %(max)s: mean %(mean)s; most given: %(mode)s "
                "(%(mode_n)s times); lowest given %(low)s, highest %(high)s."
            ) % {
                "reviews": ngettext("%(count)d submitted review", "%(count)d submitted reviews", total)
                % {"count": total},
                "max": criterion.max_points,
                "mean": decimal_text(mean),
                "mode": points_text(mode),
                "mode_n": given[mode],
                "low": min(given),
                "high": max(given),
            }
        else:
            summary = _("No submitted review yet.")
        chart = Chart(
            id=f"chart-criterion-{criterion.pk}",
            kind="columns",
            title=name,
            summary=summary,
            table=Table(
                caption=_("Points given on « %(label)s »") % {"label": criterion.label},
                headers=[_("Points"), _("Reviews")],
                rows=[(str(points), [str(given.get(points, 0))]) for points in values],
            ),
            width=max(240, COLUMN_WIDTH * len(values) + 8),
            height=COLUMNS_PLOT + 44,
            empty="" if total else _("No submitted review yet."),
        )
        for index, points in enumerate(values):
            n = given.get(points, 0)
            height = COLUMNS_PLOT * n / tallest
            left = 4 + index * COLUMN_WIDTH
            chart.marks.append(
                {
                    "x": svg(left + 4),
                    "width": svg(COLUMN_WIDTH - 8),
                    "y": svg(18 + COLUMNS_PLOT - height),
                    "height": svg(height),
                    "middle": svg(left + COLUMN_WIDTH / 2),
                    "count": n,
                    "count_y": svg(14 + COLUMNS_PLOT - height),
                    "points": points,
                }
            )
        chart.extra = {
            "axis_y": svg(18 + COLUMNS_PLOT),
            "tick_y": svg(18 + COLUMNS_PLOT + 16),
            "legend_y": svg(18 + COLUMNS_PLOT + 36),
        }
        charts.append(chart)
    return charts


# --------------------------------------------------------------------------------------------
# Diverging bars: each reviewer against the call's mean
# --------------------------------------------------------------------------------------------
def reviewer_name(user) -> str:
    return user.get_full_name() or user.email


def leniency_chart(call: Call, habits: calibration.Calibration | None = None) -> Chart:
    """Each reviewer's mean score minus the call's mean: right of the axis more lenient, left harsher.

    ``habits``: the call's calibration when the caller already read it (the ranking screen).
    """
    habits = habits if habits is not None else calibration.calibration_for(call)
    users = (
        get_user_model().objects.filter(pk__in=list(habits.habits)).only("first_name", "last_name", "email").in_bulk()
    )
    rows = sorted(
        ((reviewer_name(users[h.reviewer_id]), h) for h in habits.habits.values() if h.reviewer_id in users),
        key=lambda pair: (-(pair[1].mean - habits.mean), pair[0]),
    )
    chart = Chart(
        id=f"chart-leniency-{call.pk}",
        kind="diverging",
        title=_("Reviewers' leniency against the call's mean"),
        summary="",
        table=Table(
            caption=_("Each reviewer's mean score against the call's mean (points out of 100)"),
            headers=[
                _("Reviewer"),
                _("Submitted reviews"),
                _("Mean score /100"),
                _("Gap to the call's mean"),
                _("Calibrated"),
            ],
            rows=[
                (
                    name,
                    [
                        str(h.count),
                        decimal_text(h.mean),
                        decimal_text(h.mean - habits.mean, signed=True),
                        _("yes") if h.count >= 2 else _("no (a single review)"),
                    ],
                )
                for name, h in rows
            ],
        ),
        empty="" if rows else _("No submitted review yet."),
    )
    if not rows:
        chart.summary = _("No submitted review yet: there is nothing to compare.")
        chart.height = ROW
        return chart
    widest = max(abs(h.mean - habits.mean) for _name, h in rows) or 1.0
    half = (WIDTH - 200) / 2  # room for the value beside the longest bar
    centre = WIDTH / 2
    for index, (name, h) in enumerate(rows):
        gap = h.mean - habits.mean
        length = half * abs(gap) / widest
        top = index * ROW
        chart.marks.append(
            {
                "label": short(name),
                "label_y": svg(top + 14),
                "bar_x": svg(centre if gap >= 0 else centre - length),
                "bar_y": svg(top + 20),
                "bar_width": svg(max(length, 1)),
                "lenient": gap >= 0,
                "value": _("%(gap)s points") % {"gap": decimal_text(gap, signed=True)},
                "value_x": svg(centre + length + 6 if gap >= 0 else centre - length - 6),
                "value_y": svg(top + 32),
            }
        )
    most, least = rows[0], rows[-1]
    chart.summary = _(
        "Mean of the call: %(mean)s out of 100 over %(reviews)s by %(reviewers)s. Most lenient: %(most)s "
        "(%(most_gap)s points); harshest: %(least)s (%(least_gap)s points). The calibrated scores correct these gaps."
    ) % {
        "mean": decimal_text(habits.mean),
        "reviews": ngettext("%(count)d submitted review", "%(count)d submitted reviews", sum(h.count for _n, h in rows))
        % {"count": sum(h.count for _n, h in rows)},
        "reviewers": ngettext("%(count)d reviewer", "%(count)d reviewers", len(rows)) % {"count": len(rows)},
        "most": most[0],
        "most_gap": decimal_text(most[1].mean - habits.mean, signed=True),
        "least": least[0],
        "least_gap": decimal_text(least[1].mean - habits.mean, signed=True),
    }
    chart.height = len(rows) * ROW + 4
    chart.extra = {"centre": svg(centre), "harsher_x": svg(centre - 8), "lenient_x": svg(centre + 8)}
    return chart


# --------------------------------------------------------------------------------------------
# The envelope gauge
# --------------------------------------------------------------------------------------------
def gauge_text(gauge: Gauge) -> str:
    """« 60 000,00 € attribués sur 100 000,00 € — 40 000,00 € restants », or « — dépassement de … ».

    Never a negative remainder: beyond the envelope the text names the excess.
    """
    values = {"awarded": format_euros(gauge.awarded), "envelope": format_euros(gauge.envelope)}
    if gauge.awarded > gauge.envelope:
        return _("%(awarded)s awarded of %(envelope)s — envelope exceeded by %(excess)s") % {
            **values,
            "excess": format_euros(gauge.awarded - gauge.envelope),
        }
    return _("%(awarded)s awarded of %(envelope)s — %(remaining)s left") % {
        **values,
        "remaining": format_euros(gauge.envelope - gauge.awarded),
    }


GAUGE_BAR = 600


def gauge_chart(gauge: Gauge, *, id: str) -> Chart:
    """One bar: the awarded amount on the envelope's scale; beyond the envelope, the excess hatched."""
    scale = max(gauge.envelope, gauge.awarded) or Decimal("1")
    envelope_x = GAUGE_BAR * float(gauge.envelope / scale)
    awarded_x = GAUGE_BAR * float(min(gauge.awarded, gauge.envelope) / scale)
    over = gauge.awarded > gauge.envelope
    text = gauge_text(gauge)
    seats = ngettext(
        "%(selected)d carrier selected of %(cap)d allowed",
        "%(selected)d carriers selected of %(cap)d allowed",
        gauge.selected,
    ) % {"selected": gauge.selected, "cap": gauge.cap}
    share = float(gauge.awarded / gauge.envelope * 100) if gauge.envelope else 0.0
    return Chart(
        id=id,
        kind="gauge",
        title=_("Envelope used"),
        summary=f"{text}. {seats}.",
        table=Table(
            caption=_("Envelope and cap"),
            headers=[_("Figure"), _("Value")],
            rows=[
                (_("Budget envelope"), [format_euros(gauge.envelope)]),
                (_("Awarded"), [format_euros(gauge.awarded)]),
                (
                    _("Envelope exceeded by") if over else _("Left"),
                    [format_euros(abs(gauge.envelope - gauge.awarded))],
                ),
                (_("Share of the envelope awarded"), [f"{decimal_text(share)} %"]),
                (_("Carriers selected / allowed"), [f"{gauge.selected} / {gauge.cap}"]),
            ],
        ),
        width=WIDTH,
        height=56,
        extra={
            "text": text,
            "seats": seats,
            "over": over,
            "envelope_x": svg(4 + envelope_x),
            "track_width": svg(envelope_x),
            "awarded_width": svg(awarded_x),
            "excess_x": svg(4 + envelope_x),
            "excess_width": svg(GAUGE_BAR - envelope_x if over else 0),
            "label_x": svg(4 + envelope_x),
            "label_anchor": "end" if envelope_x > GAUGE_BAR / 3 else "start",
            "envelope": gauge.envelope,
        },
    )


# --------------------------------------------------------------------------------------------
# A call's charts together
# --------------------------------------------------------------------------------------------
@dataclass
class CallCharts:
    call: Call
    gauge: Chart
    criteria: list[Chart]
    leniency: Chart
    departements: Chart
    themes: Chart


def call_charts(call: Call, *, gauge: Gauge) -> CallCharts:
    """Every chart of ``call`` (seven queries, whatever its number of dossiers and reviews)."""
    return CallCharts(
        call=call,
        gauge=gauge_chart(gauge, id=f"chart-gauge-{call.pk}"),
        criteria=criterion_charts(call),
        leniency=leniency_chart(call),
        departements=departement_chart(call),
        themes=theme_chart(call),
    )
