"""Background tasks that are retried when they fail, and whose failures staff can see.

django-tasks runs a task once; a task that fails stays failed. Work the portal sends to the
background (emails, decision PDFs, ZIP archives, exports) mostly fails for passing reasons — the
SMTP server or the bucket is briefly unreachable — so those tasks are declared with
``retried_task`` instead of ``task``::

    from ami_portal.tasks import retried_task

    @retried_task(max_attempts=5)
    def send_outgoing_email(email_id: int) -> None: ...

    send_outgoing_email.enqueue(email_id=email.pk)   # as with @task

Contract:
- the function must be **idempotent**: it may run again after a partial run (check what is
  already done, write with ``update_or_create``/``get_or_create``, store files under stable names);
- arguments must be JSON values (ids, not model instances), as with every django-tasks task;
- with the database backend (``TASKS_BACKEND=database``) a failed attempt is recorded as a failed
  task result — visible to administrators in the staff area, « Tâches de fond », with its
  traceback — and the next attempt is queued with an exponential delay (30 s, 1 min, 2 min… at
  most one hour). The attempt number is the ``_attempt`` keyword argument shown there;
- with the in-process backend (the embedded profile) there is no worker to come back later and
  the task runs inside a request: it is tried again once, at once (``INLINE_ATTEMPTS``), so that a
  dead SMTP server cannot hold a page for five timeouts;
- an exception that retrying cannot fix (``PermanentTaskError``, a missing object) is not retried;
- after the last attempt the failure is logged at ERROR level with the task's name;
- ``on_give_up(exception, *args, **kwargs)``, if given, is then called once with the task's
  arguments (with either backend), so that work waiting for the task can record the failure and go
  on — a whole call's decisions, for instance, finish as « failed » instead of waiting forever.

A worker that dies in the middle of a task (SIGKILL, out of memory, host lost) leaves its task
« RUNNING »: django-tasks' database backend has no lease, so nobody else would take it.
``requeue_stale_tasks`` gives such tasks back to the queue (READY again, same arguments, same
attempt), which idempotency makes safe; the worker command ``run_worker`` calls it when it starts
and every minute. A task is given back when:
- the worker that claimed it ran on this host under a process id that no longer exists (a worker
  restarted after a kill finds it at once), or
- it started longer ago than ``AMI_TASK_MAX_RUNTIME`` seconds (30 minutes by default): its
  worker ran elsewhere and did not finish. A live worker still running it then (a task slower
  than the limit) would see it run twice — harmless by contract, but set the limit well above
  the slowest task (a whole call's ZIP).
"""

import functools
import logging
import os
import random
import socket
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist, SuspiciousOperation
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("ami_portal.tasks")

ATTEMPT_KWARG = "_attempt"
INLINE_ATTEMPTS = 2


class PermanentTaskError(Exception):
    """Raised by a task when trying again would fail the same way (bad input, refused content)."""


NOT_RETRIED = (PermanentTaskError, ObjectDoesNotExist, SuspiciousOperation)


def retry_delay(attempt: int, *, backoff: float, max_backoff: float) -> float:
    """Seconds to wait before attempt ``attempt + 1``: exponential, capped, with 10 % jitter
    so that tasks that failed together do not all come back at the same second."""
    delay = min(max_backoff, backoff * 2 ** (attempt - 1))
    return delay + random.uniform(0, delay * 0.1)  # noqa: S311 - not for security


