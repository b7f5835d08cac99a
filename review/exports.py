"""What officials and auditors take away: outcome tables, the committee's report, dossier bundles.

- CSV and XLSX of every submitted dossier of a call with its scores, the committee's proposal and
  the decision (cells a spreadsheet would run as a formula are neutralised);
- the procès-verbal of the selection committee as a PDF;
- one ZIP per dossier for auditors: its content and its review as PDFs, its files, its decisions.

Everything is computed in a fixed number of queries, whatever the number of dossiers.
"""

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ami_portal import pades
from applications import conversation
from applications.formatting import format_euros, paris_time
from applications.french_dates import french_date
from applications.grants.models import Report, ReportAttachment
from applications.models import Application, Call
from applications.selection_methods import published_rules

from .documents import download_name, html_to_pdf
from .models import ConflictOfInterest, Decision, Proposal, Review
from .ranking import neutralise
from .reasons import failed_conditions, french_score, reviewer_reasons
from .selection import gauge, quantize_score, ranked_dossiers, suggest, with_scores

S = Application.State
REPORT_ROW_LIMIT = 300  # the procès-verbal lists the best-ranked dossiers; the CSV has them all


# --------------------------------------------------------------------------------------------
# CSV / XLSX
# --------------------------------------------------------------------------------------------
def valid_decision_subquery(field: str) -> Subquery:
    return Subquery(
        Decision.objects.filter(application=OuterRef("pk"), status=Decision.Status.ISSUED).values(field)[:1]
    )


def outcome_queryset(call: Call):
    return (
        with_scores(Application.objects.filter(call=call).exclude(state=S.DRAFT))
        .select_related("organisation", "proposal")
        .annotate(
            decision_reference=valid_decision_subquery("reference"),
            decision_kind=valid_decision_subquery("kind"),
            decision_amount=valid_decision_subquery("amount"),
            decision_signed_at=valid_decision_subquery("signed_at"),
        )
        .order_by(F("score").desc(nulls_last=True), "reference")
    )


def outcome_header() -> list[str]:
    return [
        _("Reference"),
        _("Organisation"),
        _("SIRET"),
        _("RNA number"),
        _("Project title"),
        _("State"),
        _("Mean score /100"),
        _("Submitted reviews"),
        _("Requested amount (€)"),
        _("Committee's proposal"),
        _("Rank on the waiting list"),
        _("Proposed amount (€)"),
        _("Decision"),
        _("Decision reference"),
        _("Awarded amount (€)"),
        _("Signed on"),
    ]


