"""Admin screens for the call's configuration, organisations and people.

The review screens (dossiers, reviews, selection, decisions) live in ``review/admin.py``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models, transaction
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from ami_portal.admin_mixins import ReadOnlyAdminMixin

from . import audit
from .admin_widgets import (
    AutocompleteFieldsMixin,
    ChoiceList,
    LabelledSplitDateTime,
    PasswordSummaryWidget,
    describe_groups,
)
from .forms import PlainTextMixin
from .models import (
    AuditEntry,
    Call,
    CommitteeMember,
    Criterion,
    Departement,
    Organisation,
    OutgoingEmail,
    RequiredDocument,
    SecondFactorDevice,
    Theme,
    User,
)
from .notifications import queue_emails
from .staff_side import staff_side

admin.site.site_header = _("Portail AMI — staff area")
admin.site.site_title = _("Portail AMI")
admin.site.index_title = _("Reviewing and decisions")


def constraint_message(model, name: str):
    """The message of one of ``model``'s check constraints, to show it next to the field it is about."""
    return next(c.violation_error_message for c in model._meta.constraints if c.name == name)


class CallConfigurationForm(PlainTextMixin, forms.ModelForm):
    """Base of the call's form and of its inlines' forms.

    Django checks a model's constraints on the whole object and shows their message above the
    form; ``field_constraints`` checks those about one field with that field (field name →
    constraint name, test of the value), so that the message appears next to it and the field is
    marked invalid. The database still enforces them.
    """

    field_constraints: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_groups(self)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummaryWidget()

    def clean(self):
        cleaned_data = super().clean()
        for name, (constraint, holds) in self.field_constraints.items():
            value = cleaned_data.get(name)
            if value is not None and not holds(value):
                self.add_error(name, constraint_message(self._meta.model, constraint))
        return cleaned_data


def positive(value) -> bool:
    return value > 0


class CallAdminForm(CallConfigurationForm):
    eligible_legal_forms = forms.MultipleChoiceField(
        label=capfirst(Call._meta.get_field("eligible_legal_forms").verbose_name),
        choices=Organisation.LegalForm.choices,
        required=False,
        widget=ChoiceList,
        help_text=Call._meta.get_field("eligible_legal_forms").help_text,
    )
    departements = forms.ModelMultipleChoiceField(
        label=capfirst(Call._meta.get_field("departements").verbose_name),
        queryset=Departement.objects.all(),
        required=False,
        widget=ChoiceList(columns=True),
        help_text=_("Only used when the départements are fixed by the call."),
    )

    field_constraints = {
        "budget_envelope": ("call_envelope_positive", positive),
        "max_selected": ("call_cap_at_least_one", positive),
        "departement_count": ("call_departement_count_positive", positive),
        "reviewers_per_application": ("call_reviewers_per_application_positive", positive),
    }

    def clean(self):
        cleaned_data = super().clean()
        opens_at, closes_at = cleaned_data.get("opens_at"), cleaned_data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", constraint_message(Call, "call_closes_after_opening"))
        return cleaned_data


class CriterionForm(CallConfigurationForm):
    field_constraints = {
        "weight": ("criterion_weight_positive", positive),
        "max_points": ("criterion_max_points_positive", positive),
    }


class RequiredDocumentForm(CallConfigurationForm):
    accepted_types = forms.MultipleChoiceField(
        label=capfirst(RequiredDocument._meta.get_field("accepted_types").verbose_name),
        choices=RequiredDocument.Kind.choices,
        required=False,  # RequiredDocument.clean refuses an empty list, in its own words
        widget=ChoiceList,
    )
    field_constraints = {"max_size": ("required_document_max_size_positive", positive)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted_types"].widget.is_required = True  # its legend says « (obligatoire) »


class CallInline(admin.StackedInline):
    """Stacked, not tabular: every field has its own label (a table's inputs only had column headers)."""

    template = "admin/applications/call/stacked.html"
    form = CallConfigurationForm
    extra = 0


class ThemeInline(CallInline):
    model = Theme


class CriterionInline(CallInline):
    model = Criterion
    form = CriterionForm
    fields = ["position", "label", "help_text", "weight", "max_points"]


class RequiredDocumentInline(CallInline):
    model = RequiredDocument
    form = RequiredDocumentForm
    fields = ["position", "label", "help_text", "mandatory", "accepted_types", "max_size"]


class CommitteeMemberInline(CallInline):
    model = CommitteeMember
    fields = ["position", "full_name", "role", "attendance", "chairs"]


def error_summary(form, formsets) -> list[tuple[str, str, str]]:
    """(link target, label, message) for every error of an admin form and of its inlines' rows
    (templates/admin/change_form.html shows them, through ``ami_admin.admin_error_summary``).

    A field drawn as a group (its widget has several inputs) is reached through its fieldset,
    whose id is the field's; a single input through its own id.
    """
    entries = [("", "", message) for message in form.non_field_errors()]
    entries += _field_errors(form, lambda field: capfirst(field.label))
    for formset in formsets:
        name = capfirst(formset.model._meta.verbose_name)
        entries += [("", capfirst(formset.model._meta.verbose_name_plural), m) for m in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            if formset.can_delete and getattr(row, "cleaned_data", {}).get(DELETION_FIELD_NAME):
                continue
            item = _("%(item)s no. %(number)s") % {"item": name, "number": number}
            entries += [("", item, message) for message in row.non_field_errors()]
            entries += _field_errors(row, lambda field, item=item: f"{item} — {field.label}")
    return entries


def _field_errors(form, label):
    out = []
    for name in form.fields:
        field = form[name]
        target = field.auto_id if field.use_fieldset else field.id_for_label
        out += [(target, label(field), message) for message in field.errors]
    return out


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ["title", "status", "opens_at", "closes_at", "budget_envelope", "max_selected"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline, CriterionInline, RequiredDocumentInline, CommitteeMemberInline]
    formfield_overrides = {
        models.DateTimeField: {"form_class": forms.SplitDateTimeField, "widget": LabelledSplitDateTime}
    }
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
                    "review_deadline",
                    "disagreement_threshold",
                    "selection_method",
                    "minimum_score",
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
                    "service_address",
                    "service_email",
                    "service_phone",
                    "paying_programmes",
                    "convention_below_threshold",
                    "committee_date",
                    "committee_place",
                    "committee_members",
                ]
            },
        ),
    ]


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    admin_allows = frozenset({"change"})


