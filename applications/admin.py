"""Admin screens for the call's configuration, organisations and people.

The review screens (dossiers, reviews, selection, decisions) live in ``review/admin.py``.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Call, Criterion, Departement, Organisation, OutgoingEmail, RequiredDocument, Theme, User

admin.site.site_header = _("Portail AMI — staff area")
admin.site.site_title = _("Portail AMI")
admin.site.index_title = _("Reviewing and decisions")


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "label", "help_text", "weight", "max_points"]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ["position", "label", "help_text", "mandatory", "accepted_types", "max_size"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "opens_at", "closes_at", "budget_envelope", "max_selected"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["departements"]
    inlines = [ThemeInline, CriterionInline, RequiredDocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "reference_prefix", "status", "summary", "description"]}),
        (
            _("Who and for whom"),
            {
                "fields": [
                    "issuing_bodies",
                    "framework",
                    "eligible_facilitators",
                    "beneficiaries",
                    "expected_deliverables",
                    "eligible_legal_forms",
                ]
            },
        ),
        (
            _("Envelope and rules"),
            {
                "fields": [
                    "budget_envelope",
                    "max_selected",
                    "departement_count",
                    "departements_fixed",
                    "departements",
                    "require_all_themes",
                    "cofunding_required",
                    "max_funding_rate",
                    "grant_duration_months",
                ]
            },
        ),
        (_("Calendar (Paris time)"), {"fields": ["opens_at", "closes_at"]}),
        (
            _("Review"),
            {
                "fields": [
                    "reviewers_per_application",
                    "disagreement_threshold",
                    "max_file_size",
                    "max_total_upload_size",
                ]
            },
        ),
        (
            _("Decisions"),
            {
                "fields": [
                    "issuing_authority",
                    "issuing_service",
                    "issuing_siret",
                    "committee_date",
                    "committee_members",
                ]
            },
        ),
    ]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "rna", "legal_form", "departement"]
    list_select_related = ["departement"]
    list_filter = ["legal_form"]
    search_fields = ["name", "siret", "rna"]
    autocomplete_fields = ["departement"]

    def get_queryset(self, request):
        # A reviewer sees the organisations of the dossiers they may see, no other (none with
        # only a draft, none they declared a conflict with); the others see them all.
        from review import access

        queryset = super().get_queryset(request)
        if access.sees_every_dossier(request.user):
            return queryset
        return queryset.filter(pk__in=access.visible_applications(request.user).values("organisation_id"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "is_staff", "is_active"]
    list_select_related = ["organisation"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "organisation", "email_verified_at"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the record through the application."""

    list_display = ["created_at", "actor_label", "action", "application", "from_state", "to_state"]
    list_select_related = ["application"]
    list_filter = ["action"]
    search_fields = ["application__reference", "actor_label", "action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "subject", "status", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [
        "kind",
        "application",
        "to",
        "subject",
        "body",
        "attachment_name",
        "created_at",
        "sent_at",
        "error",
        "status",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
