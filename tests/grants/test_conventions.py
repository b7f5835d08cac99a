"""The grant's follow-up opens from the award; the convention goes draft → sent → accepted → signed,
and an amendment is a new version. Its PDF says what the case says."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from applications import roles
from applications.grants import conventions
from applications.grants.models import Convention, Grant, Instalment, Report
from applications.models import AuditEntry, OutgoingEmail
from tests.factories import CarrierFactory, StaffFactory
from tests.pdf_support import pdf_text

from .grant_support import SIGNATORY, an_official, awarded, signed_grant

pytestmark = pytest.mark.django_db


def test_an_award_above_23000_opens_a_grant_waiting_for_its_convention():
    decision, _carrier = awarded(amount="60000.00")
    grant = conventions.open_grant(decision=decision)
    assert grant.convention_required
    assert (grant.advance_percent, grant.balance_percent) == (80, 20)
    assert (grant.advance_amount, grant.balance_amount) == (Decimal("48000.00"), Decimal("12000.00"))
    advance, balance = grant.instalments.order_by("kind")
    assert (advance.kind, advance.state) == (Instalment.Kind.ADVANCE, Instalment.State.SCHEDULED)
    assert (balance.kind, balance.state) == (Instalment.Kind.BALANCE, Instalment.State.SCHEDULED)
    assert not grant.reports.exists()  # due dates come from the convention
    assert conventions.open_grant(decision=decision) == grant  # idempotent
    assert AuditEntry.objects.filter(action="grant_opened", application=grant.application).count() == 1


def test_a_small_award_without_convention_is_payable_at_once():
    decision, _carrier = awarded(amount="20000.00")
    grant = conventions.open_grant(decision=decision)
    assert not grant.convention_required
    (single,) = grant.instalments.all()
    assert single.state == Instalment.State.REQUESTED and single.amount == Decimal("20000.00")
    assert grant.balance_amount == 0
    assert set(grant.reports.values_list("kind", flat=True)) == {"interim", "final"}
    with pytest.raises(ValidationError):
        conventions.draft_convention(grant=grant, by=an_official())


def test_the_call_may_ask_for_a_convention_below_23000():
    decision, _carrier = awarded(amount="20000.00", convention_below_threshold=True)
    grant = conventions.open_grant(decision=decision)
    assert grant.convention_required
    assert grant.instalments.get().state == Instalment.State.SCHEDULED


def test_the_convention_life_from_draft_to_signature(django_capture_on_commit_callbacks):
    decision, carrier = awarded(amount="60000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.draft_convention(grant=grant, by=signer)
    assert convention.state == Convention.State.DRAFT and convention.version == 1
    assert (convention.start_date, convention.end_date) == (date(2027, 2, 13), date(2028, 2, 12))
    assert convention.final_report_due == date(2028, 8, 12)

    with django_capture_on_commit_callbacks(execute=True):
        convention = conventions.send_convention(convention=convention, by=signer)
    assert convention.state == Convention.State.SENT and len(convention.sha256) == 64
    assert OutgoingEmail.objects.filter(kind="convention_sent", to=carrier.email).exists()

    with pytest.raises(ValidationError):  # a file other than the one sent
        conventions.accept_convention(convention=convention, user=carrier, sha256="0" * 64)
    with pytest.raises(PermissionDenied):
        conventions.accept_convention(convention=convention, user=CarrierFactory(), sha256=convention.sha256)
    with pytest.raises(ValidationError):  # not accepted yet
        conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)

    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    assert convention.state == Convention.State.ACCEPTED
    assert convention.accepted_by == carrier and convention.accepted_at is not None
    assert convention.accepted_sha256 == convention.sha256
    assert (
        convention.reference in convention.acceptance_statement and convention.sha256 in convention.acceptance_statement
    )

    with pytest.raises(PermissionDenied):
        conventions.sign_convention(convention=convention, by=StaffFactory(role=roles.REVIEWER), **SIGNATORY)
    with django_capture_on_commit_callbacks(execute=True):
        convention = conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)
    assert convention.state == Convention.State.SIGNED and convention.signed_by == signer
    advance = grant.instalments.get(kind=Instalment.Kind.ADVANCE)
    assert advance.state == Instalment.State.REQUESTED and advance.requested_at is not None
    reports = {r.kind: r.due_on for r in grant.reports.all()}
    assert reports == {Report.Kind.INTERIM: convention.interim_report_due, Report.Kind.FINAL: date(2028, 8, 12)}
    actions = list(AuditEntry.objects.filter(application=grant.application).values_list("action", flat=True))
    for action in ("convention_drafted", "convention_sent", "convention_accepted", "convention_signed"):
        assert action in actions
    assert OutgoingEmail.objects.filter(kind="convention_signed", to=carrier.email).exists()


def test_the_convention_pdf_says_what_the_case_says():
    decision, _carrier = awarded(amount="60000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    with convention.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    organisation = grant.application.organisation
    assert "Convention attributive de subvention" in text
    assert f"Convention n° {convention.reference}" in text
    assert organisation.name in text and organisation.siret in text
    assert "60 000,00 €" in text and "soixante mille euros" in text
    assert "80 %, soit 48 000,00 €" in text and "20 %, soit au plus 12 000,00 €" in text
    assert "du 13 février 2027 au 12 février 2028 inclus" in text
    assert "au plus tard le 12 août 2028" in text
    assert "Ambassadrices recrutées et formées 8" in text  # 4 per département × 2 départements
    assert "Ateliers tenus (par thème et par département : 3) 12" in text  # 3 × 2 × 2
    assert "CERFA n° 15059" in text
    assert convention.verification_code in text


def test_an_amendment_is_a_new_version_and_keeps_the_first():
    grant, carrier, signer = signed_grant()
    first = grant.conventions.get()
    with pytest.raises(ValidationError):
        conventions.draft_convention(grant=grant, by=signer)  # an amendment needs its reason
    amendment = conventions.draft_convention(grant=grant, by=signer, amendment_reason="Report de trois mois.")
    assert amendment.version == 2 and amendment.supersedes == first
    with pytest.raises(ValidationError):  # one version in progress at a time
        conventions.draft_convention(grant=grant, by=signer, amendment_reason="Encore.")
    first.refresh_from_db()
    assert first.state == Convention.State.SIGNED  # still in force until the amendment is signed
    amendment = conventions.send_convention(convention=amendment, by=signer)
    with amendment.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Avenant à la convention attributive de subvention" in text
    assert f"remplace la convention n° {first.reference}" in text and "Report de trois mois." in text
    amendment = conventions.accept_convention(convention=amendment, user=carrier, sha256=amendment.sha256)
    conventions.sign_convention(convention=amendment, by=signer, **SIGNATORY)
    first.refresh_from_db()
    assert first.state == Convention.State.AMENDED and first.sha256 and first.accepted_sha256 == first.sha256
    assert grant.conventions.filter(state=Convention.State.SIGNED).get().version == 2


def test_the_database_keeps_one_convention_in_force():
    grant, _carrier, _signer = signed_grant()
    first = grant.conventions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.create(
            grant=grant,
            version=2,
            state=Convention.State.SIGNED,
            reference="X",
            start_date=first.start_date,
            end_date=first.end_date,
            interim_report_due=first.interim_report_due,
            final_report_due=first.final_report_due,
            sent_at=first.sent_at,
            sha256=first.sha256,
            accepted_at=first.accepted_at,
            accepted_by=first.accepted_by,
            accepted_sha256=first.sha256,
            signed_at=first.signed_at,
            signed_by=first.signed_by,
        )


@pytest.mark.parametrize(
    "changes",
    [
        {"advance_amount": Decimal("50000.00")},  # 50 000 + 12 000 > 60 000
        {"advance_percent": 90},  # 90 % + 20 % > 100 %
        {"amount_to_return": Decimal("60000.01")},
    ],
)
def test_the_database_refuses_a_schedule_beyond_the_award(changes):
    grant, _carrier, _signer = signed_grant()
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(**changes)


def test_the_database_refuses_a_second_instalment_of_a_kind():
    grant, _carrier, _signer = signed_grant()
    with pytest.raises(IntegrityError), transaction.atomic():
        Instalment.objects.create(grant=grant, kind=Instalment.Kind.ADVANCE)
