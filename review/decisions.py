"""Officials turn the committee's proposals into decisions, and correct them.

A decision is issued once and never edited: its content, reference and verification code stay as
they were signed. A correction issues a new version that supersedes the previous one (both are
kept, the old one marked « superseded »), after checking the envelope and the cap again. Every
outcome changes the dossier's state through ``applications.workflow.transition`` and is recorded
in the audit log. Carriers are told by the decision emails an official sends (drafts prepared
after the PDFs are generated), never automatically by the transition.

A decision is dated the moment it is issued, by the server's clock (Europe/Paris): nobody chooses
its date. It comes after the facts it cites — the call's closing, the committee's meeting (its
date recorded on the call), the dossier's submission — and a refusal freezes its grounds
(``review.reasons``) when it is signed.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit, roles, workflow
from applications.formatting import paris_time
from applications.french_dates import french_date
from applications.models import CONVENTION_THRESHOLD, Application, Call

from .documents import render_decision_html
from .models import Decision, DecisionPreview, Proposal
from .reasons import refusal_grounds
from .selection import (
    SelectionRefused,
    apply_outcome,
    check_fully_reviewed,
    gauge,
    lock_call,
)

S = Application.State
Outcome = Proposal.Outcome

# Above CONVENTION_THRESHOLD a year, a convention must be signed (loi n° 2000-321, art. 10) and
# the grant is paid in stages; at or below it, in one payment on notification.


class DecisionRefused(ValidationError):
    pass


@dataclass(frozen=True)
class Signature:
    """Who signs, as printed on the decision (CRPA L.212-1).

    There is no date here: a decision is dated the moment it is issued, by the server's clock
    (Europe/Paris). Nobody chooses it, so no act can be backdated.
    """

    name: str
    role: str
    delegation_reference: str = ""

    def check(self) -> None:
        if not self.name.strip() or not self.role.strip():
            raise DecisionRefused(_("Give the signatory's name and role."), code="signature")


def check_call_signable(call: Call, *, now: datetime | None = None) -> None:
    """Refuse to sign any decision of ``call`` before the facts the decisions cite.

    A decision comes after the call's closing and after the selection committee met (its date is
    cited in the visas, so it must be recorded and past).
    """
    now = now or timezone.now()
    if now < call.closes_at:
        raise DecisionRefused(
            _(
                "The decisions of this call can only be signed once it has closed: it closes on "
                "%(date)s at %(time)s (Paris time)."
            )
            % {"date": french_date(paris_time(call.closes_at)), "time": paris_time(call.closes_at).strftime("%H:%M")},
            code="before_closing",
        )
    if call.committee_date is None:
        raise DecisionRefused(
            _(
                "The date of the selection committee is not recorded in the call's settings: the decisions cite "
                "the committee's opinion, so they can only be signed once its meeting is recorded."
            ),
            code="no_committee",
        )
    if call.committee_date < paris_time(call.closes_at).date():
        raise DecisionRefused(
            _(
                "The selection committee date recorded in the call's settings (%(committee)s) is before the "
                "call's closing (%(closing)s): correct it before signing."
            )
            % {"committee": french_date(call.committee_date), "closing": french_date(call.closes_at)},
            code="committee_before_closing",
        )
    if call.committee_date > timezone.localdate(now):
        raise DecisionRefused(
            _("The selection committee meets on %(date)s: its decisions can only be signed from that day on.")
            % {"date": french_date(call.committee_date)},
            code="before_committee",
        )


def check_signable(*, call: Call, application: Application, now: datetime) -> None:
    """The rules of :func:`check_call_signable`, plus one of the dossier: its request came first."""
    check_call_signable(call, now=now)
    if application.submitted_at is None or application.submitted_at > now:
        raise DecisionRefused(
            _("%(dossier)s has no recorded submission before now: no decision can answer it.")
            % {"dossier": application},
            code="not_submitted",
        )


def require_official(user) -> None:
    if user is None or roles.OFFICIAL not in roles.staff_roles(user):
        raise PermissionDenied(_("Only an official with signing authority may issue decisions."))


def payment_terms_for(amount: Decimal) -> str:
    return Decision.PaymentTerms.STAGED if amount > CONVENTION_THRESHOLD else Decision.PaymentTerms.SINGLE


def decision_reference(application: Application, version: int) -> str:
    return f"{application.reference}-D{version}"


def valid_decision(application: Application) -> Decision | None:
    return Decision.objects.filter(application=application, status=Decision.Status.ISSUED).first()


def proposed_decision(
    *, call: Call, application: Application, proposal: Proposal | None, signature: Signature, by, now: datetime
) -> tuple[Decision, str]:
    """The decision the committee's proposal leads to, unsaved, and the dossier's state after it.

    Every rule is checked here, under the locks the caller holds (the call, the dossier, the
    proposal): the preview (``review.previews``) and the signing build the very same decision.
    """
    check_signable(call=call, application=application, now=now)
    if proposal is None:
        raise DecisionRefused(
            _("The committee has not recorded its proposal for %(dossier)s.") % {"dossier": application},
            code="no_proposal",
        )
    if valid_decision(application) is not None:
        raise DecisionRefused(_("%(dossier)s already has a decision.") % {"dossier": application}, code="decided")
    if application.state == S.WITHDRAWN:
        raise DecisionRefused(
            _("%(dossier)s was withdrawn by its carrier.") % {"dossier": application}, code="withdrawn"
        )
    if proposal.outcome == Outcome.WAITING:
        raise DecisionRefused(
            _("%(dossier)s is on the waiting list: promote it or reject it first.") % {"dossier": application},
            code="waiting",
        )
    if proposal.outcome == Outcome.SELECTED:
        if application.state != S.ADMISSIBLE:
            raise DecisionRefused(_("%(dossier)s is not admissible.") % {"dossier": application}, code="not_admissible")
        check_fully_reviewed(call=call, application=application)
        if not gauge(call).within_rules:  # cannot happen: every proposal was checked under the lock
            raise DecisionRefused(_("The selection breaks the envelope or the cap."), code="rules")
        kind, target, amount = Decision.Kind.AWARD, S.AWARDED, proposal.awarded_amount
    else:
        kind, target, amount = Decision.Kind.REFUSAL, S.REFUSED, None
    grounds = (
        refusal_grounds(call=call, application=application, summary=proposal.assessment_summary)
        if kind == Decision.Kind.REFUSAL
        else {}
    )
    decision = Decision(
        application=application,
        call=call,
        version=1,
        kind=kind,
        reference=decision_reference(application, 1),
        amount=amount,
        payment_terms=payment_terms_for(amount) if amount else "",
        assessment_summary=proposal.assessment_summary,
        grounds=grounds,
        signatory_name=signature.name.strip(),
        signatory_role=signature.role.strip(),
        delegation_reference=signature.delegation_reference.strip(),
        signed_by=by,
        signed_at=now,
    )
    return decision, target


def content_fingerprint(decision: Decision) -> str:
    """The SHA-256 of the decision's HTML: equal fingerprints render byte-identical PDFs."""
    return hashlib.sha256(render_decision_html(decision).encode()).hexdigest()


