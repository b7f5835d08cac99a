"""The officials' follow-up of a call: each grant's convention, payments and reports, and the
indicators achieved against the targets, per grant and for the whole call.

Achieved figures come from each grant's most advanced approved report (the final one once
approved, else the interim one): what the ministry has checked, not drafts. The call's own aim —
``Call.departement_count`` départements and all its themes — is set against the départements and
themes where workshops were actually held. Everything is read in a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.formatting import paris_time
from applications.models import Call, Departement, Theme
from review.charts import Chart, Table, bar_chart

from .models import Convention, Grant, Instalment, Report, paid_total


@dataclass
class GrantLine:
    grant: Grant
    convention: Convention | None
    instalments: list
    reports: list
    late: list
    paid: Decimal
    achieved: Report | None
    targets: dict


@dataclass
class CallFollowUp:
    call: Call
    lines: list[GrantLine]
    themes: list
    departements: list
    workshops: dict = field(default_factory=dict)  # {(département code, theme position): count}
    totals: dict = field(default_factory=dict)

    def workshop_rows(self):
        """(département, [(theme, count)], total) for the chart and its table."""
        rows = []
        for departement in self.departements:
            cells = [(theme, self.workshops.get((departement.code, theme.position), 0)) for theme in self.themes]
            rows.append((departement, cells, sum(count for _theme, count in cells)))
        return rows

    def theme_totals(self):
        return [
            (theme, sum(self.workshops.get((d.code, theme.position), 0) for d in self.departements))
            for theme in self.themes
        ]


def achieved_report(reports: list) -> Report | None:
    approved = [r for r in reports if r.state == Report.State.APPROVED]
    final = [r for r in approved if r.kind == Report.Kind.FINAL]
    return (final or approved or [None])[0]


def call_followup(call: Call) -> CallFollowUp:
    today = paris_time(timezone.now()).date()
    grants = list(
        Grant.objects.filter(application__call=call)
        .select_related("application__organisation")
        .prefetch_related(
            "application__departements",
            "application__themes",
            Prefetch("conventions", queryset=Convention.objects.order_by("-version")),
            Prefetch("instalments", queryset=Instalment.objects.order_by("kind")),
            Prefetch("reports", queryset=Report.objects.order_by("due_on")),
        )
        .order_by("application__reference")
    )
    themes = list(Theme.objects.filter(call=call).order_by("position"))
    workshops: dict = defaultdict(int)
    totals = defaultdict(int)
    lines = []
    for grant in grants:
        application = grant.application
        departements = list(application.departements.all())
        chosen_themes = list(application.themes.all())
        targets = {
            "ambassadrices": (application.ambassadrices_per_departement or 0) * len(departements),
            "workshops": (application.workshops_per_theme_per_departement or 0)
            * len(departements)
            * len(chosen_themes),
            "people": application.expected_participants or 0,
        }
        reports = list(grant.reports.all())
        achieved = achieved_report(reports)
        instalments = list(grant.instalments.all())
        for instalment in instalments:
            instalment.grant = grant
        line = GrantLine(
            grant=grant,
            convention=next(iter(grant.conventions.all()), None),
            instalments=instalments,
            reports=reports,
            late=[r for r in reports if r.state in (Report.State.DRAFT, Report.State.CORRECTIONS) and r.due_on < today],
            paid=paid_total(instalments),
            achieved=achieved,
            targets=targets,
        )
        lines.append(line)
        totals["paid"] += line.paid
        if grant.terminated_at is None:  # withdrawn: no amount awarded any more, no aim still pursued
            for name, target in targets.items():
                totals[f"{name}_target"] += target
            totals["awarded"] += grant.amount
        if achieved is not None:
            totals["ambassadrices_trained"] += achieved.ambassadrices_trained or 0
            totals["people"] += achieved.people_reached or 0
            for code, by_theme in (achieved.workshops or {}).items():
                for position, count in by_theme.items():
                    workshops[(code, int(position))] += int(count)
    totals["workshops"] = sum(workshops.values())
    codes = {code for (code, _position), count in workshops.items() if count}
    positions = {position for (_code, position), count in workshops.items() if count}
    departements = list(Departement.objects.filter(code__in=codes | {c for g in grants for c in _codes(g)}))
    totals["departements_reached"] = len(codes)
    totals["departements_aim"] = call.departement_count
    totals["themes_reached"] = len(positions)
    totals["themes_aim"] = len(themes)
    return CallFollowUp(
        call=call, lines=lines, themes=themes, departements=departements, workshops=dict(workshops), totals=totals
    )


def _codes(grant: Grant) -> list[str]:
    return [d.code for d in grant.application.departements.all()]


def workshops_text(count: int) -> str:
    return ngettext("%(count)d workshop", "%(count)d workshops", count) % {"count": count}


def followup_charts(data: CallFollowUp) -> list[Chart]:
    """Accessible SVG charts (``review.charts``), each with its figures as a table."""
    call, totals = data.call, data.totals
    indicators = [
        (_("Ambassadrices trained"), totals["ambassadrices_trained"], totals["ambassadrices_target"]),
        (_("Workshops held"), totals["workshops"], totals["workshops_target"]),
        (_("Primo-arrivants reached"), totals["people"], totals["people_target"]),
        (_("Départements reached"), totals["departements_reached"], totals["departements_aim"]),
        (_("Themes covered"), totals["themes_reached"], totals["themes_aim"]),
    ]
    achieved = bar_chart(
        id=f"chart-grants-indicators-{call.pk}",
        title=_("Indicators achieved against the targets"),
        summary=_(
            "From the approved reports: %(departements)d of the %(aim)d départements aimed at reached, "
            "%(themes)d of %(theme_aim)d themes covered, %(workshops)s."
        )
        % {
            "departements": totals["departements_reached"],
            "aim": totals["departements_aim"],
            "themes": totals["themes_reached"],
            "theme_aim": totals["themes_aim"],
            "workshops": workshops_text(totals["workshops"]),
        },
        table=Table(
            caption=_("Indicators achieved against the targets"),
            headers=[_("Indicator"), _("Achieved"), _("Target")],
            rows=[(label, [str(done), str(aim)]) for label, done, aim in indicators],
        ),
        bars=[
            (label, round(100 * done / aim) if aim else 0, _("%(done)d of %(aim)d") % {"done": done, "aim": aim})
            for label, done, aim in indicators
        ],
        empty=_("No grant is followed yet for this call."),
    )
    rows = data.workshop_rows()
    per_departement = bar_chart(
        id=f"chart-grants-departements-{call.pk}",
        title=_("Workshops held per département"),
        summary=_("Workshops reported in the approved reports, %(count)s in all.")
        % {"count": workshops_text(totals["workshops"])},
        table=Table(
            caption=_("Workshops held per département and theme"),
            headers=[_("Département")] + [f"{t.position}. {t.title}" for t in data.themes] + [_("Total")],
            rows=[
                (f"{d.code} – {d.name}", [str(count) for _t, count in cells] + [str(total)]) for d, cells, total in rows
            ],
        ),
        bars=[(f"{d.code} – {d.name}", total, workshops_text(total)) for d, _cells, total in rows],
        empty=_("No workshop reported yet."),
    )
    theme_totals = data.theme_totals()
    per_theme = bar_chart(
        id=f"chart-grants-themes-{call.pk}",
        title=_("Workshops held per theme"),
        summary=_("Every theme of the call, those without any workshop at 0."),
        table=Table(
            caption=_("Workshops held per theme"),
            headers=[_("Theme"), _("Workshops")],
            rows=[(f"{t.position}. {t.title}", [str(count)]) for t, count in theme_totals],
        ),
        bars=[(f"{t.position}. {t.title}", count, workshops_text(count)) for t, count in theme_totals],
        empty=_("The call has no theme."),
    )
    return [achieved, per_departement, per_theme]
