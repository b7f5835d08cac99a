"""Reports: drafts, submission with its checks, corrections with history, approval; unspent funds
give an amount to return and an « ordre de reversement »."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.grants import payments, reports
from applications.grants.models import Instalment, Report, ReportLine
from applications.models import AuditEntry, OutgoingEmail
from tests.factories import CarrierFactory
from tests.pdf_support import pdf_text

from .grant_support import signed_grant, today

pytestmark = pytest.mark.django_db
FIELDS = {
    "narrative": "Huit ambassadrices formées, ateliers dans deux départements.",
    "ambassadrices_recruited": 8,
    "ambassadrices_trained": 7,
    "people_reached": 640,
    "kit_delivered": True,
    "workshops": {"75": {"1": 3, "2": 3}, "13": {"1": 2, "2": 3}},
}


def fill(report, carrier, *, charges, explanation=""):
    """Charges split over the two budget categories; income as planned."""
    lines = reports.prepare_lines(report)
    actuals = {}
    for line in lines:
        if line.side == ReportLine.Side.CHARGE:
            actuals[line.pk] = (Decimal(charges) / 2, explanation)
        else:
            actuals[line.pk] = (line.planned, "")
    return reports.save_draft(report=report, user=carrier, fields=FIELDS, actuals=actuals)


def pay_advance(grant, signer):
    advance = payments.approve_instalment(instalment=grant.instalments.get(kind="advance"), by=signer)
    payments.record_payment(instalment=advance, by=signer, paid_on=today(), accounting_reference="EJ-1")


def test_the_financial_lines_come_from_the_application_budget():
    grant, _carrier, _signer = signed_grant()
    report = grant.reports.get(kind=Report.Kind.FINAL)
    lines = {(line.side, line.category): line.planned for line in reports.prepare_lines(report)}
    assert lines == {
        ("charge", "personnel"): Decimal("30000.00"),
        ("charge", "training"): Decimal("30000.00"),
        ("income", "grant"): Decimal("60000.00"),
        ("income", "cofunding"): Decimal("5000.00"),
        ("income", "own_funds"): Decimal("0"),
        ("income", "other"): Decimal("0"),
    }
    assert len(reports.prepare_lines(report)) == 6  # created once


def test_a_draft_is_kept_and_only_the_carrier_writes_it():
    grant, carrier, _signer = signed_grant()
    report = grant.reports.get(kind=Report.Kind.INTERIM)
    with pytest.raises(PermissionDenied):
        reports.save_draft(report=report, user=CarrierFactory(), fields={"narrative": "x"}, actuals={})
    report = reports.save_draft(report=report, user=carrier, fields={"narrative": "En cours."}, actuals={})
    report.refresh_from_db()
    assert report.narrative == "En cours." and report.state == Report.State.DRAFT


def test_submission_lists_what_is_missing_next_to_each_field():
    grant, carrier, _signer = signed_grant()
    report = grant.reports.get(kind=Report.Kind.FINAL)
    reports.prepare_lines(report)
    with pytest.raises(ValidationError) as refusal:
        reports.submit_report(report=report, user=carrier)
    missing = refusal.value.message_dict
    assert "narrative" in missing and "people_reached" in missing
    assert sum(name.startswith("actual_") for name in missing) == 6


def test_a_gap_over_15_percent_must_be_explained():
    grant, carrier, _signer = signed_grant()
    report = fill(grant.reports.get(kind=Report.Kind.FINAL), carrier, charges="50000.00")  # 25 000 vs 30 000: 16.7 %
    with pytest.raises(ValidationError) as refusal:
        reports.submit_report(report=report, user=carrier)
    assert all(name.startswith("explanation_") for name in refusal.value.message_dict)
    assert len(refusal.value.message_dict) == 2
    report = fill(report, carrier, charges="50000.00", explanation="Moins d'ateliers à Marseille.")
    assert reports.submit_report(report=report, user=carrier).state == Report.State.SUBMITTED
    line = ReportLine.objects.filter(report=report, side="charge").first()
    assert reports.gap_needs_explanation(line)
    small = fill(grant.reports.get(kind=Report.Kind.INTERIM), carrier, charges="52000.00")  # 13.3 %: no need
    assert all(not reports.gap_needs_explanation(line) for line in small.lines.filter(side="charge"))


def test_corrections_reopen_the_report_and_keep_the_history(django_capture_on_commit_callbacks):
    grant, carrier, signer = signed_grant()
    report = fill(grant.reports.get(kind=Report.Kind.INTERIM), carrier, charges="30000.00")
    report = reports.submit_report(report=report, user=carrier)
    with pytest.raises(ValidationError):
        reports.save_draft(report=report, user=carrier, fields={"narrative": "x"}, actuals={})
    with pytest.raises(ValidationError):
        reports.ask_corrections(report=report, by=signer, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.ask_corrections(report=report, by=signer, comment="Détaillez les ateliers par thème.")
    assert report.state == Report.State.CORRECTIONS
    assert OutgoingEmail.objects.filter(kind="report_corrections", to=carrier.email).exists()
    report = reports.save_draft(report=report, user=carrier, fields={"narrative": "Détaillé."}, actuals={})
    report = reports.submit_report(report=report, user=carrier)
    report = reports.approve_report(report=report, by=signer)
    assert report.state == Report.State.APPROVED and report.approved_at is not None
    assert list(report.events.values_list("action", "comment")) == [
        ("submitted", ""),
        ("corrections", "Détaillez les ateliers par thème."),
        ("submitted", ""),
        ("approved", ""),
    ]
    assert AuditEntry.objects.filter(object_type="grants.report", object_id=str(report.pk)).count() == 4


def test_approving_the_final_report_settles_the_balance():
    grant, carrier, signer = signed_grant()
    pay_advance(grant, signer)
    report = fill(grant.reports.get(kind=Report.Kind.FINAL), carrier, charges="62000.00")
    reports.approve_report(report=reports.submit_report(report=report, user=carrier), by=signer)
    grant.refresh_from_db()
    # 62 000 spent − 5 000 co-funded = 57 000 used from the grant: 48 000 paid, 9 000 still due.
    assert grant.balance_amount == Decimal("9000.00") and grant.amount_to_return == 0
    assert grant.instalments.get(kind="balance").state == Instalment.State.REQUESTED
    assert not grant.return_order_pdf


def test_unspent_funds_are_to_be_returned_with_an_ordre_de_reversement():
    grant, carrier, signer = signed_grant()
    pay_advance(grant, signer)
    report = fill(
        grant.reports.get(kind=Report.Kind.FINAL), carrier, charges="45000.00", explanation="Un département de moins."
    )
    reports.approve_report(
        report=reports.submit_report(report=report, user=carrier),
        by=signer,
        signatory_name="Jeanne Martin",
        signatory_role="Directrice de l'intégration",
    )
    grant.refresh_from_db()
    # 45 000 spent − 5 000 co-funded = 40 000 used; 48 000 paid: 8 000 to return, no balance.
    assert grant.amount_to_return == Decimal("8000.00") and grant.balance_amount == 0
    assert grant.instalments.get(kind="balance").state == Instalment.State.SCHEDULED
    with grant.return_order_pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert f"Ordre de reversement n° {grant.return_order_reference}" in text
    assert "8 000,00 €" in text and "huit mille euros" in text
    assert "Subvention versée 48 000,00 €" in text
    assert "Part de la subvention effectivement employée 40 000,00 €" in text
    assert grant.application.organisation.name in text and "Jeanne Martin" in text
    assert "tribunal administratif" in text
    assert AuditEntry.objects.filter(action="return_order_issued", application=grant.application).exists()
