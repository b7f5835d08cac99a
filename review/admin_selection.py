"""Admin screens for the committee's selection of a call: the selection screen (ranking, the
suggestions of both methods, the envelope gauge, each dossier's proposal), its exports and the
dossier bundle; and the role checks and helpers the officials' screens (``admin_decisions``) share.

Thin screens over the domain: ``selection`` (proposals under the envelope and the cap),
``exports``, ``scdl``, ``tasks``. Every list is annotated in SQL (its number of queries does not
depend on its number of rows); every page, action and download checks the person's role and
permission, and answers 404 when they may not see or do it.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.admin_mixins import NotFoundWhenForbidden, ReadOnlyAdminMixin
from ami_portal.files import attachment_disposition
from applications import roles, selection_methods
from applications.formatting import format_euros
from applications.models import Application, Call

from . import access, decisions, exports, reasons, scdl, selection, tasks
from .forms_decisions import NO_PROPOSAL
from .forms_selection import SelectionProposalForm
from .models import Decision, GenerationJob, Proposal, SelectionCall

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


class ReadOnlyAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records change only through domain functions, never through the admin's generic forms."""

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
                awarded=Coalesce(
                    Subquery(counted.annotate(total=Sum(selection.counted_amount())).values("total")), Decimal("0")
                ),
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
        others_selected, others_awarded = selection.counted_totals(
            selection.counted_selection(call).exclude(application=dossier)
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
                "others_awarded": others_awarded,
                "others_selected": others_selected,
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
