"""Admin screens for the committee's selection, decisions, their documents, emails and exports.

Thin screens over the domain: ``selection`` (proposals under the envelope and the cap),
``decisions`` (signing and correcting), ``documents``, ``tasks``, ``exports``, ``scdl`` and
``decision_emails``. Every list is annotated in SQL (its number of queries does not depend on its
number of rows); every page, action and download checks the person's role and permission, and
answers 404 when they may not see or do it.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.files import attachment_disposition, serve_private_file
from applications import roles, selection_methods
from applications.formatting import format_euros
from applications.models import Application, Call, OutgoingEmail

from . import access, decision_emails, decisions, documents, exports, reasons, scdl, selection, tasks
from .admin_review import NotFoundWhenForbidden
from .forms_decisions import NO_PROPOSAL, CorrectionForm, SignatureForm
from .forms_selection import SelectionProposalForm
from .models import Decision, DecisionEmail, GenerationJob, Proposal, SelectionCall

S = Application.State
PER_PAGE = 50
# Which form field a refused rule concerns, so that the error sits next to it.
RULE_FIELDS = {
    "amount": "awarded_amount",
    "reason_required": "amount_reason",
    "summary_required": "assessment_summary",
    "below_minimum": "below_minimum_reason",
}


def is_committee(user) -> bool:
    return roles.COMMITTEE in roles.staff_roles(user)


def is_official(user) -> bool:
    return roles.OFFICIAL in roles.staff_roles(user)


def may_see_selection(user) -> bool:
    return access.sees_every_dossier(user) and user.has_perm("review.view_proposal")


def may_see_decisions(user) -> bool:
    return access.sees_every_dossier(user) and user.has_perm("review.view_decision")


def may_sign(user) -> bool:
    return is_official(user) and user.has_perm("review.add_decision")


def require(condition: bool) -> None:
    if not condition:
        raise Http404


def attach_domain_error(form, error: ValidationError) -> None:
    field = RULE_FIELDS.get(getattr(error, "code", None))
    if field and field in form.fields:
        form.add_error(field, error.messages)
        form.describe_fields()
    else:
        form.add_domain_errors(error)


def valid_decision(field: str) -> Subquery:
    return Subquery(
        Decision.objects.filter(application=OuterRef("application_id"), status=Decision.Status.ISSUED).values(field)[:1]
    )


class ReadOnlyAdmin(NotFoundWhenForbidden, admin.ModelAdmin):
    """Records change only through domain functions, never through the admin's generic forms."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Custom pages look their object up here: whoever may not view the model finds nothing.
        if not self.has_view_permission(request):
            return self.model.objects.none()
        return super().get_queryset(request)


