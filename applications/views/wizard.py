"""The dossier wizard: start a dossier, fill its steps, upload its documents, submit it.

Views stay thin: forms validate, ``wizard.save_section`` saves under the dossier lock with the
version check, ``attachments`` stores files, ``submission`` submits.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ami_portal import security

from .. import attachments, submission, wizard
from ..formatting import paris_time
from ..forms_wizard import STEP_FORMS, DocumentUploadForm, SubmitForm, VersionForm
from ..models import Application, Attachment, Call
from .accounts import carrier_required
from .dossiers import carrier_applications, section_rows

S = Application.State


def step_url(application: Application, step: wizard.Step) -> str:
    return reverse("applications:step", kwargs={"public_id": application.public_id, "slug": step.slug})


def load_application(request, public_id, *, content: bool = False) -> Application:
    queryset = carrier_applications(request.user)
    queryset = wizard.with_content(queryset) if content else queryset.select_related("call", "organisation")
    return get_object_or_404(queryset.prefetch_related("information_requests"), public_id=public_id)


def stepper_context(application: Application, step: wizard.Step, statuses=None) -> dict:
    statuses = statuses if statuses is not None else wizard.dossier_status(application)
    return {
        "application": application,
        "call": application.call,
        "step": step,
        "step_count": wizard.STEP_COUNT,
        "next_step": wizard.next_step(step),
        "previous_step": wizard.previous_step(step),
        "statuses": statuses,
        "steps": [
            {
                "step": s,
                "url": step_url(application, s),
                "status": next((st for st in statuses if st.step.key == s.key), None),
                "current": s.key == step.key,
            }
            for s in wizard.STEPS
        ],
        "info_mode": application.state == S.INFO_REQUESTED,
    }


# --------------------------------------------------------------------------------------------
# Start
# --------------------------------------------------------------------------------------------
@carrier_required
def start(request, slug):
    call = get_object_or_404(Call.objects.public(), slug=slug)
    organisation = request.user.organisation
    drafts = carrier_applications(request.user).filter(call=call, state=S.DRAFT).order_by("-updated_at")
    closed_reason = submission.call_closed_reason(call, timezone.now())
    if request.method == "POST":
        try:
            application = wizard.start_draft(
                call=call,
                organisation=organisation,
                create=lambda: submission.start_application(call=call, organisation=organisation, user=request.user),
            )
        except (submission.CallNotOpen, wizard.TooManyDrafts) as refusal:
            messages.error(request, refusal.messages[0])
            return redirect("applications:start", slug=call.slug)
        messages.success(request, _("Your dossier is created. It is saved as a draft at every step."))
        return redirect(step_url(application, wizard.STEPS[0]))
    return render(
        request,
        "applications/wizard/start.html",
        {
            "call": call,
            "drafts": drafts,
            "closed_reason": closed_reason,
            "limit_reason": wizard.draft_limit_reason(call=call, organisation=organisation),
            "steps": wizard.STEPS,
        },
    )


# --------------------------------------------------------------------------------------------
# Steps 1 to 6
# --------------------------------------------------------------------------------------------
@carrier_required
def step(request, public_id, slug):
    current = wizard.BY_SLUG.get(slug)
    if current is None:
        raise Http404
    if current.key == "documents":
        return documents(request, public_id)
    if current.key == "summary":
        return summary(request, public_id)
    application = load_application(request, public_id, content=True)
    step_forms_class = STEP_FORMS[current.key]
    if current.key not in wizard.editable_sections(application):
        closed = wizard.draft_closed_reason(application)
        if closed is None or request.method == "POST":
            return _read_only(request, application, current)
        return _closed_draft_step(request, application, current, step_forms_class, closed)
    conflict = None
    notice = None
    if request.method == "POST":
        action = request.POST.get("action", "draft")
        forms = step_forms_class(current, application, request.POST, request.FILES)
        if forms.validate(strict=False):
            detailed = application.state != S.DRAFT

            def write():
                changes = forms.changes(detailed=detailed)
                forms.write(request.user)
                return changes

            try:
                wizard.save_section(
                    application=application,
                    section=current.key,
                    user=request.user,
                    expected_version=forms.expected_version,
                    write=write,
                )
            except wizard.VersionConflict as exc:
                conflict = exc.current
                # The carrier's input stays on screen; saving again now replaces the other version.
                forms.version_form = VersionForm({"version": conflict.version})
                forms.version_form.is_valid()
            except wizard.SectionNotEditable:
                return _read_only(request, application, current)
            else:
                saved_at = date_format(paris_time(timezone.now()), "H:i")
                if application.state != S.DRAFT:
                    messages.success(request, _("Your changes are saved (at %(time)s).") % {"time": saved_at})
                    return redirect(application.get_absolute_url())
                if action != "continue":
                    messages.success(request, _("Draft saved at %(time)s.") % {"time": saved_at})
                    return redirect(step_url(application, current))
                application = load_application(request, public_id, content=True)
                fresh = step_forms_class.from_saved(current, application)
                if fresh.validate(strict=True):
                    messages.success(request, _("Step saved at %(time)s.") % {"time": saved_at})
                    return redirect(step_url(application, wizard.next_step(current)))
                forms = fresh
                notice = _(
                    "Your input is saved (at %(time)s). Complete the fields below to go on, or come back later "
                    "through the list of steps."
                ) % {"time": saved_at}
    else:
        forms = step_forms_class(current, application)
    if forms.bound:
        # Validation wrote the typed values onto the instance: show the page around what is saved.
        application = load_application(request, public_id, content=True)
    context = stepper_context(application, current)
    context.update(
        {
            "forms": forms,
            "summary": forms.error_summary() if forms.bound else [],
            "conflict": conflict,
            "notice": notice,
            "template": f"applications/wizard/_step_{current.key}.html",
            "budget": _budget_totals(application) if current.key == "budget" else None,
        }
    )
    return render(request, "applications/wizard/step.html", context)


def _closed_draft_step(request, application, current, step_forms_class, reason):
    """The step of a draft whose call has closed: shown as saved, every field disabled, no button."""
    forms = step_forms_class(current, application)
    for form in forms._iter_forms():
        for field in form.fields.values():
            field.disabled = True
    context = stepper_context(application, current)
    context.update(
        {
            "forms": forms,
            "summary": [],
            "read_only": reason,
            "template": f"applications/wizard/_step_{current.key}.html",
            "budget": _budget_totals(application) if current.key == "budget" else None,
        }
    )
    return render(request, "applications/wizard/step.html", context)


def _read_only(request, application, step=None):
    if application.state == S.DRAFT:
        reason = wizard.draft_closed_reason(application)
        if reason is None:
            raise Http404
        # A save or an upload after the deadline: say why, then show the page read-only.
        messages.error(request, reason)
        return redirect(step_url(application, step or wizard.STEPS[0]))
    messages.info(
        request, _("This dossier has been submitted: it can no longer be changed, except what the ministry asks for.")
    )
    return redirect(application.get_absolute_url())


# --------------------------------------------------------------------------------------------
# Step 7: documents
# --------------------------------------------------------------------------------------------
def documents_context(request, application, upload_form=None) -> dict:
    step = wizard.BY_KEY["documents"]
    context = stepper_context(application, step)
    allowed = set() if wizard.draft_closed_reason(application) else wizard.editable_documents(application)
    current = {a.required_document_id: a for a in wizard.current_attachments_of(application)}
    history = {}
    for old in (
        Attachment.objects.filter(application=application, superseded_at__isnull=False)
        .select_related("uploaded_by")
        .order_by("-uploaded_at")
    ):
        history.setdefault(old.required_document_id, []).append(old)
    rows = []
    for document in application.call.required_documents.all():
        may_upload = allowed is None or document.pk in allowed
        form = None
        if may_upload:
            form = upload_form if upload_form is not None and upload_form.document.pk == document.pk else None
            form = form or DocumentUploadForm(document=document)
        rows.append(
            {
                "document": document,
                "current": current.get(document.pk),
                "history": history.get(document.pk, []),
                "form": form,
                "cap": attachments.size_cap(document),
            }
        )
    used = sum(a.size for a in current.values())
    context.update(
        {
            "rows": rows,
            "used": used,
            "total_cap": application.call.max_total_upload_size,
            "summary": (
                [
                    (upload_form["file"].auto_id, f"{upload_form.document.label} : {error}")
                    for error in upload_form.errors.get("file", [])
                ]
                if upload_form is not None
                else []
            ),
        }
    )
    return context


@carrier_required
def documents(request, public_id):
    application = load_application(request, public_id, content=True)
    closed = wizard.draft_closed_reason(application)
    if "documents" not in wizard.editable_sections(application) and closed is None:
        return _read_only(request, application)
    context = documents_context(request, application)
    context["read_only"] = closed
    return render(request, "applications/wizard/documents.html", context)


@carrier_required
@require_POST
def upload(request, public_id, document_id):
    application = load_application(request, public_id, content=True)
    if wizard.draft_closed_reason(application):
        return _read_only(request, application, wizard.BY_KEY["documents"])  # before reading the file
    document = get_object_or_404(application.call.required_documents.all(), pk=document_id)
    form = DocumentUploadForm(request.POST, request.FILES, document=document)
    if form.is_valid():
        try:
            attachment = attachments.store_attachment(
                application=application, document=document, uploaded=form.cleaned_data["file"], user=request.user
            )
        except attachments.UploadNotAllowed:
            return _read_only(request, application, wizard.BY_KEY["documents"])
        except ValidationError as refusal:
            form.add_error("file", refusal)
        else:
            messages.success(
                request,
                _("« %(document)s »: %(file)s is saved.")
                % {"document": document.label, "file": attachment.original_name},
            )
            return redirect(f"{step_url(application, wizard.BY_KEY['documents'])}#document-{document.pk}")
    application = load_application(request, public_id, content=True)
    return render(
        request, "applications/wizard/documents.html", documents_context(request, application, upload_form=form)
    )


@carrier_required
@require_POST
def remove_document(request, public_id, attachment_id):
    application = load_application(request, public_id)
    attachment = get_object_or_404(
        Attachment.objects.filter(application=application, superseded_at__isnull=True), public_id=attachment_id
    )
    if attachment.required_document and attachment.required_document.mandatory:
        raise Http404  # a mandatory document is replaced, not removed
    if wizard.draft_closed_reason(application):
        return _read_only(request, application, wizard.BY_KEY["documents"])
    try:
        attachments.remove_attachment(application=application, attachment=attachment, user=request.user)
    except attachments.UploadNotAllowed:
        return _read_only(request, application, wizard.BY_KEY["documents"])
    messages.success(request, _("The file %(file)s is removed from the dossier.") % {"file": attachment.original_name})
    return redirect(step_url(application, wizard.BY_KEY["documents"]))


# --------------------------------------------------------------------------------------------
# Step 8: summary and submission
# --------------------------------------------------------------------------------------------
def summary_context(application, form=None, refusal=None) -> dict:
    step = wizard.BY_KEY["summary"]
    statuses = wizard.dossier_status(application)
    context = stepper_context(application, step, statuses)
    sections = []
    for status in statuses:
        url = step_url(application, status.step)
        sections.append(
            {
                "status": status,
                "url": url,
                "missing": [(f"{url}#{m.anchor}" if m.anchor else url, m.message) for m in status.missing],
                "rows": section_rows(application, status.step),
            }
        )
    form = form or SubmitForm(initial={"version": application.version, "sworn_statement": application.sworn_statement})
    summary_entries = []
    if form.is_bound:
        summary_entries = [(f"id_{name}", e) for name, errors in form.errors.items() for e in errors]
    context.update(
        {
            "sections": sections,
            "complete": all(s.complete for s in statuses),
            "form": form,
            "refusal": refusal or [],
            "summary": summary_entries,
            "closed_reason": submission.call_closed_reason(application.call, timezone.now()),
            "budget": _budget_totals(application),
            "attachments": sorted(
                wizard.current_attachments_of(application),
                key=lambda a: a.required_document.position if a.required_document else 999,
            ),
        }
    )
    return context


def _budget_totals(application):
    lines = list(application.budget_lines.all())
    cofundings = list(application.cofundings.all())
    total = sum((line.amount for line in lines), 0)
    cofunding = sum((c.amount for c in cofundings), 0)
    return {
        "lines": lines,
        "cofundings": cofundings,
        "total": total,
        "cofunding": cofunding,
        "expected": total - cofunding,
    }


@carrier_required
def summary(request, public_id):
    application = load_application(request, public_id, content=True)
    if application.state != S.DRAFT:
        return redirect(application.get_absolute_url())
    return render(request, "applications/wizard/summary.html", summary_context(application))


@carrier_required
@require_POST
def submit(request, public_id):
    application = load_application(request, public_id, content=True)
    if application.state != S.DRAFT:
        messages.info(request, _("This dossier has already been submitted."))
        return redirect(application.get_absolute_url())
    form = SubmitForm(request.POST)
    refusal = None
    stale = False
    if form.is_valid():
        if form.cleaned_data["version"] != application.version:
            refusal = [
                _(
                    "The dossier was changed since you opened this page (by %(who)s). Check the summary below, "
                    "then submit again."
                )
                % {"who": application.last_edited_by or _("someone else")}
            ]
            form = SubmitForm(
                initial={"version": application.version, "sworn_statement": form.cleaned_data["sworn_statement"]}
            )
        else:
            try:
                submission.submit_application(
                    application=application,
                    user=request.user,
                    sworn_statement=True,
                    expected_version=form.cleaned_data["version"],
                    received_at=security.request_arrival(request),  # the deadline is judged at arrival
                )
            except (submission.SubmissionRefused, submission.CallNotOpen) as exc:
                refusal = exc.messages
                # Saved by a colleague while this request waited: show the new version to submit.
                stale = getattr(exc, "code", None) == "changed"
            except PermissionDenied:
                raise Http404 from None
            else:
                application.refresh_from_db()
                messages.success(
                    request,
                    _(
                        "Your dossier is submitted under the reference %(reference)s. The submission receipt is being "
                        "sent to you by email; you can also download it below."
                    )
                    % {"reference": application.reference},
                )
                return redirect(application.get_absolute_url())
    application = load_application(request, public_id, content=True)
    if stale:
        form = SubmitForm(initial={"version": application.version, "sworn_statement": True})
    return render(request, "applications/wizard/summary.html", summary_context(application, form, refusal))
