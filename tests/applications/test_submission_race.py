"""Concurrent submissions on PostgreSQL: each gets its own reference.

Kept apart from test_submission.py: a transactional test empties the tables when it ends, and
`make test` hands whole files to workers, so a file must not mix transactional and ordinary tests
(pytest-django runs the ordinary ones first only within a file's worker order).
"""

import threading

import pytest
from django.db import connection

from applications import submission
from applications.models import Application
from tests.applications.carrier_support import complete_draft

# serialized_rollback: the départements and staff groups loaded by migrations survive the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_submissions_get_distinct_references(on_postgres):
    from applications.management.commands.load_ami import load_ami

    call = load_ami()
    drafts = [complete_draft(call, seed=seed) for seed in range(6)]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def submit(carrier, application):
        try:
            barrier.wait()
            submission.submit_application(application=application, user=carrier, sworn_statement=True)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Application.objects.filter(call=call).values_list("reference", flat=True))
    assert references == [f"AMI-2024-EGALITE-{n:04d}" for n in range(1, 7)]