def adopt_preview(decision: Decision, preview: DecisionPreview, *, by, now: datetime) -> None:
    """Make ``decision`` the one ``preview`` showed, or refuse: the official signs what they read.

    The preview must be theirs, unused, of this dossier and this decision, made the same day (the
    act is dated the day it is signed), and the decision must render the same content (the
    proposal, the grounds, the signature and the call's mentions unchanged since).
    """
    stale = _("The preview of %(dossier)s is no longer valid: preview the decisions again before signing.") % {
        "dossier": decision.application
    }
    if (
        preview.prepared_by_id != by.pk
        or preview.application_id != decision.application_id
        or preview.supersedes_id != decision.supersedes_id
        or preview.used_at is not None
        or timezone.localdate(preview.prepared_at) != timezone.localdate(now)
    ):
        raise DecisionRefused(stale, code="stale_preview")
    decision.verification_code = preview.verification_code
    if content_fingerprint(decision) != preview.html_sha256:
        raise DecisionRefused(
            _(
                "%(dossier)s changed since you previewed its decision (proposal, grounds, signature or the call's "
                "mentions): preview the decisions again and read them before signing."
            )
            % {"dossier": decision.application},
            code="changed_since_preview",
        )
    decision.preview = preview
    updated = DecisionPreview.objects.filter(pk=preview.pk, used_at__isnull=True).update(used_at=now)
    if not updated:
        raise DecisionRefused(stale, code="stale_preview")


