"""The suggested selection is exact and proven: every method agrees with brute force, ties included."""

import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review import optimiser
from review.optimiser import (
    Candidate,
    _Problem,
    best_selection_within,
    compare,
    prune,
    solve_bounded,
    solve_exhaustive,
    solve_pairs,
)

# Pure computation on generated instances: no clock, no database (`make test-dates` leaves it out).
pytestmark = pytest.mark.clock_free

ROOT = Path(__file__).resolve().parents[2]


def problem_of(scores, amounts, cap, envelope):
    return _Problem(scores=list(scores), amounts=list(amounts), cap=cap, envelope=envelope)


# Small integers make ties (equal totals, equal amounts) frequent: the tie-break is tested too.
small_instances = st.integers(min_value=0, max_value=9).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 6), min_size=n, max_size=n),
        st.lists(st.integers(1, 6), min_size=n, max_size=n),
        st.integers(0, 4),
        st.integers(0, 14),
    )
)


@settings(max_examples=300, deadline=None)
@given(small_instances)
def test_pairs_matches_brute_force(instance):
    scores, amounts, cap, envelope = instance
    cap = min(cap, 2)
    problem = problem_of(scores, amounts, cap, envelope)
    assert solve_pairs(problem) == solve_exhaustive(problem)


@settings(max_examples=400, deadline=None)
@given(small_instances)
def test_bounded_programme_matches_brute_force_and_proves_it(instance):
    scores, amounts, cap, envelope = instance
    problem = problem_of(scores, amounts, cap, envelope)
    assert solve_bounded(problem) == (solve_exhaustive(problem), True)


@pytest.mark.parametrize("giving_up", [optimiser.RANK, optimiser.AMOUNT, optimiser.CERTAINTY, optimiser.SMALL])
@settings(max_examples=300, deadline=None)
@given(instance=small_instances)
def test_each_exact_pass_settles_ties_like_brute_force(instance, giving_up):
    # The exact passes decide the largest requests first (settling ties by what the partial
    # selections hold), then in rank order: make every pass in one of the orders give up so that
    # the other one answers.
    scores, amounts, cap, envelope = instance
    problem = problem_of(scores, amounts, cap, envelope)
    decide = optimiser.decide

    def passes_give_up(*args, order=optimiser.RANK, beam=None, **kwargs):
        if order == giving_up and beam is None:
            return None
        return decide(*args, order=order, beam=beam, **kwargs)

    with mock.patch.object(optimiser, "decide", passes_give_up):
        assert solve_bounded(problem) == (solve_exhaustive(problem), True)


@settings(max_examples=300, deadline=None)
@given(small_instances)
def test_pruning_never_removes_the_best_selection(instance):
    scores, amounts, cap, envelope = instance
    problem = problem_of(scores, amounts, cap, envelope)
    best = solve_exhaustive(problem)
    assert set(best) <= set(prune(problem))


@st.composite
def portal_instances(draw):
    """Scores with three decimals and amounts in euros and cents, as the portal has them: close or
    equal scores, equal amounts, an envelope exactly filled by some dossiers, or by none, a cap
    above the number of dossiers."""
    n = draw(st.integers(0, 11))
    base = draw(st.integers(40_000, 90_000))
    scores = draw(st.lists(st.integers(0, 40).map(lambda k: Decimal(base + k * 25) / 1000), min_size=n, max_size=n))
    amounts = draw(
        st.lists(
            st.sampled_from([Decimal("25000.00"), Decimal("31999.99"), Decimal("40000.50")])
            | st.integers(1_000_000, 9_000_000).map(lambda c: Decimal(c) / 100),
            min_size=n,
            max_size=n,
        )
    )
    cap = draw(st.integers(0, 13))
    filled = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    envelope = draw(
        st.sampled_from(
            [
                sum((a for a, f in zip(amounts, filled, strict=True) if f), Decimal("0")),  # filled to the cent
                min(amounts, default=Decimal("1")) - Decimal("0.01"),  # nothing fits
                sum(amounts, Decimal("0")),  # everything fits
            ]
        )
        | st.integers(0, 30_000_000).map(lambda c: Decimal(c) / 100)
    )
    return [Candidate(100 + i, s, a) for i, (s, a) in enumerate(zip(scores, amounts, strict=True))], cap, envelope


