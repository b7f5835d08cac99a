"""A call's settings cannot undo what its committee and officials already decided.

Lowering the budget envelope below what is already awarded, or the maximum number of selected
carriers below how many are already selected, would leave signed awards outside the rules the
decisions cite. ``Call.clean`` reports it next to the field (admin form); ``Call.save`` checks it
again under the call's row lock — the same ``SELECT … FOR NO KEY UPDATE`` every change of the
selection takes first (``review.selection.lock_call``) — so a proposal and a change of settings
made at the same time cannot both pass. ``QuerySet.update`` bypasses it: keep it for fields
these rules do not concern.

What counts as committed: the selected proposals of dossiers not withdrawn (what the selection
gauges show), or the issued award decisions, whichever is more.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .formatting import format_euros

GUARDED_FIELDS = {"budget_envelope", "max_selected"}


def committed(call) -> tuple[Decimal, int]:
    """(amount awarded, carriers selected) that the call's selection and decisions already hold."""
    selected = (
        call.proposals.filter(outcome="selected")
        .exclude(application__state="withdrawn")
        .aggregate(count=Count("pk"), total=Sum("awarded_amount"))
    )
    awarded = (
        call.decisions.filter(status="issued", kind="award")
        .exclude(application__state="withdrawn")
        .aggregate(count=Count("pk"), total=Sum("amount"))
    )
    amount = max(selected["total"] or Decimal("0"), awarded["total"] or Decimal("0"))
    return amount, max(selected["count"], awarded["count"])


def settings_errors(call) -> dict[str, str]:
    """French messages, keyed by field, for settings below what is already decided."""
    if call.pk is None:
        return {}
    amount, count = committed(call)
    errors = {}
    if call.budget_envelope is not None and call.budget_envelope < amount:
        errors["budget_envelope"] = _(
            "%(awarded)s are already awarded in this call: the envelope cannot be lowered to %(envelope)s, "
            "%(missing)s below that. Correct the decisions or the selection first."
        ) % {
            "awarded": format_euros(amount),
            "envelope": format_euros(call.budget_envelope),
            "missing": format_euros(amount - call.budget_envelope),
        }
    if call.max_selected is not None and call.max_selected < count:
        errors["max_selected"] = ngettext(
            "%(count)d carrier is already selected in this call: the maximum cannot be lowered to %(cap)d. "
            "Correct the decisions or the selection first.",
            "%(count)d carriers are already selected in this call: the maximum cannot be lowered to %(cap)d. "
            "Correct the decisions or the selection first.",
            count,
        ) % {"count": count, "cap": call.max_selected}
    return errors


def check_settings(call) -> None:
    errors = settings_errors(call)
    if errors:
        raise ValidationError(errors, code="below_committed")


def lock_and_check(call, *, update_fields=None) -> None:
    """Inside the caller's transaction: lock the call's row, then check. Call it before saving."""
    if call.pk is None or call._state.adding:
        return
    if update_fields is not None and not GUARDED_FIELDS & set(update_fields):
        return
    type(call).objects.select_for_update(no_key=True).filter(pk=call.pk).values_list("pk", flat=True).first()
    check_settings(call)
