"""The suggested selection: the dossiers that maximise the total score within the cap and the envelope.

It is a 0/1 knapsack with a cardinality constraint, solved exactly — never by a greedy guess:

- small instances by exhaustive search (also the oracle the tests compare the other methods to);
- a cap of one or two by an exact search over the best partner of each dossier (sorting and
  prefix maxima, O(n log n));
- anything larger with the mixed-integer solver of ``scipy.optimize.milp`` (HiGHS), after removing
  dossiers that provably cannot be in the best selection.

Ties are broken deterministically, so that the suggestion never changes from one page load to the
next: among the selections with the highest total score, the one with the lowest total amount;
then the one that keeps the better-ranked dossiers (compare the sorted ranks lexicographically).
All arithmetic is done on integers (scores in ten-thousandths of a point, amounts in cents).

The suggestion is advice: the committee may weigh what scores do not capture (territorial
balance, a reduced amount, a partner's reliability). :func:`compare` explains the difference.
"""

import heapq
import itertools
import math
import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SCORE_SCALE = 10_000  # score units per point
AMOUNT_SCALE = 100  # cents per euro
EXHAUSTIVE_LIMIT = 50_000  # subsets beyond which exhaustive search is not used
MILP_TIME_LIMIT = 3.0  # seconds


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


def to_units(value: Decimal, scale: int) -> int:
    return int((Decimal(value) * scale).to_integral_value(rounding=ROUND_HALF_UP))


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
    """The exact best selection of at most ``cap`` candidates whose amounts fit in ``envelope``."""
    problem = _Problem(
        scores=[to_units(c.score, SCORE_SCALE) for c in candidates],
        amounts=[to_units(c.amount, AMOUNT_SCALE) for c in candidates],
        cap=cap,
        envelope=to_units(envelope, AMOUNT_SCALE),
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


def solve_milp(problem: _Problem, *, time_limit: float = MILP_TIME_LIMIT) -> tuple[list[int], bool]:
    """Exact with HiGHS, in lexicographic steps: best score, then lowest amount, then best ranks.

    Returns the selection and whether it is proven optimal. Strongly correlated instances (score
    rising with the amount, item after item) are the classic hard case of knapsack problems; if the
    solver cannot prove optimality within ``time_limit`` seconds, the best selection found so far
    is returned — still within the cap and the envelope — and flagged as not proven.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

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
        options = {"mip_rel_gap": 0.0, "presolve": True, "time_limit": left}
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
    import numpy as np
    from scipy.optimize import linprog

    relaxed = linprog(
        -scores,
        A_ub=np.vstack([amounts, np.ones(len(scores))]),
        b_ub=[problem.envelope, problem.cap],
        bounds=(0, 1),
        method="highs",
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