def oracle(candidates, cap, envelope):
    """Brute force on the candidates themselves, in thousandths of a point and cents."""
    problem = problem_of(
        [int(c.score * 1000) for c in candidates], [int(c.amount * 100) for c in candidates], cap, int(envelope * 100)
    )
    return [candidates[i].key for i in solve_exhaustive(problem)]


@pytest.mark.parametrize("exhaustive_limit", [optimiser.EXHAUSTIVE_LIMIT, 0])
@settings(max_examples=150, deadline=None)
@given(instance=portal_instances())
def test_public_entry_point_matches_brute_force(instance, exhaustive_limit):
    # With no exhaustive search allowed, every instance goes through the pairs or the bounded programme.
    candidates, cap, envelope = instance
    with mock.patch.object(optimiser, "EXHAUSTIVE_LIMIT", exhaustive_limit):
        suggestion = best_selection_within(candidates, cap=cap, envelope=envelope)
    assert suggestion.proven_optimal
    assert suggestion.keys == oracle(candidates, cap, envelope)
    assert suggestion.total_amount <= envelope
    assert len(suggestion.chosen) <= cap


def test_exact_not_greedy():
    # Greedy by score takes A (90) then nothing fits; the best is B + C (80 + 70 = 150).
    candidates = [
        Candidate(1, Decimal("90"), Decimal("70000")),
        Candidate(2, Decimal("80"), Decimal("50000")),
        Candidate(3, Decimal("70"), Decimal("50000")),
    ]
    suggestion = best_selection_within(candidates, cap=2, envelope=Decimal("100000"))
    assert suggestion.keys == [2, 3]
    assert suggestion.total_score == Decimal("150")


def test_ties_prefer_lower_amount_then_better_rank():
    candidates = [
        Candidate(1, Decimal("50"), Decimal("40000")),
        Candidate(2, Decimal("50"), Decimal("30000")),
        Candidate(3, Decimal("50"), Decimal("30000")),
    ]
    assert best_selection_within(candidates, cap=1, envelope=Decimal("100000")).keys == [2]
    assert best_selection_within(candidates, cap=2, envelope=Decimal("100000")).keys == [2, 3]


def test_scores_and_amounts_are_used_exactly():
    # 0.0001 of a point and one cent decide: no rounding to a coarser unit may tie them.
    candidates = [
        Candidate(1, Decimal("70.0001"), Decimal("50000.01")),
        Candidate(2, Decimal("70.0000"), Decimal("50000.00")),
        Candidate(3, Decimal("70.0000"), Decimal("50000.00")),
    ]
    assert best_selection_within(candidates, cap=2, envelope=Decimal("100000.01")).keys == [1, 2]
    assert best_selection_within(candidates, cap=2, envelope=Decimal("100000.00")).keys == [2, 3]


def test_comparison_explains_the_difference():
    best, second, third = (
        Candidate(1, Decimal("90"), Decimal("70000")),
        Candidate(2, Decimal("80"), Decimal("50000")),
        Candidate(3, Decimal("70"), Decimal("50000")),
    )
    suggestion = best_selection_within([best, second, third], cap=2, envelope=Decimal("100000"))
    comparison = compare(suggestion, [best], Decimal("70000"))
    assert [x.key for x in comparison.suggested_only] == [2, 3]
    assert [x.key for x in comparison.committee_only] == [1]
    assert comparison.score_difference == Decimal("60")
    assert not comparison.identical


def realistic(n, seed):
    rng = random.Random(seed)
    return [
        Candidate(i, Decimal(rng.randrange(20_000, 100_000)) / 1000, Decimal(rng.randrange(10_000, 100_000)))
        for i in range(n)
    ]


def anti_correlated(n, seed):
    # Higher scores cost more, step by step: nothing dominates anything (the hard case).
    rng = random.Random(seed)
    amounts = sorted(rng.sample(range(10_000, 10_000_000), n))
    return [
        Candidate(i, Decimal(20 + 80 * k / n).quantize(Decimal("0.001")), Decimal(amounts[k]) / 100)
        for i, k in enumerate(range(n))
    ]


