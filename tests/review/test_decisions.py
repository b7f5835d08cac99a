"""Officials validate proposals into decisions (one or in batch) and correct them by new versions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.models import Application, AuditEntry, OutgoingEmail
from review.decisions import (
    DecisionRefused,
    correct_decision,
    validate_proposal,
    validate_proposals,
)
from review.models import Decision, Proposal
from review.selection import SelectionRefused, gauge, propose

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
S = Application.State
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED


@pytest.fixture
def call():
    return small_call()


@pytest.fixture
def member():
    return committee_member()


@pytest.fixture
def signer():
    return official()


def test_an_award_moves_the_dossier_and_is_recorded(call, member, signer):
    dossier = reviewed_dossier(call, requested="45000.00")
    proposal = propose(application=dossier, outcome=SELECTED, by=member)
    decision = validate_proposal(proposal=proposal, signature=signature(), by=signer)

    dossier.refresh_from_db()
    assert dossier.state == S.AWARDED
    assert decision.kind == Decision.Kind.AWARD and decision.amount == Decimal("45000.00")
    assert decision.reference == f"{dossier.reference}-D1"
    assert decision.payment_terms == Decision.PaymentTerms.STAGED  # above €23,000: convention, staged
    assert decision.signatory_name == "Jeanne Martin" and decision.delegation_reference
    assert len(decision.verification_code) >= 22
    assert AuditEntry.objects.filter(action="decision_issued", application=dossier).exists()
    # The carrier hears of it through the email an official sends, not from the transition.
    assert not OutgoingEmail.objects.filter(application=dossier).exists()


def test_small_awards_are_paid_at_once(call, member, signer):
    proposal = propose(application=reviewed_dossier(call, requested="23000.00"), outcome=SELECTED, by=member)
    decision = validate_proposal(proposal=proposal, signature=signature(), by=signer)
    assert decision.payment_terms == Decision.PaymentTerms.SINGLE


def test_a_refusal_carries_the_committee_summary(call, member, signer):
    dossier = reviewed_dossier(call)
    proposal = propose(application=dossier, outcome=REJECTED, assessment_summary="Budget peu détaillé.", by=member)
    decision = validate_proposal(proposal=proposal, signature=signature(), by=signer)
    dossier.refresh_from_db()
    assert dossier.state == S.REFUSED
    assert decision.kind == Decision.Kind.REFUSAL and decision.amount is None
    assert decision.assessment_summary == "Budget peu détaillé."


def test_what_cannot_be_validated_says_why(call, member, signer):
    waiting = propose(application=reviewed_dossier(call), outcome=WAITING, by=member)
    with pytest.raises(DecisionRefused) as refused:
        validate_proposal(proposal=waiting, signature=signature(), by=signer)
    assert refused.value.code == "waiting"

    selected = propose(application=reviewed_dossier(call), outcome=SELECTED, by=member)
    validate_proposal(proposal=selected, signature=signature(), by=signer)
    with pytest.raises(DecisionRefused) as refused:
        validate_proposal(proposal=selected, signature=signature(), by=signer)
    assert refused.value.code == "decided"

    with pytest.raises(TypeError):  # the date is the server's: a signature cannot carry another one
        signature(signed_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(DecisionRefused):
        validate_proposal(proposal=waiting, signature=signature(name="  "), by=signer)


def test_only_officials_sign(call, member):
    proposal = propose(application=reviewed_dossier(call), outcome=SELECTED, by=member)
    with pytest.raises(PermissionDenied):
        validate_proposal(proposal=proposal, signature=signature(), by=member)
    with pytest.raises(PermissionDenied):
        validate_proposal(proposal=proposal, signature=signature(), by=None)


def test_batch_validation_reports_what_it_skipped(call, member, signer):
    selected = propose(application=reviewed_dossier(call), outcome=SELECTED, by=member)
    rejected = propose(
        application=reviewed_dossier(call), outcome=REJECTED, assessment_summary="Hors sujet.", by=member
    )
    waiting = propose(application=reviewed_dossier(call), outcome=WAITING, by=member)

    result = validate_proposals(proposals=[selected, rejected, waiting], signature=signature(), by=signer)

    assert {d.kind for d in result.issued} == {Decision.Kind.AWARD, Decision.Kind.REFUSAL}
    assert [application.pk for application, _reason in result.skipped] == [waiting.application_id]


def test_a_correction_supersedes_and_both_versions_are_kept(call, member, signer):
    dossier = reviewed_dossier(call, requested="60000.00")
    first = validate_proposal(
        proposal=propose(application=dossier, outcome=SELECTED, by=member), signature=signature(), by=signer
    )

    second = correct_decision(
        decision=first,
        outcome=SELECTED,
        awarded_amount=Decimal("50000.00"),
        amount_reason="Dépenses de communication inéligibles.",
        correction_reason="Erreur sur le montant.",
        signature=signature(),
        by=signer,
    )

    first.refresh_from_db()
    assert first.status == Decision.Status.SUPERSEDED
    assert second.status == Decision.Status.ISSUED and second.version == 2 and second.supersedes == first
    assert second.reference.endswith("-D2") and second.verification_code != first.verification_code
    assert gauge(call).awarded == Decimal("50000.00")
    assert Decision.objects.filter(application=dossier).count() == 2
    with pytest.raises(DecisionRefused) as refused:
        correct_decision(decision=first, outcome=SELECTED, correction_reason="x", signature=signature(), by=signer)
    assert refused.value.code == "superseded"


def test_a_correction_obeys_the_envelope_and_the_cap(call, member, signer):
    winner = reviewed_dossier(call, requested="70000.00")
    other = reviewed_dossier(call, requested="40000.00")
    validate_proposal(
        proposal=propose(application=winner, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    refusal = validate_proposal(
        proposal=propose(application=other, outcome=REJECTED, assessment_summary="Moins solide.", by=member),
        signature=signature(),
        by=signer,
    )

    with pytest.raises(SelectionRefused) as refused:
        correct_decision(
            decision=refusal,
            outcome=SELECTED,
            correction_reason="Recours gracieux accueilli",
            signature=signature(),
            by=signer,
        )
    assert refused.value.code == "envelope"
    refusal.refresh_from_db()
    assert refusal.status == Decision.Status.ISSUED  # nothing changed

    corrected = correct_decision(
        decision=refusal,
        outcome=SELECTED,
        awarded_amount=Decimal("30000.00"),
        amount_reason="Dans la limite de l'enveloppe restante.",
        correction_reason="Recours gracieux accueilli",
        signature=signature(),
        by=signer,
    )
    other.refresh_from_db()
    assert other.state == S.AWARDED and corrected.kind == Decision.Kind.AWARD
    assert gauge(call).awarded == Decimal("100000.00") and gauge(call).selected == 2


def test_an_award_corrected_into_a_refusal(call, member, signer):
    dossier = reviewed_dossier(call)
    award = validate_proposal(
        proposal=propose(application=dossier, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    refusal = correct_decision(
        decision=award,
        outcome=REJECTED,
        assessment_summary="Le porteur a renoncé à une partie du projet.",
        correction_reason="Renonciation du porteur",
        signature=signature(),
        by=signer,
    )
    dossier.refresh_from_db()
    assert dossier.state == S.REFUSED and refusal.kind == Decision.Kind.REFUSAL
    assert gauge(call).selected == 0
    assert AuditEntry.objects.filter(action="decision_corrected", application=dossier).exists()
