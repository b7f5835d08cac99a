"""The grant after its award, first steps: opening the follow-up and the convention's life.

``open_grant`` turns a valid award decision into a ``Grant`` with its payment schedule (taken from
the decision's payment terms). When a convention is required — above €23,000 (loi n° 2000-321,
art. 10; décret n° 2001-495), or below when the call asks for one — nothing is payable before it is
signed; otherwise the award decision is the act, and the first payment is requested at once.

A convention goes draft → sent → accepted by the carrier → signed. Sending renders and stores its
PDF and fingerprint: that file is what the carrier reads and accepts, and it is never re-rendered.
An amendment is a new version; the version it replaces becomes « amended » when the amendment is
signed, and stays on record.

Each version carries its own amount. An amendment may change it, up or down, with its reason:
never below what is already approved or paid, never above what the call's envelope still allows
(counted under the call's lock, as the committee's selection is), and not once the final report
is approved (the grant is settled). When such an amendment is signed, the grant's amount follows
and the instalments not yet approved are recomputed; the database still checks that the schedule
stays within the award.

Every step is audited (``applications.audit.record``) inside the transaction that makes it, and the
carrier is told by email.
"""

import hashlib
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit, roles
from applications.formatting import format_euros, paris_time
from applications.models import CONVENTION_THRESHOLD
from review.documents import STAGED_ADVANCE_PERCENT, grant_end_date
from review.models import Decision
from review.selection import counted_selection, counted_totals, lock_call

from . import documents, notices, tasks
from .models import Convention, Grant, Instalment, Report

FINAL_REPORT_MONTHS = 6  # the compte rendu financier, within six months after the end of the action

# The statement the carrier's legal representative accepts, recorded word for word.
ACCEPTANCE_STATEMENT = (
    "Je déclare être le représentant légal de l'organisme bénéficiaire, ou dûment habilité par lui, "
    "avoir pris connaissance de la convention n° {reference} (empreinte SHA-256 {sha256}) et l'accepter "
    "au nom de l'organisme."
)


class GrantRefused(ValidationError):
    """A step of the grant's life that the rules do not allow now."""


def convention_required(call, amount: Decimal) -> bool:
    return amount > CONVENTION_THRESHOLD or call.convention_below_threshold


def award_withdrawn(grant: Grant) -> bool:
    """A corrective decision refused what the grant's award gave (pending, or the follow-up closed)."""
    pending = grant.pending_correction
    return grant.terminated_at is not None or (pending is not None and pending.kind != Decision.Kind.AWARD)


def refuse_if_withdrawn(grant: Grant) -> None:
    """Nothing goes forward under an award a corrective decision withdrew: no convention drafted,
    sent, accepted or signed, no payment approved (``termination`` closes the follow-up)."""
    if award_withdrawn(grant):
        raise GrantRefused(
            _("The award of this grant was withdrawn by a corrective decision: nothing more can be done under it."),
            code="withdrawn",
        )


def require_official(user) -> None:
    if roles.OFFICIAL not in roles.staff_roles(user):
        raise PermissionDenied(_("Only an official may do this."))


def require_carrier(user, application) -> None:
    if roles.CARRIER not in roles.roles_for(user, application):
        raise PermissionDenied(_("You may not act on this dossier."))


