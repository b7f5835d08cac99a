"""``seed_demo --stage decided`` goes through the committee's and the official's functions."""

import io
from decimal import Decimal

import pytest

from applications.demo import ensure_accounts
from applications.models import Application, AuditEntry
from review.demo_decisions import OFFICIAL, decide_demo_dossiers
from review.models import Decision, GenerationJob, Proposal
from review.selection import gauge

from .decision_helpers import inadmissible_dossier, reviewed_dossier, small_call

pytestmark = pytest.mark.django_db


def test_the_demo_selects_within_the_rules_and_the_official_signs():
    call = small_call()
    accounts = ensure_accounts(password="demo-ami-2024-secret", call=call)
    requests = ["30000", "45000", "60000", "25000", "80000", "50000", "35000"]
    dossiers = [
        reviewed_dossier(call, requested=amount, scores=[Decimal(90 - 5 * i), Decimal(85 - 5 * i)])
        for i, amount in enumerate(requests)
    ]
    inadmissible_dossier(call)
    out = io.StringIO()

    issued = decide_demo_dossiers(call=call, application_ids=[d.pk for d in dossiers], accounts=accounts, stdout=out)

    current = gauge(call)
    assert current.selected == 2 and current.awarded <= call.budget_envelope
    assert Proposal.objects.filter(call=call, outcome=Proposal.Outcome.WAITING).count() == 3
    reduced = Proposal.objects.filter(call=call, outcome=Proposal.Outcome.SELECTED, amount_reason__gt="")
    assert reduced.count() == 1 and reduced.get().awarded_amount < reduced.get().requested_amount
    decisions = Decision.objects.filter(pk__in=issued)
    assert decisions.count() == len(dossiers) + 1 - 3  # everyone but the waiting list
    assert {d.signed_by.email for d in decisions} == {OFFICIAL}
    assert Application.objects.filter(call=call, state=Application.State.AWARDED).count() == 2
    assert AuditEntry.objects.filter(action="proposal_changed", actor=accounts["comite@demo.ami.gouv.fr"]).exists()
    assert GenerationJob.objects.get(call=call).status == GenerationJob.Status.DONE
    assert all(d.sha256 for d in decisions)
    assert "décision(s) signée(s)" in out.getvalue()
