"""The suggested selection: the dossiers that maximise the total score within the cap and the envelope.

It is a 0/1 knapsack with a cardinality constraint, solved exactly — never by a greedy guess — and
the answer says whether its optimality is proven (:attr:`Suggestion.proven_optimal`):

- small instances by exhaustive search (also the oracle the tests compare the other methods to);
- a cap of one or two by an exact search over the best partner of each dossier (sorting and
  prefix maxima, O(n log n));
- anything larger by a bounded dynamic programme (:func:`solve_bounded`): the LP relaxation's
  multipliers bound every selection, which fixes most dossiers in or out outright; the others are
  enumerated as non-dominated partial selections, each dropped as soon as its bound falls below the
  best selection already found. It proves optimality on its own;
- the mixed-integer solver of ``scipy.optimize.milp`` (HiGHS) only if that programme would exceed
  its work limit (knapsacks built to defeat it exist); the solver then may stop at its time limit
  with a selection flagged as not proven.

Ties are broken deterministically, so that the suggestion never changes from one page load to the
next: among the selections with the highest total score, the one with the lowest total amount;
then the one that keeps the better-ranked dossiers (compare the sorted ranks lexicographically).
All arithmetic is done exactly on integers: scores and amounts are scaled by the power of ten that
makes every one of them whole, and the bounds use integer multipliers.

The suggestion is advice: the committee may weigh what scores do not capture (territorial
balance, a reduced amount, a partner's reliability). :func:`compare` explains the difference.
"""

import contextlib
import heapq
import itertools
import math
import os
import sys
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

