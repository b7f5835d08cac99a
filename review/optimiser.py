"""The suggested selection: the dossiers that maximise the total score within the cap and the envelope.

It is a 0/1 knapsack with a cardinality constraint, solved exactly — never by a greedy guess — and
the answer says whether its optimality is proven (:attr:`Suggestion.proven_optimal`):

- small instances by exhaustive search (also the oracle the tests compare the other methods to);
- a cap of one or two by an exact search over the best partner of each dossier (sorting and
  prefix maxima, O(n log n));
- anything larger by a bounded dynamic programme (:func:`solve_bounded`): the LP relaxation's
  multipliers bound every selection, which fixes most dossiers in or out outright; the others are
  enumerated as non-dominated partial selections, each dropped as soon as its bound falls below
  the best selection already found (or, to tie it, below it within what that selection spends).
  Guesses come first: exact passes for the selections scoring at least a threshold between the
  bound and the starting selection, cheap when close to the bound, and the best when one finds
  a selection; each is raced in two orders (rank, smallest requests first), the cheaper one
  deciding the order of what follows. When only the amount is left to settle, a bisection on
  the amount finds the cheapest selection from below. It proves optimality by itself. The knapsack is NP-hard, so
  instances built to defeat it exist (thousands of dossiers whose scores rise with the amount
  almost exactly): past a fixed amount of work it returns the best selection it found, within the
  cap and the envelope, flagged as not proven — the selection screen and the committee report
  say so. ``benchmarks/optimiser.py`` measures which instances are proven, and how fast.

``scipy.optimize.milp`` was the method for large instances until it proved too slow: HiGHS needed
seconds, and hit its time limit, on 80 dossiers and a cap of 3 whose scores rise with the amount,
and printed to stdout whatever its options said. The bounded programme proves those in hundredths
of a second, and imports no solver.

Ties are broken deterministically, so that the suggestion never changes from one page load to the
next: among the selections with the highest total score, the one with the lowest total amount;
then the one that keeps the better-ranked dossiers (compare the sorted ranks lexicographically).
All arithmetic is done exactly on integers: scores and amounts are scaled by the power of ten that
makes every one of them whole, and the bounds use integer multipliers.

The suggestion is advice: the committee may weigh what scores do not capture (territorial
balance, a reduced amount, a partner's reliability). :func:`compare` explains the difference.
"""

import functools
import heapq
import itertools
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

EXHAUSTIVE_LIMIT = 5_000  # subsets beyond which exhaustive search is not used
REFILL_FROM = 8  # members the starting selection's refills may take out
GUESSES = (0, 0.1, 0.3, 0.5, 0.7)
GUESS_GROWTH = 4  # a guess is skipped if this many times the work of the one above it would pass its limit
# the orders of the exact passes (see :func:`decide`), each with its share of the work left
EXACT_ORDERS = (("amount", 2), ("rank", 1))
TIE_ORDERS = (("certainty", 2), ("rank", 1))  # when only the amount is left to settle
NARROW_TIE_ORDER = "amount"
NARROW_AIM = 0.175  # where the narrow pass aims first, as a share of the way from the best known to the bound U
BEAM_WIDTH = 5_000  # partial selections kept by the narrow pass
STATE_LIMIT = 400_000  # partial selections the bounded programme may hold at once
WORK_LIMIT = 6_000_000  # partial selections it may examine in all (a few seconds at most)
_INT64_ROOM = 2**60  # every integer the bounded programme computes stays below this


@dataclass(frozen=True)
class Candidate:
    """A dossier as the optimiser sees it; the sequence order given to the optimiser is the ranking."""

    key: int
    score: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Suggestion:
    chosen: tuple[Candidate, ...]
    total_score: Decimal
    total_amount: Decimal
    method: str
    considered: int = 0
    proven_optimal: bool = True

    @property
    def keys(self) -> list[int]:
        return [candidate.key for candidate in self.chosen]


@dataclass
class _Problem:
    scores: list[int]
    amounts: list[int]
    cap: int
    envelope: int
    items: list[Candidate] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.scores)


def exact_scale(values: Sequence[Decimal]) -> int:
    """A power of ten that makes every value a whole number (the decimals as written)."""
    places = 0
    for value in values:
        exponent = Decimal(value).as_tuple().exponent
        if not isinstance(exponent, int):
            raise ValueError(f"{value} is not a finite number")
        places = max(places, -exponent)
    return 10**places


def to_units(value: Decimal, scale: int) -> int:
    scaled = Decimal(value) * scale
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} is not a whole number of 1/{scale}")
    return int(scaled)


def solution_key(problem: _Problem, indices: Sequence[int]) -> tuple:
    """Smaller is better: highest score, then lowest amount, then best (lowest) ranks."""
    return (
        -sum(problem.scores[i] for i in indices),
        sum(problem.amounts[i] for i in indices),
        tuple(sorted(indices)),
    )


def best_selection_within(
    candidates: Sequence[Candidate], *, cap: int, envelope: Decimal, work_limit: int = WORK_LIMIT
) -> Suggestion:
    """The exact best selection of at most ``cap`` candidates whose amounts fit in ``envelope``.

    ``proven_optimal`` is false only when the bounded programme reached ``work_limit`` (partial
    selections examined): the selection then fits but may not be the best.
    """
    score_scale = exact_scale([c.score for c in candidates])
    amount_scale = exact_scale([c.amount for c in candidates] + [envelope])
    problem = _Problem(
        scores=[to_units(c.score, score_scale) for c in candidates],
        amounts=[to_units(c.amount, amount_scale) for c in candidates],
        cap=cap,
        envelope=to_units(envelope, amount_scale),
        items=list(candidates),
    )
    if any(a <= 0 for a in problem.amounts) or any(s < 0 for s in problem.scores):
        raise ValueError("amounts must be positive and scores not negative")
    survivors = prune(problem)
    reduced = _Problem(
        scores=[problem.scores[i] for i in survivors],
        amounts=[problem.amounts[i] for i in survivors],
        cap=cap,
        envelope=problem.envelope,
    )
    proven = True
    if cap <= 0 or not survivors:
        chosen, method = [], "trivial"
    elif subset_count(reduced.size, cap) <= EXHAUSTIVE_LIMIT:
        chosen, method = solve_exhaustive(reduced), "exhaustive"
    elif cap <= 2:
        chosen, method = solve_pairs(reduced), "pairs"
    else:
        (chosen, proven), method = solve_bounded(reduced, work_limit=work_limit), "bounded"
    picked = [candidates[survivors[i]] for i in sorted(chosen)]
    return Suggestion(
        chosen=tuple(picked),
        total_score=sum((c.score for c in picked), Decimal("0")),
        total_amount=sum((c.amount for c in picked), Decimal("0")),
        method=method,
        considered=len(survivors),
        proven_optimal=proven,
    )