def close_and_correlated(n, seed):
    # Close scores (40 to 90 points) that rise with the amount, in euros and cents, plus a little noise.
    rng = random.Random(seed)
    candidates = []
    for i in range(n):
        amount = Decimal(rng.randrange(2_000_000, 10_000_000)) / 100
        score = (40 + amount / 2000 + Decimal(rng.randrange(0, 50)) / 1000).quantize(Decimal("0.001"))
        candidates.append(Candidate(i, score, amount))
    return candidates


WEIGHTS = [3, 2, 3, 2, 2, 2, 1]


def review_like(n, seed):
    # What the portal really produces: each score is the mean of two reviewers' weighted means of
    # 0-10 points (so many dossiers share a score), and requests are round thousands of euros.
    rng = random.Random(seed)

    def one_review():
        points = [rng.randrange(3, 11) for _ in WEIGHTS]
        return Decimal(sum(w * p for w, p in zip(WEIGHTS, points, strict=True)) * 10) / sum(WEIGHTS)

    candidates = []
    for i in range(n):
        score = ((one_review() + one_review()) / 2).quantize(Decimal("0.001"))
        candidates.append(Candidate(i, score, Decimal(rng.randrange(25, 101) * 1000)))
    return candidates


def exhaustive_oracle(candidates, cap, envelope):
    problem = problem_of(
        [int(c.score * 1000) for c in candidates], [int(c.amount * 100) for c in candidates], cap, int(envelope * 100)
    )
    return [candidates[i].key for i in solve_exhaustive(problem)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_eighty_dossiers_cap_three_with_scores_rising_with_the_amount_are_proven_optimal(seed):
    # The case: the MILP solver hit its time limit on such instances. Brute force agrees.
    candidates = close_and_correlated(80, seed)
    suggestion = best_selection_within(candidates, cap=3, envelope=Decimal("150000"))
    assert suggestion.method == "bounded"
    assert suggestion.proven_optimal
    assert suggestion.keys == exhaustive_oracle(candidates, 3, Decimal("150000"))


@pytest.mark.parametrize(
    "make,cap,envelope",
    [
        (anti_correlated, 50, Decimal("2500000")),
        (realistic, 50, Decimal("2500000")),
        (review_like, 50, Decimal("2500000")),
        (review_like, 10, Decimal("500000")),
    ],
)
def test_two_thousand_dossiers_cap_fifty_are_proven_optimal(make, cap, envelope):
    # Speed is measured by benchmarks/optimiser.py, not asserted here.
    candidates = make(2_000, seed=7)
    suggestion = best_selection_within(candidates, cap=cap, envelope=envelope)
    assert suggestion.proven_optimal
    assert len(suggestion.chosen) <= cap
    assert suggestion.total_amount <= envelope
    assert best_selection_within(candidates, cap=cap, envelope=envelope) == suggestion  # same input, same answer


@pytest.mark.parametrize("cap,envelope", [(2, Decimal("100000")), (50, Decimal("2500000"))])
@pytest.mark.parametrize("make", [realistic, review_like])
def test_ten_thousand_dossiers_are_solved_exactly(make, cap, envelope):
    candidates = make(10_000, seed=7)
    suggestion = best_selection_within(candidates, cap=cap, envelope=envelope)
    assert suggestion.proven_optimal
    assert len(suggestion.chosen) <= cap
    assert suggestion.total_amount <= envelope


def test_cap_two_uses_pairs_even_when_nothing_can_be_pruned():
    candidates = anti_correlated(10_000, seed=7)
    suggestion = best_selection_within(candidates, cap=2, envelope=Decimal("100000"))
    assert suggestion.considered == 10_000 and suggestion.method == "pairs"
    assert suggestion.total_amount <= Decimal("100000")


def test_past_its_work_limit_the_selection_stays_within_the_rules_and_says_it_is_not_proven():
    candidates = close_and_correlated(2_000, seed=3)
    suggestion = best_selection_within(candidates, cap=10, envelope=Decimal("600000"), work_limit=1)
    assert suggestion.method == "bounded"
    assert not suggestion.proven_optimal
    assert 0 < len(suggestion.chosen) <= 10
    assert suggestion.total_amount <= Decimal("600000")


def test_large_instance_agrees_with_brute_force_on_its_survivors():
    candidates = realistic(3000, seed=3)
    suggestion = best_selection_within(candidates, cap=3, envelope=Decimal("150000"))
    problem = problem_of(
        [int(c.score * 1000) for c in candidates], [int(c.amount * 100) for c in candidates], 3, 15_000_000
    )
    kept = prune(problem)
    reduced = problem_of([problem.scores[i] for i in kept], [problem.amounts[i] for i in kept], 3, problem.envelope)
    assert suggestion.keys == [candidates[kept[i]].key for i in solve_exhaustive(reduced)]


def test_nothing_is_printed(capfd):
    best_selection_within(close_and_correlated(80, 0), cap=3, envelope=Decimal("150000"))
    best_selection_within(anti_correlated(2_000, 7), cap=50, envelope=Decimal("2500000"))
    best_selection_within(close_and_correlated(2_000, 3), cap=10, envelope=Decimal("600000"), work_limit=1)
    assert capfd.readouterr() == ("", "")


def test_nothing_is_printed_from_import_to_answer():
    # A fresh interpreter: importing the optimiser (and numpy) and solving writes nothing.
    script = (
        "import random; from decimal import Decimal; from review.optimiser import Candidate, best_selection_within\n"
        "rng = random.Random(1)\n"
        "c = [Candidate(i, Decimal(rng.randrange(40000, 90000)) / 1000, Decimal(rng.randrange(2000000, 9000000)) / 100)"
        " for i in range(500)]\n"
        "best_selection_within(c, cap=10, envelope=Decimal('400000'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize("seed", range(20))
def test_the_bound_reads_its_orders_alike_one_by_one_and_by_slices(seed):
    # RestBound finds each rate's largest values among the undecided dossiers one at a time for a
    # small cap and by numpy slices from a cap of WIDE_CAP on: both give the same tables as a
    # plain sort, at every step of a random order of decisions.
    rng = random.Random(seed)
    n, cap = rng.randrange(1, 120), rng.choice([1, 2, 5, 20, 50])
    problem = problem_of(
        [rng.randrange(0, 50) for _ in range(n)], [rng.randrange(1, 50) for _ in range(n)], cap, rng.randrange(1, 500)
    )
    undecided = rng.sample(range(n), rng.randrange(0, n + 1))
    rates = [0, 100, 1000, 1500]
    bounds = []
    for wide_cap in (cap + 1, cap):  # one at a time, by slices
        with mock.patch.object(optimiser, "WIDE_CAP", wide_cap):
            bounds.append(optimiser.RestBound(problem, undecided, 1000, rates))
    left = set(undecided)
    for item in [*rng.sample(undecided, len(undecided)), None]:
        expected = []
        for rate in rates:
            values = sorted((1000 * problem.scores[i] - rate * problem.amounts[i] for i in left), reverse=True)
            sums = [0]
            for value in values[:cap]:
                sums.append(sums[-1] + max(value, 0))
            expected.append(sums + [sums[-1]] * (cap + 1 - len(sums)))
        for wide_cap, bound in zip((cap + 1, cap), bounds, strict=True):
            with mock.patch.object(optimiser, "WIDE_CAP", wide_cap):
                assert bound.table().tolist() == expected
        if item is not None:
            for bound in bounds:
                bound.decide(item)
            left.discard(item)


@settings(max_examples=200, deadline=None)
@given(small_instances)
def test_the_bounded_programme_reading_by_slices_matches_brute_force(instance):
    scores, amounts, cap, envelope = instance
    problem = problem_of(scores, amounts, cap, envelope)
    with mock.patch.object(optimiser, "WIDE_CAP", 0):
        assert solve_bounded(problem) == (solve_exhaustive(problem), True)
