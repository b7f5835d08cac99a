"""The staff's dossier screens: the list of the dossiers a person may see, a dossier's page, and
the admissibility check, information requests, reviewer assignment and scoring around it.

The screens are thin: every query starts from ``access`` (scoped to the person), every change goes
through a domain function (``admissibility``, ``assignments``, ``conflicts``, ``scoring``,
``information``), and anything a person may not see or do answers 404, never 403.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.admin_mixins import NotFoundWhenForbidden, ReadOnlyAdminMixin
from applications import conversation, wizard
from applications.formatting import format_euros
from applications.forms_followup import MessageForm
from applications.models import Application, AuditEntry, Call

from . import access, admissibility, assignments, conflicts, information, scoring, sections
from .forms_review import (
    AdmissibilityForm,
    AssignReviewersForm,
    AutoAssignForm,
    ConflictForm,
    InformationRequestForm,
    ReasonForm,
    ReviewForm,
)
from .models import AdmissibilityCheck, Assignment, Review

S = Application.State


def _submitted_reviews_count():
    counted = (
        Review.objects.filter(application=OuterRef("pk"), state=Review.State.SUBMITTED)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


# --------------------------------------------------------------------------------------------
# Dossiers
# --------------------------------------------------------------------------------------------
class NeedsReviewersFilter(admin.SimpleListFilter):
    title = gettext_lazy("reviewers")
    parameter_name = "reviewers"

    def lookups(self, request, model_admin):
        return [("missing", gettext_lazy("To be assigned or reassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(conflicts.needs_reviewers())
        return queryset


class MyReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("my review")
    parameter_name = "my_review"

    def lookups(self, request, model_admin):
        return [
            ("todo", gettext_lazy("Not submitted yet")),
            ("submitted", gettext_lazy("Review submitted")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "submitted":
            return queryset.filter(my_review_state=Review.State.SUBMITTED)
        if self.value() == "todo":
            return queryset.exclude(my_review_state=Review.State.SUBMITTED)
        return queryset


@admin.register(Application)
class DossierAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The dossiers a staff member may see; read-only, with the review screens around them."""

    list_display_links = ["reference"]
    list_select_related = ["organisation", "call"]
    list_per_page = 50
    # One COUNT(*) of the dossiers per page, not a second one for « N au total » (« Tout afficher »).
    show_full_result_count = False
    search_fields = ["reference", "title", "organisation__name", "organisation__siret"]
    ordering = ["reference"]
    actions = ["assign_reviewers"]
    change_list_template = "admin/review/application/change_list.html"

    # -- permissions: nobody edits a carrier's dossier here (ReadOnlyAdminMixin) ---------------
    def has_assign_permission(self, request):
        return assignments.may_assign(request.user) and request.user.has_perm("review.add_assignment")

    # -- list -------------------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = access.visible_applications(request.user).annotate(
            assignment_count=assignments.assignment_count(),
            reviews_submitted=_submitted_reviews_count(),
        )
        if access.is_reviewer(request.user):
            mine = Review.objects.filter(application=OuterRef("pk"), reviewer=request.user).values("state")[:1]
            queryset = queryset.annotate(my_review_state=Subquery(mine))
        return queryset

    def get_list_display(self, request):
        columns = ["reference", "organisation_name", "project_title", "state_label", "requested"]
        if access.sees_every_dossier(request.user):
            columns += ["reviewers_column", "reviews_column"]
        if access.is_reviewer(request.user):
            columns += ["my_review"]
        return columns

    def get_list_filter(self, request):
        filters = ["call", "state"]
        if access.sees_every_dossier(request.user):
            filters.append(NeedsReviewersFilter)
        if access.is_reviewer(request.user):
            filters.append(MyReviewFilter)
        return filters

    @admin.display(description=gettext_lazy("organisation"), ordering="organisation__name")
    def organisation_name(self, obj):
        return obj.organisation.name

    @admin.display(description=gettext_lazy("project"), ordering="title")
    def project_title(self, obj):
        return obj.title

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_label(self, obj):
        return obj.get_state_display()

    @admin.display(description=gettext_lazy("requested amount"), ordering="requested_amount")
    def requested(self, obj):
        return format_euros(obj.requested_amount)

    @admin.display(description=gettext_lazy("reviewers"), ordering="assignment_count")
    def reviewers_column(self, obj):
        wanted = obj.call.reviewers_per_application
        text = f"{obj.assignment_count} / {wanted}"
        if (
            obj.state == S.ADMISSIBLE
            and obj.assignment_count < wanted
            or (obj.state in (S.SUBMITTED, S.UNDER_REVIEW) and obj.assignment_count == 0)
        ):
            return format_html('{} <span class="ami-flag">{}</span>', text, _("to be assigned"))
        return text

    @admin.display(description=gettext_lazy("submitted reviews"), ordering="reviews_submitted")
    def reviews_column(self, obj):
        return obj.reviews_submitted

    @admin.display(description=gettext_lazy("my review"), ordering="my_review_state")
    def my_review(self, obj):
        if obj.my_review_state == Review.State.SUBMITTED:
            return _("Review submitted")
        if obj.my_review_state == Review.State.DRAFT:
            return _("Draft review")
        return _("Not started") if obj.state == S.ADMISSIBLE else "—"

    def changelist_view(self, request, extra_context=None):
        extra = {
            "can_auto_assign": self.has_assign_permission(request),
            "auto_assign_url": reverse("admin:applications_application_auto_assign"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    # -- actions ------------------------------------------------------------------------------
    @admin.action(description=gettext_lazy("Assign reviewers to the selected dossiers"), permissions=["assign"])
    def assign_reviewers(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(reverse("admin:applications_application_assign") + f"?ids={ids}")

    # -- URLs -----------------------------------------------------------------------------------
    def get_urls(self):
        name = "applications_application"
        return [
            path("affecter/", self.wrap(self.assign_view), name=f"{name}_assign"),
            path("affectation-automatique/", self.wrap(self.auto_assign_view), name=f"{name}_auto_assign"),
            path("<path:object_id>/admissibilite/", self.wrap(self.admissibility_view), name=f"{name}_admissibility"),
            path(
                "<path:object_id>/admissibilite/reouvrir/",
                self.wrap(self.reopen_admissibility_view),
                name=f"{name}_reopen_admissibility",
            ),
            path("<path:object_id>/evaluation/", self.wrap(self.review_view), name=f"{name}_review"),
            path("<path:object_id>/complements/", self.wrap(self.information_view), name=f"{name}_information"),
            path("<path:object_id>/conflit/", self.wrap(self.conflict_view), name=f"{name}_conflict"),
            path("<path:object_id>/messages/", self.wrap(self.message_view), name=f"{name}_message"),
            *super().get_urls(),
        ]

    def dossier_url(self, application):
        return reverse("admin:applications_application_change", args=[application.pk])

    # -- the dossier page -------------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, unquote(object_id))
        user = request.user
        application = wizard.with_content(Application.objects.filter(pk=application.pk)).get()
        reviews = list(
            access.visible_reviews(user)
            .filter(application=application)
            .select_related("reviewer")
            .prefetch_related("scores__criterion")
            .order_by("submitted_at", "pk")
        )
        own = next((r for r in reviews if r.reviewer_id == user.pk), None)
        sees_all = access.sees_every_dossier(user)
        show_scores = sees_all or (own is not None and own.state == Review.State.SUBMITTED)
        submitted = [r for r in reviews if r.state == Review.State.SUBMITTED]
        statistics = (
            scoring.dossier_statistics([r.score for r in submitted], threshold=application.call.disagreement_threshold)
            if show_scores
            else None
        )
        audit_entries = (
            list(AuditEntry.objects.filter(application=application).order_by("-id")[:300])
            if user.has_perm("applications.view_auditentry")
            else None
        )
        check = AdmissibilityCheck.objects.filter(application=application).select_related("checked_by").first()
        assigned = list(application.assignments.select_related("reviewer").order_by("assigned_at"))
        wanted = application.call.reviewers_per_application
        context = {
            **dossier_body_context(application),
            "application": application,
            "admissibility": check,
            "admissibility_items": [
                (label, getattr(check, name), getattr(check, f"{name}_comment"))
                for name, label in AdmissibilityCheck.ITEMS
            ]
            if check
            else [],
            "needs_reviewers": (application.state == S.ADMISSIBLE and len(assigned) < wanted)
            or (application.state in (S.SUBMITTED, S.UNDER_REVIEW) and not assigned),
            "assignments": assigned if sees_all else None,
            "is_assigned": any(a.reviewer_id == user.pk for a in assigned),
            "reviews": reviews if show_scores else [r for r in reviews if r.reviewer_id == user.pk],
            "hidden_reviews": not show_scores,
            "own_review": own,
            "statistics": statistics,
            "information_requests": list(
                application.information_requests.select_related("requested_by").prefetch_related("documents")
            ),
            "audit_entries": audit_entries,
            "can_check": admissibility.may_check(user, application)
            and application.state in admissibility.CHECKABLE_STATES,
            "can_reopen_admissibility": admissibility.may_reopen(user)
            and application.state in (S.ADMISSIBLE, S.INADMISSIBLE),
            "can_review": scoring.may_review(user, application),
            "can_request": information.may_request(user, application)
            and application.state in information.REQUESTABLE_STATES,
            "can_declare": access.is_reviewer(user),
            "can_assign": self.has_assign_permission(request) and application.state in assignments.ASSIGNABLE_STATES,
            **self.conversation_context(request, application),
            **(extra_context or {}),
        }
        response = self.render(
            request,
            "admin/review/application/dossier.html",
            context,
            title=_("Dossier %(reference)s") % {"reference": application.reference},
            obj=application,
        )
        if context["can_write_message"]:
            # Those who answer the carrier have now seen the new messages (shown as new on this page).
            def mark_read(rendered):
                conversation.mark_read(application=application, user=user)

            response.add_post_render_callback(mark_read)
        return response

    # -- the conversation with the carrier --------------------------------------------------------
    def conversation_context(self, request, application) -> dict:
        if not conversation.may_read(request.user, application):
            return {"thread": None, "can_write_message": False}
        return {
            "thread": list(conversation.thread(application)),
            "can_write_message": conversation.may_write(request.user, application),
            "message_form": MessageForm(),
        }

    def message_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if request.method != "POST" or not conversation.may_write(request.user, application):
            raise Http404
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
            else:
                messages.success(request, _("Your message has been sent to the carrier."))
                return redirect(self.dossier_url(application) + "#messages")
        return self.change_view(request, object_id, extra_context={"message_form": form})

    # -- admissibility ----------------------------------------------------------------------------
    def admissibility_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if not admissibility.may_check(request.user, application):
            raise Http404
        check = AdmissibilityCheck.objects.filter(application=application).first()
        if application.state not in admissibility.CHECKABLE_STATES:
            messages.warning(
                request,
                _("The admissibility of a dossier in state « %(state)s » cannot be recorded.")
                % {"state": application.get_state_display()},
            )
            return redirect(self.dossier_url(application))
        form = AdmissibilityForm(request.POST or None, check=check)
        if request.method == "POST" and form.is_valid():
            try:
                admissibility.record_admissibility(
                    application=application, actor=request.user, **form.domain_arguments()
                )
            except ValidationError as error:
                form.add_domain_errors(error)
            else:
                application.refresh_from_db(fields=["state"])
                messages.success(
                    request,
                    _("Admissibility recorded: the dossier is now « %(state)s ».")
                    % {"state": application.get_state_display()},
                )
                return redirect(self.dossier_url(application))
        application = wizard.with_content(Application.objects.filter(pk=application.pk)).get()
        return self.render(
            request,
            "admin/review/application/admissibility.html",
            {"application": application, "form": form, **dossier_body_context(application)},
            title=_("Admissibility of dossier %(reference)s") % {"reference": application.reference},
            obj=application,
        )

    def reopen_admissibility_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if not admissibility.may_reopen(request.user):
            raise Http404
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                admissibility.reopen_admissibility(
                    application=application, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_domain_errors(error)
            else:
                messages.success(request, _("The admissibility is reopened: the dossier is back under review."))
                return redirect(self.dossier_url(application))
        return self.render(
            request,
            "admin/review/reason_form.html",
            {
                "application": application,
                "form": form,
                "intro": _("The dossier goes back under review; its admissibility can then be checked again."),
                "submit_label": _("Reopen the admissibility"),
                "cancel_url": self.dossier_url(application),
            },
            title=_("Reopen the admissibility of dossier %(reference)s") % {"reference": application.reference},
            obj=application,
        )

    # -- scoring ----------------------------------------------------------------------------------
    def review_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if not scoring.may_review(request.user, application):
            raise Http404
        review = Review.objects.filter(application=application, reviewer=request.user).first()
        if review is not None and review.state == Review.State.SUBMITTED:
            return redirect(reverse("admin:review_review_change", args=[review.pk]))
        criteria = scoring.criteria_of(application)
        form = ReviewForm(request.POST or None, criteria=criteria, review=review or Review())
        if request.method == "POST" and form.is_valid():
            submit = "_submit" in request.POST
            try:
                review = review or scoring.start_review(application=application, reviewer=request.user)
                scoring.save_review(
                    review=review,
                    actor=request.user,
                    entries=form.entries(),
                    recommendation=form.cleaned_data.get("recommendation") or "",
                    comment=form.cleaned_data.get("comment") or "",
                    submit=submit,
                )
            except ValidationError as error:
                form.add_domain_errors(error)
            else:
                if submit:
                    messages.success(request, _("Your review is submitted. You can now read the other reviews."))
                    return redirect(self.dossier_url(application))
                messages.success(request, _("Draft saved. It stays editable until you submit it."))
                return redirect(reverse("admin:applications_application_review", args=[application.pk]))
        application = wizard.with_content(Application.objects.filter(pk=application.pk)).get()
        total, scored = scoring.running_total(criteria, form.points_now())
        return self.render(
            request,
            "admin/review/application/review_form.html",
            {
                "application": application,
                "form": form,
                "review": review,
                "criteria": criteria,
                "running_total": total,
                "scored": scored,
                **dossier_body_context(application),
            },
            title=_("Review of dossier %(reference)s") % {"reference": application.reference},
            obj=application,
        )

    # -- requests for more information ----------------------------------------------------------
    def information_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if not information.may_request(request.user, application):
            raise Http404
        if application.state not in information.REQUESTABLE_STATES:
            messages.warning(
                request,
                _("More information cannot be requested on a dossier in state « %(state)s ».")
                % {"state": application.get_state_display()},
            )
            return redirect(self.dossier_url(application))
        form = InformationRequestForm(request.POST or None, call=application.call)
        if request.method == "POST" and form.is_valid():
            try:
                information.request_information(
                    application=application,
                    actor=request.user,
                    message=form.cleaned_data["message"],
                    due_at=form.due_at(),
                    sections=form.cleaned_data["sections"],
                    documents=list(form.cleaned_data["documents"]),
                )
            except ValidationError as error:
                form.add_domain_errors(error)
            else:
                messages.success(request, _("The request is sent to the carrier."))
                return redirect(self.dossier_url(application))
        return self.render(
            request,
            "admin/review/application/information.html",
            {"application": application, "form": form},
            title=_("Ask for more information on dossier %(reference)s") % {"reference": application.reference},
            obj=application,
        )

    # -- conflicts of interest ----------------------------------------------------------------
    def conflict_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if not access.is_reviewer(request.user):
            raise Http404
        form = ConflictForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                conflicts.declare_conflict(
                    reviewer=request.user,
                    organisation=application.organisation,
                    kind=form.cleaned_data["kind"],
                    explanation=form.cleaned_data["explanation"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_domain_errors(error)
            else:
                messages.success(
                    request,
                    _(
                        "Your conflict of interest with « %(organisation)s » is recorded. You no longer have "
                        "access to its dossiers; the committee will reassign them."
                    )
                    % {"organisation": application.organisation},
                )
                return redirect(reverse("admin:applications_application_changelist"))
        return self.render(
            request,
            "admin/review/application/conflict.html",
            {"application": application, "form": form},
            title=_("Declare a conflict of interest"),
            obj=application,
        )

    # -- assignments ------------------------------------------------------------------------------
    def assign_view(self, request):
        if not self.has_assign_permission(request):
            raise Http404
        raw = request.POST.get("ids") or request.GET.get("ids", "")
        try:
            ids = [int(pk) for pk in raw.split(",") if pk.strip()]
        except ValueError as exc:
            raise Http404 from exc
        dossiers = list(
            access.visible_applications(request.user)
            .filter(pk__in=ids)
            .select_related("organisation", "call")
            .order_by("reference")
        )
        if not dossiers:
            messages.warning(request, _("Choose at least one dossier."))
            return redirect(reverse("admin:applications_application_changelist"))
        pool = assignments.reviewers()
        loads = dict(
            Assignment.objects.filter(application__call_id__in={d.call_id for d in dossiers})
            .values("reviewer_id")
            .annotate(n=Count("pk"))
            .values_list("reviewer_id", "n")
        )
        form = AssignReviewersForm(request.POST or None, reviewers=pool, loads=loads)
        if request.method == "POST" and form.is_valid():
            report = assignments.assign_reviewers(
                applications=dossiers, reviewers=form.cleaned_data["reviewers"], actor=request.user
            )
            self.report_assignments(request, report)
            return redirect(reverse("admin:applications_application_changelist"))
        return self.render(
            request,
            "admin/review/application/assign.html",
            {"dossiers": dossiers, "form": form, "ids": ",".join(str(d.pk) for d in dossiers)},
            title=_("Assign reviewers"),
        )

    def auto_assign_view(self, request):
        if not self.has_assign_permission(request):
            raise Http404
        calls = Call.objects.exclude(status=Call.Status.DRAFT).order_by("-opens_at")
        form = AutoAssignForm(request.POST or None, calls=calls, initial={"call": calls.first()})
        if request.method == "POST" and form.is_valid():
            report = assignments.auto_assign(call=form.cleaned_data["call"], actor=request.user)
            self.report_assignments(request, report)
            return redirect(reverse("admin:applications_application_changelist") + "?reviewers=missing")
        counts = {
            c.pk: c
            for c in calls.annotate(
                admissible=Count("applications", filter=Q(applications__state=S.ADMISSIBLE)),
            )
        }
        return self.render(
            request,
            "admin/review/application/auto_assign.html",
            {"form": form, "calls": list(counts.values()), "reviewer_count": assignments.reviewers().count()},
            title=_("Automatic assignment"),
        )

    def report_assignments(self, request, report):
        if report.created:
            messages.success(request, _("%(count)s assignments created.") % {"count": len(report.created)})
        if report.already:
            messages.info(request, _("%(count)s assignments already existed.") % {"count": report.already})
        for application, reviewer in report.conflicted:
            messages.warning(
                request,
                _("%(reviewer)s declared a conflict of interest with %(organisation)s: not assigned to %(reference)s.")
                % {"reviewer": reviewer, "organisation": application.organisation, "reference": application.reference},
            )
        for application in report.not_assignable:
            messages.warning(
                request,
                _("%(reference)s can no longer be assigned (state « %(state)s »).")
                % {"reference": application.reference, "state": application.get_state_display()},
            )
        for application, missing in report.short:
            messages.warning(
                request,
                _("%(reference)s still lacks %(count)s reviewer(s): not enough reviewers without a conflict.")
                % {"reference": application.reference, "count": missing},
            )
        if not (report.created or report.already or report.conflicted or report.not_assignable or report.short):
            messages.info(request, _("Every dossier already has its reviewers."))


def dossier_body_context(application: Application) -> dict:
    """What the dossier panel shows: sections, budget, documents (with staff download links)."""
    return {
        "dossier_sections": sections.dossier_sections(application),
        "budget_lines": list(application.budget_lines.all()),
        "cofundings": list(application.cofundings.all()),
        "attachments": wizard.current_attachments_of(application),
        "total_cost": sum((line.amount for line in application.budget_lines.all()), 0),
    }
