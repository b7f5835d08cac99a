"""Admin screens for the officials' part: the committee's proposals signed into decisions (after a
preview of the very PDFs), the decisions and their corrections, the background generations of the
PDFs, and the decision emails.

Thin screens over the domain (``decisions``, ``previews``, ``documents``, ``tasks``,
``decision_emails``); the role checks and helpers they share with the selection screen come from
``admin_selection``. Every page, action and download answers 404 to whoever may not see or do it.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.files import serve_private_file
from applications.formatting import format_euros
from applications.models import Call, OutgoingEmail

from . import decision_emails, decisions, documents, previews, tasks, waiting_list
from .admin_selection import (
    ReadOnlyAdmin,
    attach_domain_error,
    is_committee,
    is_official,
    may_see_decisions,
    may_see_selection,
    may_sign,
    require,
    signing_blockers,
    valid_decision,
)
from .forms_decisions import CorrectionForm, SignatureForm
from .models import Decision, DecisionEmail, DecisionPreview, GenerationJob, Proposal


# --------------------------------------------------------------------------------------------
# Proposals: officials validate them into decisions, one by one or in a batch
# --------------------------------------------------------------------------------------------
@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "organisation", "outcome_column", "amount_column", "waiting_rank", "decision_column"]
    list_filter = ["call", "outcome"]
    list_select_related = ["application__organisation"]
    search_fields = ["application__reference", "application__organisation__name"]
    list_per_page = 100
    actions = ["validate_proposals", "close_waiting_list"]

    def has_view_permission(self, request, obj=None):
        return may_see_selection(request.user)

    def has_module_permission(self, request):
        return may_see_selection(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_reference=valid_decision("reference"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_sign(request.user):
            actions.pop("validate_proposals", None)
        if not is_committee(request.user):
            actions.pop("close_waiting_list", None)
        return actions

    @admin.action(
        description=gettext_lazy("Close the waiting list of their call (propose to refuse every dossier on it)")
    )
    def close_waiting_list(self, request, queryset):
        """The refusals an official then signs record the closing (review.waiting_list)."""
        require(is_committee(request.user))
        closed = []
        for call in Call.objects.filter(pk__in=queryset.values("call_id")):
            closed += waiting_list.close_waiting_list(call=call, by=request.user)
        messages.success(
            request,
            _("%(count)d dossier(s) of the waiting list proposed for refusal: their decisions are to be signed.")
            % {"count": len(closed)},
        )

    @admin.display(description=gettext_lazy("dossier"), ordering="application__reference")
    def dossier(self, obj):
        return obj.application.reference

    @admin.display(description=gettext_lazy("organisation"))
    def organisation(self, obj):
        return obj.application.organisation.name

    @admin.display(description=gettext_lazy("proposed outcome"), ordering="outcome")
    def outcome_column(self, obj):
        return obj.get_outcome_display()

    @admin.display(description=gettext_lazy("awarded amount"))
    def amount_column(self, obj):
        return format_euros(obj.awarded_amount) if obj.awarded_amount else "—"

    @admin.display(description=gettext_lazy("decision"))
    def decision_column(self, obj):
        return obj.decision_reference or _("to be signed") if obj.outcome != Proposal.Outcome.WAITING else "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, unquote(object_id))
        return redirect(reverse("admin:review_selectioncall_change", args=[proposal.call_id]))

    def get_urls(self):
        return [
            path("apercu/<int:preview_id>/", self.wrap(self.preview_view), name="review_proposal_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, preview_id):
        """The previewed PDF, to the official who prepared it only (404 to anyone else)."""
        require(may_sign(request.user))
        preview = DecisionPreview.objects.filter(pk=preview_id, prepared_by=request.user).first()
        if preview is None:
            raise Http404
        return serve_private_file(
            preview.pdf, download_name=f"apercu-{preview.reference}.pdf", content_type="application/pdf"
        )

    @admin.action(description=gettext_lazy("Sign the decisions of the selected proposals"))
    def validate_proposals(self, request, queryset):
        """Two steps, as a signature requires: preview the very PDFs, then sign those documents."""
        require(may_sign(request.user))
        proposals = list(queryset.select_related("application__organisation").order_by("application__reference"))
        blockers = signing_blockers(proposals)
        if "preview" not in request.POST and "sign" not in request.POST:
            return self.render_signing(request, SignatureForm(user=request.user), proposals, blockers)
        form = SignatureForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_signing(request, form, proposals, blockers)
        if "preview" in request.POST:
            try:
                batch = previews.prepare_previews(proposals=proposals, signature=form.signature(), by=request.user)
            except ValidationError as error:
                form.add_domain_errors(error)
                return self.render_signing(request, form, proposals, blockers)
            return self.render_signing(request, form, proposals, blockers, batch=batch)
        chosen = previews.previews_to_sign(ids=request.POST.getlist("preview_id"), by=request.user)
        if not chosen:
            form.add_error(None, _("Preview the decisions and read them before signing."))
            return self.render_signing(request, form, proposals, blockers)
        signed = [proposal for proposal in proposals if proposal.application_id in chosen]
        try:
            result = decisions.validate_proposals(
                proposals=signed, signature=form.signature(), by=request.user, previews=chosen
            )
        except ValidationError as error:
            form.add_domain_errors(error)
            return self.render_signing(request, form, proposals, [])
        for application, reason in result.skipped:
            messages.warning(request, _("%(dossier)s: %(reason)s") % {"dossier": application, "reason": reason})
        if result.issued:
            for call in {d.call for d in result.issued}:
                tasks.start_generation(call=call, by=request.user)
            messages.success(
                request,
                _("%(count)d decision(s) signed: the documents you read; they are being sealed and stored.")
                % {"count": len(result.issued)},
            )
        return None

    def render_signing(self, request, form, proposals, blockers, batch=None):
        return self.render(
            request,
            "admin/selection/sign.html",
            {
                "form": form,
                "proposals": proposals,
                "blockers": blockers,
                "batch": batch,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "awards": sum(1 for p in proposals if p.outcome == Proposal.Outcome.SELECTED),
                "refusals": sum(1 for p in proposals if p.outcome == Proposal.Outcome.REJECTED),
                "waiting": sum(1 for p in proposals if p.outcome == Proposal.Outcome.WAITING),
            },
            title=_("Sign decisions"),
        )


# --------------------------------------------------------------------------------------------
# Decisions: read-only once issued; a correction issues a new version
# --------------------------------------------------------------------------------------------
@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "organisation",
        "kind",
        "amount_column",
        "status",
        "signed_at",
        "signatory_name",
        "pdf_column",
    ]
    list_filter = ["call", "status", "kind"]
    list_select_related = ["application__organisation"]
    search_fields = ["reference", "application__reference", "application__organisation__name"]
    list_per_page = 100

    def has_view_permission(self, request, obj=None):
        return may_see_decisions(request.user)

    def has_module_permission(self, request):
        return may_see_decisions(request.user)

    @admin.display(description=gettext_lazy("organisation"))
    def organisation(self, obj):
        return obj.application.organisation.name

    @admin.display(description=gettext_lazy("amount"), ordering="amount")
    def amount_column(self, obj):
        return format_euros(obj.amount) if obj.amount else "—"

    @admin.display(description=gettext_lazy("PDF"))
    def pdf_column(self, obj):
        return format_html(
            '<a href="{}" download>{}</a>',
            reverse("admin:review_decision_pdf", args=[obj.pk]),
            _("Download") if obj.sha256 else _("Generate and download"),
        )

    def get_urls(self):
        return [
            path("<path:object_id>/pdf/", self.wrap(self.pdf_view), name="review_decision_pdf"),
            path("<path:object_id>/correction/", self.wrap(self.correction_view), name="review_decision_correct"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = self.get_object(request, unquote(object_id))
        versions = list(
            Decision.objects.filter(application_id=decision.application_id)
            .order_by("version")
            .only("pk", "reference", "version", "status", "signed_at", "kind", "amount")
        )
        return self.render(
            request,
            "admin/selection/decision.html",
            {
                "decision": decision,
                "versions": versions,
                "verification_url": documents.verification_url(decision),
                "may_correct": may_sign(request.user) and decision.status == Decision.Status.ISSUED,
                "may_bundle": request.user.has_perm("applications.view_application"),
            },
            title=_("Decision %(reference)s") % {"reference": decision.reference},
            obj=decision,
        )

    def pdf_view(self, request, object_id):
        decision = self.get_object(request, unquote(object_id))
        decision = documents.attach_pdf(decision)
        return serve_private_file(
            decision.pdf, download_name=documents.download_name(decision), content_type="application/pdf"
        )

    def correction_view(self, request, object_id):
        decision = self.get_object(request, unquote(object_id))
        require(may_sign(request.user) and decision.status == Decision.Status.ISSUED)
        initial = {
            "outcome": Proposal.Outcome.SELECTED if decision.kind == Decision.Kind.AWARD else Proposal.Outcome.REJECTED,
            "awarded_amount": decision.amount,
            "assessment_summary": decision.assessment_summary,
            "signatory_role": decision.signatory_role,
            "delegation_reference": decision.delegation_reference,
        }
        preview = None
        if request.method == "POST":
            form = CorrectionForm(request.POST, user=request.user, initial=initial)
            if form.is_valid():
                data = form.cleaned_data
                correction = {
                    "outcome": data["outcome"],
                    "awarded_amount": data["awarded_amount"],
                    "amount_reason": data["amount_reason"],
                    "assessment_summary": data["assessment_summary"],
                    "correction_reason": data["correction_reason"],
                }
                try:
                    if "sign" in request.POST:
                        read = previews.correction_preview_to_sign(
                            preview_id=request.POST.get("preview_id"), decision=decision, by=request.user
                        )
                        if read is None:
                            raise decisions.DecisionRefused(
                                _("Preview the corrected decision and read it before signing."), code="not_previewed"
                            )
                        corrected = decisions.correct_decision(
                            decision=decision, signature=form.signature(), by=request.user, preview=read, **correction
                        )
                    else:
                        preview = previews.prepare_correction_preview(
                            decision=decision, signature=form.signature(), by=request.user, **correction
                        )
                except (ValidationError, PermissionDenied) as error:
                    if isinstance(error, PermissionDenied):
                        raise Http404 from error
                    attach_domain_error(form, error)
                else:
                    if preview is None:
                        documents.attach_pdf(corrected)
                        decision_emails.prepare_decision_emails(call=corrected.call)
                        messages.success(
                            request,
                            _("Decision %(new)s issued; it supersedes %(old)s. Its email draft is ready to be sent.")
                            % {"new": corrected.reference, "old": decision.reference},
                        )
                        return redirect(reverse("admin:review_decision_change", args=[corrected.pk]))
        else:
            form = CorrectionForm(user=request.user, initial=initial)
        return self.render(
            request,
            "admin/selection/correction.html",
            {"decision": decision, "form": form, "preview": preview},
            title=_("Correct decision %(reference)s") % {"reference": decision.reference},
            obj=decision,
        )


# --------------------------------------------------------------------------------------------
# Background generations
# --------------------------------------------------------------------------------------------
@admin.register(GenerationJob)
class GenerationJobAdmin(ReadOnlyAdmin):
    list_display = ["call", "status", "progress_column", "created_at", "finished_at", "zip_column", "problems"]
    list_filter = ["status"]
    list_select_related = ["call"]
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return may_see_decisions(request.user) and request.user.has_perm("review.view_generationjob")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=gettext_lazy("progress"))
    def progress_column(self, obj):
        return format_html(
            '<progress value="{}" max="{}">{}</progress> {}',
            obj.done,
            max(obj.total, 1),
            f"{obj.done}/{obj.total}",
            f"{obj.done}/{obj.total}",
        )

    @admin.display(description=gettext_lazy("archive"))
    def zip_column(self, obj):
        if not obj.zip_file:
            return "—"
        return format_html(
            '<a href="{}" download>{}</a>', reverse("admin:review_generationjob_zip", args=[obj.pk]), _("ZIP")
        )

    @admin.display(description=gettext_lazy("failures"))
    def problems(self, obj):
        return obj.error.count("\n") + 1 if obj.error else 0

    def get_urls(self):
        return [
            path("<path:object_id>/archive.zip", self.wrap(self.zip_view), name="review_generationjob_zip"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, unquote(object_id))
        return self.render(
            request,
            "admin/selection/job.html",
            {"job": job, "running": job.status in (GenerationJob.Status.QUEUED, GenerationJob.Status.RUNNING)},
            title=_("Generation of the decisions — %(call)s") % {"call": job.call.title},
            obj=job,
        )

    def zip_view(self, request, object_id):
        job = self.get_object(request, unquote(object_id))
        if not job.zip_file:
            raise Http404
        return serve_private_file(
            job.zip_file, download_name=f"decisions-{job.call.slug}.zip", content_type="application/zip"
        )


# --------------------------------------------------------------------------------------------
# Decision emails: read, then send in one action
# --------------------------------------------------------------------------------------------
class DecisionKindFilter(admin.SimpleListFilter):
    title = gettext_lazy("kind")
    parameter_name = "nature"

    def lookups(self, request, model_admin):
        return [
            *((kind, Decision.Kind(decision_kind).label) for decision_kind, kind in decision_emails.KINDS.items()),
            (decision_emails.WAITING_LIST, Proposal.Outcome.WAITING.label),
        ]

    def queryset(self, request, queryset):
        if self.value() in decision_emails.EMAIL_KINDS:
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(DecisionEmail)
class DecisionEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "attachment_column", "status", "sent_at", "error"]
    list_filter = ["status", DecisionKindFilter]
    search_fields = ["to", "subject", "application__reference"]
    list_per_page = 100
    actions = ["send_drafts", "retry_failed"]
    change_list_template = "admin/selection/email_list.html"

    def has_view_permission(self, request, obj=None):
        return is_official(request.user) and request.user.has_perm("applications.view_outgoingemail")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def may_send(self, request) -> bool:
        return is_official(request.user) and request.user.has_perm("applications.change_outgoingemail")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=decision_emails.EMAIL_KINDS)

    @admin.display(description=gettext_lazy("attachment"))
    def attachment_column(self, obj):
        return obj.attachment_name or "—"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.may_send(request):
            actions.pop("send_drafts", None)
            actions.pop("retry_failed", None)
        return actions

    def get_urls(self):
        return [
            path("<path:object_id>/envoyer/", self.wrap(self.send_view), name="review_decisionemail_send"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        progress = decision_emails.sending_progress(self.get_queryset(request))
        extra = {"progress": progress, "sending": progress.queued > 0, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        email = self.get_object(request, unquote(object_id))
        decision = (
            Decision.objects.filter(pdf=email.attachment_path).only("pk").first() if email.attachment_path else None
        )
        return self.render(
            request,
            "admin/selection/email.html",
            {
                "email": email,
                "is_draft": email.status == OutgoingEmail.Status.DRAFT,
                "is_failed": email.status == OutgoingEmail.Status.FAILED,
                "may_send": self.may_send(request),
                "decision": decision,
            },
            title=email.subject,
            obj=email,
        )

    def send_view(self, request, object_id):
        """Send (or send again) the one email the official has just read."""
        require(request.method == "POST" and self.may_send(request))
        email = self.get_object(request, unquote(object_id))
        one = self.get_queryset(request).filter(pk=email.pk)
        if email.status == OutgoingEmail.Status.FAILED:
            self.report(request, *decision_emails.retry_failed(emails=one, by=request.user))
        else:
            self.report(request, *decision_emails.send_drafts(emails=one, by=request.user))
        return redirect(reverse("admin:review_decisionemail_change", args=[email.pk]))

    def report(self, request, queued, withheld):
        if queued:
            messages.success(request, _("%(count)d email(s) queued for sending.") % {"count": queued})
        if withheld:
            messages.warning(
                request,
                _(
                    "%(count)d email(s) not sent: they are no longer true (a superseded decision, a dossier off the list)."
                )
                % {"count": withheld},
            )
        if not queued and not withheld:
            messages.info(request, _("Nothing to send: only drafts are sent, and failed emails sent again."))

    @admin.action(description=gettext_lazy("Send the selected drafts"))
    def send_drafts(self, request, queryset):
        require(self.may_send(request))
        self.report(request, *decision_emails.send_drafts(emails=queryset, by=request.user))
        return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=gettext_lazy("Send the selected failed emails again"))
    def retry_failed(self, request, queryset):
        require(self.may_send(request))
        self.report(request, *decision_emails.retry_failed(emails=queryset, by=request.user))
        return HttpResponseRedirect(request.get_full_path())
