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
"""

import functools
import logging
import random
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist, SuspiciousOperation
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