def subset_count(n: int, cap: int) -> int:
    return sum(math.comb(n, k) for k in range(0, min(n, cap) + 1))


def prune(problem: _Problem) -> list[int]:
    """Indices (in rank order) that may belong to the best selection.

    A dossier that does not fit in the envelope is dropped. So is one with at least ``cap``
    dominators — dossiers scoring at least as much for at most the same amount and better in the
    tie-break order: whatever selection contains it, one of its dominators is left out and
    swapping them gives a strictly better selection, so it is never in the (unique) best one.
    """
    cap = problem.cap
    if cap <= 0:
        return []
    order = sorted(
        (i for i in range(problem.size) if problem.amounts[i] <= problem.envelope),
        key=lambda i: (-problem.scores[i], problem.amounts[i], i),
    )
    kept = []
    smallest: list[int] = []  # max-heap (negated) of the ``cap`` smallest amounts seen so far
    for i in order:
        amount = problem.amounts[i]
        if not (len(smallest) == cap and -smallest[0] <= amount):
            kept.append(i)
        if len(smallest) < cap:
            heapq.heappush(smallest, -amount)
        elif amount < -smallest[0]:
            heapq.heapreplace(smallest, -amount)
    return sorted(kept)


def solve_exhaustive(problem: _Problem) -> list[int]:
    """Try every subset of at most ``cap`` items: the reference the other methods are tested against."""
    best: tuple | None = None
    best_set: tuple[int, ...] = ()
    for size in range(0, min(problem.cap, problem.size) + 1):
        for subset in itertools.combinations(range(problem.size), size):
            if sum(problem.amounts[i] for i in subset) > problem.envelope:
                continue
            key = solution_key(problem, subset)
            if best is None or key < best:
                best, best_set = key, subset
    return list(best_set)


def solve_pairs(problem: _Problem) -> list[int]:
    """Exact for a cap of 1 or 2: for each item, its best partner among those that still fit.

    Items sorted by amount; for each prefix, the best and second-best partner under the key
    (highest score, lowest amount, best rank) — the key that, for a fixed first item, orders its
    pairs exactly as :func:`solution_key` does.
    """
    n = problem.size
    best_key = solution_key(problem, ())
    best_set: tuple[int, ...] = ()
    if problem.cap < 1:
        return []
    for i in range(n):
        if problem.amounts[i] <= problem.envelope:
            key = solution_key(problem, (i,))
            if key < best_key:
                best_key, best_set = key, (i,)
    if problem.cap < 2 or n < 2:
        return list(best_set)

    by_amount = sorted(range(n), key=lambda i: (problem.amounts[i], i))
    sorted_amounts = [problem.amounts[i] for i in by_amount]

    def partner_key(j):
        return (-problem.scores[j], problem.amounts[j], j)

    first: list[int] = []  # best partner in by_amount[: k + 1]
    second: list[int | None] = []  # second best
    top: int | None = None
    runner: int | None = None
    for j in by_amount:
        if top is None or partner_key(j) < partner_key(top):
            top, runner = j, top
        elif runner is None or partner_key(j) < partner_key(runner):
            runner = j
        first.append(top)
        second.append(runner)

    for i in range(n):
        room = problem.envelope - problem.amounts[i]
        length = bisect_right(sorted_amounts, room)
        if length == 0:
            continue
        partner = first[length - 1]
        if partner == i:
            partner = second[length - 1]
        if partner is None:
            continue
        pair = (min(i, partner), max(i, partner))
        key = solution_key(problem, pair)
        if key < best_key:
            best_key, best_set = key, pair
    return list(best_set)


def lagrange_multipliers(problem: _Problem) -> tuple[float, float]:
    """The LP relaxation's dual values λ (envelope) and μ (cap), in score units.

    The dual of the relaxation is min over λ, μ ≥ 0 of λ·E + μ·k + Σ max(0, s_i − λ·a_i − μ). For a
    given λ the best μ is the k-th largest s_i − λ·a_i (or 0), which leaves
    h(λ) = λ·E + Σ of the k largest positive s_i − λ·a_i: convex, its slope E − Σ a_i over those k
    dossiers rising with λ. Bisection on the sign of the slope finds its minimum. Any pair λ, μ ≥ 0
    gives a valid bound (:func:`solve_bounded`); the optimal pair gives the tightest one, so
    imprecision here only costs speed. (``scipy.optimize.linprog`` gives the same pair, ten times
    slower on 10,000 dossiers.)
    """
    scores = np.array(problem.scores, dtype=float)
    amounts = np.array(problem.amounts, dtype=float)
    k = min(problem.cap, problem.size)

    def top(rate: float) -> np.ndarray:
        """The indices of the k largest s_i − rate·a_i."""
        values = scores - rate * amounts
        return np.argpartition(-values, k - 1)[:k] if k < len(values) else np.arange(len(values))

    def slope(rate: float) -> float:
        chosen = top(rate)
        chosen = chosen[scores[chosen] - rate * amounts[chosen] > 0]
        return problem.envelope - float(amounts[chosen].sum())

    low, high = 0.0, float((scores / amounts).max())  # beyond ``high`` every s_i − λ·a_i is negative
    if slope(low) >= 0:
        low = high = 0.0  # the envelope does not bind even with λ = 0
    for _ in range(60):
        middle = (low + high) / 2
        if slope(middle) < 0:
            low = middle
        else:
            high = middle
    values = scores - high * amounts
    return high, max(0.0, float(np.partition(values, len(values) - k)[len(values) - k]) if k else 0.0)


