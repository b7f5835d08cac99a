"""Background tasks in tests: the database backend, and a worker run inside the test's process."""

from django_tasks_db.management.commands.db_worker import Worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker(max_tasks: int | None = None) -> None:
    """What `manage.py db_worker --batch` does, in this process and without its signal handlers."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
