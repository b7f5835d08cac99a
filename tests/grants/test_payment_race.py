"""Officials acting at once on the same grant (PostgreSQL): one approval, one payment, one grant.

Kept apart: a transactional test empties the tables when it ends (see test_submission_race.py).
"""

import threading

import pytest
from django.db import connection

from applications.grants import conventions, payments
from applications.grants.models import Grant, Instalment
from applications.models import AuditEntry

from .grant_support import an_official, awarded, signed_grant, today

# serialized_rollback: the départements and staff groups loaded by migrations survive the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 6


def race(action) -> tuple[list, list]:
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def run(index):
        try:
            barrier.wait()
            results.append(action(index))
        except Exception as exc:  # noqa: BLE001 - counted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_one_approval_and_one_payment_whoever_clicks(on_postgres):
    grant, _carrier, _signer = signed_grant()
    officials = [an_official() for _ in range(THREADS)]
    advance = grant.instalments.get(kind=Instalment.Kind.ADVANCE)

    approved, refused = race(lambda i: payments.approve_instalment(instalment=advance, by=officials[i]))
    assert len(approved) == 1 and len(refused) == THREADS - 1
    assert all(getattr(e, "code", None) == "state" for e in refused)

    paid, refused = race(
        lambda i: payments.record_payment(
            instalment=advance, by=officials[i], paid_on=today(), accounting_reference=f"EJ-{i}"
        )
    )
    assert len(paid) == 1 and len(refused) == THREADS - 1
    advance.refresh_from_db()
    assert advance.state == Instalment.State.PAID and advance.accounting_reference == paid[0].accounting_reference
    assert AuditEntry.objects.filter(action="instalment_paid", object_id=str(advance.pk)).count() == 1
    assert AuditEntry.objects.filter(action="instalment_approved", object_id=str(advance.pk)).count() == 1


def test_a_grant_is_opened_once_whoever_opens_it(on_postgres):
    decision, _carrier = awarded()
    grants, errors = race(lambda i: conventions.open_grant(decision=decision))
    assert errors == []
    assert len({g.pk for g in grants}) == 1
    assert Grant.objects.filter(decision=decision).count() == 1
    assert Instalment.objects.filter(grant__decision=decision).count() == 2