def money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def outcome_values(application: Application) -> list:
    proposal = getattr(application, "proposal", None)
    kinds = dict(Decision.Kind.choices)
    signed = application.decision_signed_at
    return [
        application.reference,
        application.organisation.name,
        application.organisation.siret,
        application.organisation.rna,
        application.title,
        str(application.get_state_display()),
        quantize_score(application.score),
        application.reviews_done,
        money(application.requested_amount),
        str(proposal.get_outcome_display()) if proposal else "",
        proposal.waiting_rank if proposal and proposal.outcome == Proposal.Outcome.WAITING else None,
        money(proposal.awarded_amount) if proposal else None,
        str(kinds.get(application.decision_kind, "")),
        application.decision_reference or "",
        money(application.decision_amount),
        paris_time(signed).date().isoformat() if signed else "",
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return f"{value}".replace(".", ",")
    return str(neutralise(str(value)))


def csv_table(header: list, rows: Iterable[list]) -> Iterator[str]:
    """A table for a French spreadsheet: UTF-8 with BOM, « ; » separator, decimal comma, every
    text cell formula-safe (``neutralise``); streamed a row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff"
    writer.writerow([neutralise(h) for h in header])
    yield flush()
    for values in rows:
        writer.writerow([_csv_cell(v) for v in values])
        yield flush()


def xlsx_table(*, title: str, header: list, rows: Iterable[list]) -> bytes:
    """The same table as an XLSX workbook (write-only, so memory does not grow with the rows):
    numbers as numbers, every text a string cell, even one that looks like a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def row(values):
        cells = []
        for value in values:
            if isinstance(value, Decimal):
                value = float(value)
            cell = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it looks like a formula
            cells.append(cell)
        return cells

    sheet.append(row(header))
    for values in rows:
        sheet.append(row(values))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def outcomes_csv(call: Call) -> Iterator[str]:
    """For a French spreadsheet: UTF-8 with BOM, « ; » separator, decimal comma; streamed."""
    return csv_table(outcome_header(), map(outcome_values, outcome_queryset(call).iterator(chunk_size=1000)))


def outcomes_xlsx(call: Call) -> bytes:
    return xlsx_table(
        title=_("Outcomes"),
        header=outcome_header(),
        rows=map(outcome_values, outcome_queryset(call).iterator(chunk_size=1000)),
    )


# --------------------------------------------------------------------------------------------
# The committee's procès-verbal
# --------------------------------------------------------------------------------------------
def dossier_outcomes(call: Call) -> list[dict]:
    """Every submitted dossier of the call with its outcome and the reason, in French, for the
    procès-verbal: not admissible ones with each failed condition, withdrawn ones, and the
    committee's proposal (with the awarded amount, the waiting rank, or the rank and score)."""
    ranks = {pk: (rank, score) for pk, rank, score in ranked_dossiers(call).values_list("pk", "rank", "score")}
    dossiers = (
        Application.objects.filter(call=call)
        .exclude(state=S.DRAFT)
        .select_related("organisation", "admissibility", "proposal", "call")
        .order_by("reference")
    )
    rows = []
    with translation.override("fr"):
        for application in dossiers:
            proposal = getattr(application, "proposal", None)
            check = getattr(application, "admissibility", None)
            rank, score = ranks.get(application.pk, (None, None))
            reasons: list[str] = []
            inadmissible = application.state == S.INADMISSIBLE or (
                check is not None and check.outcome == check.Outcome.INADMISSIBLE
            )
            if application.state == S.WITHDRAWN:
                outcome = _("Withdrawn by the carrier")
            elif inadmissible:
                outcome = _("Not admissible")
                reasons = failed_conditions(check, application=application) or [reviewer_reasons(check)]
            elif proposal is None:
                outcome = _("No proposal recorded")
            elif proposal.outcome == Proposal.Outcome.SELECTED:
                outcome = _("Selected")
                reasons = [_("Awarded: %(amount)s.") % {"amount": format_euros(proposal.awarded_amount)}]
                if proposal.amount_reason:
                    reasons.append(_("Reduced amount: %(reason)s") % {"reason": proposal.amount_reason})
                if proposal.below_minimum_reason:
                    reasons.append(_("Below the minimum score: %(reason)s") % {"reason": proposal.below_minimum_reason})
            elif proposal.outcome == Proposal.Outcome.WAITING:
                outcome = _("Waiting list")
                reasons = [_("Rank %(rank)s on the waiting list.") % {"rank": proposal.waiting_rank}]
            else:
                outcome = _("Not selected")
            if rank is not None and not inadmissible:
                reasons.append(
                    _("Rank %(rank)s, score %(score)s / 100.") % {"rank": rank, "score": french_score(score)}
                    if score is not None
                    else _("Rank %(rank)s.") % {"rank": rank}
                )
            rows.append({"application": application, "outcome": outcome, "reasons": [r for r in reasons if r]})
    return rows


def declared_conflicts(call: Call) -> list[dict]:
    """Each conflict of interest declared about an organisation with a dossier in the call, and the
    dossiers the person withdrew from (they were never assigned to them)."""
    dossiers: dict[int, list[str]] = {}
    for organisation_id, reference in (
        Application.objects.filter(call=call).exclude(state=S.DRAFT).values_list("organisation_id", "reference")
    ):
        dossiers.setdefault(organisation_id, []).append(reference)
    conflicts = (
        ConflictOfInterest.objects.filter(organisation_id__in=dossiers)
        .select_related("reviewer", "organisation")
        .order_by("declared_at", "pk")
    )
    return [{"conflict": conflict, "dossiers": sorted(dossiers[conflict.organisation_id])} for conflict in conflicts]


def committee_report_context(call: Call) -> dict:
    ranked = list(ranked_dossiers(call)[:REPORT_ROW_LIMIT])
    total_ranked = ranked_dossiers(call).count()
    members = list(call.committee.all())
    return {
        "call": call,
        "present": [m for m in members if m.attendance == m.Attendance.PRESENT],
        "excused": [m for m in members if m.attendance != m.Attendance.PRESENT],
        "chair": next((m for m in members if m.chairs), None),
        "member_lines": [line.strip() for line in call.committee_members.splitlines() if line.strip()],
        "conflicts": declared_conflicts(call),
        "outcomes": dossier_outcomes(call),
        "ranked": ranked,
        "total_ranked": total_ranked,
        "truncated": total_ranked > len(ranked),
        "gauge": gauge(call),
        "report": suggest(call),
        "rules": published_rules(call),
        "generated_at": paris_time(timezone.now()),
    }


def committee_report_pdf(call: Call) -> bytes:
    """The procès-verbal, sealed by the issuing service when a seal is configured."""
    with translation.override(settings.LANGUAGE_CODE):
        context = committee_report_context(call)
        data = html_to_pdf(render_to_string("pdf/committee_report.html", context))
        if not pades.signing_configured():
            return data
        service = call.issuing_service or call.issuing_authority
        chair = context["chair"]
        lines = [_("Electronic seal of %(service)s") % {"service": service}]
        if chair:
            lines.append(_("for the chair, %(name)s") % {"name": chair.full_name})
        lines.append(_("on %(date)s") % {"date": french_date(timezone.localdate())})
        return pades.sign_pdf(
            data,
            block_text="\n".join(lines),
            reason=_("Minutes of the selection committee"),
            signer_name=service,
        )


# --------------------------------------------------------------------------------------------
# Dossier bundle for auditors
# --------------------------------------------------------------------------------------------
def safe_name(name: str, fallback: str = "fichier") -> str:
    """A file name that cannot climb out of its folder in the ZIP."""
    name = re.sub(r"[^\w.\- ()àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]", "_", name or "").strip(". ")
    return name[:150] or fallback


def bundle_context(application: Application) -> dict:
    from applications.wizard import SECTIONS

    application = (
        Application.objects.select_related("organisation__departement", "call", "admissibility__checked_by")
        .prefetch_related("themes", "departements", "budget_lines", "cofundings")
        .get(pk=application.pk)
    )
    sections = []
    for step in SECTIONS:
        rows = []
        for name in step.required_fields + tuple(
            f for f in OPTIONAL_FIELDS.get(step.key, ()) if f not in step.required_fields
        ):
            field = Application._meta.get_field(name)
            if field.many_to_many:
                value = ", ".join(str(item) for item in getattr(application, name).all())
            else:
                value = getattr(application, name)
            rows.append((field.verbose_name, value))
        sections.append((step.title, rows))
    reviews = list(
        Review.objects.filter(application=application)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )
    return {
        "application": application,
        "organisation": application.organisation,
        "call": application.call,
        "sections": sections,
        "budget_lines": list(application.budget_lines.all()),
        "cofundings": list(application.cofundings.all()),
        "admissibility": getattr(application, "admissibility", None),
        "reviews": reviews,
        "proposal": Proposal.objects.filter(application=application).first(),
        "decisions": list(Decision.objects.filter(application=application).order_by("version")),
        "requests": list(application.information_requests.order_by("created_at")),
        "messages": list(conversation.thread(application)),
        "generated_at": paris_time(timezone.now()),
    }


# Fields a section shows beyond those it requires.
OPTIONAL_FIELDS = {"workshops": ("interpreting",)}


def dossier_bundle(application: Application):
    """A ZIP (an open temporary file, at position 0) with everything an auditor needs."""
    context = bundle_context(application)
    application = context["application"]
    handle = tempfile.TemporaryFile()
    with translation.override(settings.LANGUAGE_CODE):
        content_pdf = html_to_pdf(render_to_string("pdf/dossier_content.html", context))
        review_pdf = html_to_pdf(render_to_string("pdf/dossier_review.html", context))
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dossier.pdf", content_pdf)
        archive.writestr("instruction.pdf", review_pdf)
        receipt = getattr(application, "receipt", None)
        if receipt is not None and receipt.file:
            with receipt.file.open("rb") as data:
                archive.writestr("attestation-de-depot.pdf", data.read())
        for decision in context["decisions"]:
            if decision.pdf:
                with decision.pdf.open("rb") as data:
                    archive.writestr(f"decisions/{download_name(decision)}", data.read())
        for index, attachment in enumerate(application.attachments.order_by("uploaded_at", "pk"), start=1):
            if attachment.message_id:
                folder = "messages/"  # files sent with the conversation's messages
            else:
                folder = "pieces/remplacees/" if attachment.superseded_at else "pieces/"
            with attachment.file.open("rb") as data:
                archive.writestr(f"{folder}{index:02d}-{safe_name(attachment.original_name)}", data.read())
        write_report_files(archive, application)
    handle.seek(0)
    return handle


REPORT_FOLDERS = {Report.Kind.INTERIM: "intermediaire", Report.Kind.FINAL: "final"}


def write_report_files(archive: zipfile.ZipFile, application: Application) -> None:
    """The supporting files of the grant's reports, those the carrier removed in their own folder."""
    files = ReportAttachment.objects.filter(report__grant__application=application).select_related("report")
    for index, attachment in enumerate(files.order_by("report__kind", "uploaded_at", "pk"), start=1):
        folder = f"comptes-rendus/{REPORT_FOLDERS.get(attachment.report.kind, attachment.report.kind)}/"
        if attachment.removed_at:
            folder += "retirees/"
        with attachment.file.open("rb") as data:
            archive.writestr(f"{folder}{index:02d}-{safe_name(attachment.original_name)}", data.read())
