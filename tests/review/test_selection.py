"""The committee's selection: the envelope, the cap, the amounts, the waiting list, promotion."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from applications import workflow
from applications.models import Application, AuditEntry
from review.models import Proposal
from review.selection import (
    SelectionRefused,
    gauge,
    promote_from_waiting_list,
    propose,
    ranked_dossiers,
    remove_proposal,
    waiting_list,
)
from tests.factories import ProposalFactory

from .decision_helpers import committee_member, inadmissible_dossier, reviewed_dossier, small_call

pytestmark = pytest.mark.django_db
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED


@pytest.fixture
def call():
    return small_call()


@pytest.fixture
def member():
    return committee_member()


def test_two_carriers_within_the_envelope_then_a_third_is_refused_by_the_cap(call, member):
    first = reviewed_dossier(call, requested="60000.00")
    second = reviewed_dossier(call, requested="40000.00")
    third = reviewed_dossier(call, requested="1000.00")
    propose(application=first, outcome=SELECTED, by=member)
    propose(application=second, outcome=SELECTED, by=member)
    assert gauge(call).selected == 2 and gauge(call).awarded == Decimal("100000.00")

    with pytest.raises(SelectionRefused) as refused:
        propose(application=third, outcome=SELECTED, by=member)
    assert refused.value.code == "cap"
    message = " ".join(refused.value.messages)
    assert "2" in message and "1" in message  # the cap and the excess
    assert not Proposal.objects.filter(application=third).exists()


def test_overspending_is_refused_with_the_excess(call, member):
    propose(application=reviewed_dossier(call, requested="70000.00"), outcome=SELECTED, by=member)
    greedy = reviewed_dossier(call, requested="45000.00")
    with pytest.raises(SelectionRefused) as refused:
        propose(application=greedy, outcome=SELECTED, by=member)
    assert refused.value.code == "envelope"
    assert "15\u00a0000,00\u00a0€" in " ".join(refused.value.messages)  # 70,000 + 45,000 − 100,000

    # With a reduced amount and its reason, it fits exactly.
    proposal = propose(
        application=greedy,
        outcome=SELECTED,
        awarded_amount=Decimal("30000.00"),
        amount_reason="Budget de communication surévalué.",
        by=member,
    )
    assert proposal.awarded_amount == Decimal("30000.00")
    assert gauge(call).remaining == Decimal("0.00")


@pytest.mark.parametrize(
    "amount,reason,code",
    [
        (Decimal("0"), "", "amount"),
        (Decimal("-5"), "", "amount"),
        (Decimal("45000.01"), "", "amount"),
        (Decimal("20000.005"), "raison", "amount"),
        (Decimal("20000"), "", "reason_required"),
    ],
)
def test_awarded_amount_is_positive_within_the_request_and_reduced_only_with_a_reason(
    call, member, amount, reason, code
):
    dossier = reviewed_dossier(call, requested="45000.00")
    with pytest.raises(SelectionRefused) as refused:
        propose(application=dossier, outcome=SELECTED, awarded_amount=amount, amount_reason=reason, by=member)
    assert refused.value.code == code


def test_the_database_refuses_an_award_above_the_request_even_without_the_rules(call):
    dossier = reviewed_dossier(call, requested="45000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(application=dossier, outcome=SELECTED, awarded_amount=Decimal("45000.01"))


def test_only_admissible_fully_reviewed_dossiers_can_be_selected(call, member):
    half_reviewed = reviewed_dossier(call, scores=[Decimal("80")])
    with pytest.raises(SelectionRefused) as refused:
        propose(application=half_reviewed, outcome=SELECTED, by=member)
    assert refused.value.code == "not_reviewed"
    assert "1" in refused.value.messages[0] and "2" in refused.value.messages[0]

    not_admissible = inadmissible_dossier(call)
    for outcome in (SELECTED, WAITING):
        with pytest.raises(SelectionRefused) as refused:
            propose(application=not_admissible, outcome=outcome, by=member)
        assert refused.value.code == "not_admissible"
    # …but it can be rejected, with the summary the letter quotes.
    propose(application=not_admissible, outcome=REJECTED, assessment_summary="Dossier incomplet.", by=member)


def test_a_rejection_needs_an_assessment_summary(call, member):
    with pytest.raises(SelectionRefused) as refused:
        propose(application=reviewed_dossier(call), outcome=REJECTED, by=member)
    assert refused.value.code == "summary_required"


def test_only_the_committee_proposes(call):
    from tests.review.decision_helpers import official

    with pytest.raises(PermissionDenied):
        propose(application=reviewed_dossier(call), outcome=SELECTED, by=official())


def test_changing_a_selection_does_not_count_the_dossier_twice(call, member):
    dossier = reviewed_dossier(call, requested="90000.00")
    propose(application=dossier, outcome=SELECTED, by=member)
    propose(application=dossier, outcome=SELECTED, awarded_amount=Decimal("80000"), amount_reason="Ajusté", by=member)
    assert gauge(call).awarded == Decimal("80000.00") and gauge(call).selected == 1
    assert AuditEntry.objects.filter(action="proposal_changed", application=dossier).count() == 2


def test_waiting_list_keeps_its_order_and_closes_gaps(call, member):
    a, b, c = (reviewed_dossier(call) for _ in range(3))
    propose(application=a, outcome=WAITING, by=member)
    propose(application=b, outcome=WAITING, by=member)
    propose(application=c, outcome=WAITING, waiting_rank=1, by=member)
    assert [p.application_id for p in waiting_list(call)] == [c.pk, a.pk, b.pk]
    assert [p.waiting_rank for p in waiting_list(call)] == [1, 2, 3]

    propose(application=b, outcome=WAITING, waiting_rank=1, by=member)
    assert [p.application_id for p in waiting_list(call)] == [b.pk, c.pk, a.pk]

    propose(application=c, outcome=REJECTED, assessment_summary="Moins convaincant.", by=member)
    assert [(p.application_id, p.waiting_rank) for p in waiting_list(call)] == [(b.pk, 1), (a.pk, 2)]

    remove_proposal(application=b, by=member)
    assert [(p.application_id, p.waiting_rank) for p in waiting_list(call)] == [(a.pk, 1)]


def test_withdrawal_frees_the_seat_and_the_best_waiting_dossier_that_fits_is_promoted(call, member):
    first = reviewed_dossier(call, requested="60000.00")
    second = reviewed_dossier(call, requested="40000.00")
    too_big = reviewed_dossier(call, requested="70000.00")
    fits = reviewed_dossier(call, requested="55000.00")
    propose(application=first, outcome=SELECTED, by=member)
    propose(application=second, outcome=SELECTED, by=member)
    propose(application=too_big, outcome=WAITING, by=member)
    propose(application=fits, outcome=WAITING, by=member)

    nothing = promote_from_waiting_list(call=call, by=member)
    assert nothing.proposal is None  # both seats are taken

    workflow.transition(first, to=Application.State.WITHDRAWN, actor=None, reason="Désistement")
    assert gauge(call).selected == 1 and gauge(call).remaining == Decimal("60000.00")

    promotion = promote_from_waiting_list(call=call, by=member)
    assert promotion.proposal.application_id == fits.pk  # the first one that fits in 60,000
    assert promotion.proposal.awarded_amount == Decimal("55000.00")
    assert [(p.application_id, p.waiting_rank) for p in waiting_list(call)] == [(too_big.pk, 1)]
    assert gauge(call).within_rules

    with pytest.raises(SelectionRefused) as refused:
        propose(application=first, outcome=SELECTED, by=member)
    assert refused.value.code == "withdrawn"


def test_ranking_is_by_score_and_flags_incomplete_reviews(call):
    low = reviewed_dossier(call, scores=[Decimal("50"), Decimal("52")])
    high = reviewed_dossier(call, scores=[Decimal("90"), Decimal("86")])
    partial = reviewed_dossier(call, scores=[Decimal("99")])
    inadmissible_dossier(call)
    ranked = list(ranked_dossiers(call))
    assert [d.pk for d in ranked] == [partial.pk, high.pk, low.pk]
    assert [d.fully_reviewed for d in ranked] == [False, True, True]
    assert ranked[1].score == Decimal("88")