EXHAUSTIVE_LIMIT = 5_000  # subsets beyond which exhaustive search is not used
STATE_LIMIT = 400_000  # partial selections the bounded programme may hold at once
WORK_LIMIT = 40_000_000  # partial selections it may examine in all before handing over to the solver
MILP_TIME_LIMIT = 3.0  # seconds, for the solver of last resort
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
    """The smallest power of ten that makes every value a whole number."""
    places = 0
    for value in values:
        exponent = Decimal(value).normalize().as_tuple().exponent
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
    candidates: Sequence[Candidate], *, cap: int, envelope: Decimal, time_limit: float = MILP_TIME_LIMIT
) -> Suggestion:
    """The exact best selection of at most ``cap`` candidates whose amounts fit in ``envelope``.

    ``proven_optimal`` is false only when the solver of last resort stopped at ``time_limit``.
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
        chosen, method = solve_bounded(reduced), "bounded"
        if chosen is None:
            (chosen, proven), method = solve_milp(reduced, time_limit=time_limit), "milp"
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
    """The LP relaxation's dual values for the envelope and the cap, per score unit.

    Any non-negative pair gives a valid bound (:func:`solve_bounded`); the LP's optimal pair gives
    the tightest one, so a failure of the LP only costs speed.
    """
    n = problem.size
    top_score = max(max(problem.scores), 1)
    scores = np.array(problem.scores, dtype=float) / top_score
    amounts = np.array(problem.amounts, dtype=float) / problem.envelope
    relaxed = linprog(
        -scores,
        A_ub=np.vstack([amounts, np.ones(n)]),
        b_ub=[1.0, problem.cap],
        bounds=(0, 1),
        method="highs",
        options={"disp": False},
    )
    if relaxed.status != 0:
        return 0.0, 0.0
    envelope_dual, cap_dual = (max(0.0, -float(y)) for y in relaxed.ineqlin.marginals)
    return envelope_dual * top_score / problem.envelope, cap_dual * top_score


def good_selection(problem: _Problem, order: Sequence[int]) -> list[int]:
    """A feasible selection close to the best, to start the bounds from: greedy in ``order``, then
    improved by adding or swapping one dossier at a time while the score rises."""
    chosen, amount = [], 0
    for i in order:
        if len(chosen) == problem.cap:
            break
        if amount + problem.amounts[i] <= problem.envelope:
            chosen.append(i)
            amount += problem.amounts[i]
    scores = np.array(problem.scores, dtype=np.int64)
    amounts = np.array(problem.amounts, dtype=np.int64)
    inside = np.zeros(problem.size, dtype=bool)
    inside[chosen] = True
    for _ in range(4 * problem.cap):
        outside = np.flatnonzero(~inside)
        if not len(outside):
            break
        outside = outside[np.argsort(amounts[outside], kind="stable")]
        best_so_far = np.maximum.accumulate(scores[outside])
        where_best = np.maximum.accumulate(np.where(scores[outside] == best_so_far, np.arange(len(outside)), 0))
        slack = problem.envelope - int(amounts[inside].sum())
        members = np.flatnonzero(inside)
        rooms = np.append(slack + amounts[members], slack)
        fits = np.searchsorted(amounts[outside], rooms, side="right") - 1
        gains = np.where(fits >= 0, best_so_far[np.maximum(fits, 0)], -1) - np.append(scores[members], 0)
        if inside.sum() >= problem.cap:
            gains[-1] = -1  # no room for one more
        move = int(np.argmax(gains))
        if gains[move] <= 0:
            break
        if move < len(members):
            inside[members[move]] = False
        inside[outside[where_best[fits[move]]]] = True
    return [int(i) for i in np.flatnonzero(inside)]


def solve_bounded(problem: _Problem, *, work_limit: int = WORK_LIMIT) -> list[int] | None:
    """Exact: the best selection (ties included), or ``None`` if the work limit would be exceeded.

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

    The multipliers are rounded to integers over a common denominator D, so that every
    comparison is exact.
    """
    n, cap, envelope = problem.size, problem.cap, problem.envelope
    if n == 0 or cap <= 0 or envelope <= 0:
        return []
    envelope_rate, cap_rate = lagrange_multipliers(problem)
    top_score, top_amount = max(problem.scores), max(problem.amounts)
    magnitude = 4 * (cap * top_score + envelope_rate * (envelope + top_amount) + cap_rate * (cap + 1) + 1)
    if magnitude >= _INT64_ROOM:
        return None
    denominator = 2 ** int(math.log2(_INT64_ROOM / magnitude))
    lam, mu = int(envelope_rate * denominator), int(cap_rate * denominator)
    reduced = [denominator * s - lam * a - mu for s, a in zip(problem.scores, problem.amounts, strict=True)]
    upper = lam * envelope + mu * cap + sum(r for r in reduced if r > 0)

    start = good_selection(problem, sorted(range(n), key=lambda i: (-reduced[i], i)))
    lower = sum(problem.scores[i] for i in start)
    gap = upper - denominator * lower
    fixed = [i for i in range(n) if reduced[i] > gap]
    open_items = [i for i in reversed(range(n)) if -gap <= reduced[i] <= gap]

    count = np.array([len(fixed)], dtype=np.int64)
    amount = np.array([sum(problem.amounts[i] for i in fixed)], dtype=np.int64)
    score = np.array([sum(problem.scores[i] for i in fixed)], dtype=np.int64)
    steps: list[tuple[int, np.ndarray, np.ndarray]] = []  # (item, parent of each state, item taken)
    score_span = cap * top_score + 1
    value = {i: denominator * problem.scores[i] - lam * problem.amounts[i] for i in open_items}
    waiting = sorted(v for v in value.values() if v > 0)  # positive s − λ·a of the undecided items
    work = 0
    for item in open_items:
        if value[item] > 0:
            del waiting[bisect_left(waiting, value[item])]
        top = list(itertools.accumulate(reversed(waiting[-cap:]), initial=0))
        best_rest = np.array(
            top + [top[-1]] * (cap + 1 - len(top)), dtype=np.int64
        )  # Σ of the q largest d > 0 undecided
        gap = upper - denominator * lower
        a, s = problem.amounts[item], problem.scores[item]
        if reduced[item] < -gap:
            continue
        room = (count < cap) & (amount + a <= envelope)
        if reduced[item] > gap:  # in every selection still worth having
            parent = np.flatnonzero(room)
            count, amount, score = count[parent] + 1, amount[parent] + a, score[parent] + s
            steps.append((item, parent, np.ones(len(parent), dtype=bool)))
        else:
            parent = np.concatenate([np.arange(len(count)), np.flatnonzero(room)])
            taken = np.zeros(len(parent), dtype=bool)
            taken[len(count) :] = True
            count = count[parent] + taken
            amount = amount[parent] + a * taken
            score = score[parent] + s * taken
            lower = max(lower, int(score.max()))
            bound = denominator * score + lam * (envelope - amount) + best_rest[cap - count]
            order = np.lexsort((~taken, -score, amount, count))
            order = order[bound[order] >= denominator * lower]
            ranked = count[order] * score_span + score[order]
            best_before = np.maximum.accumulate(ranked)
            keep = np.ones(len(order), dtype=bool)
            keep[1:] = ranked[1:] > best_before[:-1]
            order = order[keep]
            count, amount, score = count[order], amount[order], score[order]
            steps.append((item, parent[order], taken[order]))
            work += len(parent)
            if len(count) > STATE_LIMIT or work > work_limit:
                return None
        if not len(score):
            raise ArithmeticError("the bounded programme lost every selection")
        lower = max(lower, int(score.max()))

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
    return chosen


_STDOUT_LOCK = threading.Lock()


@contextlib.contextmanager
def solver_output_discarded():
    """Send what the native solver writes to file descriptor 1 to /dev/null while it runs.

    ``disp=False`` silences HiGHS' log, but some HiGHS versions (1.12, ERGO-Code/HiGHS#2783) still
    print lines such as ``HighsMipSolverData::transformNewIntegerFeasibleSolution`` with
    ``printf``. The solver is the last resort, so this rarely happens at all; the lock keeps two
    threads from restoring each other's descriptor.
    """
    with _STDOUT_LOCK:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "wb") as sink:
                os.dup2(sink.fileno(), 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def solve_milp(problem: _Problem, *, time_limit: float = MILP_TIME_LIMIT) -> tuple[list[int], bool]:
    """Exact with HiGHS, in lexicographic steps: best score, then lowest amount, then best ranks.

    Returns the selection and whether it is proven optimal. Strongly correlated instances (score
    rising with the amount, item after item) are the classic hard case of knapsack problems; if the
    solver cannot prove optimality within ``time_limit`` seconds, the best selection found so far
    is returned — still within the cap and the envelope — and flagged as not proven.
    """
    deadline = time.monotonic() + time_limit
    n = problem.size
    if n == 0 or problem.cap <= 0:
        return [], True
    scores = np.array(problem.scores, dtype=float)
    amounts = np.array(problem.amounts, dtype=float)
    ones = np.ones(n)
    base = [LinearConstraint(np.vstack([amounts, ones]), [-np.inf, -np.inf], [problem.envelope, problem.cap])]
    proven = True

    def solve(objective, constraints, lower=None, upper=None):
        nonlocal proven
        left = deadline - time.monotonic()
        if left <= 0:
            proven = False
            return None
        bounds = Bounds(np.zeros(n) if lower is None else lower, ones if upper is None else upper)
        options = {"disp": False, "mip_rel_gap": 0.0, "presolve": True, "time_limit": left}
        with solver_output_discarded():
            result = milp(objective, constraints=constraints, integrality=ones, bounds=bounds, options=options)
        if result.status == 1:  # time limit: the incumbent (if any) is feasible but not proven best
            proven = False
        if result.x is None:
            return None
        chosen = [i for i in range(n) if result.x[i] > 0.5]
        if not feasible(problem, chosen):
            raise ArithmeticError("the solver returned a selection that breaks the envelope or the cap")
        return chosen

    first = solve(-scores, base)
    if first is None:
        return [], False
    if not proven:
        return sorted(first), False
    best_score = sum(problem.scores[i] for i in first)
    at_best_score = base + [LinearConstraint(scores, best_score - 0.5, np.inf)]
    second = solve(amounts, at_best_score)
    if second is None or not proven:
        return sorted(second or first), False
    best_amount = sum(problem.amounts[i] for i in second)
    optimal = at_best_score + [LinearConstraint(amounts, -np.inf, best_amount + 0.5)]

    # Is another selection exactly as good? Usually not: then the tie-break is already settled.
    current = second
    exclusion = np.zeros(n)
    exclusion[current] = 1
    other = solve(np.zeros(n), optimal + [LinearConstraint(exclusion, -np.inf, len(current) - 0.5)])
    if other is None:
        return sorted(current), proven

    # Ties: fix items in rank order, keeping each one when some optimal selection still contains it.
    # Items that cannot reach the best score (by their LP reduced cost) are ruled out without a solve.
    lower, upper = np.zeros(n), np.ones(n)
    upper[cannot_reach(scores, amounts, problem, best_score)] = 0
    upper[current] = 1
    for i in range(n):
        if i > max(current, default=-1):
            break  # every item of ``current`` is fixed: the rest would only add amount
        if i in current:
            lower[i] = 1
            continue
        if upper[i] == 0:
            continue
        trial_lower = lower.copy()
        trial_lower[i] = 1
        found = solve(np.zeros(n), optimal, trial_lower, upper)
        if not proven:
            break
        if found is None:
            upper[i] = 0
        else:
            lower[i] = 1
            current = found
    return sorted(current), proven


def cannot_reach(scores, amounts, problem: _Problem, best_score: int):
    """A mask of the items no selection of score ``best_score`` can contain.

    From the LP relaxation's duals y (envelope, cap): every selection x satisfies
    score(x) <= z_LP + sum of d_i x_i over the items with a negative reduced cost
    d_i = s_i - y·(a_i, 1); so an item with z_LP + d_i below the best score is in no best
    selection. The margin absorbs floating-point error; the test is only ever used to skip solves.
    """
    relaxed = linprog(
        -scores,
        A_ub=np.vstack([amounts, np.ones(len(scores))]),
        b_ub=[problem.envelope, problem.cap],
        bounds=(0, 1),
        method="highs",
        options={"disp": False},
    )
    if relaxed.status != 0:
        return np.zeros(len(scores), dtype=bool)
    duals = -np.asarray(relaxed.ineqlin.marginals)
    reduced = scores - duals[0] * amounts - duals[1]
    bound = -relaxed.fun
    margin = 1.0 + 1e-7 * abs(bound)
    return (reduced < 0) & (bound + reduced < best_score - margin)


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
