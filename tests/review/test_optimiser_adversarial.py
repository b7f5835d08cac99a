"""The bounded programme on the adversarial shapes of ``benchmarks/optimiser.py``, small enough for
brute force: scores rising with the amount (« close, rising », « lockstep »), exact ties on the
score and on the amount, and every pass of :func:`review.optimiser.solve_bounded` made to answer
in turn (the guesses, the exact pass in rank order, the one deciding the largest requests first,
and, when only the amount is left to settle, the one deciding the most certain dossiers first)."""

import random
from decimal import Decimal
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review import optimiser
from review.optimiser import Candidate, _Problem, best_selection_within, solve_bounded, solve_exhaustive

# Pure computation on generated instances: no clock, no database (`make test-dates` leaves it out).
pytestmark = pytest.mark.clock_free


@st.composite
def rising_instances(draw):
    """Scores that rise with the amount, plus a little noise (possibly none: exact ties), amounts
    drawn from a few values or freely, an envelope that some selection fills exactly or not."""
    n = draw(st.integers(1, 10))
    slope = draw(st.integers(1, 4))
    base = draw(st.integers(0, 30))
    noise = draw(st.integers(0, 3))
    amounts = draw(st.lists(st.integers(5, 40) | st.sampled_from([10, 20, 30]), min_size=n, max_size=n))
    scores = [base + slope * a + draw(st.integers(0, noise)) for a in amounts]
    cap = draw(st.integers(1, 6))
    filled = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    envelope = draw(
        st.sampled_from([sum(a for a, f in zip(amounts, filled, strict=True) if f), sum(amounts) // 2 + 1])
        | st.integers(1, 150)
    )
    return _Problem(scores=scores, amounts=amounts, cap=cap, envelope=envelope)


@settings(max_examples=400, deadline=None)
@given(rising_instances())
def test_scores_rising_with_the_amount_match_brute_force(problem):
    assert solve_bounded(problem) == (solve_exhaustive(problem), True)


@pytest.mark.parametrize(
    "guesses,beam_width",
    [
        ((), optimiser.BEAM_WIDTH),  # no guess: the exact passes from the starting selection
        ((0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0), optimiser.BEAM_WIDTH),  # a guess answers almost always
        (optimiser.GUESSES, 1),  # a narrow pass that keeps one partial selection
    ],
)
@settings(max_examples=250, deadline=None)
@given(problem=rising_instances())
def test_every_pass_settles_ties_like_brute_force(problem, guesses, beam_width):
    with mock.patch.object(optimiser, "GUESSES", guesses), mock.patch.object(optimiser, "BEAM_WIDTH", beam_width):
        assert solve_bounded(problem) == (solve_exhaustive(problem), True)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 10).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 6), min_size=n, max_size=n),
            st.lists(st.integers(1, 6), min_size=n, max_size=n),
            st.integers(1, 4),
            st.integers(1, 14),
        )
    )
)
def test_a_guess_that_answers_is_the_best_selection(instance):
    # Every threshold between the bound and the start is tried first: when one finds a selection,
    # it must be the best one (ties included), whatever the threshold.
    scores, amounts, cap, envelope = instance
    problem = _Problem(scores=list(scores), amounts=list(amounts), cap=cap, envelope=envelope)
    with mock.patch.object(optimiser, "GUESSES", tuple(k / 10 for k in range(11))):
        assert solve_bounded(problem) == (solve_exhaustive(problem), True)


def lockstep(n, rng):
    amounts = sorted(rng.sample(range(1_000_000, 10_000_000), n))
    return [
        Candidate(i, Decimal(20 + 80 * i / n).quantize(Decimal("0.001")), Decimal(amounts[i]) / 100) for i in range(n)
    ]


def close_rising(n, rng):
    candidates = []
    for i in range(n):
        amount = Decimal(rng.randrange(2_000_000, 10_000_000)) / 100
        score = (40 + amount / 2000 + Decimal(rng.randrange(0, 50)) / 1000).quantize(Decimal("0.001"))
        candidates.append(Candidate(i, score, amount))
    return candidates


def brute_force(candidates, cap, envelope):
    problem = _Problem(
        scores=[int(c.score * 1000) for c in candidates],
        amounts=[int(c.amount * 100) for c in candidates],
        cap=cap,
        envelope=int(envelope * 100),
    )
    return [candidates[i].key for i in solve_exhaustive(problem)]


