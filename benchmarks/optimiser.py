"""The suggested selection on every admissible dossier of the benchmark database (10,000).

    python benchmarks/optimiser.py [--repeat 5]

Two timings for each case, median of ``--repeat`` runs: the optimiser alone
(``review.optimiser.best_selection_within`` on candidates already in memory) and the whole path
(``review.selection.suggest``: read the ranked, scored dossiers from PostgreSQL, solve, compare
with the committee's selection). Cases: the AMI's
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


def candidates(call: Call) -> list[optimiser.Candidate]:
    """The fully reviewed, scored dossiers in ranking order, as ``selection.suggest`` reads them."""
    rows = (
        selection.ranked_dossiers(call)
        .filter(fully_reviewed=True, score__isnull=False, requested_amount__isnull=False)
        .values_list("pk", "score", "requested_amount")
    )
    return [
        optimiser.Candidate(key=pk, score=selection.quantize_score(score), amount=amount) for pk, score, amount in rows
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
    pool = candidates(call)
    call = Call.objects.get(pk=call.pk)
    print(f"{len(pool)} admissible scored dossiers")
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
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
