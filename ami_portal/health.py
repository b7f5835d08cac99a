"""``/health/``: may this app server take traffic?

A load balancer (or a person) asks every few seconds. The answer is JSON and says, for each piece
an app server depends on, whether it answered and how long it took:

- ``database``: a trivial query;
- ``storage``: a small probe object written, read back and deleted in the default storage (the
  local disk or the S3 bucket) — the same operations an upload and a download need;
- ``antivirus``: ClamAV's daemon answers PING (``ami_portal.antivirus``), or scanning is off;
- ``tasks``: the task backend; with the database queue, the number of tasks waiting and the age
  of the oldest one — a queue older than ``AMI_HEALTH_MAX_QUEUE_AGE`` seconds (15 minutes by
  default) means no worker is running, which is reported as unhealthy; so does a task « running »
  for longer than ``AMI_TASK_MAX_RUNTIME`` (``stale_running``): its worker died, and no worker is
  alive to give it back to the queue (each does, every minute — ``manage.py run_worker``).

200 when every check passes, 503 otherwise. Failures are logged in full, but the answer only
names the exception class: the endpoint is public and must not leak host names or credentials.
"""

import logging
import os
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import antivirus
from .tasks import stale_running_tasks

logger = logging.getLogger("ami_portal.health")

PROBE_PREFIX = "health-probes/"


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_storage() -> dict:
    payload = uuid.uuid4().hex.encode()
    name = default_storage.save(f"{PROBE_PREFIX}{uuid.uuid4().hex}", ContentFile(payload))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise OSError("The storage returned other bytes than were written.")
    finally:
        default_storage.delete(name)
    return {"backend": type(default_storage._wrapped).__name__}


def max_queue_age() -> float:
    return float(os.environ.get("AMI_HEALTH_MAX_QUEUE_AGE", "900"))


def check_tasks() -> dict:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    details: dict = {"backend": type(backend).__name__}
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - django-tasks-db is a runtime dependency
        DatabaseBackend = None
    if DatabaseBackend is None or not isinstance(backend, DatabaseBackend):
        # In-process backends have no queue to fall behind.
        return details

    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    now = timezone.now()
    age = 0.0
    if oldest is not None:
        enqueued_at, run_after = oldest
        # A deferred task (a retry with backoff) is only late from the moment it may run.
        since = run_after if run_after and run_after <= now and run_after > enqueued_at else enqueued_at
        age = max(0.0, (now - since).total_seconds())
    running = DBTaskResult.objects.running().filter(backend_name=backend.alias)
    oldest_running = running.order_by("started_at").values_list("started_at", flat=True).first()
    details.update(
        queue_depth=ready.count(),
        oldest_pending_age_seconds=round(age, 1),
        running=running.count(),
        oldest_running_age_seconds=round((now - oldest_running).total_seconds(), 1) if oldest_running else 0.0,
        stale_running=stale_running_tasks(backend_name=backend.alias).count(),
        failed_last_24h=DBTaskResult.objects.failed()
        .filter(backend_name=backend.alias, finished_at__gte=now - timedelta(hours=24))
        .count(),
    )
    limit = max_queue_age()
    if age > limit:
        raise QueueStalled(f"The oldest pending task waits for {age:.0f} s (limit {limit:.0f} s).", details)
    if details["stale_running"]:
        raise QueueStalled(
            f"{details['stale_running']} task(s) left running by a dead worker and not given back to the queue.",
            details,
        )
    return details


class QueueStalled(Exception):
    def __init__(self, message: str, details: dict):
        super().__init__(message)
        self.details = details


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "storage": check_storage,
    "antivirus": antivirus.health,
    "tasks": check_tasks,
}


def run_checks() -> tuple[bool, dict]:
    results = {}
    healthy = True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            details = check()
        except QueueStalled as exc:
            healthy = False
            details = {**exc.details, "ok": False, "error": str(exc)}
            logger.error("health check %s failed: %s", name, exc)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a 503, never a 500
            healthy = False
            details = {"ok": False, "error": type(exc).__name__}
            logger.exception("health check %s failed", name)
        else:
            details = {"ok": True, **details}
        details["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = details
    return healthy, results


@never_cache
@require_safe
def health(request):
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "time": timezone.now().isoformat(), "checks": checks},
        status=200 if healthy else 503,
    )


urlpatterns = [path("", health, name="health")]
