"""``manage.py run_worker``: django-tasks-db's ``db_worker``, made to survive what production does
to it.

- **A worker killed mid-task** (SIGKILL, out of memory) leaves its task « RUNNING », which nobody
  would take again: this worker gives such tasks back to the queue when it starts and every
  ``--requeue-every`` seconds (``ami_portal.tasks.requeue_stale_tasks``).
- **The database restarting or dropping the connection** under its poll made ``db_worker`` exit
  (``OperationalError``). This one closes the connection, waits (0.5 s, doubling up to 30 s) and
  tries again, for as long as it takes; the task it was running, if the database went away in the
  middle of it, is given back to the queue once the database answers again.

Same options as ``db_worker`` (``--queue-name``, ``--interval``, ``--worker-id``, ``--batch``,
``--max-tasks``); ``--worker-id`` becomes ``<id>:<host>:<pid>``, so that another worker started
on the same host recognises a dead one's tasks at once. SIGTERM still lets the running task finish.
"""

import logging
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker as upstream
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from ami_portal.tasks import requeue_stale_tasks, worker_id

logger = logging.getLogger("ami_portal.tasks")

CONNECTION_ERRORS = (OperationalError, InterfaceError)
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0


class ResilientWorker(upstream.Worker):
    def __init__(self, *, requeue_every: float, **options):
        super().__init__(**options)
        self.requeue_every = requeue_every
        self.last_requeue = None
        self.resume_own_task = False

    def maintain(self) -> None:
        """Give back the tasks of dead workers (and this worker's own, after a lost connection)."""
        now = time.monotonic()
        if not self.resume_own_task and self.last_requeue is not None and now - self.last_requeue < self.requeue_every:
            return
        requeue_stale_tasks(backend_name=self.backend_name, held_by=self.worker_id if self.resume_own_task else "")
        self.last_requeue, self.resume_own_task = now, False

    def claim_one(self) -> tuple[bool, DBTaskResult | None]:
        """The next ready task, claimed (as ``db_worker`` does); (False, None) if the database was
        locked (SQLite) and the queue could not be read."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return False, None
                raise
        return True, task_result

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        backoff = FIRST_BACKOFF
        while self.running:
            try:
                upstream.close_old_connections()
                self.maintain()
                retrieved, task_result = self.claim_one()
                if task_result is not None:
                    self.run_task(task_result)
                    upstream.close_old_connections()
            except CONNECTION_ERRORS as error:
                # run_task records a task's own failure; what reaches here is the queue itself
                # unreachable — while polling, or while recording a task's result.
                self.resume_own_task = True
                for connection in connections.all():
                    try:
                        connection.close()
                    except DatabaseError:
                        pass
                logger.warning(
                    "worker %s: the database is unreachable (%s), trying again in %.1f s",
                    self.worker_id,
                    " ".join(str(error).split())[:200],
                    backoff,
                )
                time.sleep(backoff)
                backoff = min(MAX_BACKOFF, backoff * 2)
                continue
            backoff = FIRST_BACKOFF
            if self.batch and retrieved and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id
                )
                return
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(upstream.Command):
    help = "Run a background task worker that gives back dead workers' tasks and survives database restarts."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, worker_id="")
        parser.add_argument(
            "--requeue-every",
            type=upstream.valid_interval,
            default=60,
            help="Seconds between two looks for tasks left running by dead workers (default: %(default)r).",
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id(options["worker_id"] or "worker"),
            excluded_queue_names=excluded,
            requeue_every=options["requeue_every"],
        )
        worker.configure_signals()
        worker.run()