def share(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    return grant_end_date(day, months) + timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Opening the follow-up
# --------------------------------------------------------------------------------------------
def open_grant(*, decision: Decision, by=None) -> Grant:
    """The follow-up of a valid award; idempotent (a second call returns the same grant)."""
    existing = Grant.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    if decision.kind != Decision.Kind.AWARD or decision.status != Decision.Status.ISSUED:
        raise GrantRefused(_("Only a valid award decision opens a grant's follow-up."), code="not_award")
    application = decision.application
    call = decision.call
    staged = decision.payment_terms == Decision.PaymentTerms.STAGED
    advance_percent = STAGED_ADVANCE_PERCENT if staged else 100
    advance = share(decision.amount, advance_percent)
    required = convention_required(call, decision.amount)
    try:
        with transaction.atomic():
            grant = Grant.objects.create(
                application=application,
                decision=decision,
                amount=decision.amount,
                convention_required=required,
                advance_percent=advance_percent,
                balance_percent=100 - advance_percent,
                advance_amount=advance,
                balance_amount=decision.amount - advance,
            )
            now = timezone.now()
            Instalment.objects.create(
                grant=grant,
                kind=Instalment.Kind.ADVANCE,
                state=Instalment.State.SCHEDULED if required else Instalment.State.REQUESTED,
                requested_at=None if required else now,
            )
            if staged:
                Instalment.objects.create(grant=grant, kind=Instalment.Kind.BALANCE)
            if not required:
                start = application.start_date or paris_time(decision.signed_at).date()
                create_reports(grant, *report_due_dates(start, grant_end_date(start, call.grant_duration_months)))
            audit.record(
                action="grant_opened",
                actor=by,
                application=application,
                obj=grant,
                changes={
                    "amount": str(grant.amount),
                    "convention_required": required,
                    "schedule": [advance_percent, 100 - advance_percent],
                },
            )
    except IntegrityError:
        # Opened at the same moment by someone else: theirs is the one.
        opened = Grant.objects.filter(decision=decision).first()
        if opened is None:
            # The dossier is already followed under an earlier award (since corrected): the
            # officials decide what becomes of that grant; nothing is opened twice.
            raise GrantRefused(
                _("This dossier's grant is already followed under an earlier decision."), code="already_followed"
            ) from None
        return opened
    return grant


def report_due_dates(start: date, end: date) -> tuple[date, date]:
    """The interim report at the middle of the action, the final one six months after its end."""
    interim = start + (end - start) / 2
    return interim, add_months(end, FINAL_REPORT_MONTHS)


def create_reports(grant: Grant, interim_due: date, final_due: date) -> None:
    for kind, due in ((Report.Kind.INTERIM, interim_due), (Report.Kind.FINAL, final_due)):
        report, created = Report.objects.get_or_create(grant=grant, kind=kind, defaults={"due_on": due})
        if not created:
            if report.due_on == due or report.state == Report.State.APPROVED:
                continue
            report.due_on = due
            report.save(update_fields=["due_on"])
            report.reminders.all().delete()  # a new due date: its reminders are still to be sent
        transaction.on_commit(lambda report=report: tasks.schedule_reminders(report))


# --------------------------------------------------------------------------------------------
# The convention
# --------------------------------------------------------------------------------------------
def lock_grant(grant_id: int) -> Grant:
    return Grant.objects.select_for_update(no_key=True).select_related("application__call", "decision").get(pk=grant_id)


# --------------------------------------------------------------------------------------------
# The amount of an amendment
# --------------------------------------------------------------------------------------------
FIXED = (Instalment.State.APPROVED, Instalment.State.PAID)


def instalments_of(grant: Grant, *, lock: bool = False) -> dict:
    queryset = Instalment.objects.filter(grant=grant)
    if lock:
        queryset = queryset.select_for_update(no_key=True)
    instalments = {i.kind: i for i in queryset}
    for instalment in instalments.values():
        instalment.grant = grant  # its amount is read from this grant (locked by the caller), not fetched again
    return instalments


def fixed_amount(grant: Grant, instalments: dict) -> Decimal:
    """What is already approved or paid: an amendment cannot take it back."""
    total = Decimal("0")
    for kind, instalment in instalments.items():
        if instalment.state in FIXED:
            total += grant.advance_amount if kind == Instalment.Kind.ADVANCE else grant.balance_amount
    return total


def schedule_for(grant: Grant, amount: Decimal, instalments: dict) -> tuple[Decimal, Decimal]:
    """The advance and the balance once the grant's amount is ``amount``.

    An instalment approved or paid keeps its amount; the others take their share of the new
    amount (the advance its percentage, the balance the rest).
    """
    advance = instalments.get(Instalment.Kind.ADVANCE)
    balance = instalments.get(Instalment.Kind.BALANCE)
    if advance is not None and advance.state in FIXED:
        new_advance = grant.advance_amount
    else:
        new_advance = share(amount, grant.advance_percent) if balance is not None else amount
    if balance is None:
        return new_advance, Decimal("0")
    if balance.state in FIXED:
        return new_advance, grant.balance_amount
    return new_advance, amount - new_advance


def envelope_room(grant: Grant, call) -> tuple[Decimal, Decimal]:
    """What the call's envelope still allows this grant, and what the other dossiers hold of it.

    Every selected dossier counts its grant's amount once it has one (amendments included), its
    awarded amount otherwise; the caller holds the call's lock.
    """
    _count, others = counted_totals(counted_selection(call).exclude(application_id=grant.application_id))
    return call.budget_envelope - others, others


def check_new_amount(grant: Grant, amount: Decimal, *, call, instalments: dict) -> None:
    """Refuse, with the figures, an amendment's amount the rules do not allow (see the module)."""
    if amount == grant.amount:
        return
    if amount <= 0:
        raise ValidationError(_("The amount of the grant must be positive."), code="amount")
    if Report.objects.filter(grant=grant, kind=Report.Kind.FINAL, state=Report.State.APPROVED).exists():
        raise GrantRefused(
            _("The final report is approved and the grant settled: an amendment can no longer change its amount."),
            code="settled",
        )
    fixed = fixed_amount(grant, instalments)
    if amount < fixed:
        raise GrantRefused(
            _(
                "The new amount (%(amount)s) is below what is already approved or paid (%(fixed)s): "
                "an amendment cannot take it back."
            )
            % {"amount": format_euros(amount), "fixed": format_euros(fixed)},
            code="below_paid",
        )
    advance, balance = schedule_for(grant, amount, instalments)
    if advance + balance != amount:
        raise GrantRefused(
            _(
                "Every instalment is already approved or paid (%(fixed)s): no payment is left to carry "
                "the new amount (%(amount)s)."
            )
            % {"amount": format_euros(amount), "fixed": format_euros(fixed)},
            code="no_instalment_left",
        )
    if amount > grant.amount:
        room, others = envelope_room(grant, call)
        if amount > room:
            raise GrantRefused(
                _(
                    "The new amount (%(amount)s) is above what the call's envelope still allows this grant "
                    "(%(room)s: envelope of %(envelope)s, of which %(others)s awarded to the other dossiers)."
                )
                % {
                    "amount": format_euros(amount),
                    "room": format_euros(max(room, Decimal("0"))),
                    "envelope": format_euros(call.budget_envelope),
                    "others": format_euros(others),
                },
                code="envelope",
            )


def apply_new_amount(
    grant: Grant, amount: Decimal, *, instalments: dict, by, action: str = "grant_amount_amended", reason: str = ""
) -> None:
    """The signed amendment's amount (or a corrective decision's) becomes the grant's; the unpaid
    instalments follow."""
    before = {"amount": str(grant.amount), "advance": str(grant.advance_amount), "balance": str(grant.balance_amount)}
    advance, balance = schedule_for(grant, amount, instalments)
    grant.amount, grant.advance_amount, grant.balance_amount = amount, advance, balance
    grant.save(update_fields=["amount", "advance_amount", "balance_amount"])
    audit.record(
        action=action,
        actor=by,
        application=grant.application,
        obj=grant,
        reason=reason,
        changes={
            "amount": [before["amount"], str(amount)],
            "advance": [before["advance"], str(advance)],
            "balance": [before["balance"], str(balance)],
        },
    )


def draft_convention(
    *, grant: Grant, by, amendment_reason: str = "", start: date | None = None, amount: Decimal | None = None
) -> Convention:
    """The first version, or an amendment of the version in force (with its reason).

    The action runs the call's duration from ``start``: by default the dossier's planned start
    (or the decision's day), as the award letter says; an amendment may move it. An amendment may
    also change the ``amount`` (see the module); the first version states the award's.
    """
    require_official(by)
    with transaction.atomic():
        call = lock_call(grant.application.call_id) if amount is not None else None
        grant = lock_grant(grant.pk)
        refuse_if_withdrawn(grant)
        if not grant.convention_required:
            raise GrantRefused(_("This grant needs no convention: the award decision is the act."), code="none")
        versions = list(grant.conventions.select_for_update(no_key=True).order_by("-version"))
        if any(v.state in (Convention.State.DRAFT, Convention.State.SENT, Convention.State.ACCEPTED) for v in versions):
            raise GrantRefused(_("A version of the convention is already in progress."), code="in_progress")
        in_force = next((v for v in versions if v.state == Convention.State.SIGNED), None)
        if versions and in_force is None:
            raise GrantRefused(_("There is no convention in force to amend."), code="nothing_to_amend")
        if in_force is not None and not amendment_reason.strip():
            raise ValidationError(_("Say why the convention is amended."), code="reason_required")
        if amount is None or in_force is None:
            if amount is not None and amount != grant.amount:
                raise GrantRefused(
                    _("The first version of the convention states the awarded amount; amend it once signed."),
                    code="first_amount",
                )
            amount = grant.amount
        else:
            check_new_amount(grant, amount, call=call, instalments=instalments_of(grant))
        application = grant.application
        if start is None and in_force is not None:
            start, end = in_force.start_date, in_force.end_date
        else:
            start = start or application.start_date or paris_time(grant.decision.signed_at).date()
            end = grant_end_date(start, application.call.grant_duration_months)
        interim, final = report_due_dates(start, end)
        version = versions[0].version + 1 if versions else 1
        convention = Convention.objects.create(
            grant=grant,
            version=version,
            reference=f"CONV-{application.reference}" + (f"-A{version - 1}" if version > 1 else ""),
            supersedes=in_force,
            amendment_reason=amendment_reason.strip(),
            amount=amount,
            start_date=start,
            end_date=end,
            interim_report_due=interim,
            final_report_due=final,
            created_by=by,
        )
        audit.record(
            action="convention_drafted",
            actor=by,
            application=application,
            obj=convention,
            to_state=convention.state,
            reason=convention.amendment_reason,
            changes={"amount": [str(grant.amount), str(amount)]} if amount != grant.amount else None,
        )
    return convention


def send_convention(*, convention: Convention, by) -> Convention:
    """Render the version, store it with its fingerprint, and put it before the carrier."""
    require_official(by)
    pdf = documents.render_convention_pdf(convention)
    digest = hashlib.sha256(pdf).hexdigest()
    name = convention.pdf.storage.save(
        convention.pdf.field.generate_filename(convention, "convention.pdf"), ContentFile(pdf)
    )
    try:
        with transaction.atomic():
            refuse_if_withdrawn(lock_grant(convention.grant_id))
            locked = Convention.objects.select_for_update(no_key=True).get(pk=convention.pk)
            if locked.state != Convention.State.DRAFT:
                raise GrantRefused(_("This version has already been sent."), code="state")
            locked.pdf, locked.sha256, locked.sent_at = name, digest, timezone.now()
            locked.state = Convention.State.SENT
            locked.save(update_fields=["pdf", "sha256", "sent_at", "state"])
            audit.record(
                action="convention_sent",
                actor=by,
                application=locked.grant.application,
                obj=locked,
                from_state=Convention.State.DRAFT,
                to_state=locked.state,
                changes={"sha256": digest},
            )
            grant_id = locked.grant_id
            transaction.on_commit(lambda: notices.notify(event="convention_sent", grant_id=grant_id))
    except Exception:
        convention.pdf.storage.delete(name)
        raise
    return locked


def acceptance_statement(convention: Convention) -> str:
    return ACCEPTANCE_STATEMENT.format(reference=convention.reference, sha256=convention.sha256)


def accept_convention(*, convention: Convention, user, sha256: str) -> Convention:
    """The carrier's legal representative accepts the version they were shown (``sha256``)."""
    with transaction.atomic():
        grant = lock_grant(convention.grant_id)
        require_carrier(user, grant.application)
        refuse_if_withdrawn(grant)
        locked = Convention.objects.select_for_update(no_key=True).get(pk=convention.pk)
        if locked.state != Convention.State.SENT:
            raise GrantRefused(_("This version of the convention is not awaiting your acceptance."), code="state")
        if sha256 != locked.sha256:
            raise GrantRefused(_("The convention has changed since you opened it: read it again."), code="changed")
        locked.state = Convention.State.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.acceptance_statement = acceptance_statement(locked)
        locked.accepted_sha256 = locked.sha256
        locked.save(update_fields=["state", "accepted_at", "accepted_by", "acceptance_statement", "accepted_sha256"])
        audit.record(
            action="convention_accepted",
            actor=user,
            application=grant.application,
            obj=locked,
            from_state=Convention.State.SENT,
            to_state=locked.state,
            reason=locked.acceptance_statement,
        )
    return locked


def sign_convention(*, convention: Convention, by, signatory_name: str, signatory_role: str) -> Convention:
    """The official countersigns the accepted version; it comes into force and payments follow."""
    require_official(by)
    if not signatory_name.strip() or not signatory_role.strip():
        raise ValidationError(_("Give the signatory's name and role."), code="signatory")
    with transaction.atomic():
        # An amendment changing the amount counts against the call's envelope: the call's lock
        # first, as the committee's selection takes it.
        call_id = Grant.objects.filter(pk=convention.grant_id).values_list("application__call_id", flat=True).get()
        call = lock_call(call_id) if convention.supersedes_id else None
        grant = lock_grant(convention.grant_id)
        refuse_if_withdrawn(grant)
        locked = Convention.objects.select_for_update(no_key=True).get(pk=convention.pk)
        if locked.state != Convention.State.ACCEPTED:
            raise GrantRefused(_("The carrier has not accepted this version yet."), code="state")
        if locked.amount != grant.amount:
            instalments = instalments_of(grant, lock=True)
            check_new_amount(grant, locked.amount, call=call, instalments=instalments)
            apply_new_amount(grant, locked.amount, instalments=instalments, by=by)
        settle_pending_correction(grant, locked.amount, by=by)
        now = timezone.now()
        if locked.supersedes_id:
            Convention.objects.filter(pk=locked.supersedes_id, state=Convention.State.SIGNED).update(
                state=Convention.State.AMENDED
            )
        locked.state = Convention.State.SIGNED
        locked.signed_at, locked.signed_by = now, by
        locked.signatory_name, locked.signatory_role = signatory_name.strip(), signatory_role.strip()
        signed = documents.countersigned_pdf(locked)
        if signed is not None:
            locked.signed_pdf = locked.signed_pdf.storage.save(
                locked.signed_pdf.field.generate_filename(locked, "convention-signee.pdf"), ContentFile(signed)
            )
            locked.signed_sha256 = hashlib.sha256(signed).hexdigest()
        locked.save()
        audit.record(
            action="convention_signed",
            actor=by,
            application=grant.application,
            obj=locked,
            from_state=Convention.State.ACCEPTED,
            to_state=locked.state,
            changes={"accepted_sha256": locked.accepted_sha256, "version": locked.version},
        )
        create_reports(grant, locked.interim_report_due, locked.final_report_due)
        advance = Instalment.objects.select_for_update(no_key=True).get(grant=grant, kind=Instalment.Kind.ADVANCE)
        if advance.state == Instalment.State.SCHEDULED:
            advance.state, advance.requested_at = Instalment.State.REQUESTED, now
            advance.save(update_fields=["state", "requested_at"])
            audit.record(
                action="instalment_requested",
                actor=by,
                application=grant.application,
                obj=advance,
                from_state=Instalment.State.SCHEDULED,
                to_state=advance.state,
            )
        grant_id = grant.pk
        transaction.on_commit(lambda: notices.notify(event="convention_signed", grant_id=grant_id))
    return locked


# --------------------------------------------------------------------------------------------
# A corrected award of a dossier already followed
# --------------------------------------------------------------------------------------------
def follow_corrected_decision(*, application_id: int, decision: Decision, by) -> Grant | None:
    """A corrective decision superseded the award a grant follows: tell the grant.

    Called inside the correction's transaction (``review.decisions.correct_decision``, which holds
    the call's and the dossier's locks), so the correction and what it does to the grant commit
    together, audited:

    - a corrected award: the grant follows the new decision. At the same amount, nothing more. At
      another amount, with no convention, the grant's amount and its unpaid instalments follow
      directly (as an amendment's would: never below what is approved or paid, not once settled);
      with a convention — or when the payments keep it from following — the grant is flagged
      (``pending_correction``) until an amendment at that amount is signed (``sign_convention``).
      An amount that now requires a convention the first award did not (above €23,000) flags the
      grant until its first convention is signed (``require_convention_from_now``);
    - a refusal: the award is withdrawn; the grant stays on its award and is flagged: the officials
      terminate the convention and order the return of the sums paid.
    """
    grant_id = Grant.objects.filter(application_id=application_id).values_list("pk", flat=True).first()
    if grant_id is None:
        return None
    grant = lock_grant(grant_id)
    previous = grant.decision
    if decision.kind != Decision.Kind.AWARD:
        grant.pending_correction = decision
        grant.save(update_fields=["pending_correction"])
        audit.record(
            action="grant_award_withdrawn",
            actor=by,
            application=grant.application,
            obj=grant,
            reason=decision.correction_reason,
            changes={"supersedes": previous.reference, "decision": decision.reference},
        )
        return grant
    grant.decision, grant.pending_correction = decision, None
    grant.save(update_fields=["decision", "pending_correction"])
    before = grant.amount
    if decision.amount != grant.amount:
        instalments = instalments_of(grant, lock=True)
        newly_required = not grant.convention_required and convention_required(decision.call, decision.amount)
        if newly_required:
            require_convention_from_now(grant, decision, instalments=instalments, by=by)
        if not grant.conventions.exists() and can_follow(grant, decision.amount, instalments):
            apply_new_amount(
                grant,
                decision.amount,
                instalments=instalments,
                by=by,
                action="grant_amount_corrected",
                reason=decision.correction_reason,
            )
        if newly_required or grant.amount != decision.amount:
            # Carried out once a convention at that amount is signed (``settle_pending_correction``).
            grant.pending_correction = decision
            grant.save(update_fields=["pending_correction"])
    audit.record(
        action="grant_decision_corrected",
        actor=by,
        application=grant.application,
        obj=grant,
        reason=decision.correction_reason,
        changes={
            "decision": [previous.reference, decision.reference],
            "amount": [str(before), str(decision.amount)],
            "pending": decision.reference if grant.pending_correction_id else "",
        },
    )
    return grant


def require_convention_from_now(grant: Grant, decision: Decision, *, instalments: dict, by) -> None:
    """A corrected award above the threshold (or the call's) needs the convention the first award
    did not: the grant now requires one, and a payment requested without it waits for its
    signature (``sign_convention`` requests it again). What is already approved or paid stays: the
    convention then covers it.

    The requirement is never lifted by a lower correction: a convention is lawful at any amount,
    and the carrier has been told one will come.
    """
    grant.convention_required = True
    grant.save(update_fields=["convention_required"])
    advance = instalments.get(Instalment.Kind.ADVANCE)
    if advance is not None and advance.state == Instalment.State.REQUESTED:
        advance.state, advance.requested_at = Instalment.State.SCHEDULED, None
        advance.save(update_fields=["state", "requested_at"])
        audit.record(
            action="instalment_deferred",
            actor=by,
            application=grant.application,
            obj=advance,
            from_state=Instalment.State.REQUESTED,
            to_state=advance.state,
            reason=decision.correction_reason,
        )
    audit.record(
        action="grant_convention_now_required",
        actor=by,
        application=grant.application,
        obj=grant,
        changes={"decision": decision.reference, "amount": str(decision.amount)},
    )


def can_follow(grant: Grant, amount: Decimal, instalments: dict) -> bool:
    """Whether the grant's amount can become ``amount`` by itself (the checks of an amendment's
    amount but the envelope's, which the correction already passed under the call's lock)."""
    if Report.objects.filter(grant=grant, kind=Report.Kind.FINAL, state=Report.State.APPROVED).exists():
        return False
    if amount < fixed_amount(grant, instalments):
        return False
    advance, balance = schedule_for(grant, amount, instalments)
    return advance + balance == amount


def settle_pending_correction(grant: Grant, amount: Decimal, *, by) -> None:
    """A version signed at the amount of the pending corrective award carries it out."""
    pending = grant.pending_correction
    if pending is None or pending.kind != Decision.Kind.AWARD or pending.amount != amount:
        return
    grant.pending_correction = None
    grant.save(update_fields=["pending_correction"])
    audit.record(
        action="grant_correction_carried_out",
        actor=by,
        application=grant.application,
        obj=grant,
        changes={"decision": pending.reference, "amount": str(amount)},
    )


def convention_in_force(grant: Grant) -> Convention | None:
    return grant.conventions.filter(state=Convention.State.SIGNED).first()
