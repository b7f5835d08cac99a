"""What an award commits both sides to, computed once from the decision: the convention, the
payment schedule, the grant period and the financial report due.

The award letter (``review.documents``) and the carrier's dossier page both read
:func:`award_terms`, so the page never tells a carrier something the act does not say.

- Convention: required above €23,000 (loi n° 2000-321, art. 10; décret n° 2001-495), and below
  when the call asks for one (``Call.convention_below_threshold``).
- Payments: staged awards (above the threshold, ``review.decisions.payment_terms_for``) are paid
  as an advance of ``STAGED_ADVANCE_PERCENT`` % once the convention is signed and the balance
  after the financial report is examined; single ones in one payment on notification, or on the
  convention's signature when the call asks for a convention.
- Financial report (compte rendu financier, CERFA n° 15059): within six months of the end of the
  grant period, which runs ``call.grant_duration_months`` from the project's start date.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from applications.french_dates import add_months
from applications.models import CONVENTION_THRESHOLD

from .models import Decision

STAGED_ADVANCE_PERCENT = 80  # paid when the convention is signed; the rest after the financial report
REPORT_MONTHS_AFTER_END = 6
CENT = Decimal("0.01")


def grant_end_date(start: date, months: int) -> date:
    """The last day of a grant of ``months`` months starting on ``start``, inclusive.

    12 months from 13 February 2027 end on 12 February 2028; a start on a day the last month does
    not have (31 January + 1 month) ends on that month's last day.
    """
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


@dataclass(frozen=True)
class Payment:
    """One instalment: ``when`` is ``notification``, ``convention`` or ``final_report``."""

    amount: Decimal
    percent: int
    when: str


@dataclass(frozen=True)
class AwardTerms:
    amount: Decimal
    staged: bool
    convention_required: bool
    convention_by_law: bool  # above the threshold: the law requires it, not only the call
    payments: tuple[Payment, ...]
    grant_start: date | None
    grant_end: date | None
    months: int
    report_due: date | None

    @property
    def advance(self) -> Payment | None:
        return self.payments[0] if self.staged else None

    @property
    def balance(self) -> Payment | None:
        return self.payments[-1] if self.staged else None


def award_terms(decision: Decision) -> AwardTerms:
    """The terms of an award decision (``decision.application`` and ``decision.call`` are read)."""
    amount = decision.amount or Decimal("0")
    call = decision.call
    by_law = amount > CONVENTION_THRESHOLD
    convention = by_law or bool(call.convention_below_threshold)
    staged = decision.payment_terms == Decision.PaymentTerms.STAGED
    if staged:
        advance = (amount * STAGED_ADVANCE_PERCENT / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        payments = (
            Payment(advance, STAGED_ADVANCE_PERCENT, "convention"),
            Payment(amount - advance, 100 - STAGED_ADVANCE_PERCENT, "final_report"),
        )
    else:
        payments = (Payment(amount, 100, "convention" if convention else "notification"),)
    start = decision.application.start_date
    months = call.grant_duration_months
    end = grant_end_date(start, months) if start else None
    return AwardTerms(
        amount=amount,
        staged=staged,
        convention_required=convention,
        convention_by_law=by_law,
        payments=payments,
        grant_start=start,
        grant_end=end,
        months=months,
        report_due=add_months(end, REPORT_MONTHS_AFTER_END) if end else None,
    )
