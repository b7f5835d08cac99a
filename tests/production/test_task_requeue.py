"""Tasks left « RUNNING » by a dead worker go back to the queue, and running one again does no harm.

The real kill (SIGKILL of a worker process) is in ``test_worker_recovery.py`` (PostgreSQL); these
run anywhere, on the rows a dead worker leaves behind.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ami_portal.tasks import requeue_stale_tasks, worker_id
from applications.tasks import send_outgoing_email
from review.models import Decision, GenerationJob
from review.tasks import render_call_decision, start_generation
from tests.task_support import run_worker

from ..review.test_decision_generation import call  # noqa: F401 - the fixture: a call with two decisions

pytestmark = pytest.mark.django_db


def left_running(*, started: timedelta, by: str):
    result = send_outgoing_email.enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now() - started, worker_ids=[by]
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_running_longer_than_the_limit_is_queued_again(database_tasks, monkeypatch):
    monkeypatch.setenv("AMI_TASK_MAX_RUNTIME", "600")
    lost = left_running(started=timedelta(minutes=11), by="w1:another-host:4242")
    recent = left_running(started=timedelta(minutes=9), by="w2:another-host:4243")

    assert requeue_stale_tasks() == [str(lost.pk)]

    assert DBTaskResult.objects.get(pk=lost.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"
    assert requeue_stale_tasks() == []  # once


def test_a_task_whose_worker_died_on_this_host_is_queued_again_at_once(database_tasks):
    dead = left_running(started=timedelta(seconds=5), by=worker_id("w1").rsplit(":", 1)[0] + ":999999999")
    alive = left_running(started=timedelta(seconds=5), by=worker_id("w2"))  # this very process

    assert requeue_stale_tasks() == [str(dead.pk)]
    assert DBTaskResult.objects.get(pk=alive.pk).status == "RUNNING"


def test_health_reports_a_task_nobody_gave_back(client, database_tasks, monkeypatch):
    monkeypatch.setenv("AMI_TASK_MAX_RUNTIME", "600")
    left_running(started=timedelta(minutes=11), by="w1:another-host:4242")

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["stale_running"] == 1
    requeue_stale_tasks()
    assert client.get("/health/").json()["checks"]["tasks"]["stale_running"] == 0


def test_a_decision_task_delivered_again_after_counting_itself_is_not_counted_twice(
    call,  # noqa: F811
    database_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    run_worker(max_tasks=1)  # the job fans out
    first = Decision.objects.filter(call=call).order_by("pk").first()

    # The worker counted the decision, then died before recording its success: it runs again.
    render_call_decision.call(job_id=job.pk, decision_id=first.pk)
    render_call_decision.call(job_id=job.pk, decision_id=first.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (GenerationJob.Status.RUNNING, 1, 2)
    assert not DBTaskResult.objects.filter(task_path="review.tasks.finish_generation").exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and job.done == 2
    assert all(Decision.objects.filter(call=call).values_list("sha256", flat=True))
