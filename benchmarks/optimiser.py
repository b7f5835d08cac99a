"""The suggested selection: is it proven optimal, and in under a second?

    python benchmarks/optimiser.py [--seeds 3] [--baseline OLD.py] [--database [--repeat 5]]
        [--sizes 10000] [--caps 10,50] [--families "lockstep;close, rising"]

First, generated instances (no database): 80, 1,000 and 10,000 dossiers, caps 2, 3, 5, 10 and
50, several seeds each, envelopes drawn so that the cap and the envelope both bind. Five
families: scores and amounts independent (« independent »); the portal's own shape, each score
the mean of two reviewers' weighted means, requests in round thousands of euros (« reviews »);
close scores, 70.000 to 72.000 (« close »); and two adversarial ones where nothing dominates
anything, close scores rising with the amount plus a little noise (« close, rising ») and scores
rising in lockstep with sorted amounts (« lockstep »: the textbook hard knapsack). For each case:
the median and the worst time of ``review.optimiser.best_selection_within``, how many of the seeds
were proven optimal, and the worst time as a ratio of the one-second target. The worst processor
time of the process is printed too: on a shared machine the wall-clock time also counts the
waits for a core. With ``--baseline``, another version of ``review/optimiser.py`` (a file, e.g.
``git show HEAD~1:review/optimiser.py > old_optimiser.py``) is run on the same instances in the same
run, and its worst time, worst processor time and proven count are added to each row. ``--sizes``, ``--caps`` and
``--families`` (separated by semicolons: the names hold commas) run a subset of the cases, to
iterate; the results table is one run of the whole set.

With ``--database``, on every admissible dossier of the benchmark database (10,000), two
timings for each case, median of ``--repeat`` runs: the optimiser alone
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
import importlib.util
import os
import random
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

SIZES = (80, 1_000, 10_000)
CAPS = (2, 3, 5, 10, 50)
CENT, MILLI = Decimal("0.01"), Decimal("0.001")
WEIGHTS = (3, 2, 3, 2, 2, 2, 1)


def euros(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def independent(n: int, rng: random.Random) -> list[optimiser.Candidate]:
    return [
        optimiser.Candidate(i, Decimal(rng.randrange(20_000, 100_000)) / 1000, euros(rng, 10_000, 100_000))
        for i in range(n)
    ]


def reviews(n: int, rng: random.Random) -> list[optimiser.Candidate]:
    def one_review():
        points = [rng.randrange(3, 11) for _ in WEIGHTS]
        return Decimal(sum(w * p for w, p in zip(WEIGHTS, points, strict=True)) * 10) / sum(WEIGHTS)

    return [
        optimiser.Candidate(
            i, ((one_review() + one_review()) / 2).quantize(MILLI), Decimal(rng.randrange(25, 101) * 1000)
        )
        for i in range(n)
    ]


def close(n: int, rng: random.Random) -> list[optimiser.Candidate]:
    return [
        optimiser.Candidate(i, Decimal(rng.randrange(70_000, 72_000)) / 1000, euros(rng, 20_000, 100_000))
        for i in range(n)
    ]


def close_rising(n: int, rng: random.Random) -> list[optimiser.Candidate]:
    candidates = []
    for i in range(n):
        amount = euros(rng, 20_000, 100_000)
        score = (40 + amount / 2000 + Decimal(rng.randrange(0, 50)) / 1000).quantize(MILLI)
        candidates.append(optimiser.Candidate(i, score, amount))
    return candidates


def lockstep(n: int, rng: random.Random) -> list[optimiser.Candidate]:
    amounts = sorted(rng.sample(range(1_000_000, 10_000_000), n))
    return [
        optimiser.Candidate(i, Decimal(20 + 80 * i / n).quantize(MILLI), Decimal(amounts[i]) / 100) for i in range(n)
    ]


FAMILIES = (
    ("independent", independent),
    ("reviews", reviews),
    ("close", close),
    ("close, rising", close_rising),
    ("lockstep", lockstep),
)


def load_baseline(path: str):
    spec = importlib.util.spec_from_file_location("baseline_optimiser", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solve(module, candidates, cap, envelope):
    """The module's suggestion, its wall-clock and its processor time."""
    started, processor = time.perf_counter(), time.process_time()
    suggestion = module.best_selection_within(candidates, cap=cap, envelope=envelope)
    return suggestion, time.perf_counter() - started, time.process_time() - processor


