"""The carrier's dossiers: « Mes dossiers », a dossier's page, its files, receipt and decisions,
and what the carrier does after submission (answers, messages, withdrawal)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ami_portal.files import serve_private_file

from .. import conversation, filecheck, followup, wizard, workflow
from ..formatting import format_euros
from ..forms import OrganisationForm
from ..forms_followup import AnswerForm, MessageForm, WithdrawForm
from ..forms_steps import AmbassadricesForm, ProjectForm, ToolkitForm, WorkshopsForm
from ..models import Application, Attachment, InformationRequest, Organisation
from ..staff_side import staff_side
from .accounts import carrier_required

S = Application.State
PAGE_SIZE = 20


def carrier_applications(user):
    """The dossiers ``user`` may see as a carrier: those of their organisation, nothing else."""
    if not user.is_authenticated or not user.organisation_id:
        return Application.objects.none()
    return Application.objects.filter(organisation_id=user.organisation_id)


def issued_decisions():
    return staff_side().issued_decisions()


# --------------------------------------------------------------------------------------------
# Showing a dossier's content
# --------------------------------------------------------------------------------------------
def _display(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return value


def _label(form_class, model, name):
    labels = getattr(form_class.Meta, "labels", {}) if form_class else {}
    return capfirst(str(labels.get(name) or model._meta.get_field(name).verbose_name))


def section_rows(application: Application, step: wizard.Step) -> list[tuple[str, str, list | None]]:
    """(label, text, items) showing what a section holds; ``items`` lists several values."""
    if step.key == "organisation":
        organisation = application.organisation
        rows = []
        for name in OrganisationForm._meta.fields:
            value = getattr(organisation, name)
            if name == "legal_form":
                value = organisation.get_legal_form_display()
            elif name == "annual_budget":
                value = format_euros(value)
            elif name == "departement":
                value = str(organisation.departement)
            rows.append((_label(OrganisationForm, Organisation, name), _display(value), None))
        return rows
    forms_by_key = {
        "project": ProjectForm,
        "toolkit": ToolkitForm,
        "ambassadrices": AmbassadricesForm,
        "workshops": WorkshopsForm,
    }
    form_class = forms_by_key.get(step.key)
    if form_class is None:
        return []
    rows = []
    for name in form_class._meta.fields:
        label = _label(form_class, Application, name)
        if name == "themes":
            items = [f"{t.position}. {t.title}" for t in sorted(application.themes.all(), key=lambda t: t.position)]
            rows.append((label, "", items))
        elif name == "departements":
            items = [str(d) for d in sorted(application.departements.all(), key=lambda d: d.code)]
            rows.append((label, "", items))
        else:
            rows.append((label, _display(getattr(application, name)), None))
    return rows


# --------------------------------------------------------------------------------------------
# « Mes dossiers »
# --------------------------------------------------------------------------------------------
@carrier_required
def my_applications(request):
    queryset = (
        carrier_applications(request.user)
        .select_related("call", "receipt")
        .annotate(
            message_count=Count("messages", distinct=True),
            unread_messages=conversation.unread_staff_messages(),
            open_request_count=Count(
                "information_requests", filter=Q(information_requests__answered_at__isnull=True), distinct=True
            ),
        )
        .prefetch_related(Prefetch("decisions", queryset=issued_decisions(), to_attr="valid_decisions"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/my_applications.html",
        {"page": page, "applications": page.object_list, "organisation": request.user.organisation},
    )


# --------------------------------------------------------------------------------------------
# A dossier's page
# --------------------------------------------------------------------------------------------
def load(request, public_id):
    return get_object_or_404(
        wizard.with_content(carrier_applications(request.user)).prefetch_related(
            Prefetch("messages", queryset=conversation.thread_messages()),
            Prefetch(
                "information_requests",
                queryset=InformationRequest.objects.prefetch_related("documents").order_by("-created_at"),
            ),
            Prefetch("decisions", queryset=issued_decisions(), to_attr="valid_decisions"),
        ),
        public_id=public_id,
    )


def detail_context(request, application, **extra) -> dict:
    statuses = wizard.dossier_status(application)
    step_urls = {s.key: _step_url(application, s) for s in wizard.STEPS}
    sections = [
        {"status": status, "rows": section_rows(application, status.step), "url": step_urls[status.step.key]}
        for status in statuses
    ]
    editable = wizard.editable_sections(application) if application.state == S.INFO_REQUESTED else set()
    lines = list(application.budget_lines.all())
    cofundings = list(application.cofundings.all())
    context = {
        "application": application,
        "call": application.call,
        "sections": sections,
        "statuses": statuses,
        "complete": all(s.complete for s in statuses),
        "editable": editable,
        "requests": list(application.information_requests.all()),
        "messages_list": list(application.messages.all()),
        "decisions": application.valid_decisions,
        "can_withdraw": workflow.can_transition(application, S.WITHDRAWN, request.user),
        "can_message": conversation.may_write(request.user, application),
        "message_form": MessageForm(),
        "budget": {
            "lines": lines,
            "cofundings": cofundings,
            "total": sum((line.amount for line in lines), 0),
            "cofunding": sum((c.amount for c in cofundings), 0),
        },
        "attachments": sorted(
            wizard.current_attachments_of(application),
            key=lambda a: a.required_document.position if a.required_document else 999,
        ),
        "receipt": getattr(application, "receipt", None),
        "first_incomplete": next((step_urls[s.step.key] for s in statuses if not s.complete), step_urls["summary"]),
        "step_urls": step_urls,
    }
    context.update(extra)
    return context


def _step_url(application, step):
    from django.urls import reverse

    return reverse("applications:step", kwargs={"public_id": application.public_id, "slug": step.slug})


@carrier_required
def application_detail(request, public_id):
    application = load(request, public_id)
    response = render(request, "applications/application_detail.html", detail_context(request, application))
    # Shown as new on this page, read from now on.
    conversation.mark_read(application=application, user=request.user)
    return response


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------
@carrier_required
def attachment_download(request, public_id, attachment_id):
    attachment = get_object_or_404(
        Attachment.objects.filter(application__in=carrier_applications(request.user)),
        application__public_id=public_id,
        public_id=attachment_id,
    )
    try:
        return serve_private_file(
            attachment.file,
            download_name=attachment.original_name,
            content_type=filecheck.CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
        )
    except FileNotFoundError:
        raise Http404 from None


@carrier_required
def receipt_download(request, public_id):
    from ..receipts import receipt_download_name, receipt_with_pdf

    application = get_object_or_404(
        carrier_applications(request.user).select_related("receipt"), public_id=public_id, receipt__isnull=False
    )
    receipt = receipt_with_pdf(application.receipt)  # rendered now if the submission could not
    try:
        return serve_private_file(
            receipt.file, download_name=receipt_download_name(application), content_type="application/pdf"
        )
    except FileNotFoundError:
        raise Http404 from None


@carrier_required
def decision_download(request, public_id, decision_id):
    decision = get_object_or_404(
        issued_decisions().filter(application__in=carrier_applications(request.user)),
        application__public_id=public_id,
        pk=decision_id,
    )
    if not decision.pdf:
        raise Http404
    try:
        return serve_private_file(
            decision.pdf, download_name=f"{decision.reference}.pdf", content_type="application/pdf"
        )
    except FileNotFoundError:
        raise Http404 from None


# --------------------------------------------------------------------------------------------
# After submission
# --------------------------------------------------------------------------------------------
@carrier_required
def information_request(request, public_id, request_id):
    application = load(request, public_id)
    info_request = get_object_or_404(InformationRequest, application=application, pk=request_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if info_request.answered_at is not None or application.state != S.INFO_REQUESTED:
            messages.info(request, _("This request has already been answered."))
            return redirect(application.get_absolute_url())
        if form.is_valid():
            try:
                followup.answer_information_request(
                    request=info_request, user=request.user, answer=form.cleaned_data["answer"]
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Your answer has been sent to the ministry."))
                return redirect(application.get_absolute_url())
    context = detail_context(
        request,
        application,
        info_request=info_request,
        answer_form=form,
        summary=[(f"id_{name}", e) for name, errors in form.errors.items() for e in errors] if form.is_bound else [],
    )
    return render(request, "applications/information_request.html", context)


@carrier_required
def withdraw(request, public_id):
    application = load(request, public_id)
    if not workflow.can_transition(application, S.WITHDRAWN, request.user):
        messages.info(request, _("This dossier can no longer be withdrawn."))
        return redirect(application.get_absolute_url())
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followup.withdraw_application(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your dossier is withdrawn."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "applications/withdraw.html",
        {
            "application": application,
            "form": form,
            "summary": [(f"id_{name}", e) for name, errors in form.errors.items() for e in errors]
            if form.is_bound
            else [],
        },
    )


@carrier_required
@require_POST
def send_message(request, public_id):
    application = load(request, public_id)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            conversation.send_message(
                application=application,
                user=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect(f"{application.get_absolute_url()}#messages")
    return render(
        request,
        "applications/application_detail.html",
        detail_context(
            request,
            application,
            message_form=form,
            summary=[(f"id_{name}", e) for name, errors in form.errors.items() for e in errors],
        ),
    )