def lock_for_decision(proposal: Proposal) -> tuple[Call, Application, Proposal | None]:
    """Lock what a decision on ``proposal`` reads, in the order every writer takes them."""
    call = lock_call(proposal.call_id)
    application = Application.objects.select_for_update(no_key=True).get(pk=proposal.application_id)
    locked = Proposal.objects.select_for_update(no_key=True).filter(pk=proposal.pk).first()
    return call, application, locked


def open_follow_up_after_commit(decision: Decision, *, by) -> None:
    """Once a signed award is committed, open its grant's follow-up (``applications.grants``).

    A plain call from the one place that issues decisions rather than a signal: reading
    ``validate_proposal`` shows what follows a signature, and ``review`` may import the grants app
    (never the reverse for ``applications``, tests/test_layering.py). After the commit, because the
    follow-up is a consequence of the signed act, not part of it: if opening it failed (logged,
    ``robust``), the decision stays signed and the admin action ``open_new_grants`` (applications/grants/admin.py)
    catches up, as it does for awards signed before this hook. ``open_grant`` is idempotent, so a
    second run — or the admin action at the same moment — opens nothing more.

    A corrective decision (award or refusal) of a dossier already followed is different: its grant
    must learn of it in the same transaction as the correction, under the same locks, or the
    officials would never be told — ``follow_corrected_decision`` re-attaches the grant to a
    corrected award (its amount following it, or flagged « an amendment is needed »), or flags it
    when the award is withdrawn.
    """
    if decision.supersedes_id:
        from applications.grants.conventions import follow_corrected_decision

        if follow_corrected_decision(application_id=decision.application_id, decision=decision, by=by) is not None:
            return
    if decision.kind != Decision.Kind.AWARD:
        return
    decision_id = decision.pk

    def open_it():
        from applications.grants.conventions import open_grant  # here: the grants app imports review.documents
        from applications.grants.models import Grant

        award = Decision.objects.select_related("application", "call").get(pk=decision_id)
        if award.status != Decision.Status.ISSUED:
            return
        if Grant.objects.filter(application_id=award.application_id).exclude(decision=award).exists():
            return
        open_grant(decision=award, by=by)

    transaction.on_commit(open_it, robust=True)


def validate_proposal(*, proposal: Proposal, signature: Signature, by, preview=None) -> Decision:
    """Issue the decision the committee proposed for one dossier (award or refusal).

    With ``preview`` (a ``DecisionPreview`` the official read), the decision must be the one
    previewed — same day, same signatory, same content — and its PDF is the previewed file.
    """
    require_official(by)
    signature.check()
    with transaction.atomic():
        call, application, proposal = lock_for_decision(proposal)
        now = timezone.now()
        decision, target = proposed_decision(
            call=call, application=application, proposal=proposal, signature=signature, by=by, now=now
        )
        if preview is not None:
            adopt_preview(decision, preview, by=by, now=now)
        decision.save(force_insert=True)
        workflow.transition(application, to=target, actor=by, reason=decision.reference, notify=False)
        audit.record(
            action="decision_issued",
            actor=by,
            application=application,
            obj=decision,
            changes={
                "kind": decision.kind,
                "amount": str(decision.amount) if decision.amount else None,
                "reference": decision.reference,
                "previewed_pdf_sha256": preview.sha256 if preview is not None else None,
            },
        )
        open_follow_up_after_commit(decision, by=by)
    return decision


@dataclass
class BatchResult:
    issued: list[Decision] = field(default_factory=list)
    skipped: list[tuple[Application, str]] = field(default_factory=list)


def validate_proposals(
    *, proposals: Iterable[Proposal], signature: Signature, by, previews: dict | None = None
) -> BatchResult:
    """Validate several proposals with one signature; each is its own transaction.

    A proposal that cannot be validated (waiting list, withdrawn, already decided…) is reported
    with the reason and does not stop the others. With ``previews`` ({dossier id: preview}), as
    the signing screen gives, every decision must be the one previewed (``adopt_preview``).
    """
    require_official(by)
    signature.check()
    proposals = list(proposals)
    for call in Call.objects.filter(pk__in={proposal.call_id for proposal in proposals}):
        check_call_signable(call)
    result = BatchResult()
    for proposal in proposals:
        try:
            preview = previews.get(proposal.application_id) if previews is not None else None
            if previews is not None and preview is None:
                raise DecisionRefused(
                    _("%(dossier)s was not in the preview you read: preview the decisions again.")
                    % {"dossier": proposal.application},
                    code="not_previewed",
                )
            result.issued.append(validate_proposal(proposal=proposal, signature=signature, by=by, preview=preview))
        except ValidationError as error:
            result.skipped.append((proposal.application, " ".join(error.messages)))
    return result


