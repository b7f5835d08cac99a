"""Submissions at the closing second: the server's clock decides, and the call's row is locked.

``submit_application`` reads the server clock when the submission is handled (the moment printed
on the receipt, never a time sent by the browser), then compares it with the call's closing time
*under the lock on the call's row*. So:

- a dossier handled one instant before the closing time is accepted, even when it had to wait for
  other submissions of the last second to release the lock — a carrier is not refused because
  someone else's receipt was being printed;
- a dossier handled one instant after is refused, with the French message giving the closing time;
- a change of the closing time (an extension decided at the last minute) that commits while a
  submission waits is the one that submission sees.

The closing time is set a second or two ahead of the real clock (no frozen clock: the point is the
real one), with margins of a few hundred milliseconds on either side.
"""

import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from applications import receipts, submission
from applications.formatting import paris_time
from applications.management.commands.load_ami import load_ami
from applications.models import Application, AuditEntry, Call, Receipt
from tests.applications.carrier_support import complete_draft

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY

MARGIN = timedelta(milliseconds=400)


def sleep_until(moment):
    delay = (moment - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(delay)


def submit_at(moment, carrier, draft):
    def call():
        sleep_until(moment)
        return submission.submit_application(application=draft, user=carrier, sworn_statement=True)

    return call


def open_call():
    """The AMI, open; the first receipt loads WeasyPrint (half a second): done now, not in the race."""
    call = load_ami()
    receipts.render_receipt_pdf(application=complete_draft(call, seed=99)[1])
    return call


def close_soon(call, seconds=1.5):
    """Make ``call`` close ``seconds`` from now (a whole second, as a screen would store it).

    Called once every dossier is ready, so that the time the set-up takes never eats the margins.
    """
    closes_at = (timezone.now() + timedelta(seconds=seconds)).replace(microsecond=0) + timedelta(seconds=1)
    Call.objects.filter(pk=call.pk).update(closes_at=closes_at)
    call.refresh_from_db()
    return closes_at


def hold_call_lock(call, *, from_moment, until_moment, then=None):
    """Lock the call's row from ``from_moment`` to ``until_moment`` (as a long submission would),
    running ``then(call)`` inside that transaction just before releasing it."""

    def holder():
        sleep_until(from_moment)
        with transaction.atomic():
            locked = Call.objects.select_for_update(no_key=True).get(pk=call.pk)
            sleep_until(until_moment)
            if then:
                then(locked)

    return holder


def assert_refused_after_closing(outcome, draft, closes_at):
    assert isinstance(outcome.error, submission.CallNotOpen), outcome.error
    assert outcome.error.code == "call_not_open"
    local = paris_time(closes_at)
    assert outcome.error.messages == [
        f"Cet appel a été clos le {local:%d/%m/%Y} à {local:%H:%M} (heure de Paris) : "
        "les dossiers ne peuvent plus être déposés."
    ]
    draft = Application.objects.get(pk=draft.pk)
    assert (draft.state, draft.reference, draft.sequence, draft.submitted_at) == ("draft", None, None, None)
    assert not Receipt.objects.filter(application=draft).exists()


def test_just_before_the_closing_time_is_accepted_just_after_is_refused(on_postgres):
    call = open_call()
    early = [complete_draft(call, seed=seed) for seed in (1, 2)]
    late = [complete_draft(call, seed=seed) for seed in (3, 4)]
    close_soon(call)

    outcomes = run_at_once(
        *[submit_at(call.closes_at - MARGIN, *pair) for pair in early],
        *[submit_at(call.closes_at + MARGIN, *pair) for pair in late],
    )

    for outcome, (_carrier, draft) in zip(outcomes[:2], early, strict=True):
        assert outcome.ok, outcome.error
        submitted = Application.objects.get(pk=draft.pk)
        assert submitted.state == Application.State.SUBMITTED
        assert submitted.submitted_at < call.closes_at
        assert Receipt.objects.filter(application=submitted).count() == 1
    for outcome, (_carrier, draft) in zip(outcomes[2:], late, strict=True):
        assert_refused_after_closing(outcome, draft, call.closes_at)
    # Refused dossiers took no number of the call's sequence.
    references = sorted(
        Application.objects.filter(call=call).exclude(reference=None).values_list("reference", flat=True)
    )
    assert references == ["AMI-2024-EGALITE-0001", "AMI-2024-EGALITE-0002"]


def test_a_submission_waiting_for_the_lock_across_the_closing_time_keeps_its_moment(on_postgres):
    """Another transaction holds the call's row from just before to just after the closing time:
    the submission handled before it is accepted once the lock is free, the one handled after is
    refused — whatever the order in which they obtain the lock."""
    call = open_call()
    (_, before), (_, after) = pairs = [complete_draft(call, seed=seed) for seed in (1, 2)]
    closes_at = close_soon(call)
    holder = hold_call_lock(call, from_moment=closes_at - 2 * MARGIN, until_moment=closes_at + 2 * MARGIN)
    started = timezone.now()

    outcomes = run_at_once(
        holder,
        submit_at(closes_at - MARGIN, *pairs[0]),
        submit_at(closes_at + MARGIN, *pairs[1]),
    )

    assert outcomes[0].ok, outcomes[0].error
    assert outcomes[1].ok, outcomes[1].error
    accepted = Application.objects.get(pk=before.pk)
    # Handled before the closing time, committed after it: its moment is when it was handled.
    assert started < accepted.submitted_at < closes_at
    recorded = AuditEntry.objects.get(application=accepted, action="submitted")
    assert recorded.created_at > closes_at  # it did wait for the lock past the closing time
    assert accepted.reference == "AMI-2024-EGALITE-0001"
    assert_refused_after_closing(outcomes[2], after, closes_at)


def test_an_extension_committed_while_a_late_submission_waits_is_honoured(on_postgres):
    """Staff extend the closing time by an hour at the last second: the submission that arrives
    just after the old closing time waits for the call's lock, then reads the new closing time."""
    call = open_call()
    carrier, draft = complete_draft(call, seed=1)
    closes_at = close_soon(call)

    def extend(locked):
        Call.objects.filter(pk=locked.pk).update(closes_at=closes_at + timedelta(hours=1))

    holder = hold_call_lock(call, from_moment=closes_at - MARGIN, until_moment=closes_at + 2 * MARGIN, then=extend)

    outcomes = run_at_once(holder, submit_at(closes_at + MARGIN, carrier, draft))

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    submitted = Application.objects.get(pk=draft.pk)
    assert submitted.state == Application.State.SUBMITTED
    assert closes_at < submitted.submitted_at < closes_at + timedelta(hours=1)
