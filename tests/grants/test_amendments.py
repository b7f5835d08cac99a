"""Amendments that change the amount: the new version carries its own amount (the signed one keeps
its own); once signed, the grant and its unpaid instalments follow. Never below what is approved or
paid, never above what the call's envelope still allows (checked again when signing), not once the
grant is settled; the database still keeps the payments within the award."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.formatting import format_euros
from applications.grants import conventions, payments, reports
from applications.grants.conventions import GrantRefused
from applications.grants.models import Convention, Grant, Instalment, Report
from applications.models import AuditEntry, Call
from tests.pdf_support import pdf_text

from .grant_support import SIGNATORY, an_official, awarded, signed_grant
from .test_reports import fill, pay_advance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unsealed(settings):
    settings.AMI_SIGNING_PKCS12 = ""  # the seal is tested elsewhere; these tests are about amounts


def draft(grant, signer, amount, reason="Extension à un troisième département."):
    return conventions.draft_convention(grant=grant, by=signer, amendment_reason=reason, amount=Decimal(amount))


def accept(convention, carrier, signer):
    convention = conventions.send_convention(convention=convention, by=signer)
    return conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)


def amend(grant, carrier, signer, amount):
    convention = accept(draft(grant, signer, amount), carrier, signer)
    return conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)


def message(refusal) -> str:
    return " ".join(refusal.value.messages).replace("\xa0", " ")


def test_an_amendment_raises_the_amount_and_the_unpaid_schedule_follows():
    grant, carrier, signer = signed_grant("60000.00")
    first = grant.conventions.get()
    assert first.amount == Decimal("60000.00")
    amendment = amend(grant, carrier, signer, "70000.00")
    grant.refresh_from_db()
    first.refresh_from_db()
    assert amendment.amount == grant.amount == Decimal("70000.00")
    assert first.state == Convention.State.AMENDED and first.amount == Decimal("60000.00")  # frozen
    # Nothing approved yet: 80 % on signature, the rest after the final report, of the new amount.
    assert (grant.advance_amount, grant.balance_amount) == (Decimal("56000.00"), Decimal("14000.00"))
    entry = AuditEntry.objects.get(action="grant_amount_amended", application=grant.application)
    assert entry.changes["amount"] == ["60000.00", "70000.00"]

    with amendment.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "avenant n° 1" in text
    assert "le montant précédent de 60 000,00 € (soixante mille euros)" in text
    assert "est porté à 70 000,00 € (soixante-dix mille euros)" in text
    assert "une subvention de 70 000,00 €" in text and "soit 56 000,00 €" in text and "au plus 14 000,00 €" in text


def test_lowering_after_the_advance_is_paid_keeps_what_was_paid():
    grant, carrier, signer = signed_grant("60000.00")
    pay_advance(grant, signer)
    amendment = amend(grant, carrier, signer, "55000.00")
    grant.refresh_from_db()
    assert grant.amount == Decimal("55000.00")
    assert (grant.advance_amount, grant.balance_amount) == (Decimal("48000.00"), Decimal("7000.00"))
    assert grant.instalments.get(kind="advance").state == Instalment.State.PAID
    with amendment.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "est porté à 55 000,00 € (cinquante-cinq mille euros)" in text
    assert "une avance de 48 000,00 €, déjà versée" in text and "au plus 7 000,00 €" in text


def test_refused_below_what_is_already_approved_or_paid():
    grant, _carrier, signer = signed_grant("60000.00")
    payments.approve_instalment(instalment=grant.instalments.get(kind="advance"), by=signer)  # approved, not paid
    grant.refresh_from_db()
    with pytest.raises(GrantRefused) as refusal:
        draft(grant, signer, "47000.00")
    assert "Le nouveau montant (47 000,00 €) est inférieur à ce qui est déjà approuvé ou versé (48 000,00 €)" in (
        message(refusal)
    )
    assert grant.conventions.count() == 1
    assert draft(grant, signer, "48000.00").amount == Decimal("48000.00")  # down to what is paid, not below


def test_refused_above_what_the_envelope_still_allows():
    grant, carrier, signer = signed_grant("60000.00")  # an envelope of 100 000 €
    call = grant.application.call
    awarded(amount="30000.00", call=call)  # another dossier holds 30 000 € of it
    with pytest.raises(GrantRefused) as refusal:
        draft(grant, signer, "75000.00")
    text = message(refusal)
    assert "Le nouveau montant (75 000,00 €) dépasse ce que l’enveloppe de l’appel permet encore" in text
    assert "(70 000,00 € : enveloppe de 100 000,00 €, dont 30 000,00 € attribués aux autres dossiers)" in text
    amendment = amend(grant, carrier, signer, "70000.00")  # exactly what is left
    grant.refresh_from_db()
    assert amendment.amount == grant.amount == Decimal("70000.00")
    # The envelope now counts this grant's amended amount: not a cent more.
    with pytest.raises(GrantRefused) as refusal:
        draft(grant, signer, "70000.01")
    assert "(70 000,00 € : enveloppe de 100 000,00 €, dont 30 000,00 € attribués aux autres dossiers)" in (
        message(refusal)
    )


def test_the_envelope_is_checked_again_when_the_amendment_is_signed():
    grant, carrier, signer = signed_grant("60000.00")
    amendment = accept(draft(grant, signer, "70000.00"), carrier, signer)
    Call.objects.filter(pk=grant.application.call_id).update(budget_envelope=Decimal("65000.00"))
    with pytest.raises(GrantRefused) as refusal:
        conventions.sign_convention(convention=amendment, by=signer, **SIGNATORY)
    assert "(65 000,00 € : enveloppe de 65 000,00 €, dont 0,00 € attribués aux autres dossiers)" in message(refusal)
    grant.refresh_from_db()
    amendment.refresh_from_db()
    assert grant.amount == Decimal("60000.00") and amendment.state == Convention.State.ACCEPTED
    assert grant.conventions.get(version=1).state == Convention.State.SIGNED


def test_refused_once_the_grant_is_settled():
    grant, carrier, signer = signed_grant("60000.00")
    pay_advance(grant, signer)
    report = fill(grant.reports.get(kind=Report.Kind.FINAL), carrier, charges="62000.00")
    reports.approve_report(report=reports.submit_report(report=report, user=carrier), by=signer)
    grant.refresh_from_db()
    with pytest.raises(GrantRefused) as refusal:
        draft(grant, signer, "65000.00")
    assert "la subvention soldée" in message(refusal)
    assert draft(grant, signer, "60000.00").amount == Decimal("60000.00")  # other changes still possible


def test_the_first_version_states_the_award_and_a_zero_amount_is_refused():
    decision, _carrier = awarded(amount="60000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    with pytest.raises(GrantRefused):
        conventions.draft_convention(grant=grant, by=signer, amount=Decimal("50000.00"))
    grant, _carrier, signer = signed_grant("60000.00")
    with pytest.raises(ValidationError):
        draft(grant, signer, "0")


def test_the_database_still_keeps_payments_within_the_award():
    grant, carrier, signer = signed_grant("60000.00")
    amend(grant, carrier, signer, "50000.00")
    grant.refresh_from_db()
    assert grant.advance_amount + grant.balance_amount == grant.amount == Decimal("50000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(amount=Decimal("49999.99"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.filter(grant=grant).update(amount=Decimal("0"))


def test_the_official_sets_the_new_amount_in_the_admin(client):
    grant, _carrier, signer = signed_grant("60000.00")
    client.force_login(signer)
    page = client.get(reverse("admin:grants_grant_change", args=[grant.pk])).content.decode()
    assert 'name="amount" value="60000,00"' in page  # the amount in force, to change or keep
    url = reverse("admin:grants_convention_draft", args=[grant.pk])
    response = client.post(url, {"amendment_reason": "Un département de plus.", "amount": "150 000"}, follow=True)
    assert "dépasse ce que l’enveloppe de l’appel permet encore" in response.content.decode()
    assert grant.conventions.count() == 1
    client.post(url, {"amendment_reason": "Un département de plus.", "amount": "72 500,50"})
    amendment = grant.conventions.get(version=2)
    assert amendment.amount == Decimal("72500.50") and amendment.amendment_reason == "Un département de plus."
    page = client.get(reverse("admin:grants_grant_change", args=[grant.pk])).content.decode()
    assert format_euros(Decimal("72500.50")) in page and format_euros(Decimal("60000.00")) in page  # each version's


def test_a_single_payment_follows_the_amendment_until_it_is_paid():
    grant, carrier, signer = signed_grant("20000.00", convention_below_threshold=True)
    assert not grant.instalments.filter(kind="balance").exists()  # paid in one go
    amend(grant, carrier, signer, "22000.00")
    grant.refresh_from_db()
    assert (grant.amount, grant.advance_amount, grant.balance_amount) == (
        Decimal("22000.00"),
        Decimal("22000.00"),
        Decimal("0.00"),
    )
    pay_advance(grant, signer)
    grant.refresh_from_db()
    with pytest.raises(GrantRefused) as refusal:
        draft(grant, signer, "25000.00")
    assert "Tous les versements sont déjà approuvés ou payés (22 000,00 €)" in message(refusal)
    assert "(25 000,00 €)" in message(refusal)