def generated_instances(seeds: int, baseline=None, sizes=SIZES, caps=CAPS, families=FAMILIES) -> int:
    """Print the generated cases' table; return how many cases missed the target."""
    extra_head = " baseline worst (s) | baseline worst processor (s) | baseline proven |" if baseline else ""
    extra_rule = " ---: | ---: | ---: |" if baseline else ""
    print(
        "| dossiers | cap | family | median (s) | worst (s) | worst processor (s) | proven optimal | method "
        f"| worst ÷ 1 s | target |{extra_head}"
    )
    print(f"| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |{extra_rule}")
    failures = proven_total = fast_total = runs = 0
    baseline_proven_total = baseline_fast_total = 0
    for n in sizes:
        for cap in caps:
            for label, make in families:
                times, processor, proven, methods = [], [], 0, set()
                baseline_times, baseline_processor, baseline_proven = [], [], 0
                for seed in range(seeds):
                    rng = random.Random(f"{label}/{n}/{cap}/{seed}")
                    candidates = make(n, rng)
                    amounts = sorted(c.amount for c in candidates)
                    envelope = (amounts[n // 2] * cap * Decimal(rng.uniform(0.6, 1.1))).quantize(CENT)
                    suggestion, wall, cpu = solve(optimiser, candidates, cap, envelope)
                    times.append(wall)
                    processor.append(cpu)
                    proven += suggestion.proven_optimal
                    methods.add(suggestion.method)
                    fast_total += wall < TARGET_S
                    if baseline:
                        old, wall, cpu = solve(baseline, candidates, cap, envelope)
                        baseline_times.append(wall)
                        baseline_processor.append(cpu)
                        baseline_proven += old.proven_optimal
                        baseline_fast_total += wall < TARGET_S
                        if old.proven_optimal and suggestion.proven_optimal and old.keys != suggestion.keys:
                            raise SystemExit(f"{label} {n} {cap} {seed}: the two versions prove different selections")
                ok = proven == seeds and max(times) < TARGET_S
                failures += not ok
                proven_total += proven
                baseline_proven_total += baseline_proven
                runs += seeds
                extra = (
                    f" {max(baseline_times):.3f} | {max(baseline_processor):.3f} | {baseline_proven}/{seeds} |"
                    if baseline
                    else ""
                )
                print(
                    f"| {n:,} | {cap} | {label} | {statistics.median(times):.3f} | {max(times):.3f} | "
                    f"{max(processor):.3f} | {proven}/{seeds} | {', '.join(sorted(methods))} | "
                    f"{max(times) / TARGET_S:.2f} | {'met' if ok else 'missed'} |{extra}",
                    flush=True,
                )
    print(
        f"\n{proven_total}/{runs} instances proven optimal, {fast_total}/{runs} under {TARGET_S:.0f} s; "
        f"{failures} of {len(sizes) * len(caps) * len(families)} cases missed the target."
    )
    if baseline:
        print(
            f"Baseline in the same run: {baseline_proven_total}/{runs} proven optimal, "
            f"{baseline_fast_total}/{runs} under {TARGET_S:.0f} s."
        )
    return failures


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
    parser.add_argument("--seeds", type=int, default=3, help="generated instances per case")
    parser.add_argument("--baseline", help="another review/optimiser.py to compare with, on the same instances")
    parser.add_argument("--database", action="store_true", help="also the 10,000 dossiers of ami_bench")
    parser.add_argument("--repeat", type=int, default=5, help="runs per database case (median)")
    parser.add_argument("--sizes", help="numbers of dossiers, comma-separated (default: all)")
    parser.add_argument("--caps", help="caps, comma-separated (default: all)")
    parser.add_argument("--families", help="family names, separated by semicolons (default: all)")
    args = parser.parse_args()
    names = dict(FAMILIES)
    failures = generated_instances(
        args.seeds,
        load_baseline(args.baseline) if args.baseline else None,
        sizes=tuple(int(n) for n in args.sizes.split(",")) if args.sizes else SIZES,
        caps=tuple(int(cap) for cap in args.caps.split(",")) if args.caps else CAPS,
        families=tuple((name, names[name]) for name in args.families.split(";")) if args.families else FAMILIES,
    )
    if args.database:
        print()
        failures += database_cases(args.repeat)
    one_min, five_min, _ = os.getloadavg()
    print(f"\nLoad average {one_min:.1f} (1 min), {five_min:.1f} (5 min) on {os.cpu_count()} cores.")
    return 1 if failures else 0


def database_cases(repeat: int) -> int:
    """Print the database cases' table; return how many missed the target."""
    call = Call.objects.get(slug="ambassadrices-egalite")
    queryset_read, pool = timed(selection.suggestion_candidates, repeat, call=call)
    narrow_read, narrow_pool = timed(candidates_from_two_narrow_queries, repeat, call=call)
    if narrow_pool != pool:
        raise SystemExit("the two ways of reading the candidates disagree")
    print(f"{len(pool)} admissible scored dossiers")
    print(
        f"Reading them (median of {repeat}): {queryset_read:.3f} s as the suggestion does (the ranking "
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
        alone, suggestion = timed(optimiser.best_selection_within, repeat, candidates=pool, cap=cap, envelope=envelope)
        whole, _ = timed(whole_path, repeat, call=call, cap=cap, envelope=envelope)
        ok = whole < TARGET_S and suggestion.proven_optimal
        failures += not ok
        print(
            f"| {label} | {alone:.3f} | {whole:.3f} | {suggestion.method} | {suggestion.proven_optimal} | "
            f"{len(suggestion.chosen)} | {suggestion.total_amount} | {'met' if ok else 'missed'} |"
        )
    return failures


if __name__ == "__main__":
    sys.exit(main())
