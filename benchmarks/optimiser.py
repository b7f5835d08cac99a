"""The suggested selection on every admissible dossier of the benchmark database (10,000).

    python benchmarks/optimiser.py [--repeat 5]

Two timings for each case, median of ``--repeat`` runs: the optimiser alone
(``review.optimiser.best_selection_within`` on candidates already in memory) and the whole path
(``review.selection.suggest``: read the scored dossiers from PostgreSQL, solve, compare with the
committee's selection). The reading is also timed alone, as the suggestion does it (the ranking
queryset, three columns: ``selection.suggestion_candidates``) and, for comparison, as two narrow
queries joined in Python (the reviews grouped by dossier; the dossiers' ids and amounts), with
the same result. Cases: the AMI's
rules (cap 2, €100,000 envelope) and a national call (cap 50, €3,000,000 — about 45 dossiers fit,
so the cap and the envelope both bind). Target: under one second.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from applications.models import Call  # noqa: E402
from review import optimiser, selection  # noqa: E402

TARGET_S = 1.0
CASES = [("cap 2, €100,000 (the AMI)", 2, Decimal("100000")), ("cap 50, €3,000,000", 50, Decimal("3000000"))]


def candidates_from_two_narrow_queries(call: Call) -> list[optimiser.Candidate]:
    """The same candidates from the reviews grouped by dossier and the dossiers' ids and amounts,
    put in the ranking's order in Python (the alternative to the ranking queryset)."""
    from django.db.models import Avg, Count, FloatField
    from django.db.models.functions import Cast, Round

    from review import calibration, ranking
    from review.models import Review

    basis = ranking.basis_of(call)
    primary, secondary = ("calibrated_score", "raw_score")[:: 1 if basis == ranking.CALIBRATED else -1]
    calibrated = calibration.calibrated_expression(calibration.calibration_for(call))
    aggregates = (
        Review.objects.filter(
            state=Review.State.SUBMITTED, score__isnull=False, application__in=ranking.ranked_dossiers(call)
        )
        .order_by()
        .values("application_id")
        .annotate(
            raw_score=Round(Avg(Cast("score", FloatField())), 3),
            calibrated_score=Round(Avg(calibrated), 3),
            reviews_done=Count("pk"),
        )
    )
    reviewed = {
        row["application_id"]: row for row in aggregates if row["reviews_done"] >= call.reviewers_per_application
    }
    amounts = ranking.ranked_dossiers(call).filter(requested_amount__isnull=False).values_list("pk", "requested_amount")
    ranked = sorted(
        ((pk, amount, reviewed[pk]) for pk, amount in amounts if pk in reviewed),
        key=lambda item: (-item[2][primary], -item[2][secondary], item[1], item[0]),
    )
    return [
        optimiser.Candidate(key=pk, score=selection.quantize_score(row[primary]), amount=amount)
        for pk, amount, row in ranked
    ]


def whole_path(*, call: Call, cap: int, envelope: Decimal) -> optimiser.Suggestion:
    """``selection.suggest``, what the selection screen runs, with the case's cap and envelope."""
    call.max_selected, call.budget_envelope = cap, envelope  # in memory only, never saved
    return selection.suggest(call).suggestion


def timed(function, repeat: int, **kwargs):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(**kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call = Call.objects.get(slug="ambassadrices-egalite")
    queryset_read, pool = timed(selection.suggestion_candidates, args.repeat, call=call)
    narrow_read, narrow_pool = timed(candidates_from_two_narrow_queries, args.repeat, call=call)
    if narrow_pool != pool:
        raise SystemExit("the two ways of reading the candidates disagree")
    print(f"{len(pool)} admissible scored dossiers")
    print(
        f"Reading them (median of {args.repeat}): {queryset_read:.3f} s as the suggestion does (the ranking "
        f"queryset, three columns), {narrow_read:.3f} s as two narrow queries joined in Python; same candidates, "
        "same order."
    )
    print()
    print(
        "| case | optimiser alone (s) | whole path (s) | method | proven optimal | chosen | total amount | target < 1 s |"
    )
    print("| --- | ---: | ---: | --- | --- | ---: | ---: | --- |")
    failures = 0
    for label, cap, envelope in CASES:
        alone, suggestion = timed(
            optimiser.best_selection_within, args.repeat, candidates=pool, cap=cap, envelope=envelope
        )
        whole, _ = timed(whole_path, args.repeat, call=call, cap=cap, envelope=envelope)
        ok = whole < TARGET_S and suggestion.proven_optimal
        failures += not ok
        print(
            f"| {label} | {alone:.3f} | {whole:.3f} | {suggestion.method} | {suggestion.proven_optimal} | "
            f"{len(suggestion.chosen)} | {suggestion.total_amount} | {'met' if ok else 'missed'} |"
        )
    one_min, five_min, _ = os.getloadavg()
    print(f"\nLoad average {one_min:.1f} (1 min), {five_min:.1f} (5 min) on {os.cpu_count()} cores.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
