"""The rules a call sets on a dossier, as plain functions that explain themselves.

Each function returns the problems it finds as French-ready messages (empty when the rule holds),
so that the wizard's forms, the summary page and the server-side check at submission all apply
exactly the same rules with exactly the same words.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .formatting import format_euros
from .models import Call, Organisation

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it concerns (for the link and the error) and what to do."""

    field: str
    message: str


def theme_problems(call: Call, *, chosen: int, available: int, draft: bool = False) -> list[Problem]:
    """All themes when the call says so, at least one otherwise. A draft may have none yet."""
    if available == 0:
        return []
    if chosen == 0:
        return [] if draft else [Problem("themes", _("Tick the themes your project covers."))]
    if call.require_all_themes and chosen < available:
        return [
            Problem(
                "themes",
                _("This call expects every theme to be covered: tick all %(available)d (you ticked %(chosen)d).")
                % {"available": available, "chosen": chosen},
            )
        ]
    return []


def departement_problems(call: Call, *, chosen: int, draft: bool = False) -> list[Problem]:
    """Exactly ``call.departement_count`` départements (a draft may have none yet)."""
    if call.departements_fixed:
        return []
    expected = call.departement_count
    if chosen == 0:
        if draft:
            return []
        return [
            Problem(
                "departements",
                ngettext(
                    "Choose the %(expected)d département of deployment.",
                    "Choose the %(expected)d départements of deployment.",
                    expected,
                )
                % {"expected": expected},
            )
        ]
    if chosen != expected:
        return [
            Problem(
                "departements",
                ngettext(
                    "This call asks for exactly %(expected)d département of deployment (you chose %(chosen)d).",
                    "This call asks for exactly %(expected)d départements of deployment (you chose %(chosen)d).",
                    expected,
                )
                % {"expected": expected, "chosen": chosen},
            )
        ]
    return []


def max_requested_for(call: Call, total_cost: Decimal) -> Decimal:
    """The most the call may fund for this total cost (funding rate), rounded down to the cent."""
    return (total_cost * call.max_funding_rate / 100).quantize(CENT, rounding=ROUND_DOWN)


def budget_problems(
    call: Call,
    *,
    requested: Decimal | None,
    total_cost: Decimal,
    cofunding: Decimal,
    line_count: int,
    cofunding_count: int,
    draft: bool = False,
) -> list[Problem]:
    """The budget rules: positive request within the envelope, total cost = request + co-funding,
    the call's maximum funding rate, and co-funding when the call requires it.

    A draft may be incomplete (no amount or no line yet) but never wrong.
    """
    problems = []
    if requested is None:
        if not draft:
            problems.append(Problem("requested_amount", _("Enter the amount you request from this call.")))
    elif requested <= 0:
        problems.append(Problem("requested_amount", _("The requested amount must be greater than zero.")))
    elif requested > call.budget_envelope:
        problems.append(
            Problem(
                "requested_amount",
                _(
                    "The requested amount (%(requested)s) exceeds the call's whole envelope (%(envelope)s): "
                    "request at most %(envelope)s."
                )
                % {"requested": format_euros(requested), "envelope": format_euros(call.budget_envelope)},
            )
        )
    if line_count == 0 and not draft:
        problems.append(Problem("budget", _("Add at least one budget line.")))
    if call.cofunding_required and cofunding_count == 0 and not draft:
        problems.append(Problem("cofunding", _("This call requires co-funding: add at least one co-funding source.")))
    if problems or requested is None or requested <= 0 or line_count == 0:
        return problems
    expected = requested + cofunding
    if total_cost != expected:
        problems.append(
            Problem(
                "requested_amount",
                _(
                    "The total cost of the budget lines (%(total)s) must equal the requested amount (%(requested)s) "
                    "plus the co-funding (%(cofunding)s), that is %(expected)s. The difference is %(difference)s."
                )
                % {
                    "total": format_euros(total_cost),
                    "requested": format_euros(requested),
                    "cofunding": format_euros(cofunding),
                    "expected": format_euros(expected),
                    "difference": format_euros(abs(total_cost - expected)),
                },
            )
        )
    elif call.max_funding_rate < 100 and requested > max_requested_for(call, total_cost):
        problems.append(
            Problem(
                "requested_amount",
                _(
                    "This call funds at most %(rate)d %% of the total cost: for a total cost of %(total)s you may "
                    "request at most %(max)s (you request %(requested)s)."
                )
                % {
                    "rate": call.max_funding_rate,
                    "total": format_euros(total_cost),
                    "max": format_euros(max_requested_for(call, total_cost)),
                    "requested": format_euros(requested),
                },
            )
        )
    return problems


def legal_form_problems(call: Call, organisation: Organisation) -> list[Problem]:
    eligible = call.eligible_legal_forms or []
    if eligible and organisation.legal_form not in eligible:
        labels = dict(Organisation.LegalForm.choices)
        return [
            Problem(
                "legal_form",
                _(
                    "Your organisation's legal form (%(form)s) is not eligible for this call. Eligible forms: %(eligible)s."
                )
                % {
                    "form": labels.get(organisation.legal_form, organisation.legal_form),
                    "eligible": ", ".join(str(labels.get(form, form)) for form in eligible),
                },
            )
        ]
    return []