def good_selection(problem: _Problem, reduced: Sequence[int]) -> list[int]:
    """A feasible selection close to the best, to start the bounds from.

    Greedy by decreasing reduced score d_i (the LP's order); then, while the score rises, the best
    refill: up to two of the least certain members (smallest d_i) taken out, and the best single
    or pair put in the room and the places left (strongly correlated knapsacks need pairs: their
    best selections fill the envelope to the euro).
    """
    scores = np.array(problem.scores, dtype=np.int64)
    amounts = np.array(problem.amounts, dtype=np.int64)
    inside = np.zeros(problem.size, dtype=bool)
    used = 0
    for i in sorted(range(problem.size), key=lambda i: (-reduced[i], i)):
        if inside.sum() == problem.cap:
            break
        if used + problem.amounts[i] <= problem.envelope:
            inside[i] = True
            used += problem.amounts[i]
    by_amount = np.argsort(amounts, kind="stable")
    for _ in range(min(2 * problem.cap, 20)):
        members = sorted((int(i) for i in np.flatnonzero(inside)), key=lambda i: (reduced[i], i))[:REFILL_FROM]
        moves = [()] + [(i,) for i in members] + list(itertools.combinations(members, 2))
        best_gain, best_move = 0, None
        for removed in moves:
            gain, added = best_refill(problem, inside, scores, amounts, by_amount, removed)
            if gain > best_gain:
                best_gain, best_move = gain, (removed, added)
        if best_move is None:
            break
        inside[list(best_move[0])] = False
        inside[list(best_move[1])] = True
    return [int(i) for i in np.flatnonzero(inside)]


def best_refill(problem, inside, scores, amounts, by_amount, removed) -> tuple[int, tuple[int, ...]]:
    """The best one or two dossiers to put in when ``removed`` leave, and the score gained."""
    removed = list(removed)
    inside[removed] = False
    outside = by_amount[~inside[by_amount]]
    room = problem.envelope - int(amounts[inside].sum())
    places = problem.cap - int(inside.sum())
    inside[removed] = True
    if places <= 0 or not len(outside):
        return 0, ()
    a, s = amounts[outside], scores[outside]
    best, where = np.maximum.accumulate(s), None
    where = np.maximum.accumulate(np.where(s == best, np.arange(len(s)), 0))
    lost = int(scores[removed].sum())
    fits = int(np.searchsorted(a, room, side="right")) - 1
    result = (int(best[fits]) - lost, (int(outside[where[fits]]),)) if fits >= 0 else (0, ())
    if places >= 2:
        # each pair once, as (position p, the best partner before p that fits in what p leaves)
        partner = np.minimum(np.arange(len(a)) - 1, np.searchsorted(a, room - a, side="right") - 1)
        totals = np.where(partner >= 0, s + best[np.maximum(partner, 0)], -1)
        p = int(np.argmax(totals))
        if partner[p] >= 0 and int(totals[p]) - lost > result[0]:
            result = (int(totals[p]) - lost, (int(outside[p]), int(outside[where[partner[p]]])))
    return result


# the envelope rates of :class:`RestBound`, in thousandths of the LP's multiplier: many close to it
FIRST_RATES = 3  # rates :meth:`RestBound.reaches` tries one by one before the others
WIDE_CAP = 20  # from this cap on, :class:`RestBound` reads its orders by slices (numpy), not one by one
BOUND_RATES = (
    0,
    750,
    872,
    936,
    968,
    984,
    992,
    996,
    998,
    999,
    1000,
    1001,
    1002,
    1004,
    1008,
    1016,
    1032,
    1064,
    1128,
    1250,
)