@pytest.mark.parametrize("make", [lockstep, close_rising])
@pytest.mark.parametrize("seed", range(4))
def test_thirty_adversarial_dossiers_cap_four_match_brute_force(make, seed):
    rng = random.Random(seed)
    candidates = make(30, rng)
    amounts = sorted(c.amount for c in candidates)
    envelope = (amounts[15] * 4 * Decimal(rng.uniform(0.6, 1.1))).quantize(Decimal("0.01"))
    with mock.patch.object(optimiser, "EXHAUSTIVE_LIMIT", 0):
        suggestion = best_selection_within(candidates, cap=4, envelope=envelope)
    assert suggestion.method == "bounded" and suggestion.proven_optimal
    assert suggestion.keys == brute_force(candidates, 4, envelope)


@pytest.mark.parametrize("seed", range(3))
def test_exact_ties_on_score_and_amount_keep_the_better_ranked(seed):
    # Many dossiers share both a score and an amount: the best total is reached by many
    # selections of the same amount, and the one with the better-ranked dossiers wins.
    rng = random.Random(seed)
    candidates = [
        Candidate(i, Decimal(rng.choice([60, 61, 62])), Decimal(rng.choice([20_000, 30_000, 40_000])))
        for i in range(14)
    ]
    with mock.patch.object(optimiser, "EXHAUSTIVE_LIMIT", 0):
        suggestion = best_selection_within(candidates, cap=4, envelope=Decimal("110000"))
    assert suggestion.proven_optimal
    assert suggestion.keys == brute_force(candidates, 4, Decimal("110000"))


def settle_alone(problem, answering):
    """Solve with only one of the passes that settle the amount allowed to answer (no narrow pass
    to help); return the result and how many times the amount was settled so."""
    decide, settling = optimiser.decide, []

    def only(passing, *args, order=optimiser.RANK, beam=None, spent=None, **kwargs):
        if spent is not None and beam is None and order != optimiser.AMOUNT:  # settling the amount
            if order != answering:
                return None
            settling.append(passing.envelope)
        return decide(passing, *args, order=order, beam=beam, spent=spent, **kwargs)

    with (
        mock.patch.object(optimiser, "decide", only),
        mock.patch.object(optimiser, "EXACT_ORDERS", ((optimiser.AMOUNT, 1),)),  # otherwise
        mock.patch.object(optimiser, "TIE_ORDERS", ((optimiser.CERTAINTY, 2), (optimiser.RANK, 1))),
        mock.patch.object(optimiser, "BEAM_WIDTH", 1),
    ):
        return solve_bounded(problem), len(settling)


@pytest.mark.parametrize("answering", [optimiser.CERTAINTY, optimiser.RANK])
@settings(max_examples=300, deadline=None)
@given(problem=rising_instances())
def test_settling_the_amount_alone_matches_brute_force(problem, answering):
    # When no selection can score more than the best known, the exact passes search within what
    # it spends, as if that were the envelope, the most certain dossiers first, then in rank
    # order: each of the two made to answer alone.
    assert settle_alone(problem, answering)[0] == (solve_exhaustive(problem), True)


@pytest.mark.parametrize("answering", [optimiser.CERTAINTY, optimiser.RANK])
def test_settling_the_amount_alone_is_exercised(answering):
    # The same on fixed « close, rising » instances, some of which do reach that phase.
    rng, settled = random.Random(3), 0
    for _ in range(60):
        n = rng.randrange(6, 11)
        amounts = [rng.randrange(5, 41) for _ in range(n)]
        scores = [7 + 3 * a + rng.randrange(0, 3) for a in amounts]
        problem = _Problem(scores=scores, amounts=amounts, cap=rng.randrange(2, 6), envelope=rng.randrange(20, 120))
        result, settling = settle_alone(problem, answering)
        assert result == (solve_exhaustive(problem), True)
        settled += bool(settling)
    assert settled >= 5


def bisect_alone(problem):
    """Solve with the amount settled by the bisection alone: the pass within what the best known
    selection spends gives up, and so does every pass after the bisection (no narrow pass to help
    either); return the result, whether the amount was left to settle, and whether the bisection
    answered."""
    decide, settle, phase = optimiser.decide, optimiser.settle_amount, {"now": "before", "answered": False}

    def by_bisection(*args, **kwargs):
        phase["now"] = "probe"
        found = settle(*args, **kwargs)
        phase["now"], phase["answered"] = "after", found is not None
        return found

    def passes(*args, **kwargs):
        if phase["now"] == "probe":  # the first pass of the settling: within what the best known spends
            phase["now"] = "bisection"
            return None
        if phase["now"] == "after":
            return None
        return decide(*args, **kwargs)

    with (
        mock.patch.object(optimiser, "decide", passes),
        mock.patch.object(optimiser, "settle_amount", by_bisection),
        mock.patch.object(optimiser, "BEAM_WIDTH", 1),
    ):
        result = solve_bounded(problem)
    return result, phase["now"] != "before", phase["answered"]


