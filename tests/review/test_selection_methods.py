"""Both selection methods agree with brute force, never take a dossier below the minimum score, and
the committee cannot select such a dossier without a recorded reason."""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.models import Call
from review import selection
from review.models import Proposal
from review.optimiser import Candidate
from review.selection import best_total_selection, rank_order_selection

from .decision_helpers import committee_member, reviewed_dossier, small_call

Method = Call.SelectionMethod
SELECTED, WAITING = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING


# --------------------------------------------------------------------------------------------
# The pure functions against brute force
# --------------------------------------------------------------------------------------------
@st.composite
def instances(draw):
    """Small calls: a ranking (scores not increasing, ties allowed), an envelope, a cap, a minimum."""
    size = draw(st.integers(0, 8))
    scores = sorted((draw(st.integers(0, 20)) * 5 for _ in range(size)), reverse=True)
    candidates = [
        Candidate(key=100 + i, score=Decimal(score), amount=Decimal(draw(st.integers(1, 12)) * 10_000))
        for i, score in enumerate(scores)
    ]
    cap = draw(st.integers(0, 4))
    envelope = Decimal(draw(st.integers(0, 12)) * 10_000)
    minimum = Decimal(draw(st.sampled_from([0, 25, 50, 60, 75, 100])))
    return candidates, cap, envelope, minimum


def feasible_subsets(candidates, cap, envelope, minimum):
    """Every group of positions the rules allow: at most ``cap``, within the envelope, none below the minimum."""
    allowed = [i for i, c in enumerate(candidates) if c.score >= minimum]
    for size in range(0, min(cap, len(allowed)) + 1):
        for subset in itertools.combinations(allowed, size):
            if sum((candidates[i].amount for i in subset), Decimal("0")) <= envelope:
                yield subset


def rank_order_oracle(candidates, cap, envelope, minimum):
    """Walking the ranking and skipping what does not fit picks, among the allowed groups, the one
    that keeps the best-ranked dossier, then the next best, and so on (the groups allowed are
    closed under removal, so this is the walk's result, found without walking)."""
    n = len(candidates)
    best = max(feasible_subsets(candidates, cap, envelope, minimum), key=lambda s: [i in s for i in range(n)])
    return [candidates[i].key for i in best]


def best_total_oracle(candidates, cap, envelope, minimum):
    """The highest total score; then the lowest total amount; then the better ranks."""

    def key(subset):
        return (
            -sum((candidates[i].score for i in subset), Decimal("0")),
            sum((candidates[i].amount for i in subset), Decimal("0")),
            tuple(sorted(subset)),
        )

    best = min(feasible_subsets(candidates, cap, envelope, minimum), key=key)
    return [candidates[i].key for i in best]


@settings(max_examples=300, deadline=None)
@given(instances())
def test_in_rank_order_matches_brute_force(instance):
    candidates, cap, envelope, minimum = instance
    suggestion = rank_order_selection(candidates, cap=cap, envelope=envelope, minimum_score=minimum)
    assert suggestion.keys == rank_order_oracle(candidates, cap, envelope, minimum)
    assert len(suggestion.chosen) <= cap
    assert suggestion.total_amount <= envelope
    assert all(c.score >= minimum for c in suggestion.chosen)
    assert suggestion.total_score == sum((c.score for c in suggestion.chosen), Decimal("0"))


@settings(max_examples=300, deadline=None)
@given(instances())
def test_best_total_matches_brute_force_and_never_scores_less_than_the_walk(instance):
    candidates, cap, envelope, minimum = instance
    suggestion = best_total_selection(candidates, cap=cap, envelope=envelope, minimum_score=minimum)
    assert suggestion.keys == best_total_oracle(candidates, cap, envelope, minimum)
    assert len(suggestion.chosen) <= cap
    assert suggestion.total_amount <= envelope
    assert all(c.score >= minimum for c in suggestion.chosen)
    walk = rank_order_selection(candidates, cap=cap, envelope=envelope, minimum_score=minimum)
    assert suggestion.total_score >= walk.total_score