def correct_decision(
    *,
    decision: Decision,
    outcome: str,
    correction_reason: str,
    signature: Signature,
    by,
    awarded_amount: Decimal | None = None,
    amount_reason: str = "",
    assessment_summary: str = "",
    preview: DecisionPreview | None = None,
) -> Decision:
    """Issue a new version of ``decision`` (award or refusal), superseding it.

    The new outcome goes through the same rules as the committee's proposals (cap, envelope,
    amount within the request), under the call's lock, and the proposal is updated to match.
    With ``preview``, the corrected decision must be the one the official read (``adopt_preview``).
    """
    require_official(by)
    signature.check()
    if not correction_reason.strip():
        raise DecisionRefused(_("Explain why the decision is corrected."), code="reason_required")
    if outcome not in (Outcome.SELECTED, Outcome.REJECTED):
        raise DecisionRefused(_("A corrected decision is an award or a refusal."), code="outcome")
    with transaction.atomic():
        call = lock_call(decision.call_id)
        application = Application.objects.select_for_update(no_key=True).get(pk=decision.application_id)
        previous = Decision.objects.select_for_update(no_key=True).get(pk=decision.pk)
        now = timezone.now()
        check_signable(call=call, application=application, now=now)
        if previous.status != Decision.Status.ISSUED:
            raise DecisionRefused(
                _("Decision %(reference)s was already superseded: correct the valid version.")
                % {"reference": previous.reference},
                code="superseded",
            )
        proposal = apply_outcome(
            call=call,
            application=application,
            outcome=outcome,
            by=by,
            awarded_amount=awarded_amount,
            amount_reason=amount_reason,
            assessment_summary=assessment_summary or previous.assessment_summary,
            correcting=True,
        )
        award = outcome == Outcome.SELECTED
        amount = proposal.awarded_amount if award else None
        grounds = (
            {} if award else refusal_grounds(call=call, application=application, summary=proposal.assessment_summary)
        )
        Decision.objects.filter(pk=previous.pk).update(status=Decision.Status.SUPERSEDED)
        version = previous.version + 1
        corrected = Decision(
            application=application,
            call=call,
            version=version,
            kind=Decision.Kind.AWARD if award else Decision.Kind.REFUSAL,
            reference=decision_reference(application, version),
            amount=amount,
            payment_terms=payment_terms_for(amount) if amount else "",
            assessment_summary=proposal.assessment_summary,
            grounds=grounds,
            correction_reason=correction_reason.strip(),
            signatory_name=signature.name.strip(),
            signatory_role=signature.role.strip(),
            delegation_reference=signature.delegation_reference.strip(),
            signed_by=by,
            signed_at=now,
            supersedes=previous,
        )
        if preview is not None:
            adopt_preview(corrected, preview, by=by, now=now)
        corrected.save(force_insert=True)
        target = S.AWARDED if award else S.REFUSED
        if application.state != target:
            workflow.transition(application, to=target, actor=by, reason=correction_reason.strip(), notify=False)
        audit.record(
            action="decision_corrected",
            actor=by,
            application=application,
            obj=corrected,
            reason=correction_reason.strip(),
            changes={
                "supersedes": previous.reference,
                "kind": [previous.kind, corrected.kind],
                "amount": [
                    str(previous.amount) if previous.amount else None,
                    str(corrected.amount) if corrected.amount else None,
                ],
            },
        )
        open_follow_up_after_commit(corrected, by=by)
    return corrected


__all__ = [
    "BatchResult",
    "CONVENTION_THRESHOLD",
    "DecisionRefused",
    "SelectionRefused",
    "Signature",
    "check_call_signable",
    "correct_decision",
    "validate_proposal",
    "validate_proposals",
]