class RestBound:
    """An upper bound on what the undecided dossiers can still add to a partial selection.

    For any rate λ' ≥ 0, dossiers C added in a remaining room r and at most q more places score
    s(C) ≤ λ'·r + (the q largest positive s_i − λ'·a_i among the undecided): the LP bound of the
    rest with its best cap multiplier. The LP's λ is right for a partial selection whose room
    suits its remaining places; lower rates bound those with more room than the undecided
    dossiers can fill, higher ones those with too little. The bound is the least over several
    rates, all integers scaled by the same denominator.
    """

    def __init__(
        self, problem: _Problem, undecided: Sequence[int], denominator: int, rates: Sequence[int], centre: int = 0
    ):
        self.problem, self.denominator = problem, denominator
        self.rates = np.array(sorted(set(rates)), dtype=np.int64)
        items = np.array(list(undecided), dtype=np.int64)
        self.where = {int(item): k for k, item in enumerate(items)}
        scores = np.array(problem.scores, dtype=np.int64)[items] * denominator
        amounts = np.array(problem.amounts, dtype=np.int64)[items]
        self.values = scores[None, :] - self.rates[:, None] * amounts[None, :]  # one row per rate
        # for each rate, the undecided dossiers of positive value, largest first, and those in use
        self.orders = [np.argsort(-row, kind="stable")[: int((row > 0).sum())] for row in self.values]
        self.lists = [order.tolist() for order in self.orders] if problem.cap < WIDE_CAP else []
        self.heads = [0] * len(self.rates)  # the decided dossiers at the head of each order are skipped
        self.tops: list = [[] for _ in self.rates]  # for each rate, the dossiers of its table
        self.in_top = np.zeros((len(self.rates), len(items)), dtype=bool)
        self.decided = np.zeros(len(items), dtype=bool)
        self.flags = bytearray(len(items))  # the same, quicker to read one at a time
        self.tables = np.zeros((len(self.rates), problem.cap + 1), dtype=np.int64)
        self.stale = set(range(len(self.rates)))
        self.closest_first = sorted(range(len(self.rates)), key=lambda k: abs(int(self.rates[k]) - centre))

    def decide(self, item: int) -> None:
        """``item`` is no longer undecided."""
        position = self.where[item]
        self.decided[position] = True
        self.flags[position] = 1
        self.stale.update(np.flatnonzero(self.in_top[:, position]).tolist())

    def table(self) -> np.ndarray:
        """For each rate and each number q of places, the sum of the q largest positive values."""
        cap = self.problem.cap
        for k in self.stale:
            top = self.first_undecided(k) if cap < WIDE_CAP else self.first_undecided_wide(k)
            self.in_top[k, self.tops[k]] = False
            self.in_top[k, top] = True
            self.tops[k] = top
            if cap < WIDE_CAP:
                sums = list(itertools.accumulate(self.values[k, top].tolist(), initial=0))
                self.tables[k] = sums + [sums[-1]] * (cap + 1 - len(sums))
            else:
                sums = np.cumsum(self.values[k, top])
                self.tables[k, 0] = 0
                self.tables[k, 1 : len(top) + 1] = sums
                self.tables[k, len(top) + 1 :] = sums[-1] if len(top) else 0
        self.stale.clear()
        return self.tables

    def first_undecided(self, k: int) -> list[int]:
        """The first ``cap`` undecided dossiers in rate ``k``'s order (moving its head past the
        decided ones), one at a time: quicker for a few."""
        cap, decided, order = self.problem.cap, self.flags, self.lists[k]
        head, length = self.heads[k], len(order)
        while head < length and decided[order[head]]:
            head += 1
        self.heads[k] = head
        top, j = [], head
        while len(top) < cap and j < length:
            if not decided[order[j]]:
                top.append(order[j])
            j += 1
        return top

    def first_undecided_wide(self, k: int) -> np.ndarray:
        """The same by slices of the order, twice as long as the cap and doubling until they hold
        ``cap`` undecided dossiers: quicker for many (a cap of 50)."""
        cap, decided, order = self.problem.cap, self.decided, self.orders[k]
        head, window = self.heads[k], 2 * cap
        while True:
            chunk = order[head : head + window]
            undecided = ~decided[chunk]
            if int(undecided.sum()) >= cap or head + window >= len(order):
                break
            window *= 2
        self.heads[k] = head + (int(np.argmax(undecided)) if undecided.any() else len(chunk))
        return chunk[undecided][:cap]

    def reaches(
        self, score: np.ndarray, amount: np.ndarray, count: np.ndarray, target: int, envelope: int | None = None
    ) -> np.ndarray:
        """Which partial selections may still reach ``target`` (times the denominator) without
        their total amount passing ``envelope``: :meth:`bound` ≥ ``target``, the rates tried one
        after the other on the partial selections that the previous ones did not rule out, those
        closest to the LP's first (cheaper than the least over all rates for every selection)."""
        envelope = self.problem.envelope if envelope is None else envelope
        room, places, needed = envelope - amount, self.problem.cap - count, target - self.denominator * score
        alive = np.flatnonzero(room >= 0)
        tables = self.table()
        for k in self.closest_first[:FIRST_RATES]:
            if not len(alive):
                break
            alive = alive[self.rates[k] * room[alive] + tables[k, places[alive]] >= needed[alive]]
        rest = self.closest_first[FIRST_RATES:]
        if len(alive) and rest:
            least = (self.rates[rest, None] * room[None, alive] + tables[rest][:, places[alive]]).min(axis=0)
            alive = alive[least >= needed[alive]]
        keep = np.zeros(len(score), dtype=bool)
        keep[alive] = True
        return keep

    def bound(
        self, score: np.ndarray, amount: np.ndarray, count: np.ndarray, envelope: int | None = None
    ) -> np.ndarray:
        """Times the denominator, the best final score each partial selection may still reach
        without its total amount passing ``envelope`` (the call's, unless given; at least
        ``amount``)."""
        envelope = self.problem.envelope if envelope is None else envelope
        room, places = envelope - amount, self.problem.cap - count
        rest = (self.rates[:, None] * room[None, :] + self.table()[:, places]).min(axis=0)
        return self.denominator * score + rest

    def estimate(self, score: np.ndarray, amount: np.ndarray, count: np.ndarray) -> np.ndarray:
        """:meth:`bound` at the LP's rate alone: cheaper, to rank the partial selections of a
        narrow pass (which proves nothing)."""
        k = self.closest_first[0]
        return (
            self.denominator * score
            + self.rates[k] * (self.problem.envelope - amount)
            + self.table()[k, self.problem.cap - count]
        )