def test_the_two_methods_differ_where_the_walk_takes_a_large_first_dossier():
    first = Candidate(key=1, score=Decimal("90"), amount=Decimal("70000"))
    second = Candidate(key=2, score=Decimal("80"), amount=Decimal("50000"))
    third = Candidate(key=3, score=Decimal("75"), amount=Decimal("50000"))
    below = Candidate(key=4, score=Decimal("40"), amount=Decimal("10000"))
    ranking = [first, second, third, below]
    walk = rank_order_selection(ranking, cap=2, envelope=Decimal("100000"), minimum_score=Decimal("50"))
    best = best_total_selection(ranking, cap=2, envelope=Decimal("100000"), minimum_score=Decimal("50"))
    assert walk.keys == [1]  # the second and third no longer fit; the fourth is below the minimum
    assert best.keys == [2, 3] and best.total_score == Decimal("155")
    # Without a minimum, the walk would fill the envelope with the low-scoring fourth.
    assert rank_order_selection(ranking, cap=2, envelope=Decimal("100000")).keys == [1, 4]


def test_ties_follow_the_rankings_order():
    tied = [Candidate(key=k, score=Decimal("70"), amount=Decimal("60000")) for k in (7, 3, 5)]
    assert rank_order_selection(tied, cap=3, envelope=Decimal("130000")).keys == [7, 3]
    assert best_total_selection(tied, cap=3, envelope=Decimal("130000")).keys == [7, 3]


# --------------------------------------------------------------------------------------------
# The call's suggestion, and the minimum score in proposals
# --------------------------------------------------------------------------------------------
@pytest.fixture
def split_call(db):
    """A call where the two methods disagree, with one dossier below a minimum of 50."""
    call = small_call(budget_envelope=Decimal("100000.00"), max_selected=2, minimum_score=Decimal("50"))
    dossiers = {
        "first": reviewed_dossier(call, requested="70000.00", scores=[Decimal("90"), Decimal("90")]),
        "second": reviewed_dossier(call, requested="50000.00", scores=[Decimal("80"), Decimal("80")]),
        "third": reviewed_dossier(call, requested="50000.00", scores=[Decimal("75"), Decimal("75")]),
        "below": reviewed_dossier(call, requested="10000.00", scores=[Decimal("40"), Decimal("44")]),
    }
    return call, dossiers


def test_the_report_carries_both_methods_and_marks_the_calls(split_call):
    call, d = split_call
    report = selection.suggest(call)
    assert report.rank_order.suggestion.keys == [d["first"].pk]
    assert report.best_total.suggestion.keys == [d["second"].pk, d["third"].pk]
    assert report.best_total.is_the_calls and not report.rank_order.is_the_calls
    assert report.suggestion == report.best_total.suggestion  # the call's method, for the minutes
    assert report.below_minimum == 1 and not report.methods_agree
    assert [c.key for c in report.only_rank_order] == [d["first"].pk]
    assert [c.key for c in report.only_best_total] == [d["second"].pk, d["third"].pk]

    call.selection_method = Method.RANK_ORDER
    call.save()
    report = selection.suggest(call)
    assert report.suggestion.keys == [d["first"].pk] and report.rank_order.is_the_calls


def test_a_dossier_below_the_minimum_is_selected_only_with_a_reason(split_call):
    call, d = split_call
    member = committee_member()
    with pytest.raises(ValidationError) as refused:
        selection.propose(application=d["below"], outcome=SELECTED, by=member)
    assert refused.value.code == "below_minimum"
    assert "42/100" in refused.value.messages[0] and "50/100" in refused.value.messages[0]
    assert not Proposal.objects.filter(application=d["below"]).exists()

    proposal = selection.propose(
        application=d["below"],
        outcome=SELECTED,
        below_minimum_reason="Seul projet couvrant Mayotte.",
        by=member,
    )
    assert proposal.outcome == SELECTED and proposal.below_minimum_reason == "Seul projet couvrant Mayotte."
    # At or above the minimum, no reason is asked for, and none is kept.
    above = selection.propose(application=d["second"], outcome=SELECTED, below_minimum_reason="inutile", by=member)
    assert above.below_minimum_reason == ""


