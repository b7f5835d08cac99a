"""A committee member selecting a dossier while an administrator lowers the envelope.

Both lock the call's row first (FOR NO KEY UPDATE): whichever comes second counts what the first
did, so the envelope never ends below what is awarded.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from applications.models import Call
from review.models import Proposal
from review.selection import SelectionRefused, gauge, propose
from tests.review.decision_helpers import committee_member, reviewed_dossier, small_call

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY
SELECTED = Proposal.Outcome.SELECTED


def lower_envelope(call_id, amount):
    call = Call.objects.get(pk=call_id)
    call.budget_envelope = amount
    call.save()
    return call


def test_a_selection_and_a_lower_envelope_at_the_same_time_cannot_both_pass(on_postgres):
    call = small_call(budget_envelope=Decimal("100000"), max_selected=3)
    member = committee_member()
    propose(application=reviewed_dossier(call, requested="40000"), outcome=SELECTED, by=member)
    candidate = reviewed_dossier(call, requested="40000")

    outcomes = run_at_once(
        lambda: propose(application=candidate, outcome=SELECTED, by=member),
        lambda: lower_envelope(call.pk, Decimal("60000")),
    )

    assert sum(o.ok for o in outcomes) == 1
    (refused,) = [o.error for o in outcomes if not o.ok]
    assert isinstance(refused, (SelectionRefused, ValidationError))
    call.refresh_from_db()
    assert gauge(call).within_rules
