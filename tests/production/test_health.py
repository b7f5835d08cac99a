"""The health endpoint a load balancer asks before sending traffic to an app server."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone


def probe_files():
    try:
        return default_storage.listdir("health-probes")[1]
    except FileNotFoundError:
        return []


@pytest.mark.django_db
def test_healthy_server_answers_200_and_leaves_no_probe(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "storage": True,
        "antivirus": True,
        "tasks": True,
    }
    assert body["checks"]["tasks"]["backend"] == "ImmediateBackend"
    assert "no-cache" in response["Cache-Control"]
    assert probe_files() == []


@pytest.mark.django_db
def test_database_queue_reports_depth_and_age(client, database_tasks):
    from applications.tasks import send_outgoing_email

    send_outgoing_email.enqueue(email_id=1)
    send_outgoing_email.enqueue(email_id=2)

    response = client.get("/health/")

    assert response.status_code == 200
    tasks = response.json()["checks"]["tasks"]
    assert tasks["backend"] == "DatabaseBackend"
    assert tasks["queue_depth"] == 2
    assert 0 <= tasks["oldest_pending_age_seconds"] < 60
    assert tasks["running"] == 0


@pytest.mark.django_db
def test_task_left_running_by_a_killed_worker_is_reported(client, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from applications.tasks import send_outgoing_email

    result = send_outgoing_email.enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=timezone.now() - timedelta(hours=3))

    tasks = client.get("/health/").json()["checks"]["tasks"]

    assert tasks["running"] == 1
    assert tasks["oldest_running_age_seconds"] >= 3 * 3600


@pytest.mark.django_db
def test_stalled_queue_is_unhealthy(client, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from applications.tasks import send_outgoing_email

    result = send_outgoing_email.enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(hours=1))

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["tasks"]["ok"] is False
    assert body["checks"]["tasks"]["queue_depth"] == 1
    assert body["checks"]["tasks"]["oldest_pending_age_seconds"] >= 3600
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_deferred_retry_is_not_counted_late_before_its_time(client, database_tasks):
    from django_tasks_db.models import DBTaskResult

    from applications.tasks import send_outgoing_email

    result = send_outgoing_email.using(run_after=timezone.now() + timedelta(minutes=30)).enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(hours=1))

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["queue_depth"] == 0


@pytest.mark.django_db
def test_unwritable_storage_is_unhealthy_without_leaking_details(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker}},
    }

    response = client.get("/health/")

    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is False
    assert str(tmp_path) not in response.content.decode()
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_unreachable_database_is_unhealthy(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "duration_ms": pytest.approx(0, abs=1000),
    }
    assert "db.internal" not in response.content.decode()


@pytest.mark.django_db
def test_health_refuses_writes(client):
    assert client.post("/health/").status_code == 405
