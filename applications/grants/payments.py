"""Payments: each instalment moves requested → approved → paid, audited at every step.

The advance is requested when the convention is signed (or at once when the award decision is the
act); the balance when the final report is approved, and it cannot be approved before. The
official types the payment's date and the accounting reference. The amounts come from the grant's
schedule, checked by the database against the award (``models.Grant``); each step locks the grant's
row, so two officials acting at once see each other's work.

``payments_csv`` and ``payments_xlsx`` list a call's instalments for the accounting service, with
every cell a spreadsheet would read as a formula neutralised.
"""

from collections.abc import Iterator
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit
from applications.formatting import paris_time
from review.exports import csv_table, xlsx_table

from .conventions import GrantRefused, lock_grant, refuse_if_withdrawn, require_official
from .models import Instalment, Report

S = Instalment.State


def _lock(instalment: Instalment) -> tuple:
    grant = lock_grant(instalment.grant_id)
    locked = Instalment.objects.select_for_update(no_key=True).get(pk=instalment.pk)
    locked.grant = grant
    return grant, locked


def approve_instalment(*, instalment: Instalment, by) -> Instalment:
    require_official(by)
    with transaction.atomic():
        grant, locked = _lock(instalment)
        refuse_if_withdrawn(grant)
        if locked.state != S.REQUESTED:
            raise GrantRefused(_("Only a requested payment can be approved."), code="state")
        if locked.kind == Instalment.Kind.BALANCE:
            final = Report.objects.filter(grant=grant, kind=Report.Kind.FINAL).first()
            if final is None or final.state != Report.State.APPROVED:
                raise GrantRefused(_("The balance cannot be approved before the final report is."), code="final_report")
        locked.state, locked.approved_at, locked.approved_by = S.APPROVED, timezone.now(), by
        locked.save(update_fields=["state", "approved_at", "approved_by"])
        audit.record(
            action="instalment_approved",
            actor=by,
            application=grant.application,
            obj=locked,
            from_state=S.REQUESTED,
            to_state=S.APPROVED,
            changes={"amount": str(locked.amount)},
        )
    return locked


def record_payment(*, instalment: Instalment, by, paid_on: date, accounting_reference: str) -> Instalment:
    """The official records that the accounting service paid (date and reference as they typed them)."""
    require_official(by)
    reference = (accounting_reference or "").strip()
    if not reference:
        raise ValidationError(_("Give the accounting reference of the payment."), code="accounting_reference")
    if paid_on is None:
        raise ValidationError(_("Give the date of the payment."), code="paid_on")
    if paid_on > paris_time(timezone.now()).date():
        raise ValidationError(_("A payment cannot be dated in the future."), code="paid_on")
    with transaction.atomic():
        grant, locked = _lock(instalment)
        if locked.state != S.APPROVED:
            raise GrantRefused(_("Only an approved payment can be recorded as paid."), code="state")
        if locked.approved_at and paid_on < paris_time(locked.approved_at).date():
            raise ValidationError(_("A payment cannot be dated before its approval."), code="paid_on")
        locked.state, locked.paid_on, locked.accounting_reference = S.PAID, paid_on, reference
        locked.paid_recorded_by = by
        locked.save(update_fields=["state", "paid_on", "accounting_reference", "paid_recorded_by"])
        audit.record(
            action="instalment_paid",
            actor=by,
            application=grant.application,
            obj=locked,
            from_state=S.APPROVED,
            to_state=S.PAID,
            changes={"amount": str(locked.amount), "paid_on": paid_on, "accounting_reference": reference},
        )
    return locked


# --------------------------------------------------------------------------------------------
# Export for the accounting service
# --------------------------------------------------------------------------------------------
def export_queryset(call):
    return (
        Instalment.objects.filter(grant__application__call=call)
        .select_related("grant__application__organisation", "grant__decision")
        .order_by("grant__application__reference", "kind")
    )


def export_header() -> list[str]:
    return [
        _("Dossier"),
        _("Beneficiary"),
        _("SIRET"),
        _("Decision"),
        _("Instalment"),
        _("Share (%)"),
        _("Amount (€)"),
        _("State"),
        _("Approved on"),
        _("Paid on"),
        _("Accounting reference"),
    ]


def export_values(instalment: Instalment) -> list:
    grant = instalment.grant
    percent = grant.advance_percent if instalment.kind == Instalment.Kind.ADVANCE else grant.balance_percent
    return [
        grant.application.reference,
        grant.application.organisation.name,
        grant.application.organisation.siret,
        grant.decision.reference,
        str(instalment.get_kind_display()),
        percent,
        instalment.amount,
        str(instalment.get_state_display()),
        paris_time(instalment.approved_at).date().isoformat() if instalment.approved_at else "",
        instalment.paid_on.isoformat() if instalment.paid_on else "",
        instalment.accounting_reference,
    ]


def payments_csv(call) -> Iterator[str]:
    """For a French spreadsheet: UTF-8 with BOM, « ; » separator, decimal comma; streamed."""
    rows = export_queryset(call).iterator(chunk_size=1000)
    return csv_table(export_header(), map(export_values, rows))


def payments_xlsx(call) -> bytes:
    rows = export_queryset(call).iterator(chunk_size=1000)
    return xlsx_table(title=_("Payments"), header=export_header(), rows=map(export_values, rows))
