"""Many committee members clicking « select » at the same moment still cannot break the rules.

PostgreSQL only: SQLite ignores ``SELECT … FOR UPDATE`` (and serialises writers anyway), so the
race these tests exercise only exists where the production database runs.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum

from review.models import Proposal
from review.selection import SelectionRefused, propose

from .decision_helpers import committee_member, reviewed_dossier, small_call

# Skipped before any database set-up on SQLite: a transactional test flushes the database, and the
# ordinary tests a worker runs after it would find no staff groups. serialized_rollback: on
# PostgreSQL, the groups and départements loaded by migrations come back after the flush.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite ignores SELECT … FOR UPDATE (set DATABASE_URL; CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def select_all_at_once(dossiers, member):
    barrier = threading.Barrier(len(dossiers))
    outcomes = []
    lock = threading.Lock()

    def worker(dossier):
        try:
            barrier.wait()
            propose(application=dossier, outcome=Proposal.Outcome.SELECTED, by=member)
            result = "selected"
        except SelectionRefused as refused:
            result = refused.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(d,)) for d in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_selections_never_exceed_the_cap(on_postgres):
    call = small_call(budget_envelope=Decimal("1000000.00"), max_selected=2)
    member = committee_member()
    dossiers = [reviewed_dossier(call, requested="30000.00") for _ in range(8)]

    outcomes = select_all_at_once(dossiers, member)

    assert outcomes.count("selected") == 2
    assert sorted(set(outcomes)) == ["cap", "selected"]
    assert Proposal.objects.filter(call=call, outcome=Proposal.Outcome.SELECTED).count() == 2


def test_concurrent_selections_never_exceed_the_envelope(on_postgres):
    call = small_call(budget_envelope=Decimal("100000.00"), max_selected=10)
    member = committee_member()
    dossiers = [reviewed_dossier(call, requested="30000.00") for _ in range(8)]

    outcomes = select_all_at_once(dossiers, member)

    totals = Proposal.objects.filter(call=call, outcome=Proposal.Outcome.SELECTED).aggregate(
        n=Count("pk"), total=Sum("awarded_amount")
    )
    assert totals["n"] == 3 and totals["total"] == Decimal("90000.00")
    assert outcomes.count("envelope") == 5
