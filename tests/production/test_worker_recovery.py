"""A real worker process, killed or cut off from PostgreSQL, and the work it had is not lost.

These tests start ``manage.py run_worker`` (and, for contrast, django-tasks-db's own ``db_worker``)
as separate processes on the test database, so the data must be committed: PostgreSQL only (the
production queue), transactional tests.

- **SIGKILL in the middle of a decision job**: the task the dead worker held stays « RUNNING »
  until a worker starts again on the host, which gives it back to the queue; the job then
  completes, every decision has its PDF, none was stored twice.
- **The database going away under a polling worker**: restarting the shared PostgreSQL server
  would break the other tests using it, so the drill cuts this test's database instead — every
  connection to it terminated (``pg_terminate_backend``) and new ones refused (``ALTER DATABASE …
  ALLOW_CONNECTIONS false``) for a few seconds. The worker meets the same ``OperationalError`` as
  during a restart (its connection dropped, then « not currently accepting connections » on each
  reconnection, as « the database system is shutting down » during a restart). ``db_worker``
  exits on it; ``run_worker`` waits and carries on.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from applications.models import OutgoingEmail
from applications.tasks import send_outgoing_email
from review.decisions import validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import propose
from review.tasks import start_generation

from ..review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: a worker process reads the test's committed data (set DATABASE_URL; CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    database = connection.settings_dict
    credentials = quote(database["USER"] or "")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"])
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def start_worker(tmp_path):
    """Start a worker process on the test database; every one still alive is killed at the end."""
    processes = []

    def start(command: str = "run_worker", *extra: str) -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(processes)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, "manage.py", command, "--queue-name=*", "--interval=0.1", "--no-reload", *extra],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.production.worker_settings",
                "DATABASE_URL": database_url(),
                "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
                "DB_CONN_MAX_AGE": "60",
            },
        )
        process.log_path = log.name
        processes.append((process, log))
        return process

    yield start
    for process, log in processes:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        log.close()


def wait_for(condition, *, timeout: float, what: str, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if log is not None and log.poll() is not None:
            raise AssertionError(f"the worker exited ({log.returncode}) before {what}; its log:\n{log_of(log)}")
        time.sleep(0.02)
    raise AssertionError(f"waited {timeout} s for {what}" + (f"; its log:\n{log_of(log)}" if log else ""))


def log_of(process) -> str:
    return Path(process.log_path).read_text(errors="replace")[-3000:]


def decision_call():
    call = small_call()
    member, signer = committee_member(), official()
    winner, loser = reviewed_dossier(call, requested="40000.00"), reviewed_dossier(call)
    for dossier, outcome in ((winner, Proposal.Outcome.SELECTED), (loser, Proposal.Outcome.REJECTED)):
        proposal = propose(application=dossier, outcome=outcome, assessment_summary="Évalué.", by=member)
        validate_proposal(proposal=proposal, signature=signature(), by=signer)
    return call, signer


def test_a_decision_job_whose_worker_was_killed_completes_when_a_worker_starts_again(database_tasks, start_worker):
    call, signer = decision_call()
    job = start_generation(call=call, by=signer)  # committed: the job's task is in the queue
    renders = DBTaskResult.objects.filter(task_path="review.tasks.render_call_decision")

    first = start_worker("run_worker", "--worker-id=first")
    held = wait_for(
        lambda: renders.filter(status="RUNNING").first(),
        timeout=60,
        what="the worker to start rendering a decision",
        log=first,
    )
    first.send_signal(signal.SIGKILL)
    first.wait(10)

    held.refresh_from_db()
    assert held.status == "RUNNING"  # nobody gives it back while no worker runs
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.RUNNING and job.done < job.total

    second = start_worker("run_worker", "--worker-id=second")
    wait_for(
        lambda: GenerationJob.objects.filter(pk=job.pk, status=GenerationJob.Status.DONE).exists(),
        timeout=120,
        what="the job to finish",
        log=second,
    )

    job.refresh_from_db()
    assert (job.done, job.total, job.error) == (2, 2, "")
    held.refresh_from_db()
    assert held.status == "SUCCESSFUL"
    assert [worker.split(":")[0] for worker in held.worker_ids] == ["first", "second"]
    # One render task per decision, each run to success: nothing was queued or rendered again.
    assert sorted(renders.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]
    assert DBTaskResult.objects.filter(task_path="review.tasks.finish_generation", status="SUCCESSFUL").count() == 1
    stored = sorted((Path(django_settings.MEDIA_ROOT) / "decisions" / str(call.pk)).iterdir())
    decisions = Decision.objects.filter(call=call)
    assert len(stored) == decisions.count() == 2  # no PDF missing, no second copy left behind
    for decision in decisions:
        assert hashlib.sha256((Path(django_settings.MEDIA_ROOT) / decision.pdf.name).read_bytes()).hexdigest() == (
            decision.sha256
        )
    assert job.zip_file


def backend_pids(cursor, database: str) -> list[int]:
    cursor.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
        [database, own_backend_pid()],
    )
    return [row[0] for row in cursor.fetchall()]


def own_backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_the_worker_survives_its_database_going_away_and_db_worker_does_not(database_tasks, start_worker):
    name = connection.settings_dict["NAME"]
    database = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
    )
    admin.autocommit = True
    resilient = start_worker("run_worker", "--worker-id=resilient")
    upstream = start_worker("db_worker")
    with admin.cursor() as cursor:
        wait_for(lambda: len(backend_pids(cursor, name)) >= 2, timeout=60, what="both workers to poll the queue")
        try:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, own_backend_pid()],
            )
            wait_for(lambda: upstream.poll() is not None, timeout=30, what="db_worker to meet the outage")
            time.sleep(3)  # a few of run_worker's attempts fail meanwhile
            assert resilient.poll() is None
        finally:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    admin.close()

    assert upstream.returncode != 0
    assert "OperationalError" in Path(upstream.log_path).read_text()
    assert "the database is unreachable" in Path(resilient.log_path).read_text()
    email = OutgoingEmail.objects.create(kind="test", to="porteuse@example.org", subject="Votre dossier", body="…")
    send_outgoing_email.enqueue(email_id=email.pk)
    wait_for(
        lambda: OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.SENT).exists(),
        timeout=60,
        what="the surviving worker to send the email",
        log=resilient,
    )
    assert resilient.poll() is None
