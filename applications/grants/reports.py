"""Interim and final reports: the carrier drafts and submits; the official approves or asks for
corrections (the report reopens and the carrier is told); every step is kept (``ReportEvent``)
and audited.

The financial report is laid out as the CERFA n° 15059: for each category of charges and of
income, what was planned (from the application's budget) and what was actually spent or received;
a gap of more than 15 % must be explained. When the final report is approved, the part of the
grant actually used is computed — actual charges less the other actual income, within the award —
and the balance shrinks to it; money already paid beyond it is to be returned, and an « ordre de
reversement » is issued as a PDF act.

Supporting files (« pièces justificatives ») go through the same checks as a dossier's files — the
type read from the bytes, the size caps of the call, active content, the antivirus — and are
stored the same way (``applications.attachments.store_file``: a random name, nothing kept when the
storage fails). The carrier adds or removes them while the report is editable; a removed file
keeps its row (``removed_at``) and both steps are in the report's history and the audit log.
"""

import hashlib
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal import antivirus
from applications import audit, filecheck
from applications.attachments import store_file
from applications.models import BudgetLine, CoFunding, RequiredDocument

from . import documents, notices
from .conventions import GrantRefused, lock_grant, refuse_if_withdrawn, require_carrier, require_official
from .models import Instalment, Report, ReportAttachment, ReportEvent, ReportLine

R = Report.State
GAP_THRESHOLD = Decimal("0.15")
ZERO = Decimal("0")

# Income categories of the financial report; « grant » is this grant, the others are other income.
INCOME_CATEGORIES = {
    "grant": gettext_lazy("This grant (State)"),
    "cofunding": gettext_lazy("Other public or private grants"),
    "own_funds": gettext_lazy("Own funds"),
    "other": gettext_lazy("Other income"),
}
EDITABLE = (R.DRAFT, R.CORRECTIONS)


def category_label(line: ReportLine) -> str:
    if line.side == ReportLine.Side.INCOME:
        return str(INCOME_CATEGORIES.get(line.category, line.category))
    return str(dict(BudgetLine.Category.choices).get(line.category, line.category))


def prepare_lines(report: Report) -> list[ReportLine]:
    """The report's financial lines, created from the application's budget the first time."""
    existing = list(report.lines.all())
    if existing:
        return existing
    grant = report.grant
    application = grant.application
    planned = defaultdict(lambda: ZERO)
    for line in application.budget_lines.all():
        planned[line.category] += line.amount
    cofunding = sum((c.amount for c in application.cofundings.all() if c.status == CoFunding.Status.OBTAINED), ZERO)
    lines = [
        ReportLine(report=report, side=ReportLine.Side.CHARGE, category=category, planned=planned[category])
        for category, _label in BudgetLine.Category.choices
        if category in planned
    ]
    income = {"grant": grant.amount, "cofunding": cofunding, "own_funds": ZERO, "other": ZERO}
    lines += [
        ReportLine(report=report, side=ReportLine.Side.INCOME, category=category, planned=amount)
        for category, amount in income.items()
    ]
    ReportLine.objects.bulk_create(lines, ignore_conflicts=True)
    return list(report.lines.all())


def gap_needs_explanation(line: ReportLine) -> bool:
    if line.actual is None:
        return False
    if line.planned == 0:
        return line.actual > 0
    return abs(line.actual - line.planned) / line.planned > GAP_THRESHOLD


def lock_editable_report(report: Report, user) -> tuple:
    """In a transaction: the report's grant and the report itself locked, once ``user`` is its
    carrier and the report still editable (a draft, or sent back for corrections)."""
    grant = lock_grant(report.grant_id)
    require_carrier(user, grant.application)
    refuse_if_withdrawn(grant)
    locked = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    if locked.state not in EDITABLE:
        raise GrantRefused(_("This report has been submitted and can no longer be changed."), code="state")
    return grant, locked


def save_draft(*, report: Report, user, fields: dict, actuals: dict) -> Report:
    """Keep the carrier's work; ``actuals`` maps a line's id to (actual, explanation)."""
    with transaction.atomic():
        grant, locked = lock_editable_report(report, user)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        for line in locked.lines.all():
            if line.pk in actuals:
                line.actual, line.explanation = actuals[line.pk]
                line.save(update_fields=["actual", "explanation"])
    return locked


# --------------------------------------------------------------------------------------------
# Supporting files
# --------------------------------------------------------------------------------------------
# Invoices, payslips, attendance sheets, photographs of workshops: every type a dossier may carry.
SUPPORTING_FILE_TYPES = [kind for kind, _label in RequiredDocument.Kind.choices]


def current_attachments(report: Report):
    return report.attachments.filter(removed_at__isnull=True).select_related("uploaded_by")


