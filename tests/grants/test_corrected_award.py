"""A corrective decision of a dossier already followed: the grant follows the valid decision, and the
officials are told — on the grant's page and on their home — what is left to do: an amendment when
the amount changed under a convention, the termination and the return of the sums paid when the
award is withdrawn. Without a convention the grant's amount follows the correction by itself, within
what is already approved or paid. Everything is audited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.french_dates import french_date
from applications.grants import conventions
from applications.grants.models import Grant, Instalment
from applications.models import AuditEntry
from review.decisions import correct_decision
from review.models import Decision, Proposal
from review.selection import gauge
from tests.review.decision_helpers import official, signature

from .grant_support import SIGNATORY, an_official, awarded, signed_grant
from .test_reports import pay_advance

pytestmark = pytest.mark.django_db
SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED


@pytest.fixture(autouse=True)
def unsealed(settings):
    settings.AMI_SIGNING_PKCS12 = ""  # the seal is tested elsewhere


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


def correct(grant, *, amount=None, outcome=SELECTED):
    extra = {"awarded_amount": Decimal(amount), "amount_reason": "Dépenses inéligibles."} if amount else {}
    if outcome == REJECTED:
        extra = {"assessment_summary": "Le projet ne répond pas aux critères de l'appel."}
    return correct_decision(
        decision=Decision.objects.get(application=grant.application, status=Decision.Status.ISSUED),
        outcome=outcome,
        correction_reason="Erreur matérielle dans la décision.",
        signature=signature(),
        by=official(),
        **extra,
    )


def pages(client, grant, signer) -> tuple[str, str]:
    client.force_login(signer)
    home = client.get(reverse("admin:index"))
    screen = client.get(reverse("admin:grants_grant_change", args=[grant.pk]))
    assert home.status_code == screen.status_code == 200
    return plain(home.content.decode()), plain(screen.content.decode())


def test_a_lower_award_under_a_convention_asks_for_an_amendment_until_one_is_signed(client):
    grant, carrier, signer = signed_grant("60000.00")
    first = grant.decision
    corrected = correct(grant, amount="50000.00")
    grant.refresh_from_db()
    assert grant.decision == corrected and grant.pending_correction == corrected
    assert grant.amount == Decimal("60000.00")  # the signed convention still says so
    expected = (
        f"Montant modifié par la décision rectificative du {french_date(corrected.signed_at)} "
        f"({corrected.reference}) : 50 000,00 € au lieu de 60 000,00 €. Un avenant est nécessaire."
    )
    assert plain(grant.correction_alert) == expected
    home, screen = pages(client, grant, signer)
    assert expected in screen and expected in home
    assert "1 subvention modifiée par une décision rectificative" in home
    assert reverse("admin:grants_grant_change", args=[grant.pk]) in home
    assert 'value="50000' in screen or 'value="50 000' in screen  # the amendment's form starts there
    entry = AuditEntry.objects.get(action="grant_decision_corrected", application=grant.application)
    assert entry.changes["decision"] == [first.reference, corrected.reference]
    assert entry.changes["pending"] == corrected.reference
    # Meanwhile the envelope counts the larger of the two amounts.
    assert gauge(grant.application.call).awarded == Decimal("60000.00")

    amendment = conventions.draft_convention(
        grant=grant, by=signer, amendment_reason="Décision rectificative.", amount=Decimal("50000.00")
    )
    amendment = conventions.send_convention(convention=amendment, by=signer)
    amendment = conventions.accept_convention(convention=amendment, user=carrier, sha256=amendment.sha256)
    conventions.sign_convention(convention=amendment, by=signer, **SIGNATORY)
    grant.refresh_from_db()
    assert grant.amount == Decimal("50000.00") and grant.pending_correction is None
    assert grant.correction_alert == ""
    assert AuditEntry.objects.filter(action="grant_correction_carried_out", application=grant.application).exists()
    home, screen = pages(client, grant, signer)
    assert "décision rectificative du" not in screen and "modifiée par une décision rectificative" not in home
    assert gauge(grant.application.call).awarded == Decimal("50000.00")


def test_a_correction_at_the_same_amount_only_moves_the_grant_to_the_new_decision():
    grant, _carrier, _signer = signed_grant("60000.00")
    corrected = correct(grant, amount="60000.00")
    grant.refresh_from_db()
    assert grant.decision == corrected and grant.pending_correction is None and grant.correction_alert == ""


def test_without_a_convention_the_grant_follows_the_corrected_amount():
    decision, _carrier = awarded(amount="20000.00")
    grant = conventions.open_grant(decision=decision)
    assert not grant.convention_required
    corrected = correct(grant, amount="15000.00")
    grant.refresh_from_db()
    assert grant.decision == corrected and grant.pending_correction is None
    assert grant.amount == Decimal("15000.00") == grant.advance_amount + grant.balance_amount
    entry = AuditEntry.objects.get(action="grant_amount_corrected", application=grant.application)
    assert entry.changes["amount"] == ["20000.00", "15000.00"]
    assert entry.reason == "Erreur matérielle dans la décision."


def test_without_a_convention_what_is_paid_keeps_the_amount_and_the_officials_are_told(client):
    decision, _carrier = awarded(amount="20000.00")
    grant = conventions.open_grant(decision=decision)
    signer = an_official()
    pay_advance(grant, signer)
    assert grant.instalments.get(kind=Instalment.Kind.ADVANCE).state == Instalment.State.PAID
    corrected = correct(grant, amount="15000.00")
    grant.refresh_from_db()
    assert grant.amount == Decimal("20000.00") and grant.pending_correction == corrected
    alert = plain(grant.correction_alert)
    assert "15 000,00 € au lieu de 20 000,00 €" in alert and "ordre de reversement" in alert
    home, screen = pages(client, grant, signer)
    assert alert in home and alert in screen


def test_an_award_corrected_into_a_refusal_flags_the_grant_for_termination_and_return(client):
    grant, _carrier, signer = signed_grant("60000.00")
    first = grant.decision
    refusal = correct(grant, outcome=REJECTED)
    grant.refresh_from_db()
    assert grant.decision == first and grant.pending_correction == refusal  # stays on its award
    expected = (
        f"Décision retirée par la décision rectificative du {french_date(refusal.signed_at)} "
        f"({refusal.reference}) : résilier la convention et émettre un ordre de reversement pour les "
        "sommes versées."
    )
    assert plain(grant.correction_alert) == expected
    home, screen = pages(client, grant, signer)
    assert expected in home and expected in screen
    entry = AuditEntry.objects.get(action="grant_award_withdrawn", application=grant.application)
    assert entry.changes == {"supersedes": first.reference, "decision": refusal.reference}
    # No longer selected: the dossier leaves the envelope.
    assert gauge(grant.application.call).awarded == Decimal("0")

    # Corrected back into an award: the grant follows it and the withdrawal is no longer pending.
    award = correct(grant, amount="60000.00")
    grant.refresh_from_db()
    assert grant.decision == award and grant.pending_correction is None
    assert list(Grant.objects.filter(application=grant.application)) == [grant]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_correction_and_an_amendment_signed_at_once_end_the_same_way(on_postgres):
    """Both take the call's lock first (then the dossier's, the grant's): no deadlock, and whichever
    comes first the grant ends at the amendment's amount, flagged with the corrective decision."""
    import threading

    from django.db import connection

    grant, carrier, signer = signed_grant("60000.00")
    amendment = conventions.draft_convention(
        grant=grant, by=signer, amendment_reason="Un département de plus.", amount=Decimal("70000.00")
    )
    amendment = conventions.send_convention(convention=amendment, by=signer)
    amendment = conventions.accept_convention(convention=amendment, user=carrier, sha256=amendment.sha256)
    corrector, countersigner = official(), an_official()
    barrier = threading.Barrier(2)
    outcomes = {}

    def run(name, work):
        try:
            barrier.wait()
            outcomes[name] = work()
        except Exception as exc:  # noqa: BLE001 - checked below
            outcomes[name] = exc
        finally:
            connection.close()

    def correction():
        return correct_decision(
            decision=grant.decision,
            outcome=SELECTED,
            awarded_amount=Decimal("50000.00"),
            amount_reason="Dépenses inéligibles.",
            correction_reason="Erreur matérielle dans la décision.",
            signature=signature(),
            by=corrector,
        )

    def signing():
        return conventions.sign_convention(convention=amendment, by=countersigner, **SIGNATORY)

    threads = [
        threading.Thread(target=run, args=("correction", correction)),
        threading.Thread(target=run, args=("signing", signing)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not isinstance(outcomes["correction"], Exception), outcomes["correction"]
    assert not isinstance(outcomes["signing"], Exception), outcomes["signing"]
    grant.refresh_from_db()
    assert grant.amount == Decimal("70000.00")
    assert grant.decision == outcomes["correction"] == grant.pending_correction
    assert "50 000,00 € au lieu de 70 000,00 €" in plain(grant.correction_alert)


def sign_first_convention(grant, carrier, signer):
    convention = conventions.draft_convention(grant=grant, by=signer)
    convention = conventions.send_convention(convention=convention, by=signer)
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    return conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)


def test_a_correction_above_the_threshold_requires_the_convention_the_first_award_did_not(client):
    """Loi n° 2000-321, art. 10: above €23,000 a convention is required. An award of €20,000 needed
    none, so its advance was requested at once; corrected to the €30,000 asked for, the grant follows
    the amount, now requires a convention, and the advance not yet approved waits for its signature."""
    decision, carrier = awarded(amount="20000.00", requested="30000.00")
    grant = conventions.open_grant(decision=decision)
    assert not grant.convention_required
    advance = grant.instalments.get(kind=Instalment.Kind.ADVANCE)
    assert advance.state == Instalment.State.REQUESTED
    corrected = correct(grant, amount="30000.00")
    grant.refresh_from_db()
    advance.refresh_from_db()
    assert grant.convention_required and grant.decision == corrected and grant.pending_correction == corrected
    assert grant.amount == Decimal("30000.00") == grant.advance_amount + grant.balance_amount
    assert advance.state == Instalment.State.SCHEDULED and advance.requested_at is None
    expected = (
        f"Montant porté à 30 000,00 € par la décision rectificative du {french_date(corrected.signed_at)} "
        f"({corrected.reference}) : la subvention requiert désormais une convention, et rien de plus "
        "n'est versé avant sa signature. Préparez-la."
    )
    assert plain(grant.correction_alert) == expected
    signer = an_official()
    home, screen = pages(client, grant, signer)
    assert expected in home and expected in screen
    assert "Préparer la convention" in screen
    assert AuditEntry.objects.filter(action="instalment_deferred", application=grant.application).count() == 1
    required = AuditEntry.objects.get(action="grant_convention_now_required", application=grant.application)
    assert required.changes == {"decision": corrected.reference, "amount": "30000.00"}

    convention = sign_first_convention(grant, carrier, signer)
    grant.refresh_from_db()
    advance.refresh_from_db()
    assert convention.amount == Decimal("30000.00") and convention.version == 1
    assert grant.pending_correction is None and grant.correction_alert == ""
    assert advance.state == Instalment.State.REQUESTED  # requested again once the convention is signed
    assert AuditEntry.objects.filter(action="grant_correction_carried_out", application=grant.application).exists()


def test_a_payment_made_before_a_correction_above_the_threshold_stays_made():
    """The single payment of €20,000 was made: it stays paid, the grant now requires a convention,
    and the officials are told the payments keep it from following the new amount."""
    decision, _carrier = awarded(amount="20000.00", requested="25000.00")
    grant = conventions.open_grant(decision=decision)
    pay_advance(grant, an_official())
    corrected = correct(grant, amount="25000.00")
    grant.refresh_from_db()
    assert grant.convention_required and grant.pending_correction == corrected
    assert grant.instalments.get(kind=Instalment.Kind.ADVANCE).state == Instalment.State.PAID
    assert grant.amount == Decimal("20000.00")
    assert "25 000,00 € au lieu de 20 000,00 €" in plain(grant.correction_alert)
    assert not AuditEntry.objects.filter(action="instalment_deferred").exists()


def test_a_lower_correction_does_not_lift_the_convention_a_grant_requires():
    grant, _carrier, _signer = signed_grant("30000.00")
    correct(grant, amount="20000.00")
    grant.refresh_from_db()
    assert grant.convention_required and grant.amount == Decimal("30000.00")  # an amendment is due