def retried_task(
    function: Callable | None = None,
    *,
    max_attempts: int = 5,
    backoff: float = 30,
    max_backoff: float = 3600,
    on_give_up: Callable | None = None,
    **task_options,
):
    """Like ``django_tasks.task``, but failed attempts are retried up to ``max_attempts`` times."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1.")
    if task_options.get("takes_context"):
        raise ValueError("retried_task does not support takes_context.")

    def decorate(func: Callable):
        def give_up(exception: BaseException, args, kwargs) -> None:
            if on_give_up is None:
                return
            try:
                on_give_up(exception, *args, **kwargs)
            except Exception:
                logger.exception("task %s: on_give_up failed", the_task.name, extra={"task": the_task.name})

        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            backend = the_task.get_backend()
            limit = max_attempts if backend.supports_defer else min(max_attempts, INLINE_ATTEMPTS)
            while True:
                try:
                    return func(*args, **kwargs)
                except NOT_RETRIED as exception:
                    logger.exception(
                        "task %s failed permanently", the_task.name, extra={"task": the_task.name, "attempt": attempt}
                    )
                    give_up(exception, args, kwargs)
                    raise
                except Exception as exception:
                    if attempt >= limit:
                        logger.exception(
                            "task %s gave up after %d attempts",
                            the_task.name,
                            attempt,
                            extra={"task": the_task.name, "attempt": attempt},
                        )
                        give_up(exception, args, kwargs)
                        raise
                    if not backend.supports_defer:
                        logger.warning(
                            "task %s failed (attempt %d of %d), trying again now",
                            the_task.name,
                            attempt,
                            limit,
                            extra={"task": the_task.name, "attempt": attempt},
                            exc_info=True,
                        )
                        attempt += 1
                        continue
                    delay = retry_delay(attempt, backoff=backoff, max_backoff=max_backoff)
                    the_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                        *args, **kwargs, **{ATTEMPT_KWARG: attempt + 1}
                    )
                    logger.warning(
                        "task %s failed (attempt %d of %d), retried in %d s",
                        the_task.name,
                        attempt,
                        max_attempts,
                        delay,
                        extra={"task": the_task.name, "attempt": attempt},
                        exc_info=True,
                    )
                    # Re-raised so that this attempt is recorded as failed, with its traceback.
                    raise

        the_task = task(**task_options)(run)
        return the_task

    if function is not None:
        return decorate(function)
    return decorate


# --------------------------------------------------------------------------------------------
# Tasks left « RUNNING » by a worker that died
# --------------------------------------------------------------------------------------------
def max_task_runtime() -> timedelta:
    """How long a task may run before it is presumed lost with its worker (AMI_TASK_MAX_RUNTIME)."""
    return timedelta(seconds=float(os.environ.get("AMI_TASK_MAX_RUNTIME", "1800")))


def worker_id(name: str = "") -> str:
    """A worker id that says where the worker runs: ``name:host:pid`` (at most 64 characters, the
    column's size). ``requeue_stale_tasks`` reads the host and the pid back to tell a dead worker."""
    suffix = f":{socket.gethostname()[:30]}:{os.getpid()}"
    return f"{name[: 64 - len(suffix)]}{suffix}"


def _holder_is_gone(worker_ids: list, *, host: str) -> bool:
    """True if the task's last worker ran on this host under a process that no longer exists."""
    if not worker_ids:
        return False
    parts = str(worker_ids[-1]).rsplit(":", 2)
    if len(parts) != 3 or parts[1] != host or not parts[2].isdigit():
        return False
    pid = int(parts[2])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a live process of another user
        return False
    return False


def stale_running_tasks(*, backend_name: str = "default"):
    """Tasks « RUNNING » for longer than the maximum runtime (what ``/health/`` reports)."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name)
        .filter(Q(started_at__lt=timezone.now() - max_task_runtime()) | Q(started_at__isnull=True))
    )


def requeue_stale_tasks(*, backend_name: str = "default", held_by: str = "") -> list[str]:
    """Put back to READY the tasks whose worker died; return their ids.

    ``held_by``: a worker id whose « RUNNING » tasks are given back whatever their age — the
    worker's own, when it resumes after losing the database in the middle of a task.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    host = socket.gethostname()[:30]
    cutoff = timezone.now() - max_task_runtime()
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    requeued = []
    for task_id, task_path, started_at, worker_ids in running.values_list(
        "id", "task_path", "started_at", "worker_ids"
    ):
        lost = (
            started_at is None
            or started_at < cutoff
            or (held_by and worker_ids and worker_ids[-1] == held_by)
            or _holder_is_gone(worker_ids, host=host)
        )
        if not lost:
            continue
        # Conditional: a worker that finished the task meanwhile keeps its result.
        if DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        ):
            requeued.append(str(task_id))
            logger.warning(
                "task %s (%s) was left running by worker %s since %s: queued again",
                task_path,
                task_id,
                worker_ids[-1] if worker_ids else "?",
                started_at.isoformat() if started_at else "?",
                extra={"task": task_path},
            )
    return requeued
