"""Workers finishing a call's decisions at the same moment count each one once and build one ZIP.

PostgreSQL only: SQLite ignores ``SELECT … FOR UPDATE`` (and serialises writers anyway), so the
race these tests exercise only exists where the production database and its workers run.
"""

import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from review.decisions import validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import propose
from review.tasks import count_done, finish_generation, generate_call_decisions, render_call_decision

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite ignores SELECT … FOR UPDATE (set DATABASE_URL; CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def all_at_once(calls):
    """Run each zero-argument callable in its own thread (own connection), released together."""
    barrier = threading.Barrier(len(calls))
    results, errors, lock = [], [], threading.Lock()

    def worker(call):
        try:
            barrier.wait()
            result = call()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(exc)
            return
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_concurrent_counts_reach_the_total_once(on_postgres):
    call = small_call()
    job = GenerationJob.objects.create(call=call, status=GenerationJob.Status.RUNNING, total=12)

    last = all_at_once([lambda: count_done(job.pk) for _ in range(12)])

    job.refresh_from_db()
    assert job.done == 12
    assert sorted(last) == [False] * 11 + [True]


def test_decisions_rendered_by_concurrent_workers_finish_the_job_once(on_postgres, settings):
    settings.TASKS = DATABASE_TASKS
    call = small_call(max_selected=4, budget_envelope=200_000)
    member, signer = committee_member(), official()
    for _ in range(4):
        proposal = propose(application=reviewed_dossier(call), outcome=Proposal.Outcome.SELECTED, by=member)
        validate_proposal(proposal=proposal, signature=signature(), by=signer)
    job = GenerationJob.objects.create(call=call, requested_by=signer)

    generate_call_decisions.call(job_id=job.pk)  # the job's task: four per-decision tasks queued
    queued = DBTaskResult.objects.filter(task_path="review.tasks.render_call_decision")
    kwargs = [row.args_kwargs["kwargs"] for row in queued]
    assert len(kwargs) == 4

    all_at_once([lambda k=k: render_call_decision.call(**k) for k in kwargs])

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (GenerationJob.Status.RUNNING, 4, 4)
    assert not Decision.objects.filter(call=call, sha256="").exists()
    (finishing,) = DBTaskResult.objects.filter(task_path="review.tasks.finish_generation")
    finish_generation.call(**finishing.args_kwargs["kwargs"])
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and job.zip_file and not job.error
