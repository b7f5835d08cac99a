"""Signing an award opens its grant's follow-up by itself, once; a refusal opens nothing; the admin
action stays the catch-up for awards signed before (and finds nothing left to open)."""

import io
from decimal import Decimal

import pytest

from applications.demo import ensure_accounts
from applications.grants import conventions
from applications.grants.admin import open_new_grants
from applications.grants.demo import follow_demo_grants
from applications.grants.models import Convention, Grant, Instalment
from applications.models import AuditEntry
from review.decisions import correct_decision, validate_proposal
from review.models import Decision, Proposal
from review.selection import propose
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

from .grant_support import awarded

pytestmark = pytest.mark.django_db


def sign(dossier, outcome=Proposal.Outcome.SELECTED, signer=None, **proposal):
    return validate_proposal(
        proposal=propose(application=dossier, outcome=outcome, by=committee_member(), **proposal),
        signature=signature(),
        by=signer or official(),
    )


def test_signing_an_award_opens_its_grant_once(django_capture_on_commit_callbacks):
    dossier = reviewed_dossier(small_call(), requested="60000.00")
    signer = official()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = sign(dossier, signer=signer)

    grant = Grant.objects.get(application=dossier)
    assert grant.decision == decision and grant.amount == Decimal("60000.00")
    assert grant.convention_required
    assert set(grant.instalments.values_list("kind", flat=True)) == {Instalment.Kind.ADVANCE, Instalment.Kind.BALANCE}
    opened = AuditEntry.objects.get(action="grant_opened", application=dossier)
    assert opened.actor == signer

    # The signing code's after-commit step runs again (a retry): still one grant, one audit entry.
    for callback in callbacks:
        callback()
    assert Grant.objects.filter(application=dossier).count() == 1
    assert AuditEntry.objects.filter(action="grant_opened", application=dossier).count() == 1
    # The admin's catch-up finds nothing left to open.
    assert open_new_grants(by=official()) == 0


def test_nothing_is_opened_before_the_decision_is_committed(django_capture_on_commit_callbacks):
    dossier = reviewed_dossier(small_call(), requested="60000.00")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign(dossier)
    assert callbacks  # waiting for the commit
    assert not Grant.objects.filter(application=dossier).exists()


def test_a_refusal_opens_nothing(django_capture_on_commit_callbacks):
    dossier = reviewed_dossier(small_call(), requested="60000.00")
    with django_capture_on_commit_callbacks(execute=True):
        decision = sign(dossier, outcome=Proposal.Outcome.REJECTED, assessment_summary="Hors sujet.")
    assert decision.kind == Decision.Kind.REFUSAL
    assert not Grant.objects.exists()
    assert not AuditEntry.objects.filter(action="grant_opened").exists()


def test_a_small_award_opens_a_grant_with_its_reports(django_capture_on_commit_callbacks):
    dossier = reviewed_dossier(small_call(), requested="20000.00")
    with django_capture_on_commit_callbacks(execute=True):
        sign(dossier)
    grant = Grant.objects.get(application=dossier)
    assert not grant.convention_required
    assert grant.instalments.get().state == Instalment.State.REQUESTED
    assert set(grant.reports.values_list("kind", flat=True)) == {"interim", "final"}


def test_a_refusal_corrected_into_an_award_opens_the_grant(django_capture_on_commit_callbacks):
    call = small_call()
    dossier = reviewed_dossier(call, requested="40000.00")
    signer = official()
    refusal = sign(dossier, outcome=Proposal.Outcome.REJECTED, assessment_summary="Moins solide.", signer=signer)
    assert not Grant.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        award = correct_decision(
            decision=refusal,
            outcome=Proposal.Outcome.SELECTED,
            awarded_amount=Decimal("40000.00"),
            correction_reason="Erreur de classement.",
            signature=signature(),
            by=signer,
        )
    assert Grant.objects.get(application=dossier).decision == award


def test_a_corrected_award_already_followed_keeps_its_grant(django_capture_on_commit_callbacks):
    dossier = reviewed_dossier(small_call(), requested="60000.00")
    signer = official()
    with django_capture_on_commit_callbacks(execute=True):
        first = sign(dossier, signer=signer)
    grant = Grant.objects.get(application=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        correct_decision(
            decision=first,
            outcome=Proposal.Outcome.SELECTED,
            awarded_amount=Decimal("50000.00"),
            amount_reason="Dépenses de communication inéligibles.",
            correction_reason="Erreur sur le montant.",
            signature=signature(),
            by=signer,
        )
    # The grant follows the corrected award (tests/grants/test_corrected_award.py): no second grant, no error.
    assert list(Grant.objects.filter(application=dossier)) == [grant]
    # Nor does the officials' catch-up action open one (it skipped followed dossiers too late: the
    # database's one-grant-per-dossier constraint refused it and the action failed).
    assert open_new_grants(by=signer) == 0
    assert list(Grant.objects.filter(application=dossier)) == [grant]
    corrected = Decision.objects.get(application=dossier, status=Decision.Status.ISSUED)
    assert conventions.open_grant(decision=corrected, by=signer) == grant  # idempotent: the same grant


def test_the_demo_follows_grants_already_opened_by_their_signature(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision, _carrier = awarded(amount="60000.00")
        small, _other = awarded(amount="20000.00", call=decision.call)
    assert Grant.objects.filter(application__call=decision.call).count() == 2  # opened on signature
    accounts = ensure_accounts(password="demo-ami-2024-secret", call=decision.call)
    with django_capture_on_commit_callbacks(execute=True):
        follow_demo_grants(call=decision.call, application_ids=[], accounts=accounts, stdout=io.StringIO())
    assert Grant.objects.filter(application__call=decision.call).count() == 2  # no duplicate
    assert AuditEntry.objects.filter(action="grant_opened").count() == 2
    assert Grant.objects.get(decision=decision).conventions.get().state == Convention.State.SIGNED


def test_a_failure_to_open_leaves_the_award_signed_and_the_admin_action_catches_up(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    dossier = reviewed_dossier(small_call(), requested="60000.00")

    def broken(**_kwargs):
        raise RuntimeError("stockage indisponible")

    monkeypatch.setattr(conventions, "open_grant", broken)
    with django_capture_on_commit_callbacks(execute=True):
        decision = sign(dossier)
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.ISSUED
    assert not Grant.objects.exists()
    assert "stockage indisponible" in caplog.text  # logged, not raised to the official

    monkeypatch.undo()
    assert open_new_grants(by=official()) == 1
    assert Grant.objects.get(application=dossier).decision == decision
