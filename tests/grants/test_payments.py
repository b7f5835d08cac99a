"""Payments move requested → approved → paid, audited; the balance waits for the final report;
the accounting export is formula-safe."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from applications import roles
from applications.grants import payments, reports
from applications.grants.models import Instalment, Report
from applications.models import AuditEntry
from tests.factories import StaffFactory

from .grant_support import signed_grant, today

pytestmark = pytest.mark.django_db


def final_report_submitted(grant, carrier, *, spent="65000.00"):
    """The final report: by default 65 000 € spent, 60 000 € of it from the grant and 5 000 € co-funded."""
    report = grant.reports.get(kind=Report.Kind.FINAL)
    lines = reports.prepare_lines(report)
    actuals = {}
    for line in lines:
        actual = line.planned if line.side == "income" else Decimal(spent) / 2
        actuals[line.pk] = (actual, "")
    reports.save_draft(
        report=report,
        user=carrier,
        fields={
            "narrative": "Ateliers tenus.",
            "ambassadrices_recruited": 8,
            "ambassadrices_trained": 8,
            "people_reached": 640,
            "kit_delivered": True,
        },
        actuals=actuals,
    )
    return reports.submit_report(report=report, user=carrier)


def test_the_advance_is_approved_then_paid_with_date_and_reference():
    grant, _carrier, signer = signed_grant()
    advance = grant.instalments.get(kind=Instalment.Kind.ADVANCE)
    with pytest.raises(PermissionDenied):
        payments.approve_instalment(instalment=advance, by=StaffFactory(role=roles.COMMITTEE))
    with pytest.raises(ValidationError):  # not approved yet
        payments.record_payment(instalment=advance, by=signer, paid_on=today(), accounting_reference="EJ-1")
    advance = payments.approve_instalment(instalment=advance, by=signer)
    assert advance.state == Instalment.State.APPROVED and advance.approved_by == signer
    with pytest.raises(ValidationError):
        payments.record_payment(instalment=advance, by=signer, paid_on=today(), accounting_reference="  ")
    with pytest.raises(ValidationError):
        payments.record_payment(
            instalment=advance, by=signer, paid_on=today() + timedelta(days=1), accounting_reference="EJ-1"
        )
    advance = payments.record_payment(
        instalment=advance, by=signer, paid_on=today(), accounting_reference="EJ-2027-0042"
    )
    assert advance.state == Instalment.State.PAID and advance.amount == Decimal("48000.00")
    assert (advance.paid_on, advance.accounting_reference) == (today(), "EJ-2027-0042")
    with pytest.raises(ValidationError):  # paid once
        payments.record_payment(instalment=advance, by=signer, paid_on=today(), accounting_reference="EJ-3")
    trail = AuditEntry.objects.filter(object_type="grants.instalment", object_id=str(advance.pk))
    assert list(trail.order_by("id").values_list("action", "to_state")) == [
        ("instalment_requested", "requested"),
        ("instalment_approved", "approved"),
        ("instalment_paid", "paid"),
    ]
    assert trail.get(action="instalment_paid").changes["accounting_reference"] == "EJ-2027-0042"


def test_the_balance_cannot_be_approved_before_the_final_report():
    grant, carrier, signer = signed_grant()
    balance = grant.instalments.get(kind=Instalment.Kind.BALANCE)
    assert balance.state == Instalment.State.SCHEDULED
    with pytest.raises(ValidationError):
        payments.approve_instalment(instalment=balance, by=signer)
    # Forced into « requested » (say, by a script): the rule still holds.
    Instalment.objects.filter(pk=balance.pk).update(state=Instalment.State.REQUESTED)
    with pytest.raises(ValidationError) as refusal:
        payments.approve_instalment(instalment=balance, by=signer)
    assert refusal.value.code == "final_report"
    Instalment.objects.filter(pk=balance.pk).update(state=Instalment.State.SCHEDULED)

    report = final_report_submitted(grant, carrier)
    with pytest.raises(ValidationError):  # submitted is not approved
        payments.approve_instalment(instalment=balance, by=signer)
    reports.approve_report(report=report, by=signer)
    balance.refresh_from_db()
    assert balance.state == Instalment.State.REQUESTED
    balance = payments.approve_instalment(instalment=balance, by=signer)
    assert balance.state == Instalment.State.APPROVED and balance.amount == Decimal("12000.00")


def test_the_payments_export_is_formula_safe():
    grant, _carrier, signer = signed_grant()
    organisation = grant.application.organisation
    organisation.name = '=HYPERLINK("http://evil.example","x")'
    organisation.save()
    advance = payments.approve_instalment(instalment=grant.instalments.get(kind="advance"), by=signer)
    payments.record_payment(instalment=advance, by=signer, paid_on=today(), accounting_reference="+EJ-1")

    text = "".join(payments.payments_csv(grant.application.call))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Dossier" and len(rows) == 3
    paid = next(r for r in rows if r[7] == "Payé")
    assert paid[1].startswith("'=") and paid[10] == "'+EJ-1"
    assert paid[6] == "48000,00" and paid[5] == "80"

    book = load_workbook(io.BytesIO(payments.payments_xlsx(grant.application.call)))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Dossier"
    row = next(r for r in values[1:] if r[7] == "Payé")
    assert row[1].startswith("'=") and row[6] == 48000.0
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)
