"""The carrier's side of the grant's follow-up: the convention to accept, payments, reports.

Every lookup goes through the carrier's own dossiers; anything else answers 404. Staff download a
report's supporting files through ``staff_report_file`` (under /gestion/), after the same checks
as for a dossier's files.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ami_portal.files import serve_private_file
from applications.filecheck import CONTENT_TYPES
from applications.views.accounts import carrier_required
from applications.views.dossiers import carrier_applications
from review import access
from review.staff_files import staff_verified

from . import conventions, reports
from .documents import indicator_targets
from .forms import AcceptConventionForm, ReportForm
from .models import Convention, Grant, Report, ReportAttachment


def carrier_grant(request, public_id) -> Grant:
    return get_object_or_404(
        Grant.objects.select_related("application__call", "application__organisation", "decision"),
        application__in=carrier_applications(request.user),
        application__public_id=public_id,
    )


def summary_of(form) -> list:
    """The error summary's links: each error points at its field (a form-wide error at nothing)."""
    if not form.is_bound:
        return []
    return [("" if name == "__all__" else f"id_{name}", e) for name, errors in form.errors.items() for e in errors]


@carrier_required
def grant_page(request, public_id):
    grant = carrier_grant(request, public_id)
    application = grant.application
    versions = list(grant.conventions.exclude(sent_at__isnull=True).order_by("-version"))  # what was sent to them
    withdrawn = conventions.award_withdrawn(grant)
    pending = None if withdrawn else next((v for v in versions if v.state == Convention.State.SENT), None)
    form = AcceptConventionForm(request.POST or None, initial={"sha256": pending.sha256 if pending else ""})
    if request.method == "POST":
        if pending is None:
            raise Http404
        if form.is_valid():
            try:
                conventions.accept_convention(convention=pending, user=request.user, sha256=form.cleaned_data["sha256"])
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                messages.success(request, _("You accepted the convention. The ministry will now sign it."))
                return redirect("grants:grant", public_id=application.public_id)
    context = {
        "grant": grant,
        "application": application,
        "call": application.call,
        "versions": versions,
        "pending": pending,
        "withdrawn": withdrawn,
        "statement": conventions.acceptance_statement(pending) if pending else "",
        "form": form,
        "summary": summary_of(form),
        "instalments": list(grant.instalments.all()),
        "reports": list(grant.reports.all()),
    }
    return render(request, "grants/grant.html", context)


@carrier_required
def convention_pdf(request, public_id, convention_id):
    grant = carrier_grant(request, public_id)
    convention = get_object_or_404(grant.conventions.exclude(state=Convention.State.DRAFT), pk=convention_id)
    file = convention.signed_pdf or convention.pdf
    try:
        return serve_private_file(file, download_name=f"{convention.reference}.pdf", content_type="application/pdf")
    except FileNotFoundError:
        raise Http404 from None


@carrier_required
def return_order_pdf(request, public_id):
    grant = carrier_grant(request, public_id)
    if not grant.return_order_pdf:
        raise Http404
    try:
        return serve_private_file(
            grant.return_order_pdf, download_name=f"{grant.return_order_reference}.pdf", content_type="application/pdf"
        )
    except FileNotFoundError:
        raise Http404 from None


def report_cells(application) -> list:
    targets = indicator_targets(application)
    return [(d, t) for d in targets["departements"] for t in targets["themes"]], targets


def carrier_report(request, public_id, report_id) -> tuple[Grant, Report]:
    grant = carrier_grant(request, public_id)
    return grant, get_object_or_404(Report.objects.filter(grant=grant), public_id=report_id)


def file_to_remove(request):
    """The supporting file the carrier asked to remove (its public id), or None; garbage answers 404."""
    value = request.POST.get("remove_file")
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def store_supporting_file(report: Report, user, form) -> bool:
    """Attach the file sent with the form, if any; a refused file is an error next to its field."""
    uploaded = form.cleaned_data.get("attachment")
    if not uploaded:
        return False
    try:
        reports.add_attachment(
            report=report, user=user, uploaded=uploaded, label=form.cleaned_data.get("attachment_label") or ""
        )
    except conventions.GrantRefused:
        raise
    except ValidationError as refusal:
        raise ValidationError({"attachment": refusal.messages}) from None
    return True


