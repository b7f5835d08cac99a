"""The end of a grant whose award a corrective decision withdrew.

A corrective decision that turns an award into a refusal (``review.decisions.correct_decision``)
leaves the grant flagged (``Grant.pending_correction``, see ``conventions.follow_corrected_decision``):
the award no longer exists, but the convention, the payments and the reports are still there. An
official closes the follow-up here, in one transaction, audited:

- every payment not yet made is cancelled (an approved one too: nothing is owed any more);
- the convention is terminated (résiliée), the version in force as well as one on its way;
- the reports not yet approved are no longer due, so no reminder is sent and none shows as late;
- what was paid becomes ``amount_to_return`` and an ordre de reversement orders it back: an act
  signed by the official, citing the corrective decision, sealed and verifiable like the others;
- the carrier is told by email.

A grant with nothing paid is closed the same way, without an ordre de reversement.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit

from . import notices
from .conventions import GrantRefused, award_withdrawn, instalments_of, lock_grant, require_official
from .models import Convention, Grant, Instalment, Report, paid_total
from .reports import issue_return_order

OPEN_CONVENTIONS = (
    Convention.State.DRAFT,
    Convention.State.SENT,
    Convention.State.ACCEPTED,
    Convention.State.SIGNED,
)


def may_terminate(grant: Grant) -> bool:
    """Whether the grant waits to be closed: its award withdrawn, its follow-up still open."""
    return grant.terminated_at is None and award_withdrawn(grant)


def terminate_grant(*, grant: Grant, by, signatory_name: str, signatory_role: str) -> Grant:
    """Close the follow-up of a grant whose award was withdrawn; returns the locked grant."""
    require_official(by)
    with transaction.atomic():
        grant = lock_grant(grant.pk)
        if grant.terminated_at is not None:
            raise GrantRefused(_("This grant's follow-up is already closed."), code="terminated")
        withdrawal = grant.pending_correction
        if not may_terminate(grant):
            raise GrantRefused(
                _("Only a grant whose award a corrective decision withdrew can be terminated."), code="not_withdrawn"
            )
        if not signatory_name.strip() or not signatory_role.strip():
            raise ValidationError(_("Give the signatory's name and role."), code="signatory")
        instalments = instalments_of(grant, lock=True)
        paid = paid_total(instalments.values())
        # What was paid stays paid (the ordre de reversement claims it back); every other payment is
        # cancelled, and every version of the convention still alive is terminated.
        ending = [
            (i, Instalment.State.CANCELLED, "instalment_cancelled")
            for i in instalments.values()
            if i.state != Instalment.State.PAID
        ]
        ending += [
            (c, Convention.State.TERMINATED, "convention_terminated")
            for c in grant.conventions.select_for_update(no_key=True).filter(state__in=OPEN_CONVENTIONS)
        ]
        for row, state, action in ending:
            before, row.state = row.state, state
            row.save(update_fields=["state"])
            audit.record(
                action=action,
                actor=by,
                application=grant.application,
                obj=row,
                from_state=before,
                to_state=state,
                reason=withdrawal.correction_reason,
            )
        closed = Report.objects.filter(grant=grant).exclude(state=Report.State.APPROVED)
        closed.update(state=Report.State.CLOSED)
        grant.withdrawal, grant.pending_correction = withdrawal, None
        grant.terminated_at, grant.terminated_by = timezone.now(), by
        grant.amount_to_return = paid
        grant.save(
            update_fields=["withdrawal", "pending_correction", "terminated_at", "terminated_by", "amount_to_return"]
        )
        audit.record(
            action="grant_terminated",
            actor=by,
            application=grant.application,
            obj=grant,
            reason=withdrawal.correction_reason,
            changes={"decision": withdrawal.reference, "paid": str(paid), "to_return": str(paid)},
        )
        if paid > 0:
            issue_return_order(
                grant, None, signatory_name=signatory_name.strip(), signatory_role=signatory_role.strip()
            )
        grant_id = grant.pk
        transaction.on_commit(lambda: notices.notify(event="grant_terminated", grant_id=grant_id))
    return grant
