"""Query counts and server time of the portal's pages at 100 and at 10,000 dossiers, in one run.

    python benchmarks/pages.py              # recreate `ami_bench`: 100 dossiers, measure, 10,000, measure
    python benchmarks/pages.py --no-grow    # measure the database as it is

Each page is requested in-process through Django's full stack (middleware, sessions, templates)
with the test client: 3 warm-up requests, then ``--repeat`` timed ones; the median is reported.
The query count must not grow with the number of dossiers; the target is < 150 ms at 10,000.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

TARGET_MS = 150.0


def pages() -> list[tuple[str, str | None, str]]:
    """(label, who, URL) of every page measured; ``who`` is a demo account's email or None."""
    from applications import wizard
    from applications.demo import DEMO_DOMAIN
    from applications.models import Application, Call
    from benchmarks.seed import CARRIER, COMMITTEE, REVIEWERS, carrier_draft

    official = f"signataire@{DEMO_DOMAIN}"

    call = Call.objects.get(slug="ambassadrices-egalite")
    draft = carrier_draft(call)
    listed = [
        ("home", None, reverse("home")),
        ("call page", None, call.get_absolute_url()),
    ]
    for step in wizard.STEPS:
        url = reverse("applications:step", kwargs={"public_id": draft.public_id, "slug": step.slug})
        listed.append((f"wizard step {step.number}: {step.slug}", CARRIER, url))
    listed += [
        ("« Mes dossiers »", CARRIER, reverse("applications:my_applications")),
        ("admin dossier list (committee)", COMMITTEE, reverse("admin:applications_application_changelist")),
        ("admin dossier list (reviewer)", REVIEWERS[0], reverse("admin:applications_application_changelist")),
        ("admin review list (committee)", COMMITTEE, reverse("admin:review_review_changelist")),
        ("ranking screen (committee)", COMMITTEE, reverse("admin:review_rankingcall_change", args=[call.pk])),
        # The staff homes (review/staff_home.py): each role's work, counted in SQL, and the committee's charts.
        ("staff home (reviewer)", REVIEWERS[0], reverse("admin:index")),
        ("staff home (committee)", COMMITTEE, reverse("admin:index")),
        ("staff home (official)", official, reverse("admin:index")),
    ]
    assert Application.objects.filter(call=call).exists()
    return listed


def measure(repeat: int) -> dict[str, dict]:
    from applications.models import User

    clients: dict[str | None, Client] = {}
    results = {}
    for label, who, url in pages():
        if who not in clients:
            client = Client()
            if who:
                client.force_login(User.objects.get(email=who))
            clients[who] = client
        client = clients[who]
        for _ in range(3):
            response = client.get(url)
        if response.status_code != 200:
            results[label] = {"url": url, "status": response.status_code}
            continue
        times, cpu, sql = [], [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
        results[label] = {
            "url": url,
            "status": response.status_code,
            "queries": len(queries),
            "median_ms": round(statistics.median(times), 1),
            "min_ms": round(min(times), 1),
            # Python's own CPU time: what the page costs the app server, whatever else runs.
            "cpu_ms": round(statistics.median(cpu), 1),
            "sql_ms": round(statistics.median(sql), 1),
            "bytes": len(response.content),
        }
    return results


def dossier_count() -> int:
    from applications.models import Application

    return Application.objects.count()


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def report(small: dict, large: dict | None, small_n: int, large_n: int | None) -> int:
    failures = 0
    if large is None:
        print(f"| page ({small_n} dossiers) | queries | median ms | best ms | app CPU ms | SQL ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, row in small.items():
            print(
                f"| {label} | {row.get('queries', '—')} | {row.get('median_ms', row['status'])} | "
                f"{row.get('min_ms', '')} | {row.get('cpu_ms', '')} | {row.get('sql_ms', '')} |"
            )
        return 0
    print(
        f"| page | queries at {small_n} | queries at {large_n} | ms at {small_n} | ms at {large_n} | "
        f"time ratio | best ms at {large_n} | app CPU ms at {large_n} | SQL ms at {large_n} | "
        f"target < {TARGET_MS:.0f} ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, a in small.items():
        b = large.get(label, {})
        if a.get("status") != 200 or b.get("status") != 200:
            print(f"| {label} | HTTP {a.get('status')} | HTTP {b.get('status')} | | | | | | | not measured |")
            failures += 1
            continue
        grows = b["queries"] > a["queries"]
        slow = b["median_ms"] >= TARGET_MS
        failures += grows or slow
        verdict = "met" if not (grows or slow) else ("queries grow" if grows else "") + (" too slow" if slow else "")
        print(
            f"| {label} | {a['queries']} | {b['queries']} | {a['median_ms']} | {b['median_ms']} | "
            f"{b['median_ms'] / a['median_ms']:.2f}× | {b['min_ms']} | {b['cpu_ms']} | {b['sql_ms']} | {verdict.strip()} |"
        )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-grow", action="store_true", help="measure the current database only")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]

    if args.no_grow:
        small = measure(args.repeat)
        failures = report(small, None, dossier_count(), None)
        out = {"dossiers": dossier_count(), "pages": small}
    else:
        import subprocess

        def seed(count: int, reset: bool) -> None:
            command = [sys.executable, str(ROOT / "benchmarks" / "seed.py"), "--dossiers", str(count)]
            subprocess.run(command + (["--reset"] if reset else []), check=True)

        connection.close()
        seed(args.small, reset=True)
        small_n = dossier_count()
        small = measure(args.repeat)
        connection.close()
        seed(args.large - small_n + 1, reset=False)  # +1: the carrier's own draft is not a reviewed one
        large_n = dossier_count()
        large = measure(args.repeat)
        print()
        failures = report(small, large, small_n, large_n)
        out = {"small": {"dossiers": small_n, "pages": small}, "large": {"dossiers": large_n, "pages": large}}
    print(f"\nMeasured with {machine_load()}: with more runnable processes than cores, wall times include waiting.")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