# --------------------------------------------------------------------------------------------
# The selection screen of a call
# --------------------------------------------------------------------------------------------
@admin.register(SelectionCall)
class SelectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "envelope_column", "awarded_column", "selected_column", "selection_link"]
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return may_see_selection(request.user)

    def has_module_permission(self, request):
        return may_see_selection(request.user)

    def get_queryset(self, request):
        counted = (
            Proposal.objects.filter(call=OuterRef("pk"), outcome=Proposal.Outcome.SELECTED)
            .exclude(application__state=S.WITHDRAWN)
            .order_by()
            .values("call")
        )
        return (
            super()
            .get_queryset(request)
            .exclude(status=Call.Status.DRAFT)
            .annotate(
                awarded=Coalesce(Subquery(counted.annotate(total=Sum("awarded_amount")).values("total")), Decimal("0")),
                selected=Coalesce(
                    Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
                ),
            )
        )

    @admin.display(description=gettext_lazy("budget envelope"))
    def envelope_column(self, obj):
        return format_euros(obj.budget_envelope)

    @admin.display(description=gettext_lazy("awarded"))
    def awarded_column(self, obj):
        return format_euros(obj.awarded)

    @admin.display(description=gettext_lazy("selected / allowed"))
    def selected_column(self, obj):
        return f"{obj.selected} / {obj.max_selected}"

    @admin.display(description=gettext_lazy("selection"))
    def selection_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:review_selectioncall_change", args=[obj.pk]), _("Open the selection")
        )

    def get_urls(self):
        name = "review_selectioncall"
        return [
            path(
                "<path:object_id>/dossiers/<int:application_id>/proposition/",
                self.wrap(self.proposal_view),
                name=f"{name}_proposal",
            ),
            path(
                "<path:object_id>/dossiers/<int:application_id>/archive.zip",
                self.wrap(self.bundle_view),
                name=f"{name}_bundle",
            ),
            path("<path:object_id>/promotion/", self.wrap(self.promote_view), name=f"{name}_promote"),
            path("<path:object_id>/generation/", self.wrap(self.generate_view), name=f"{name}_generate"),
            path("<path:object_id>/resultats.csv", self.wrap(self.csv_view), name=f"{name}_csv"),
            path("<path:object_id>/resultats.xlsx", self.wrap(self.xlsx_view), name=f"{name}_xlsx"),
            path("<path:object_id>/proces-verbal.pdf", self.wrap(self.report_view), name=f"{name}_report"),
            path("<path:object_id>/scdl-subventions.csv", self.wrap(self.scdl_view), name=f"{name}_scdl"),
            *super().get_urls(),
        ]

    def selection_url(self, call, page=None):
        url = reverse("admin:review_selectioncall_change", args=[call.pk])
        return f"{url}?page={page}" if page else url

    def change_view(self, request, object_id, form_url="", extra_context=None):
        call = self.get_object(request, unquote(object_id))
        ranked = selection.ranked_dossiers(call).annotate(
            decision_reference=Subquery(
                Decision.objects.filter(application=OuterRef("pk"), status=Decision.Status.ISSUED).values("reference")[
                    :1
                ]
            )
        )
        page = Paginator(ranked, PER_PAGE).get_page(request.GET.get("page") or 1)
        report = selection.suggest(call)
        methods = suggestion_columns(call, report)
        not_admissible = Application.objects.filter(call=call, state=S.INADMISSIBLE).select_related(
            "organisation", "proposal"
        )
        committee = list(
            selection.counted_selection(call)
            .select_related("application__organisation")
            .order_by("application__reference")
        )
        return self.render(
            request,
            "admin/selection/selection.html",
            {
                "call": call,
                "page": page,
                "page_range": page.paginator.get_elided_page_range(page.number),
                "gauge": selection.gauge(call),
                "report": report,
                "methods": methods,
                "suggested_ids": {method.method: set(method.suggestion.keys) for method in report.by_method},
                "committee": committee,
                "not_admissible": list(not_admissible.order_by("reference")[:PER_PAGE]),
                "not_admissible_count": not_admissible.count(),
                "waiting": list(selection.waiting_list(call)),
                "outcome_counts": dict(
                    Proposal.objects.filter(call=call).values_list("outcome").annotate(n=Count("pk")).order_by()
                ),
                "job": GenerationJob.objects.filter(call=call).first(),
                "may_propose": is_committee(request.user) and request.user.has_perm("review.change_proposal"),
                "may_sign": may_sign(request.user),
                "signing_blockers": signing_blockers_of([call]) if may_sign(request.user) else [],
                "may_generate": is_official(request.user) and request.user.has_perm("review.add_generationjob"),
                "may_see_decisions": may_see_decisions(request.user),
            },
            title=_("Selection — %(call)s") % {"call": call.title},
            obj=call,
        )

    def proposal_view(self, request, object_id, application_id):
        call = self.get_object(request, unquote(object_id))
        require(is_committee(request.user) and request.user.has_perm("review.change_proposal"))
        dossier = selection.ranked_dossiers(call).filter(pk=application_id).first()
        if dossier is not None:
            # Filtered on one dossier, the window numbers that dossier alone: read its place in the whole ranking.
            dossier.rank = selection.rank_of(call, dossier.pk)
        if dossier is None:
            # A dossier found not admissible is not ranked, but it is refused through a proposal too.
            dossier = (
                Application.objects.filter(call=call, state=S.INADMISSIBLE, pk=application_id)
                .select_related("organisation", "admissibility")
                .first()
            )
        if dossier is None:
            raise Http404
        proposal = Proposal.objects.filter(application=dossier).first()
        below_minimum = is_below_minimum(call, dossier)
        if request.method == "POST":
            form = SelectionProposalForm(request.POST, proposal=proposal, below_minimum=below_minimum)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    if data["outcome"] == NO_PROPOSAL:
                        selection.remove_proposal(application=dossier, by=request.user)
                    else:
                        selection.propose(
                            application=dossier,
                            outcome=data["outcome"],
                            awarded_amount=data["awarded_amount"],
                            amount_reason=data["amount_reason"],
                            waiting_rank=data["waiting_rank"],
                            assessment_summary=data["assessment_summary"],
                            below_minimum_reason=data.get("below_minimum_reason", ""),
                            by=request.user,
                        )
                except ValidationError as error:
                    attach_domain_error(form, error)
                else:
                    messages.success(request, _("Proposal for %(dossier)s saved.") % {"dossier": dossier.reference})
                    return redirect(self.selection_url(call, request.POST.get("page")))
        else:
            form = SelectionProposalForm(
                proposal=proposal, initial=inadmissible_initial(dossier, proposal), below_minimum=below_minimum
            )
        others = (
            selection.counted_selection(call)
            .exclude(application=dossier)
            .aggregate(n=Count("pk"), total=Sum("awarded_amount"))
        )
        return self.render(
            request,
            "admin/selection/proposal.html",
            {
                "call": call,
                "dossier": dossier,
                "proposal": proposal,
                "form": form,
                "gauge": selection.gauge(call),
                "below_minimum": below_minimum,
                "others_awarded": others["total"] or Decimal("0"),
                "others_selected": others["n"],
                "page_number": request.GET.get("page") or request.POST.get("page") or "",
            },
            title=_("Proposal for %(dossier)s") % {"dossier": dossier.reference},
            obj=call,
        )

    def promote_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        require(request.method == "POST" and is_committee(request.user))
        promotion = selection.promote_from_waiting_list(call=call, by=request.user)
        (messages.success if promotion.proposal else messages.warning)(request, promotion.message)
        return redirect(self.selection_url(call))

    def generate_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        require(request.method == "POST" and is_official(request.user))
        require(request.user.has_perm("review.add_generationjob"))
        job = tasks.start_generation(call=call, by=request.user)
        messages.success(
            request,
            _("Generation of the decision PDFs started (%(done)d of %(total)d done).")
            % {"done": job.done, "total": job.total},
        )
        return redirect(reverse("admin:review_generationjob_change", args=[job.pk]))

    def csv_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        response = StreamingHttpResponse(exports.outcomes_csv(call), content_type="text/csv; charset=utf-8")
        return downloadable(response, f"resultats-{call.slug}.csv")

    def xlsx_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        response = HttpResponse(
            exports.outcomes_xlsx(call),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return downloadable(response, f"resultats-{call.slug}.xlsx")

    def report_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        response = HttpResponse(exports.committee_report_pdf(call), content_type="application/pdf")
        return downloadable(response, f"proces-verbal-{call.slug}.pdf")

    def scdl_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        require(may_see_decisions(request.user))
        try:
            text = scdl.scdl_csv(call)
        except scdl.ScdlNotReady as problem:
            messages.error(request, str(problem))
            return redirect(self.selection_url(call))
        return downloadable(HttpResponse(text, content_type="text/csv; charset=utf-8"), f"subventions-{call.slug}.csv")

    def bundle_view(self, request, object_id, application_id):
        call = self.get_object(request, unquote(object_id))
        require(may_see_decisions(request.user) and request.user.has_perm("applications.view_application"))
        application = access.visible_applications(request.user).filter(call=call, pk=application_id).first()
        if application is None:
            raise Http404
        handle = exports.dossier_bundle(application)
        response = FileResponse(handle, content_type="application/zip")
        return downloadable(response, f"dossier-{application.reference}.zip")


def suggestion_columns(call: Call, report: selection.SuggestionReport) -> list[dict]:
    """Each method's suggestion with its dossiers read in one query, the call's method first, and
    what each one keeps that the other does not."""
    keys = {key for method in report.by_method for key in method.suggestion.keys}
    keys |= {c.key for method in report.by_method for c in method.comparison.committee_only}
    dossiers = Application.objects.filter(pk__in=keys).select_related("organisation").in_bulk()
    chosen_by = {method.method: set(method.suggestion.keys) for method in report.by_method}

    def rows(candidates):
        return [(dossiers[c.key], c) for c in candidates if c.key in dossiers]

    columns = []
    for method in sorted(report.by_method, key=lambda m: not m.is_the_calls):
        other = set().union(*(chosen for name, chosen in chosen_by.items() if name != method.method))
        columns.append(
            {
                "method": method,
                "paragraph": selection_methods.method_paragraph(call, method.method),
                "dossiers": rows(method.suggestion.chosen),
                "only_here": rows(c for c in method.suggestion.chosen if c.key not in other),
                "suggested_only": rows(method.comparison.suggested_only),
                "committee_only": rows(method.comparison.committee_only),
            }
        )
    return columns


def is_below_minimum(call: Call, dossier: Application) -> bool:
    """Whether selecting this ranked dossier needs the reason the minimum score asks for."""
    if not call.minimum_score or dossier.state == S.INADMISSIBLE:
        return False
    score = selection.quantize_score(getattr(dossier, "score", None))
    return score is None or score < call.minimum_score


def inadmissible_initial(dossier: Application, proposal: Proposal | None) -> dict:
    """For a dossier found not admissible: a rejection, summarised by the admissibility reasons."""
    if proposal is not None or dossier.state != S.INADMISSIBLE:
        return {}
    check = getattr(dossier, "admissibility", None)
    # French whatever the staff member's language: the letter quotes it.
    return {
        "outcome": Proposal.Outcome.REJECTED,
        "assessment_summary": reasons.inadmissibility_summary(check, application=dossier),
    }


def signing_blockers(proposals) -> list[str]:
    """Why the decisions of these proposals' calls cannot be signed yet (empty when they can)."""
    return signing_blockers_of(Call.objects.filter(pk__in={proposal.call_id for proposal in proposals}).order_by("pk"))


def signing_blockers_of(calls) -> list[str]:
    blockers = []
    for call in calls:
        try:
            decisions.check_call_signable(call)
        except ValidationError as error:
            blockers += error.messages
    return blockers


def downloadable(response, name: str):
    response["Content-Disposition"] = attachment_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


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
    actions = ["validate_proposals"]

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
        return actions

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

    @admin.action(description=gettext_lazy("Sign the decisions of the selected proposals"))
    def validate_proposals(self, request, queryset):
        require(may_sign(request.user))
        proposals = list(queryset.select_related("application__organisation").order_by("application__reference"))
        blockers = signing_blockers(proposals)
        if "sign" in request.POST:
            form = SignatureForm(request.POST, user=request.user)
            if form.is_valid():
                try:
                    result = decisions.validate_proposals(
                        proposals=proposals, signature=form.signature(), by=request.user
                    )
                except ValidationError as error:
                    form.add_domain_errors(error)
                    blockers = []
                    return self.render_signing(request, form, proposals, blockers)
                for application, reason in result.skipped:
                    messages.warning(request, _("%(dossier)s: %(reason)s") % {"dossier": application, "reason": reason})
                if result.issued:
                    for call in {d.call for d in result.issued}:
                        tasks.start_generation(call=call, by=request.user)
                    messages.success(
                        request,
                        _("%(count)d decision(s) signed; their PDFs are being generated.")
                        % {"count": len(result.issued)},
                    )
                return None
        else:
            form = SignatureForm(user=request.user)
        return self.render_signing(request, form, proposals, blockers)

    def render_signing(self, request, form, proposals, blockers):
        return self.render(
            request,
            "admin/selection/sign.html",
            {
                "form": form,
                "proposals": proposals,
                "blockers": blockers,
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
        if request.method == "POST":
            form = CorrectionForm(request.POST, user=request.user, initial=initial)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    corrected = decisions.correct_decision(
                        decision=decision,
                        outcome=data["outcome"],
                        awarded_amount=data["awarded_amount"],
                        amount_reason=data["amount_reason"],
                        assessment_summary=data["assessment_summary"],
                        correction_reason=data["correction_reason"],
                        signature=form.signature(),
                        by=request.user,
                    )
                except (ValidationError, PermissionDenied) as error:
                    if isinstance(error, PermissionDenied):
                        raise Http404 from error
                    attach_domain_error(form, error)
                else:
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
            {"decision": decision, "form": form},
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
        return [(kind, Decision.Kind(decision_kind).label) for decision_kind, kind in decision_emails.KINDS.items()]

    def queryset(self, request, queryset):
        if self.value() in decision_emails.KINDS.values():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(DecisionEmail)
class DecisionEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "attachment_column", "status", "sent_at"]
    list_filter = ["status", DecisionKindFilter]
    search_fields = ["to", "subject", "application__reference"]
    list_per_page = 100
    actions = ["send_drafts"]

    def has_view_permission(self, request, obj=None):
        return is_official(request.user) and request.user.has_perm("applications.view_outgoingemail")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=decision_emails.KINDS.values())

    @admin.display(description=gettext_lazy("attachment"))
    def attachment_column(self, obj):
        return obj.attachment_name or "—"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("applications.change_outgoingemail"):
            actions.pop("send_drafts", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        email = self.get_object(request, unquote(object_id))
        return self.render(
            request,
            "admin/selection/email.html",
            {"email": email, "is_draft": email.status == OutgoingEmail.Status.DRAFT},
            title=email.subject,
            obj=email,
        )

    @admin.action(description=gettext_lazy("Send the selected drafts"))
    def send_drafts(self, request, queryset):
        require(is_official(request.user) and request.user.has_perm("applications.change_outgoingemail"))
        sent, withheld = decision_emails.send_drafts(emails=queryset, by=request.user)
        messages.success(request, _("%(count)d email(s) queued for sending.") % {"count": sent})
        if withheld:
            messages.warning(
                request,
                _("%(count)d draft(s) not sent: their decision was superseded by a correction.") % {"count": withheld},
            )
        return HttpResponseRedirect(request.get_full_path())
