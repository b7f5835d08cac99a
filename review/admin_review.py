"""Admin screens for reviewing: reviews, admissibility checks, assignments and conflicts of interest.

The dossier screens are in ``admin_dossiers``, the committee's ranking in ``admin_ranking``. Every
query starts from ``access`` (scoped to the person), every change goes through a domain function,
and anything a person may not see or do answers 404, never 403.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ami_portal.admin_mixins import NotFoundWhenForbidden, ReadOnlyAdminMixin
from applications.models import Application

from . import access, assignments, conflicts, scoring
from .forms_review import (
    ConflictDeclarationForm,
    ReasonForm,
)
from .models import AdmissibilityCheck, Assignment, ConflictOfInterest, Review

S = Application.State


# --------------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------------
@admin.register(Review)
class ReviewAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dossier", "organisation", "reviewer", "state", "score_column", "recommendation", "submitted_at"]
    list_select_related = ["application__organisation", "application__call", "reviewer"]
    list_filter = ["state", "recommendation", "application__call"]
    search_fields = ["application__reference", "application__organisation__name"]
    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) of the reviews per page, not two
    ordering = ["application__reference", "pk"]

    def get_queryset(self, request):
        return access.visible_reviews(request.user)

    @admin.display(description=gettext_lazy("dossier"), ordering="application__reference")
    def dossier(self, obj):
        return obj.application.reference

    @admin.display(description=gettext_lazy("organisation"), ordering="application__organisation__name")
    def organisation(self, obj):
        return obj.application.organisation.name

    @admin.display(description=gettext_lazy("score /100"), ordering="score")
    def score_column(self, obj):
        return "—" if obj.score is None else f"{obj.score:.1f}".replace(".", ",")

    def get_urls(self):
        return [
            path("<path:object_id>/reouvrir/", self.wrap(self.reopen_view), name="review_review_reopen"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, unquote(object_id))
        if review.reviewer_id == request.user.pk and review.state == Review.State.DRAFT:
            if scoring.may_review(request.user, review.application):
                return redirect(reverse("admin:applications_application_review", args=[review.application_id]))
        scores = list(review.scores.select_related("criterion").order_by("criterion__position"))
        return self.render(
            request,
            "admin/review/review/detail.html",
            {
                "review": review,
                "scores": scores,
                "application": review.application,
                "can_reopen": scoring.may_reopen(request.user)
                and review.state == Review.State.SUBMITTED
                and review.application.state == S.ADMISSIBLE,
                "form": ReasonForm(),
            },
            title=_("Review of %(reviewer)s on %(reference)s")
            % {"reviewer": review.reviewer, "reference": review.application.reference},
            obj=review,
        )

    def reopen_view(self, request, object_id):
        review = self.get_object(request, unquote(object_id))
        if not scoring.may_reopen(request.user):
            raise Http404
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                scoring.reopen_review(review=review, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_domain_errors(error)
            else:
                messages.success(request, _("The review is reopened: its author can change it and submit it again."))
                return redirect(reverse("admin:review_review_change", args=[review.pk]))
        return self.render(
            request,
            "admin/review/reason_form.html",
            {
                "application": review.application,
                "form": form,
                "intro": _("The review goes back to draft and stops counting until its author submits it again."),
                "submit_label": _("Reopen the review"),
                "cancel_url": reverse("admin:review_review_change", args=[review.pk]),
            },
            title=_("Reopen the review of %(reviewer)s") % {"reviewer": review.reviewer},
            obj=review,
        )


# --------------------------------------------------------------------------------------------
# Admissibility checks, assignments, conflicts (lists)
# --------------------------------------------------------------------------------------------
@admin.register(AdmissibilityCheck)
class AdmissibilityCheckAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "outcome", "checked_by", "checked_at"]
    list_select_related = ["application", "checked_by"]
    list_filter = ["outcome", "application__call"]
    search_fields = ["application__reference", "application__organisation__name"]
    list_per_page = 50

    def get_queryset(self, request):
        return access.visible_admissibility_checks(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        check = self.get_object(request, unquote(object_id))
        return redirect(reverse("admin:applications_application_change", args=[check.application_id]))


@admin.register(Assignment)
class AssignmentAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "organisation", "reviewer", "assigned_by", "assigned_at"]
    list_select_related = ["application__organisation", "reviewer", "assigned_by"]
    list_filter = ["application__call"]
    search_fields = ["application__reference", "reviewer__email", "reviewer__last_name"]
    list_per_page = 50
    readonly_fields = ["application", "reviewer", "assigned_by", "assigned_at"]
    admin_allows = frozenset({"delete"})

    def has_delete_permission(self, request, obj=None):
        return assignments.may_assign(request.user) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return access.visible_assignments(request.user)

    @admin.display(description=gettext_lazy("organisation"), ordering="application__organisation__name")
    def organisation(self, obj):
        return obj.application.organisation.name

    def delete_model(self, request, obj):
        assignments.unassign(assignment=obj, actor=request.user, reason=_("Removed in the staff area."))

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("application", "reviewer"):
            self.delete_model(request, assignment)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(NotFoundWhenForbidden, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reviewers declare here (or from a dossier); the committee sees every declaration."""

    form = ConflictDeclarationForm
    list_display = ["reviewer", "organisation", "kind", "declared_at", "dossiers"]
    list_select_related = ["reviewer", "organisation"]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "reviewer__email", "reviewer__last_name"]
    autocomplete_fields = ["organisation"]
    list_per_page = 50
    admin_allows = frozenset({"add"})

    def has_add_permission(self, request):
        return access.is_reviewer(request.user) and super().has_add_permission(request)

    def get_queryset(self, request):
        return access.visible_conflicts(request.user).annotate(
            dossier_count=Count(
                "organisation__applications", filter=Q(organisation__applications__submitted_at__isnull=False)
            )
        )

    @admin.display(description=gettext_lazy("submitted dossiers of the organisation"), ordering="dossier_count")
    def dossiers(self, obj):
        return obj.dossier_count

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "kind", "explanation"]
        return ["reviewer", "organisation", "kind", "explanation", "declared_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class DeclarationForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if not change:
                    self.instance.reviewer = user

        return DeclarationForm

    def save_model(self, request, obj, form, change):
        try:
            saved = conflicts.declare_conflict(
                reviewer=request.user,
                organisation=obj.organisation,
                kind=obj.kind,
                explanation=obj.explanation,
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise Http404 from exc
        obj.pk = saved.pk
        obj.declared_at = saved.declared_at
