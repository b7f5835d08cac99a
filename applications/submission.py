"""Creating a dossier and submitting it.

``submit_application`` is the only way a dossier leaves the draft state. Everything is checked
again by the server at that moment, under a lock on the dossier: the call must be open (Europe/Paris
deadline), every section complete, the sworn statement given. It then assigns the dossier's
reference (``<prefix>-0007``, a sequence per call, race-safe), moves it to « submitted » through
the workflow and records its acknowledgement of receipt — all of it in one transaction, under the
call's row lock, which therefore lasts milliseconds. The receipt's PDF is rendered, sealed and
emailed after the commit: by the task worker, whose task is queued in the same transaction
(production), or by this request right after its commit when there is no queue (the embedded
default). Either way the carrier's next page links to it, and a download that comes first
renders it at once (``receipts.receipt_with_pdf``).

The deadline is judged at the instant the dossier **arrived**, not when a busy app server got to
it. In the closing minute the requests wait in gunicorn's queue (seconds, at worst the proxy's
90 s timeout): a carrier who clicked « Déposer » at 11:59:58 must not be refused because the
server read the request at 12:00:01. The arrival is the instant the portal's own reverse proxy
stamped on the request with its own clock (``security.request_arrival``: believed only from a
trusted proxy, never later than now, never more than five minutes old); without such a stamp,
the server's clock when it processes the submission decides, as before. That instant is the one
recorded as ``submitted_at``: the receipt's « reçue le … à … » states what decided. References
are still numbered in processing order. Nothing else is decided by the arrival: a draft's step
saves are not refused at the deadline by this rule, and an answer to a request for information
is never refused after its due date (staff see it late), so neither needs it.
"""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, receipts, roles, wizard, workflow
from .formatting import paris_time
from .models import Application, Call, Organisation

S = Application.State
logger = logging.getLogger(__name__)


class SubmissionRefused(ValidationError):
    """The dossier cannot be submitted; ``messages`` say why, in French."""


class CallNotOpen(ValidationError):
    """Dossiers cannot be created or submitted for this call now."""


def _date_time(moment: datetime) -> str:
    local = paris_time(moment)
    return _("%(date)s at %(time)s (Paris time)") % {
        "date": local.strftime("%d/%m/%Y"),
        "time": local.strftime("%H:%M"),
    }


def call_closed_reason(call: Call, now: datetime) -> str | None:
    """Why ``call`` does not accept dossiers at ``now``, or ``None`` when it does."""
    if call.status != Call.Status.PUBLISHED:
        return _("This call does not accept dossiers.")
    if now < call.opens_at:
        return _("This call is not open yet: it opens on %(moment)s.") % {"moment": _date_time(call.opens_at)}
    if now >= call.closes_at:
        return _("This call closed on %(moment)s: dossiers can no longer be submitted.") % {
            "moment": _date_time(call.closes_at)
        }
    return None


def start_application(*, call: Call, organisation: Organisation, user) -> Application:
    """Create an empty draft of ``organisation`` for ``call`` (the call must be open)."""
    reason = call_closed_reason(call, timezone.now())
    if reason:
        raise CallNotOpen(reason, code="call_not_open")
    with transaction.atomic():
        application = Application.objects.create(
            call=call, organisation=organisation, created_by=user, last_edited_by=user
        )
        if call.departements_fixed:
            application.departements.set(call.departements.all())
        audit.record(action="draft_created", actor=user, application=application)
    return application


def submit_application(
    *,
    application: Application,
    user,
    sworn_statement: bool = False,
    expected_version: int | None = None,
    at=None,
    received_at: datetime | None = None,
) -> Application:
    """Submit ``application`` on behalf of ``user`` (``None`` for the system).

    ``sworn_statement=True`` records the carrier's sworn statement in the same transaction.
    ``expected_version`` is the version of the dossier the carrier read before submitting: when a
    colleague saved it since, even while this submission waited for the lock, the submission is
    refused (code ``changed``) rather than certifying content the carrier has not seen.
    ``at`` is the moment of submission: only the demo data passes it, screens never do.
    ``received_at`` is the instant the request reached the portal, as the reverse proxy stamped it
    (``security.request_arrival``, already checked against the clock): when given, it is the
    moment the call's opening times are judged at and the one recorded as the submission's.
    Raises ``SubmissionRefused`` listing everything that is missing or wrong, ``CallNotOpen``
    outside the call's opening times and ``PermissionDenied`` when ``user`` is not a member of
    the dossier's organisation.
    """
    processed = now = at or timezone.now()
    if received_at is not None and at is None:
        # Arrived before it was processed (never after: request_arrival discards such a stamp).
        now = min(received_at, processed)
    with transaction.atomic():
        # The call row is locked first: it serialises the reference sequence of the call. FOR NO
        # KEY UPDATE, not FOR UPDATE: rows that merely point at the call (every audit entry does)
        # take a KEY SHARE lock on it when inserted, which FOR UPDATE would block. A carrier saving
        # a step would then wait for this lock while holding the audit chain's, which this
        # submission needs next: a deadlock, seen at the closing minute.
        call = Call.objects.select_for_update(no_key=True).get(pk=application.call_id)
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        if user is not None and roles.CARRIER not in roles.roles_for(user, locked):
            raise PermissionDenied(_("You may not submit this dossier."))
        if locked.state != S.DRAFT:
            raise SubmissionRefused(_("This dossier has already been submitted."), code="not_draft")
        if expected_version is not None and locked.version != expected_version:
            raise SubmissionRefused(
                _(
                    "The dossier was changed since you opened this page (by %(who)s). Check the summary below, "
                    "then submit again."
                )
                % {"who": locked.last_edited_by or _("someone else")},
                code="changed",
            )
        reason = call_closed_reason(call, now)
        if reason:
            raise CallNotOpen(reason, code="call_not_open")
        if sworn_statement and not locked.sworn_statement:
            Application.objects.filter(pk=locked.pk).update(sworn_statement=True, sworn_by=user)
        content = wizard.with_content(Application.objects.filter(pk=locked.pk)).get()
        problems = [missing.message for status in wizard.dossier_status(content) for missing in status.missing]
        if not content.sworn_statement:
            problems.append(_("Tick the sworn statement to certify the dossier."))
        if problems:
            raise SubmissionRefused(problems, code="incomplete")
        sequence = (Application.objects.filter(call=call).aggregate(last=Max("sequence"))["last"] or 0) + 1
        reference = f"{call.reference_prefix}-{sequence:04d}"
        Application.objects.filter(pk=locked.pk).update(
            sequence=sequence, reference=reference, submitted_at=now, version=F("version") + 1
        )
        locked.refresh_from_db()
        workflow.transition(locked, to=S.SUBMITTED, actor=user, reason=reference, notify=False)
        receipt = receipts.create_receipt(application=locked)
    if processed >= call.closes_at:
        # Only its arrival kept this dossier in time: said in the logs, for the closing day's record.
        logger.info(
            "dossier %s: received at %s, before the closing, processed at %s",
            locked.reference,
            now.isoformat(),
            processed.isoformat(),
        )
    if not receipts.receipt_rendered_by_worker():
        # Committed (when the caller holds no transaction of its own): the call's row is free for
        # the next submission while this one's receipt is rendered (≈ 0.3 s), then emailed.
        try:
            receipts.complete_receipt(receipt_id=receipt.pk)
        except Exception:  # noqa: BLE001 - the dossier is submitted; its first download renders the receipt
            logger.exception("dossier %s: the receipt could not be rendered now", locked.reference)
    application.refresh_from_db()
    return application
