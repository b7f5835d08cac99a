"""Two amendments raising two grants of one call, signed at the same moment (PostgreSQL): the call's
envelope still holds, because signing counts it under the call's lock, as the selection does.

Kept apart: a transactional test empties the tables when it ends (see test_payment_race.py).
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from applications.grants import conventions
from applications.grants.models import Grant

from .grant_support import SIGNATORY, an_official, awarded

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed(decision, carrier, signer):
    grant = conventions.open_grant(decision=decision)
    convention = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)
    grant.refresh_from_db()
    return grant


def accepted_amendment(grant, carrier, signer, amount):
    convention = conventions.draft_convention(
        grant=grant, by=signer, amendment_reason="Un département de plus.", amount=Decimal(amount)
    )
    convention = conventions.send_convention(convention=convention, by=signer)
    return conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)


def test_two_raises_signed_at_once_never_break_the_envelope(on_postgres, settings):
    settings.AMI_SIGNING_PKCS12 = ""
    signer = an_official()
    first_decision, first_carrier = awarded(amount="40000.00")  # an envelope of 100 000 €
    call = first_decision.call
    second_decision, second_carrier = awarded(amount="40000.00", call=call)
    grants = [signed(first_decision, first_carrier, signer), signed(second_decision, second_carrier, signer)]
    # Each raise fits alone (60 000 € left for either), not both (20 000 € left in all).
    amendments = [
        accepted_amendment(grants[0], first_carrier, signer, "55000.00"),
        accepted_amendment(grants[1], second_carrier, signer, "55000.00"),
    ]
    officials = [an_official(), an_official()]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(index):
        try:
            barrier.wait()
            results.append(conventions.sign_convention(convention=amendments[index], by=officials[index], **SIGNATORY))
        except Exception as exc:  # noqa: BLE001 - counted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1 and len(errors) == 1
    assert getattr(errors[0], "code", None) == "envelope"
    amounts = sorted(Grant.objects.filter(application__call=call).values_list("amount", flat=True))
    assert amounts == [Decimal("40000.00"), Decimal("55000.00")] and sum(amounts) <= call.budget_envelope