def test_promotion_passes_over_a_waiting_dossier_below_the_minimum(split_call):
    call, d = split_call
    member = committee_member()
    selection.propose(application=d["first"], outcome=SELECTED, by=member)
    selection.propose(application=d["below"], outcome=WAITING, by=member)
    selection.propose(application=d["third"], outcome=WAITING, by=member)
    promotion = selection.promote_from_waiting_list(call=call, by=member)
    assert promotion.proposal is None  # the third does not fit; the one below the minimum has no reason
    Proposal.objects.filter(application=d["below"]).update(below_minimum_reason="Couverture territoriale.")
    promotion = selection.promote_from_waiting_list(call=call, by=member)
    assert promotion.proposal.application_id == d["below"].pk


# --------------------------------------------------------------------------------------------
# The committee's screen
# --------------------------------------------------------------------------------------------
def test_the_screen_shows_both_suggestions_side_by_side_and_marks_the_calls(client, split_call):
    call, d = split_call
    client.force_login(committee_member())
    response = client.get(reverse("admin:review_selectioncall_change", args=[call.pk]))
    assert response.status_code == 200
    html = response.content.decode().replace("\u00a0", " ")
    columns = response.context["methods"]
    assert [column["method"].method for column in columns] == [Method.BEST_TOTAL, Method.RANK_ORDER]
    assert columns[0]["method"].is_the_calls and not columns[1]["method"].is_the_calls
    assert html.count("Méthode publiée de l'appel") == 1
    assert "Dans l&#x27;ordre du classement, en passant ce qui ne tient plus" in html
    # The difference: which dossiers, with the total score and amount of each suggestion.
    assert [a.pk for a, _c in columns[0]["only_here"]] == [d["second"].pk, d["third"].pk]
    assert [a.pk for a, _c in columns[1]["only_here"]] == [d["first"].pk]
    assert "Au total : 2 dossiers, 155,00 points, 100 000,00 €." in html
    assert "Au total : 1 dossier, 90,00 points, 70 000,00 €." in html
    assert "1 dossier entièrement évalué a une note inférieure au minimum de 50/100" in html
    assert html.count("sous le minimum") == 1  # the dossier scoring 42, flagged in the ranking


def test_the_reason_field_appears_only_below_the_minimum_and_is_required_there(client, split_call):
    call, d = split_call
    client.force_login(committee_member())

    def url(dossier):
        return reverse("admin:review_selectioncall_proposal", args=[call.pk, dossier.pk])

    assert "below_minimum_reason" not in client.get(url(d["second"])).content.decode()
    assert 'name="below_minimum_reason"' in client.get(url(d["below"])).content.decode()
    values = {
        "outcome": SELECTED,
        "awarded_amount": "",
        "amount_reason": "",
        "waiting_rank": "",
        "assessment_summary": "",
    }
    response = client.post(url(d["below"]), values)
    assert response.status_code == 200
    assert "score minimal" in response.context["form"].errors["below_minimum_reason"][0]
    response = client.post(url(d["below"]), {**values, "below_minimum_reason": "Seul projet en Guyane."})
    assert response.status_code == 302
    assert Proposal.objects.get(application=d["below"]).below_minimum_reason == "Seul projet en Guyane."


def test_the_proposal_page_shows_the_dossiers_place_in_the_whole_ranking(client, split_call):
    call, d = split_call
    client.force_login(committee_member())
    response = client.get(reverse("admin:review_selectioncall_proposal", args=[call.pk, d["third"].pk]))
    assert response.context["dossier"].rank == 3
