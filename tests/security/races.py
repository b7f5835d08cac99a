"""Running several requests truly at once, for the race tests (``test_races_*.py``).

Each callable runs in its own thread, hence its own database connection, and all are released
together by a barrier, so that they reach the database in the same instant. What each returned or
raised is handed back in order; nothing is swallowed silently.

PostgreSQL only: SQLite ignores ``SELECT … FOR UPDATE`` and serialises writers anyway, so the races
these tests exercise only exist where the production database runs. The test modules skip before
any database set-up elsewhere (a transactional test flushes the database, and the ordinary tests a
worker runs after it would find no staff groups).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite ignores SELECT … FOR UPDATE (set DATABASE_URL; CI does)",
    ),
    # serialized_rollback: the départements and staff groups loaded by migrations survive the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_at_once(*calls: Callable[[], Any], timeout: float = 60) -> list[Outcome]:
    """Run every call in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def worker(index, call):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index].value = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcomes[index].error = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a concurrent call never finished (deadlock?)"
    return outcomes