@carrier_required
def report(request, public_id, report_id):
    grant, item = carrier_report(request, public_id, report_id)
    application = grant.application
    lines = reports.prepare_lines(item)
    cells, targets = report_cells(application)
    editable = item.state in reports.EDITABLE and not conventions.award_withdrawn(grant)
    data = request.POST if request.method == "POST" and editable else None
    form = ReportForm(data, request.FILES if data is not None else None, instance=item, lines=lines, cells=cells)
    if data is not None and not form.is_valid() and request.FILES.get("attachment") and "attachment" not in form.errors:
        # A browser never keeps a chosen file: say so, next to the field, rather than lose it silently.
        form.add_error(
            "attachment",
            _("The file was not added because of the other errors: choose it again once they are corrected."),
        )
    if data is not None and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ReportForm.Meta.fields}
        fields["workshops"] = form.workshop_values()
        removing = file_to_remove(request)
        try:
            # What was typed is saved first: a refused file loses nothing of it.
            item = reports.save_draft(report=item, user=request.user, fields=fields, actuals=form.actuals())
            added = store_supporting_file(item, request.user, form)
            if removing is not None:
                reports.remove_attachment(report=item, attachment_id=removing, user=request.user)
            if "submit" in request.POST:
                reports.submit_report(report=item, user=request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict"):
                for name, errors in refusal.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, refusal)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Your report has been sent to the ministry."))
                return redirect("grants:grant", public_id=application.public_id)
            if added:
                messages.success(request, _("Your draft has been saved and the file added to the report."))
            elif removing is not None:
                messages.success(request, _("Your draft has been saved and the file removed from the report."))
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect("grants:report", public_id=application.public_id, report_id=item.public_id)
    context = {
        "grant": grant,
        "application": application,
        "call": application.call,
        "report": item,
        "form": form,
        "editable": editable,
        "summary": summary_of(form),
        "targets": targets,
        "cell_rows": [
            (d, [(t, form[f"workshops_{d.code}_{t.position}"]) for t in targets["themes"]])
            for d in targets["departements"]
        ],
        "events": list(item.events.select_related("actor")),
        "categories": {line.pk: reports.category_label(line) for line in lines},
        "attachments": list(reports.current_attachments(item)),
        "file_cap": application.call.max_file_size,
    }
    return render(request, "grants/report.html", context)


def serve_report_file(attachment: ReportAttachment):
    try:
        return serve_private_file(
            attachment.file,
            download_name=attachment.original_name,
            content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
        )
    except FileNotFoundError:
        raise Http404 from None


@carrier_required
def report_file(request, public_id, report_id, file_id):
    """The carrier downloads a supporting file still part of one of their reports."""
    _grant, item = carrier_report(request, public_id, report_id)
    return serve_report_file(get_object_or_404(reports.current_attachments(item), public_id=file_id))


def staff_report_file(request, file_id):
    """Staff who see every dossier (committee, officials, administrators) download a report's
    files — removed ones too, for the record. Anyone else, reviewers included, gets a 404."""
    user = request.user
    if not access.is_staff_member(user) or not staff_verified(user) or not access.sees_every_dossier(user):
        raise Http404
    return serve_report_file(get_object_or_404(ReportAttachment, public_id=file_id))


def verify_convention(request, code):
    """Public: what the convention itself states, and the fingerprints to compare a file with."""
    convention = (
        Convention.objects.select_related("grant__application__organisation", "grant__application__call")
        .filter(verification_code=code[:40])
        .exclude(state=Convention.State.DRAFT)
        .first()
    )
    if convention is None:
        raise Http404
    return render(request, "grants/verify.html", {"convention": convention, "grant": convention.grant})
