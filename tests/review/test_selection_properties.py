"""No sequence of proposals, withdrawals, promotions, validations and corrections breaks the rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from applications import workflow
from applications.models import Application
from review.decisions import correct_decision, validate_proposal
from review.models import Decision, Proposal
from review.selection import gauge, promote_from_waiting_list, propose

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

S = Application.State
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED
DOSSIERS = 6

amounts = st.integers(min_value=1, max_value=80).map(lambda k: Decimal(k * 1000))


class SelectionMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint rolled back at teardown, so examples never see each other.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        try:
            self.call = small_call(budget_envelope=Decimal("100000.00"), max_selected=2)
            self.member = committee_member()
            self.signer = official()
            self.dossiers = [
                reviewed_dossier(self.call, requested=f"{20000 + 13000 * i}.00", scores=[Decimal(50 + i), Decimal(60)])
                for i in range(DOSSIERS)
            ]
        except BaseException:
            self.teardown()  # hypothesis does not tear down a machine that failed to start
            raise

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def dossier(self, index):
        return Application.objects.get(pk=self.dossiers[index].pk)

    def attempt(self, action, **kwargs):
        try:
            action(**kwargs)
        except ValidationError:
            pass  # a refusal is a correct answer; the invariants say whether the state is sound

    @rule(index=st.integers(0, DOSSIERS - 1), amount=st.none() | amounts)
    def select(self, index, amount):
        dossier = self.dossier(index)
        if amount is not None:
            amount = min(amount, dossier.requested_amount)
        self.attempt(
            propose,
            application=dossier,
            outcome=SELECTED,
            awarded_amount=amount,
            amount_reason="Ajusté",
            by=self.member,
        )

    @rule(index=st.integers(0, DOSSIERS - 1), rank=st.none() | st.integers(1, DOSSIERS))
    def wait(self, index, rank):
        self.attempt(propose, application=self.dossier(index), outcome=WAITING, waiting_rank=rank, by=self.member)

    @rule(index=st.integers(0, DOSSIERS - 1))
    def reject(self, index):
        self.attempt(
            propose, application=self.dossier(index), outcome=REJECTED, assessment_summary="Non retenu.", by=self.member
        )

    @rule(index=st.integers(0, DOSSIERS - 1))
    def withdraw(self, index):
        dossier = self.dossier(index)
        if dossier.state in workflow.BEFORE_DECISION:
            workflow.transition(dossier, to=S.WITHDRAWN, actor=None, reason="Désistement")

    @rule()
    def promote(self):
        promote_from_waiting_list(call=self.call, by=self.member)

    @rule(index=st.integers(0, DOSSIERS - 1))
    def validate(self, index):
        proposal = Proposal.objects.filter(application=self.dossiers[index]).first()
        if proposal is not None:
            self.attempt(validate_proposal, proposal=proposal, signature=signature(), by=self.signer)

    @precondition(lambda self: Decision.objects.filter(call=self.call).exists())
    @rule(data=st.data(), award=st.booleans(), amount=st.none() | amounts)
    def correct(self, data, award, amount):
        valid = list(Decision.objects.filter(call=self.call, status=Decision.Status.ISSUED).order_by("pk"))
        if not valid:
            return
        decision = data.draw(st.sampled_from(valid))
        if amount is not None:
            amount = min(amount, decision.application.requested_amount)
        self.attempt(
            correct_decision,
            decision=decision,
            outcome=SELECTED if award else REJECTED,
            awarded_amount=amount,
            amount_reason="Corrigé",
            assessment_summary="Résumé corrigé.",
            correction_reason="Erreur matérielle",
            signature=signature(),
            by=self.signer,
        )

    @invariant()
    def envelope_and_cap_hold(self):
        current = gauge(self.call)
        assert current.selected <= self.call.max_selected
        assert current.awarded <= self.call.budget_envelope

    @invariant()
    def valid_awards_hold_too(self):
        awards = Decision.objects.filter(call=self.call, status=Decision.Status.ISSUED, kind=Decision.Kind.AWARD)
        totals = awards.aggregate(n=Count("pk"), total=Sum("amount"))
        assert totals["n"] <= self.call.max_selected
        assert (totals["total"] or 0) <= self.call.budget_envelope
        for award in awards.select_related("application"):
            assert 0 < award.amount <= award.application.requested_amount

    @invariant()
    def decisions_match_states(self):
        for decision in Decision.objects.filter(call=self.call, status=Decision.Status.ISSUED).select_related(
            "application"
        ):
            expected = S.AWARDED if decision.kind == Decision.Kind.AWARD else S.REFUSED
            assert decision.application.state == expected
        versions = Decision.objects.filter(call=self.call).values("application").annotate(valid=Count("pk"))
        assert all(row["valid"] >= 1 for row in versions)

    @invariant()
    def waiting_list_is_numbered_one_to_n(self):
        ranks = list(
            Proposal.objects.filter(call=self.call, outcome=WAITING)
            .order_by("waiting_rank")
            .values_list("waiting_rank", flat=True)
        )
        assert ranks == list(range(1, len(ranks) + 1))


@pytest.mark.django_db
def test_no_sequence_of_actions_breaks_the_envelope_or_the_cap():
    run_state_machine_as_test(
        SelectionMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