@settings(max_examples=300, deadline=None)
@given(problem=rising_instances())
def test_the_bisection_on_the_amount_matches_brute_force(problem):
    # Each pass of the bisection searches within an amount below what the best known selection
    # spends: when one finds a selection scoring as much, it is the best (ties included); when
    # none does, the bisection moves up. Alone, it either answers right or leaves it unproven.
    (chosen, proven), settling, answered = bisect_alone(problem)
    if not settling:  # answered before (a guess, or the bound alone)
        assert (chosen, proven) == (solve_exhaustive(problem), True)
    else:
        assert proven == answered
        assert chosen == solve_exhaustive(problem) if proven else optimiser.feasible(problem, chosen)


def test_the_bisection_on_the_amount_is_exercised():
    # The bisection itself, on « close, rising » instances whose amounts are fine-grained, started
    # from a dearer amount than the best selection's (up to the envelope) with the first pass giving
    # up: every answer is brute force's, and it answers often.
    rng, decide, answered = random.Random(5), optimiser.decide, 0
    for _ in range(60):
        n = rng.randrange(6, 11)
        amounts = [rng.randrange(100, 2000) for _ in range(n)]
        scores = [7 + a // 50 + rng.randrange(0, 2) for a in amounts]
        problem = _Problem(scores=scores, amounts=amounts, cap=rng.randrange(2, 6), envelope=rng.randrange(1000, 6000))
        settling = []
        with mock.patch.object(optimiser, "settle_amount", lambda *args: settling.append(args)):
            solve_bounded(problem)
        if not settling:
            continue
        reduced, bounds, lower, spent, work_left, within = settling[0]
        dearer = min(reduced.envelope, spent + rng.randrange(1, 200))
        calls = []

        def probe_gives_up(*args, **kwargs):
            calls.append(kwargs["spent"])
            return None if len(calls) == 1 else decide(*args, **kwargs)

        with mock.patch.object(optimiser, "decide", probe_gives_up):
            found = optimiser.settle_amount(reduced, bounds, lower, dearer, work_left, within)
        if found is not None:
            assert found == solve_exhaustive(problem)
            answered += 1
    assert answered >= 10


@pytest.mark.parametrize("forced", [optimiser.RANK, optimiser.AMOUNT, optimiser.CERTAINTY, optimiser.SMALL])
@settings(max_examples=200, deadline=None)
@given(problem=rising_instances())
def test_every_exact_pass_in_any_order_matches_brute_force(problem, forced):
    # The exact passes (guesses, their race, the bisection on the amount, the passes from the best
    # known) are interchangeable: all of them deciding the dossiers in any one order, the answer is
    # brute force's, ties included.
    decide = optimiser.decide

    def in_one_order(*args, order=optimiser.RANK, beam=None, **kwargs):
        return decide(*args, order=order if beam is not None else forced, beam=beam, **kwargs)

    with mock.patch.object(optimiser, "decide", in_one_order):
        assert solve_bounded(problem) == (solve_exhaustive(problem), True)


@pytest.mark.parametrize("make", [lockstep, close_rising])
@pytest.mark.parametrize("seed", range(4))
def test_the_smallest_requests_first_and_the_race_agree_with_brute_force(make, seed):
    # Thirty adversarial dossiers, every exact pass deciding the smallest requests first, then
    # only the race between the two orders allowed to choose (the rank order giving up).
    rng = random.Random(100 + seed)
    candidates = make(30, rng)
    amounts = sorted(c.amount for c in candidates)
    envelope = (amounts[15] * 4 * Decimal(rng.uniform(0.6, 1.1))).quantize(Decimal("0.01"))
    decide = optimiser.decide

    def rank_gives_up(*args, order=optimiser.RANK, beam=None, **kwargs):
        if order == optimiser.RANK and beam is None:
            return None
        return decide(*args, order=order, beam=beam, **kwargs)

    with mock.patch.object(optimiser, "EXHAUSTIVE_LIMIT", 0), mock.patch.object(optimiser, "decide", rank_gives_up):
        suggestion = best_selection_within(candidates, cap=4, envelope=envelope)
    assert suggestion.method == "bounded" and suggestion.proven_optimal
    assert suggestion.keys == brute_force(candidates, 4, envelope)
