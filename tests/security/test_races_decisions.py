"""Two officials signing the same decision at the same moment.

Validating a proposal locks the call, then the dossier, then the proposal, and checks under those
locks that the dossier has no valid decision yet: whoever comes second is told « … a déjà une
décision » and nothing of theirs is written. The same holds for corrections (one new version, the
other told the decision was already superseded) and for batch signatures that overlap.
"""

from decimal import Decimal

from applications import audit
from applications.models import Application, AuditEntry
from review.decision_emails import decision_emails, prepare_decision_emails, send_drafts
from review.decisions import DecisionRefused, correct_decision, validate_proposal, validate_proposals
from review.documents import attach_pdf
from review.models import Decision, Proposal
from review.selection import propose
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY

S = Application.State
SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED


def two_officials():
    return official(), official()


def test_two_officials_signing_the_same_award_issue_one_decision(on_postgres):
    call = small_call()
    dossier = reviewed_dossier(call, requested="45000.00")
    proposal = propose(application=dossier, outcome=SELECTED, by=committee_member())
    first, second = two_officials()

    outcomes = run_at_once(
        lambda: validate_proposal(proposal=proposal, signature=signature(), by=first),
        lambda: validate_proposal(proposal=proposal, signature=signature(name="Paul Durand"), by=second),
    )

    assert sum(o.ok for o in outcomes) == 1
    (refused,) = [o.error for o in outcomes if not o.ok]
    assert isinstance(refused, DecisionRefused) and refused.code == "decided"
    assert refused.messages == [f"{dossier.reference} a déjà une décision."]
    (decision,) = Decision.objects.filter(application=dossier)
    assert (decision.reference, decision.version, decision.status) == (f"{dossier.reference}-D1", 1, "issued")
    assert decision.amount == Decimal("45000.00")
    winner = next(o.value for o in outcomes if o.ok)
    assert decision.pk == winner.pk and decision.signed_by_id == winner.signed_by_id
    assert Application.objects.get(pk=dossier.pk).state == S.AWARDED
    assert AuditEntry.objects.filter(application=dossier, action="decision_issued").count() == 1
    assert AuditEntry.objects.filter(application=dossier, action="awarded").count() == 1
    assert audit.verify_chain().ok


def test_two_officials_signing_the_same_refusal_issue_one_decision(on_postgres):
    call = small_call()
    dossier = reviewed_dossier(call)
    proposal = propose(
        application=dossier, outcome=REJECTED, assessment_summary="Budget peu détaillé.", by=committee_member()
    )
    first, second = two_officials()

    outcomes = run_at_once(
        lambda: validate_proposal(proposal=proposal, signature=signature(), by=first),
        lambda: validate_proposal(proposal=proposal, signature=signature(), by=second),
    )

    assert sorted(o.ok for o in outcomes) == [False, True]
    assert Decision.objects.filter(application=dossier).count() == 1
    assert Application.objects.get(pk=dossier.pk).state == S.REFUSED
    assert AuditEntry.objects.filter(application=dossier, action="refused").count() == 1


def test_two_officials_correcting_the_same_decision_issue_one_new_version(on_postgres):
    call = small_call()
    dossier = reviewed_dossier(call, requested="45000.00")
    proposal = propose(application=dossier, outcome=SELECTED, by=committee_member())
    first, second = two_officials()
    original = validate_proposal(proposal=proposal, signature=signature(), by=first)

    def correct(by, amount):
        return correct_decision(
            decision=original,
            outcome=SELECTED,
            awarded_amount=Decimal(amount),
            amount_reason="Coût des déplacements revu.",
            correction_reason="Erreur matérielle sur le montant.",
            signature=signature(),
            by=by,
        )

    outcomes = run_at_once(lambda: correct(first, "40000.00"), lambda: correct(second, "35000.00"))

    assert sum(o.ok for o in outcomes) == 1
    (refused,) = [o.error for o in outcomes if not o.ok]
    assert isinstance(refused, DecisionRefused) and refused.code == "superseded"
    corrected = next(o.value for o in outcomes if o.ok)
    decisions = list(Decision.objects.filter(application=dossier).order_by("version"))
    assert [(d.version, d.status) for d in decisions] == [(1, "superseded"), (2, "issued")]
    assert decisions[1].pk == corrected.pk and decisions[1].supersedes_id == original.pk
    assert decisions[1].reference == f"{dossier.reference}-D2"
    # The proposal matches the version that was issued, not the refused one.
    assert Proposal.objects.get(application=dossier).awarded_amount == corrected.amount
    assert AuditEntry.objects.filter(application=dossier, action="decision_corrected").count() == 1


def test_overlapping_batch_signatures_issue_each_decision_once(on_postgres):
    """Two officials select the same four proposals in the admin and sign them as a batch."""
    call = small_call(max_selected=4, budget_envelope=Decimal("200000.00"))
    member = committee_member()
    dossiers = [reviewed_dossier(call, requested="30000.00") for _ in range(4)]
    proposals = [propose(application=d, outcome=SELECTED, by=member) for d in dossiers[:2]] + [
        propose(application=d, outcome=REJECTED, assessment_summary="Projet moins abouti.", by=member)
        for d in dossiers[2:]
    ]
    first, second = two_officials()

    outcomes = run_at_once(
        lambda: validate_proposals(proposals=proposals, signature=signature(), by=first),
        lambda: validate_proposals(proposals=list(reversed(proposals)), signature=signature(), by=second),
    )

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    results = [o.value for o in outcomes]
    issued = [d.application_id for r in results for d in r.issued]
    skipped = [a.pk for r in results for a, _reason in r.skipped]
    # Each dossier was decided by exactly one of the two batches, and skipped by the other.
    assert sorted(issued) == sorted(d.pk for d in dossiers)
    assert sorted(skipped) == sorted(d.pk for d in dossiers)
    assert all("a déjà une décision" in reason for r in results for _a, reason in r.skipped)
    references = list(Decision.objects.filter(call=call).values_list("reference", flat=True))
    assert sorted(references) == sorted(f"{d.reference}-D1" for d in dossiers)
    states = dict(Application.objects.filter(call=call).values_list("pk", "state"))
    assert [states[d.pk] for d in dossiers] == [S.AWARDED, S.AWARDED, S.REFUSED, S.REFUSED]


def test_signing_while_another_official_sends_decision_emails_never_deadlocks(on_postgres):
    """After the first decisions, one official sends their emails while another signs the rest.
    Every email sending and every signature is recorded in the audit log; none is aborted."""
    call = small_call(max_selected=8, budget_envelope=Decimal("1000000.00"))
    member = committee_member()
    first, second = two_officials()
    for _round in range(3):
        dossiers = [reviewed_dossier(call, requested="30000.00") for _ in range(6)]
        proposals = [propose(application=d, outcome=SELECTED, by=member) for d in dossiers[:1]] + [
            propose(application=d, outcome=REJECTED, assessment_summary="Projet moins abouti.", by=member)
            for d in dossiers[1:]
        ]
        already = validate_proposals(proposals=proposals[:3], signature=signature(), by=first).issued
        for decision in already:
            attach_pdf(decision)
        prepare_decision_emails(call=call)
        drafts = decision_emails().filter(application__in=dossiers[:3], status="draft")

        outcomes = run_at_once(
            lambda drafts=drafts: send_drafts(emails=drafts, by=first),
            *[(lambda p=p: validate_proposal(proposal=p, signature=signature(), by=second)) for p in proposals[3:]],
        )

        assert [o.error for o in outcomes if not o.ok] == []
        assert Decision.objects.filter(application__in=dossiers).count() == 6
    assert audit.verify_chain().ok