def solve_bounded(problem: _Problem, *, work_limit: int = WORK_LIMIT) -> tuple[list[int], bool]:
    """The best selection (ties included) and True; or, past the work limit, the best selection
    found and False: it fits the cap and the envelope but is not proven best.

    With multipliers λ, μ ≥ 0 (the LP's), every selection x that fits satisfies
    score(x) ≤ λ·envelope + μ·cap + Σ d_i x_i, where d_i = s_i − λ·a_i − μ. So against the upper
    bound U = λ·envelope + μ·cap + Σ max(d_i, 0) and a known selection of score L, a selection
    scoring at least L departs from the sign of the d_i by at most U − L: every dossier with
    |d_i| > U − L is in all of them (d_i > 0) or in none (d_i < 0). The others are decided one by
    one, from the worst ranked to the best, keeping only partial selections that no other
    dominates (same count, no more amount, no less score) and whose bound still reaches L; L
    rises with every feasible partial selection met. Because the dossier being decided is always
    the best ranked so far, two partial selections equal in count, amount and score differ first
    at it, and the one that takes it is the better ranked: ties are settled on the way.

    Scores being whole numbers, a partial selection that cannot reach L + 1 may only tie the best
    selection met (score L, amount A): it is kept only if its bound within A, not within the
    envelope, reaches L. Where thousands of selections score L to the thousandth of a point
    (« close, rising »), this settles the tie on the amount without enumerating them.

    The passes, all exact but the narrow one: guesses (:data:`GUESSES`, thresholds between U and
    L, each with an eighth of the work left; the first that finds a selection has found the best;
    one is skipped, and the guessing ends, when :data:`GUESS_GROWTH` times the work of the one
    above it would pass its limit), each raced in rank order and with the smallest requests
    first (:func:`race`; after two races won by the same order, that order alone); a narrow pass
    that may improve the starting selection or its amount (not when the smallest requests first
    won the race: the exact pass in that order is then cheap from the start); then the exact
    pass in the order that won the race if not rank order, deciding the largest requests first
    with half the work left and, if it gives up, in rank order with the rest. When no selection can score more than the best known — the
    bound U itself, or a guess one point above it that found none, says so — only the amount is
    left to settle (:data:`TIE_ORDERS`): the narrow and the exact passes then treat what the best
    selection spends as the envelope (every partial selection's bound must reach its score within
    that amount, and U drops by λ times what is saved), and the exact pass decides the most
    certain dossiers first (« close, rising » at 1,000 dossiers, cap 50: 0.17 million partial
    selections instead of more than 6 million). If that pass does not end within a sixteenth of its
    share, :func:`settle_amount` bisects on the amount from the least the LP bound allows
    (« close, rising » 10,000 × 50 seed 2: the narrow pass's selection spends 21 cents more than
    the best one, and the pass within its amount needs 5.5 million partial selections; the
    bisection, 1.5 million in all). ``benchmarks/optimiser.py`` measures them;
    ``tests/review/test_optimiser*.py`` compare each pass with brute force.

    The multipliers are rounded to integers over a common denominator D, so that every
    comparison is exact.
    """
    n, cap, envelope = problem.size, problem.cap, problem.envelope
    if n == 0 or cap <= 0 or envelope <= 0:
        return [], True
    envelope_rate, cap_rate = lagrange_multipliers(problem)
    top_score, top_amount = max(problem.scores), max(problem.amounts)
    magnitude = 4 * (
        cap * top_score + max(BOUND_RATES) / 1000 * envelope_rate * (envelope + top_amount) + cap_rate * (cap + 1) + 1
    )
    if magnitude >= _INT64_ROOM:
        raise ValueError("scores or amounts too precise or too large for exact integer bounds")
    denominator = 2 ** int(math.log2(_INT64_ROOM / magnitude))
    lam, mu = int(envelope_rate * denominator), int(cap_rate * denominator)
    reduced = [denominator * s - lam * a - mu for s, a in zip(problem.scores, problem.amounts, strict=True)]
    upper = lam * envelope + mu * cap + sum(r for r in reduced if r > 0)

    start = good_selection(problem, reduced)
    lower, spent = sum(problem.scores[i] for i in start), sum(problem.amounts[i] for i in start)
    bounds = _Bounds(denominator=denominator, rate=lam, reduced=reduced, upper=upper)
    work_left = work_limit
    # Guesses first: exact passes for the selections scoring at least a threshold between L and U.
    # The closer to U, the fewer dossiers are open and the fewer partial selections reach it, so a
    # guess costs little; if one finds a selection, every selection as good was examined, and it is
    # the best. When the starting selection is far from the best (« lockstep »), this finds the
    # best without enumerating everything between the two.
    tried, ceiling = set(), upper // denominator + 1  # no selection scores ``ceiling`` or more
    preferred = RANK  # the order of the guesses, then of the first exact pass: the cheaper of a race
    wins, last_work = 0, 0  # races the preferred order won in a row; the work of the last guess
    for share in GUESSES:
        threshold = int((upper - share * (upper - denominator * lower)) // denominator)
        if threshold <= lower or threshold in tried:
            continue
        tried.add(threshold)
        # one point above the best known, the question is one of fitting to the point, as for
        # ties: the most certain dossiers first (« close, rising »: a tenth of the work)
        if threshold == lower + 1:
            found = decide(problem, bounds, threshold, order=CERTAINTY, work_limit=work_left // 8)
        elif GUESS_GROWTH * last_work > work_left // 8:
            break  # a guess costs some times more than the one above it: this one would not end
        elif wins >= 2:
            found = decide(problem, bounds, threshold, order=preferred, work_limit=work_left // 8)
        else:
            found, order = race(problem, bounds, threshold, preferred, work_left // 8)
            if order != preferred:
                wins = 0
            elif found is not None and found.work >= RACE_FROM:
                wins += 1
            preferred = order
        if found is None:
            break
        work_left -= found.work
        last_work = found.work
        ceiling = min(ceiling, threshold)  # the pass ended: no selection scores ``threshold``, or it found the best
        if found.chosen is not None:
            score = sum(problem.scores[i] for i in found.chosen)
            if score >= threshold:
                return found.chosen, True
            if (score, -found.amount) > (lower, -spent):
                start, lower, spent = found.chosen, score, found.amount
    # If no selection can score more than the best known (a guess one point above found none),
    # only the amount is left to settle: the passes that follow look for the selections scoring
    # as much within what the best one spends, as if that were the envelope, which every partial
    # selection's bound must then reach (not only one point more within the envelope), and decide
    # the most certain dossiers first.
    settled = ceiling <= lower + 1
    orders, narrow = (TIE_ORDERS, NARROW_TIE_ORDER) if settled else (EXACT_ORDERS, AMOUNT)
    if not settled and preferred != RANK:
        orders = ((preferred, 2), *orders)

    def within_spent(limit=None):
        limit = spent if limit is None else limit
        shrunk = _Bounds(denominator, lam, reduced, upper - lam * (envelope - limit))
        return _Problem(problem.scores, problem.amounts, cap, limit), shrunk

    # A narrow pass keeps only the most promising partial selections: it proves nothing, but the
    # selection it finds is often the best, or as good for less money, which narrows the exact
    # passes to a few dossiers (« close, rising »: thousands of selections equal the best score).
    # When the guesses left a ceiling well above the best known, it first aims part of the way up
    # (:data:`NARROW_AIM`, below the ceiling), half as wide (fewer dossiers open, so cheaper:
    # « lockstep » 10,000 × 10, seed 0, finds the best for a quarter of the work), and only if
    # that finds nothing better, at the best known. Not when the smallest requests first won the
    # race (« lockstep » 10,000 × 5 seed 0: the narrow passes cost 0.7 s and found nothing, the
    # exact pass in that order 0.35 s).
    found = None
    narrowing = settled or preferred == RANK
    if narrowing and not settled and ceiling > lower + 1:
        aim = min(ceiling - 1, lower + int((upper / denominator - lower) * NARROW_AIM))
        found = decide(problem, bounds, aim, order=narrow, beam=BEAM_WIDTH // 2, work_limit=work_left // 2)
    if narrowing and (found is None or found.chosen is None or sum(problem.scores[i] for i in found.chosen) <= lower):
        found = decide(
            *(within_spent() if settled else (problem, bounds)), lower, spent=spent, order=narrow, beam=BEAM_WIDTH
        )
    if found is not None and found.chosen is not None:
        score = sum(problem.scores[i] for i in found.chosen)
        if (score, -found.amount) > (lower, -spent):
            start, lower, spent = found.chosen, score, found.amount
    # Then the exact passes from the best selection known: in the order that won the race if not
    # rank order, then the largest requests first (faster when scores rise with the amount); or,
    # when only the amount is left to settle, the bisection on the amount, then the most certain
    # dossiers first; for each, if it reaches its share of the work, the next order.
    if settled and lam > 0:
        found = settle_amount(problem, bounds, lower, spent, work_left, within_spent)
        if found is not None:
            return found, True
        work_left -= work_left * 3 // 4
    if settled:
        problem, bounds = within_spent()
    for order, share in orders:
        found = decide(problem, bounds, lower, spent=spent, order=order, work_limit=work_left // share)
        if found is not None:
            if found.chosen is None:
                raise ArithmeticError("the bounded programme lost every selection")
            return found.chosen, True
        work_left -= work_left // share
    return start, False


@dataclass(frozen=True)
class _Bounds:
    denominator: int
    rate: int  # the envelope's multiplier, times the denominator
    reduced: list[int]  # d_i, times the denominator
    upper: int  # U, times the denominator


RANK, AMOUNT, CERTAINTY, SMALL = "rank", "amount", "certainty", "small"  # the orders :func:`decide` may take
RIVAL_SHARE = 4  # when a guess gives up in the preferred order, the other order has this share of its work
RACE_FROM = 2_000  # partial selections under which a guess is not run in the other order too


@dataclass(frozen=True)
class _Pass:
    chosen: list[int] | None  # the best selection met, None if none reached the threshold
    amount: int  # its amount
    work: int  # partial selections examined


def settle_amount(problem: _Problem, bounds: _Bounds, lower: int, spent: int, work_left: int, within) -> list | None:
    """When no selection scores more than ``lower``: the best selection (the cheapest of those
    scoring ``lower``, ties settled), or None if it was not found within three quarters of ``work_left``.

    First the exact pass within ``spent`` (what the best known selection spends), with a sixteenth
    of the work: it answers at once when that selection is the cheapest or close to it. If not,
    a bisection on the amount: an exact pass within ``middle`` finds every selection scoring
    ``lower`` for at most ``middle``, so the one it returns is the best; when it finds none, the
    best spends more than ``middle``. It starts from the least amount the LP bound allows (with the
    envelope at ``a``, the bound is U − λ·(envelope − a)). A pass costs far more the further its
    amount lies above the best one's (« close, rising » 10,000 × 50, seed 2: within 21 cents
    more than the best, 5.5 million partial selections; within the best's own amount, 0.8), less
    below it: each pass lies a third of the way up from the highest amount known to be too low,
    so that the bisection reaches the best from below (there: 4 passes, 1.5 million in all).
    """
    denominator, rate, envelope = bounds.denominator, bounds.rate, problem.envelope
    budget = work_left * 3 // 4
    found = decide(*within(spent), lower, spent=spent, order=CERTAINTY, work_limit=budget // 16)
    if found is not None:
        if found.chosen is None:
            raise ArithmeticError("the bounded programme lost every selection")
        return found.chosen
    budget -= budget // 16
    # no selection scoring ``lower`` spends ``low`` or less
    low = envelope - (bounds.upper - denominator * lower) // rate - 1
    while spent - low > 1 and budget > 0:
        middle = low + max(1, (spent - low) // 3)
        found = decide(*within(middle), lower, spent=middle, order=CERTAINTY, work_limit=budget)
        if found is None:
            return None
        budget -= found.work
        if found.chosen is not None and sum(problem.scores[i] for i in found.chosen) >= lower:
            return found.chosen
        low = middle
    return None


def race(problem: _Problem, bounds: _Bounds, threshold: int, preferred: str, work_limit: int) -> tuple:
    """A guess (an exact pass from ``threshold``) in the ``preferred`` order, then in the other
    one (rank order, or the smallest requests first) within half the work the first needed;
    return the pass (its work counting both) and the order that answered more cheaply.

    Which order is faster depends on the instance, by more than tenfold on « lockstep » 10,000 ×
    10 (seed 1: the smallest requests first; seed 0: rank order), and a guess's work predicts the
    exact pass's: the race costs a guess half as much again and sets the order of what follows.
    """
    other = SMALL if preferred == RANK else RANK
    found = decide(problem, bounds, threshold, order=preferred, work_limit=work_limit)
    if found is None:
        rival = decide(problem, bounds, threshold, order=other, work_limit=work_limit // RIVAL_SHARE)
        if rival is None:
            return None, preferred
        return _Pass(rival.chosen, rival.amount, work_limit + rival.work), other
    if found.work < RACE_FROM:
        return found, preferred
    rival = decide(problem, bounds, threshold, order=other, work_limit=found.work // 2)
    if rival is None:
        return _Pass(found.chosen, found.amount, found.work + found.work // 2), preferred
    return _Pass(rival.chosen, rival.amount, found.work + rival.work), other


def decide(
    problem: _Problem,
    bounds: _Bounds,
    lower: int,
    *,
    spent: int | None = None,
    order: str = RANK,
    beam: int | None = None,
    work_limit: int = WORK_LIMIT,
) -> "_Pass | None":
    """The best selection among those scoring at least ``lower`` (see :func:`solve_bounded`).

    ``lower`` is the score of a known selection and ``spent`` its amount (the envelope if not
    given). Only selections scoring more, or as much for no more money, can replace it: a partial
    selection is kept while its bound reaches ``lower`` + 1 within the envelope, or ``lower``
    within what the best selection met so far spends. Scores being whole numbers, the first
    condition is exact; the second settles ties on the amount without enumerating every
    selection that merely equals the best score (the adversarial instances have thousands).

    Dossiers are decided from the worst ranked to the best (``RANK``), from the largest request
    to the smallest (``AMOUNT``: faster when scores rise with the amount), from the smallest to
    the largest (``SMALL``: on some « lockstep » instances twenty times faster than the others, on
    others ten times slower, see :func:`race`) or from the most certain to the least
    (``CERTAINTY``: largest d_i in magnitude first, the bound then drops early for partial
    selections that went against the LP). Outside the rank order, two partial selections equal in
    count, amount and score no longer differ first at the dossier being decided, so such ties are
    settled by comparing what they hold (the one holding the best-ranked dossier that the other
    lacks wins, whatever is added to both later).

    With ``beam``, only that many partial selections, those with the highest bounds, are kept
    at each step: the selection found is then good, not proven best. ``None`` means the work
    limit was reached; a pass whose ``chosen`` is ``None``, that no
    selection reaches ``lower`` (possible only when ``lower`` is a guess). Otherwise ``chosen`` is
    the best selection met, which is the best of all if it scores at least ``lower``.
    """
    n, cap, envelope, top_score = problem.size, problem.cap, problem.envelope, max(problem.scores)
    denominator, reduced, upper = bounds.denominator, bounds.reduced, bounds.upper
    spent = envelope if spent is None else spent

    gap = upper - denominator * lower
    fixed = [i for i in range(n) if reduced[i] > gap]
    open_items = [i for i in reversed(range(n)) if -gap <= reduced[i] <= gap]
    open_items = [i for i, can in zip(open_items, takeable(problem, bounds, lower, open_items), strict=True) if can]
    if order == AMOUNT:
        open_items.sort(key=lambda i: -problem.amounts[i])
    elif order == CERTAINTY:
        open_items.sort(key=lambda i: -abs(reduced[i]))
    elif order == SMALL:
        open_items.sort(key=lambda i: problem.amounts[i])

    count = np.array([len(fixed)], dtype=np.int64)
    amount = np.array([sum(problem.amounts[i] for i in fixed)], dtype=np.int64)
    if count[0] > cap or amount[0] > envelope:
        return _Pass(None, 0, 0)
    score = np.array([sum(problem.scores[i] for i in fixed)], dtype=np.int64)
    steps: list[tuple[int, np.ndarray, np.ndarray]] = []  # (item, parent of each state, item taken)
    score_span = cap * top_score + 1
    rest = RestBound(
        problem,
        open_items,
        denominator,
        [bounds.rate * share // 1000 for share in BOUND_RATES],
        centre=bounds.rate,
    )
    work = 0

    def met(score: np.ndarray, amount: np.ndarray) -> None:
        """The best selection met so far: highest score, then lowest amount."""
        nonlocal lower, spent
        best = int(score.max())
        cheapest = int(amount[score == best].min())
        if best > lower:
            lower, spent = best, cheapest
        elif best == lower:
            spent = min(spent, cheapest)

    met(score, amount)
    checked, changed = None, True  # the best selection met at the last check of every bound; since?
    for item in open_items:
        rest.decide(item)
        changed = changed or bool(rest.stale)  # the bound of the rest moved since the last check
        gap = upper - denominator * lower
        a, s = problem.amounts[item], problem.scores[item]
        if reduced[item] < -gap:
            continue
        room = (count < cap) & (amount + a <= envelope)
        if reduced[item] > gap:  # in every selection still worth having
            parent = np.flatnonzero(room)
            count, amount, score = count[parent] + 1, amount[parent] + a, score[parent] + s
            steps.append((item, parent, np.ones(len(parent), dtype=bool)))
        elif room.any():
            parent = np.concatenate([np.arange(len(count)), np.flatnonzero(room)])
            taken = np.zeros(len(parent), dtype=bool)
            taken[len(count) :] = True
            count = count[parent] + taken
            amount = amount[parent] + a * taken
            score = score[parent] + s * taken
            met(score, amount)
            ranking = np.lexsort((~taken, -score, amount, count))
            if beam is not None and len(ranking) > beam:
                reach = rest.estimate(score[ranking], amount[ranking], count[ranking])
                ranking = ranking[np.sort(np.argpartition(-reach, beam)[:beam])]
            # The partial selections that do not take ``item`` passed this test at the last step;
            # unless the rest's bound or the best selection moved since, only the others need it.
            if changed or checked != (lower, spent):
                checked, changed, check = (lower, spent), False, np.arange(len(ranking))
            else:
                check = np.flatnonzero(taken[ranking])
            states = score[ranking[check]], amount[ranking[check]], count[ranking[check]]
            keep = rest.reaches(*states, denominator * (lower + 1))
            ties = np.flatnonzero(~keep & (states[1] <= spent))
            if len(ties):
                keep[ties] = rest.reaches(*(state[ties] for state in states), denominator * lower, spent)
            dropped = np.zeros(len(ranking), dtype=bool)
            dropped[check[~keep]] = True
            ranking = ranking[~dropped]
            if order != RANK and beam is None:  # a narrow pass need not settle ties: it proves nothing
                work += settle_ties(ranking, count, amount, score, functools.partial(held, steps, item, parent, taken))
            ranked = count[ranking] * score_span + score[ranking]
            best_before = np.maximum.accumulate(ranked)
            keep = np.ones(len(ranking), dtype=bool)
            keep[1:] = ranked[1:] > best_before[:-1]
            ranking = ranking[keep]
            count, amount, score = count[ranking], amount[ranking], score[ranking]
            steps.append((item, parent[ranking].astype(np.int32), taken[ranking]))
            work += len(parent)
            if len(count) > STATE_LIMIT or work > work_limit:
                return None
        if not len(score):
            return _Pass(None, 0, work)
        met(score, amount)

    best = np.flatnonzero(score == score.max())
    best = best[amount[best] == amount[best].min()]
    selections = []
    for state in best:
        chosen = list(fixed)
        for item, parent, taken in reversed(steps):
            if taken[state]:
                chosen.append(item)
            state = parent[state]
        selections.append(sorted(chosen))
    chosen = min(selections)
    if not feasible(problem, chosen):
        raise ArithmeticError("the bounded programme returned a selection that breaks the envelope or the cap")
    return _Pass(chosen, sum(problem.amounts[i] for i in chosen), work)


TAKEABLE_RATES = range(800, 1201, 10)  # thousandths of the LP's envelope rate, for :func:`takeable`


def takeable(problem: _Problem, bounds: _Bounds, lower: int, items: Sequence[int]) -> list[bool]:
    """Whether each of ``items`` may belong to a selection scoring at least ``lower``.

    With ``i`` taken, for any rate r ≥ 0, a selection scores at most
    s_i + r·(envelope − a_i) + (the cap − 1 largest positive s_j − r·a_j, j ≠ i): the LP bound of the
    rest. The reduced score d_i alone is this test at the LP's rate; several rates around it rule
    out many more dossiers when the LP is far from the best selection (« lockstep »: two thirds).
    """
    if not len(items):
        return []
    denominator, cap, envelope = bounds.denominator, problem.cap, problem.envelope
    scores = np.array(problem.scores, dtype=np.int64) * denominator
    amounts = np.array(problem.amounts, dtype=np.int64)
    chosen = np.array(items, dtype=np.int64)
    possible = np.ones(len(chosen), dtype=bool)
    for share in TAKEABLE_RATES:
        rate = bounds.rate * share // 1000
        values = scores - rate * amounts
        if cap > 1:
            top = np.argpartition(-values, cap - 1)[:cap] if cap < len(values) else np.arange(len(values))
            top = top[np.argsort(-values[top], kind="stable")]
            best = np.maximum(values[top], 0)
            others = int(best[: cap - 1].sum())  # the cap − 1 largest, for a dossier not among them
            following = int(best[cap - 1]) if len(best) >= cap else 0  # replaces one among them
            among = np.zeros(len(values), dtype=bool)
            among[top[: cap - 1]] = True
            rest = np.where(among[chosen], others - np.maximum(values[chosen], 0) + following, others)
        else:
            rest = np.zeros(len(chosen), dtype=np.int64)
        possible &= values[chosen] + rate * envelope + rest >= denominator * lower
    return possible.tolist()


def held(steps: list, item: int, parent: np.ndarray, taken: np.ndarray, state: int) -> set[int]:
    """The dossiers that partial selection ``state`` of the step deciding ``item`` holds (besides
    the fixed ones), read back through the steps before it."""
    chosen = {item} if taken[state] else set()
    state = int(parent[state])
    for decided, parents, took in reversed(steps):
        if took[state]:
            chosen.add(decided)
        state = int(parents[state])
    return chosen


def settle_ties(order: np.ndarray, count, amount, score, holds) -> int:
    """Among partial selections equal in count, amount and score (adjacent in ``order``), move the
    one that a later completion can only make better ranked to the front of its run; return the
    work done. Of two such selections A and B, whatever C is added to both, A ∪ C and B ∪ C first
    differ at the best-ranked dossier of A △ B: the one holding it wins."""
    same = (
        (count[order[1:]] == count[order[:-1]])
        & (amount[order[1:]] == amount[order[:-1]])
        & (score[order[1:]] == score[order[:-1]])
    )
    work = 0
    for start in np.flatnonzero(~np.concatenate([[False], same]) & np.concatenate([same, [False]])):
        end = start + 1
        while end < len(order) and same[end - 1]:
            end += 1
        best, best_items = int(order[start]), holds(int(order[start]))
        for position in range(start + 1, end):
            items = holds(int(order[position]))
            difference = best_items ^ items
            if min(difference) in items:
                best, best_items = int(order[position]), items
        where = start + int(np.flatnonzero(order[start:end] == best)[0])
        order[start], order[where] = order[where], order[start]
        work += (end - start) * 100
    return work


def feasible(problem: _Problem, chosen: Sequence[int]) -> bool:
    return len(chosen) <= problem.cap and sum(problem.amounts[i] for i in chosen) <= problem.envelope


# --------------------------------------------------------------------------------------------
# Explaining the difference with the committee's own choice
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    suggested_only: tuple[Candidate, ...]
    committee_only: tuple[Candidate, ...]
    in_both: tuple[Candidate, ...]
    score_difference: Decimal  # suggestion minus committee
    committee_score: Decimal
    committee_amount: Decimal

    @property
    def identical(self) -> bool:
        return not self.suggested_only and not self.committee_only


def compare(suggestion: Suggestion, committee: Sequence[Candidate], committee_amount: Decimal) -> Comparison:
    """What the suggestion keeps that the committee did not, and the reverse.

    ``committee`` carries each selected dossier's score; ``committee_amount`` is what the committee
    actually awards (it may have reduced amounts, which the suggestion never does).
    """
    suggested = {c.key for c in suggestion.chosen}
    chosen = {c.key for c in committee}
    committee_score = sum((c.score for c in committee), Decimal("0"))
    return Comparison(
        suggested_only=tuple(c for c in suggestion.chosen if c.key not in chosen),
        committee_only=tuple(c for c in committee if c.key not in suggested),
        in_both=tuple(c for c in suggestion.chosen if c.key in chosen),
        score_difference=suggestion.total_score - committee_score,
        committee_score=committee_score,
        committee_amount=committee_amount,
    )
