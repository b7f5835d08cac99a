"""HTTP throughput and p95 latency under gunicorn (2 workers, 32 concurrent clients, loopback).

    python benchmarks/http_load.py [--seconds 15] [--port 8105]

Starts gunicorn with the project's ``gunicorn.conf.py`` and the benchmark settings (the portal's
URLs plus a bare view), then drives it with ``wrk`` (Debian: ``apt-get install wrk``) — the call
page, a wizard step of the demo carrier's draft (signed in) and the bare Django view that goes
through the same middleware but touches neither the database nor a template. Targets: each page
at least 20 % of the bare view's throughput, p95 under 100 ms, no errors. One more row is a
reference, not a page: the least any signed-in page costs (session and user read, page frame
rendered around nothing). Run it on the database ``pages.py`` left (10,000 dossiers); set
``REDIS_URL`` to measure the production shape (shared Redis cache, sessions read from it).
Loopback only; every run is bounded in time.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

WORKERS = 2
CLIENTS = 32


def carrier_session() -> str:
    from applications.models import User
    from benchmarks.seed import CARRIER

    client = Client()
    client.force_login(User.objects.get(email=CARRIER))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def targets() -> list[tuple[str, str, dict]]:
    from applications.models import Call
    from benchmarks.seed import carrier_draft

    call = Call.objects.get(slug="ambassadrices-egalite")
    draft = carrier_draft(call)
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={carrier_session()}"}
    step = reverse("applications:step", kwargs={"public_id": draft.public_id, "slug": "projet"})
    return [
        ("bare Django view", reverse("bench_bare"), {}),
        ("call page", call.get_absolute_url(), {}),
        ("signed-in floor (reference)", reverse("bench_signed_in_floor"), cookie),
        ("wizard step 2 (signed in)", step, cookie),
    ]


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_PROC_NAME": "ami-bench",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "ami_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}{reverse('bench_bare')}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start; see {log}")


def run_wrk(url: str, headers: dict, seconds: int) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CLIENTS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "benchmarks/p95.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    values = dict(re.findall(r"^ami_(\w+)=(\d+)$", output, flags=re.MULTILINE))
    requests, duration = int(values["requests"]), int(values["duration_us"]) / 1e6
    return {
        "rps": requests / duration,
        "p50_ms": int(values["p50_us"]) / 1000,
        "p95_ms": int(values["p95_us"]) / 1000,
        "errors": int(values["non2xx"]) + int(values["socket_errors"]),
        "requests": requests,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument(
        "--log", type=Path, default=Path(os.environ.get("AMI_VAR_DIR", ROOT / "var")) / "bench-gunicorn.log"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    args.log.parent.mkdir(parents=True, exist_ok=True)

    planned = targets()
    process = start_gunicorn(args.port, args.log)
    results = {}
    try:
        for label, path, headers in planned:
            url = f"http://127.0.0.1:{args.port}{path}"
            run_wrk(url, headers, 3)  # warm-up: templates, caches, connections
            results[label] = run_wrk(url, headers, args.seconds)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    bare = results["bare Django view"]["rps"]
    failures = 0
    one, five, _ = os.getloadavg()
    print(
        f"gunicorn {WORKERS} workers, {CLIENTS} concurrent clients (wrk), {args.seconds} s each, loopback; "
        f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores; "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}"
    )
    print(
        "| endpoint | requests/s | share of bare view | p50 ms | p95 ms | errors | targets (≥ 20 %, p95 < 100 ms, 0 errors) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, row in results.items():
        share = row["rps"] / bare
        reference = label.startswith("bare") or "(reference)" in label
        ok = reference or (share >= 0.2 and row["p95_ms"] < 100 and row["errors"] == 0)
        failures += not ok
        verdict = "—" if reference else ("met" if ok else "missed")
        print(
            f"| {label} | {row['rps']:.0f} | {share:.0%} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['errors']} | {verdict} |"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