class OrganisationAdminForm(PlainTextMixin, forms.ModelForm):
    """What staff type about an organisation loses bidirectional controls, as the carrier's form does."""


@admin.register(Organisation)
class OrganisationAdmin(AutocompleteFieldsMixin, admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "siret", "rna", "legal_form", "departement"]
    list_select_related = ["departement"]
    list_filter = ["legal_form"]
    search_fields = ["name", "siret", "rna"]
    autocomplete_fields = ["departement"]

    def get_queryset(self, request):
        # A reviewer sees the organisations of the dossiers they may see, no other (none with
        # only a draft, none they declared a conflict with); the others see them all.
        staff = staff_side()
        queryset = super().get_queryset(request)
        if staff.sees_every_dossier(request.user):
            return queryset
        return queryset.filter(pk__in=staff.visible_applications(request.user).values("organisation_id"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class UserAdminForm(PlainTextMixin, BaseUserAdmin.form):
    # Declared here, not through formfield_overrides: the admin would wrap it in its « add another »
    # links, and the list would no longer be drawn as a group. The staff roles are created by migrations.
    groups = User._meta.get_field("groups").formfield(widget=ChoiceList)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_groups(self)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummaryWidget()


@admin.register(User)
class UserAdmin(AutocompleteFieldsMixin, BaseUserAdmin):
    form = UserAdminForm
    add_form_template = "admin/applications/user/add_form.html"
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
    # Groups as a list of checkboxes, the confirmation date as a labelled date and time, each drawn
    # as a group (templates/admin/applications/user/change_form.html): Django's filter widget puts
    # ARIA attributes on a decorative icon and its split date-time leaves both inputs unlabelled.
    filter_horizontal = ()
    formfield_overrides = {
        models.DateTimeField: {"form_class": forms.SplitDateTimeField, "widget": LabelledSplitDateTime},
    }


# django-otp's own screen is in English (its labels cannot be translated) and shows each device's
# technical settings: replaced by the one below.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(SecondFactorDevice)
class SecondFactorDeviceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who has a second factor, and removing a lost one; staff enrol their own (``otp_setup``).

    Read-only: administrators see and delete devices (review/permissions.py), nobody edits one,
    and no secret is ever shown.
    """

    list_display = ["account", "device_name", "is_confirmed", "created", "last_used"]
    list_display_links = ["account", "device_name"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "name"]
    search_help_text = _("Search by the account's e-mail address, first name or last name, or by the device's name.")
    fields = ["account", "device_name", "is_confirmed", "created", "last_used", "failures"]
    readonly_fields = fields
    admin_allows = frozenset({"delete"})

    @admin.display(description=_("account"), ordering="user__email")
    def account(self, obj):
        return obj.user

    @admin.display(description=_("name of the device"), ordering="name")
    def device_name(self, obj):
        return obj.name

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, obj):
        return obj.confirmed

    @admin.display(description=_("enrolled on"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("last used on"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    @admin.display(description=_("failed codes in a row"))
    def failures(self, obj):
        return obj.throttling_failure_count


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: nobody edits or deletes the record through the application."""

    list_display = ["created_at", "actor_label", "action", "application", "from_state", "to_state"]
    list_select_related = ["application"]
    list_filter = ["action"]
    search_fields = ["application__reference", "actor_label", "action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "subject", "status", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    actions = ["send_again"]
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
    admin_allows = frozenset({"change"})

    @admin.action(description=_("Send the selected failed emails again"), permissions=["change"])
    def send_again(self, request, queryset):
        """After its last automatic attempt a failed email waits for staff: queued again, once the
        relay works (the error stays on the email until it is sent)."""
        failed = list(queryset.filter(status=OutgoingEmail.Status.FAILED).select_related("application"))
        with transaction.atomic():
            for email in failed:
                audit.record(action="email_sent_again", actor=request.user, application=email.application, obj=email)
            transaction.on_commit(lambda: queue_emails(failed))
        self.message_user(
            request,
            ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", len(failed))
            % {"count": len(failed)},
        )
        if skipped := queryset.count() - len(failed):
            self.message_user(
                request,
                ngettext(
                    "%(count)d email not queued: only failed emails are sent again.",
                    "%(count)d emails not queued: only failed emails are sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