def add_attachment(*, report: Report, user, uploaded, label: str = "") -> ReportAttachment:
    """Check ``uploaded`` like a dossier's file and attach it to the editable ``report``.

    Raises ``ValidationError`` (French message) when the file is refused, ``GrantRefused`` when the
    report can no longer be changed and ``PermissionDenied`` when ``user`` is not its carrier.
    """
    call = report.grant.application.call
    checked = filecheck.check_upload(uploaded, accepted_types=SUPPORTING_FILE_TYPES, max_size=call.max_file_size)
    antivirus.check_upload(uploaded, name=checked.display_name)  # before anything is stored
    with transaction.atomic():
        grant, locked = lock_editable_report(report, user)
        used = current_attachments(locked).aggregate(total=Sum("size"))["total"] or 0
        cap = grant.application.call.max_total_upload_size
        if used + checked.size > cap:
            raise ValidationError(
                _(
                    "All the files of a report may not exceed %(cap)s. Your other files already take %(used)s, "
                    "so this one (%(size)s) does not fit: use a smaller file, or remove one."
                )
                % {
                    "cap": filecheck.human_size(cap),
                    "used": filecheck.human_size(used),
                    "size": filecheck.human_size(checked.size),
                },
                code="total_too_large",
            )
        attachment = ReportAttachment(
            report=locked,
            label=label.strip(),
            original_name=checked.display_name,
            kind=checked.kind,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        uploaded.seek(0)
        attachment.file.name = store_file(attachment, uploaded)
        try:
            attachment.save()
            ReportEvent.objects.create(report=locked, action="file_added", actor=user, comment=checked.display_name)
            audit.record(
                action="report_file_added",
                actor=user,
                application=grant.application,
                obj=attachment,
                changes={
                    "report": locked.kind,
                    "file": checked.display_name,
                    "label": attachment.label,
                    "sha256": checked.sha256,
                },
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def remove_attachment(*, report: Report, attachment_id, user) -> None:
    """Withdraw a supporting file while the report is editable (its row and file are kept)."""
    with transaction.atomic():
        grant, locked = lock_editable_report(report, user)
        attachment = current_attachments(locked).filter(public_id=attachment_id).first()
        if attachment is None:
            raise GrantRefused(_("This file is no longer part of the report."), code="gone")
        attachment.removed_at, attachment.removed_by = timezone.now(), user
        attachment.save(update_fields=["removed_at", "removed_by"])
        ReportEvent.objects.create(report=locked, action="file_removed", actor=user, comment=attachment.original_name)
        audit.record(
            action="report_file_removed",
            actor=user,
            application=grant.application,
            obj=attachment,
            changes={"report": locked.kind, "file": attachment.original_name, "sha256": attachment.sha256},
        )


def missing_for_submission(report: Report) -> list[tuple[str, str]]:
    """What the report still lacks: (field name, message in French), next to each field."""
    problems = []
    if not report.narrative.strip():
        problems.append(("narrative", _("Describe what was done.")))
    for name in ("ambassadrices_recruited", "ambassadrices_trained", "people_reached"):
        if getattr(report, name) is None:
            problems.append((name, _("Give this figure (0 if none).")))
    if report.kind == Report.Kind.FINAL:
        for line in report.lines.all():
            if line.actual is None:
                problems.append((f"actual_{line.pk}", _("Give the actual amount (0 if none).")))
            elif gap_needs_explanation(line) and not line.explanation.strip():
                problems.append((f"explanation_{line.pk}", _("The gap with the plan exceeds 15 %: explain it.")))
    return problems


def submit_report(*, report: Report, user) -> Report:
    with transaction.atomic():
        grant = lock_grant(report.grant_id)
        require_carrier(user, grant.application)
        locked = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
        if locked.state not in EDITABLE:
            raise GrantRefused(_("This report has already been submitted."), code="state")
        problems = missing_for_submission(locked)
        if problems:
            raise ValidationError({name: [message] for name, message in problems})
        previous = locked.state
        locked.state, locked.submitted_at, locked.submitted_by = R.SUBMITTED, timezone.now(), user
        locked.save(update_fields=["state", "submitted_at", "submitted_by"])
        ReportEvent.objects.create(report=locked, action="submitted", actor=user)
        audit.record(
            action="report_submitted",
            actor=user,
            application=grant.application,
            obj=locked,
            from_state=previous,
            to_state=locked.state,
        )
    return locked


def ask_corrections(*, report: Report, by, comment: str) -> Report:
    require_official(by)
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what must be corrected.")]})
    with transaction.atomic():
        grant = lock_grant(report.grant_id)
        locked = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
        if locked.state != R.SUBMITTED:
            raise GrantRefused(_("Only a submitted report can be sent back for corrections."), code="state")
        locked.state = R.CORRECTIONS
        locked.save(update_fields=["state"])
        ReportEvent.objects.create(report=locked, action="corrections", actor=by, comment=comment.strip())
        audit.record(
            action="report_corrections_requested",
            actor=by,
            application=grant.application,
            obj=locked,
            from_state=R.SUBMITTED,
            to_state=R.CORRECTIONS,
            reason=comment.strip(),
        )
        grant_id = grant.pk
        transaction.on_commit(lambda: notices.notify(event="report_corrections", grant_id=grant_id))
    return locked


def financial_totals(report: Report) -> dict:
    lines = list(report.lines.all())
    charges = sum((line.actual or ZERO for line in lines if line.side == ReportLine.Side.CHARGE), ZERO)
    other_income = sum(
        (line.actual or ZERO for line in lines if line.side == ReportLine.Side.INCOME and line.category != "grant"),
        ZERO,
    )
    entitled = min(report.grant.amount, max(ZERO, charges - other_income))
    return {"charges_actual": charges, "other_income_actual": other_income, "entitled": entitled}


def approve_report(*, report: Report, by, signatory_name: str = "", signatory_role: str = "") -> Report:
    """Approve; for the final report, settle the balance and what is to be returned."""
    require_official(by)
    with transaction.atomic():
        grant = lock_grant(report.grant_id)
        locked = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
        if locked.state != R.SUBMITTED:
            raise GrantRefused(_("Only a submitted report can be approved."), code="state")
        locked.state, locked.approved_at = R.APPROVED, timezone.now()
        locked.save(update_fields=["state", "approved_at"])
        ReportEvent.objects.create(report=locked, action="approved", actor=by)
        audit.record(
            action="report_approved",
            actor=by,
            application=grant.application,
            obj=locked,
            from_state=R.SUBMITTED,
            to_state=R.APPROVED,
        )
        if locked.kind == Report.Kind.FINAL:
            locked.grant = grant
            _settle(grant, locked, by=by, signatory_name=signatory_name, signatory_role=signatory_role)
    return locked


def _settle(grant, report: Report, *, by, signatory_name: str, signatory_role: str) -> None:
    instalments = {i.kind: i for i in Instalment.objects.select_for_update(no_key=True).filter(grant=grant)}
    advance = instalments.get(Instalment.Kind.ADVANCE)
    balance = instalments.get(Instalment.Kind.BALANCE)
    entitled = financial_totals(report)["entitled"]
    advance_paid = grant.advance_amount if advance and advance.state == Instalment.State.PAID else ZERO
    changes = {"entitled": str(entitled)}
    if balance is not None and balance.state == Instalment.State.SCHEDULED:
        due = max(ZERO, min(grant.balance_amount, entitled - grant.advance_amount))
        changes["balance"] = [str(grant.balance_amount), str(due)]
        grant.balance_amount = due  # only ever lowered: the schedule stays within the award
        if due > 0:
            balance.state, balance.requested_at = Instalment.State.REQUESTED, timezone.now()
            balance.save(update_fields=["state", "requested_at"])
    grant.amount_to_return = max(ZERO, advance_paid - entitled)
    changes["to_return"] = str(grant.amount_to_return)
    grant.save(update_fields=["balance_amount", "amount_to_return"])
    audit.record(action="grant_settled", actor=by, application=grant.application, obj=grant, changes=changes)
    if grant.amount_to_return > 0:
        issue_return_order(
            grant,
            report,
            signatory_name=signatory_name or by.get_full_name() or str(by),
            signatory_role=signatory_role,
        )


def issue_return_order(grant, report: Report | None, *, signatory_name: str, signatory_role: str) -> None:
    """The ordre de reversement of ``grant.amount_to_return``: after the final ``report`` (unspent
    funds), or with no report when the award was withdrawn (``termination``: all that was paid)."""
    grant.return_order_reference = f"OR-{grant.application.reference}"
    grant.return_order_issued_at = timezone.now()
    pdf = documents.render_return_order_pdf(
        grant,
        report,
        totals=financial_totals(report) if report is not None else None,
        signatory_name=signatory_name,
        signatory_role=signatory_role,
    )
    grant.return_order_pdf = grant.return_order_pdf.storage.save(
        grant.return_order_pdf.field.generate_filename(grant, "ordre-de-reversement.pdf"), ContentFile(pdf)
    )
    grant.save(update_fields=["return_order_reference", "return_order_issued_at", "return_order_pdf"])
    audit.record(
        action="return_order_issued",
        actor=None,
        application=grant.application,
        obj=grant,
        changes={"amount": str(grant.amount_to_return), "sha256": hashlib.sha256(pdf).hexdigest()},
    )
