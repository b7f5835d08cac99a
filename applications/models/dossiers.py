"""The dossier (``Application``) and what hangs on it: budget lines, co-fundings, attachments,
information requests, messages and the acknowledgement of receipt."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calls import Call, Departement, RequiredDocument, Theme
from .fields import MONEY
from .people import Organisation


class Application(models.Model):
    """A carrier's dossier for one call. Its ``state`` only changes through ``workflow.transition``."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        INFO_REQUESTED = "info_requested", _("Information requested")
        ADMISSIBLE = "admissible", _("Admissible")
        INADMISSIBLE = "inadmissible", _("Not admissible")
        AWARDED = "awarded", _("Grant awarded")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("reference"), max_length=60, unique=True, null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    organisation_confirmed_at = models.DateTimeField(_("organisation confirmed at"), null=True, blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        related_name="+",
    )

    # Step 2 — the project
    title = models.CharField(_("project title"), max_length=200, blank=True)
    summary = models.TextField(_("project summary"), max_length=3000, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes covered"), blank=True, related_name="+")
    departements = models.ManyToManyField(
        Departement, verbose_name=_("départements of deployment"), blank=True, related_name="+"
    )
    partners = models.TextField(_("partners (OFII, préfectures, local actors)"), max_length=5000, blank=True)

    # Step 3 — information support and pedagogical toolkit
    toolkit_content = models.TextField(_("content of the toolkit"), max_length=5000, blank=True)
    toolkit_formats = models.TextField(_("formats"), max_length=2000, blank=True)
    toolkit_languages = models.CharField(_("languages"), max_length=500, blank=True)
    toolkit_accessibility = models.TextField(_("accessibility of the toolkit"), max_length=2000, blank=True)
    toolkit_licence = models.CharField(_("licence"), max_length=200, blank=True)
    toolkit_ambassadrices_involvement = models.TextField(
        _("how ambassadrices are involved in its design"), max_length=3000, blank=True
    )

    # Step 4 — the ambassadrices
    ambassadrices_per_departement = models.PositiveSmallIntegerField(
        _("ambassadrices per département"), null=True, blank=True
    )
    recruitment_channels = models.TextField(_("recruitment channels"), max_length=3000, blank=True)
    eligibility_checks = models.TextField(
        _("how eligibility is checked"),
        max_length=3000,
        blank=True,
        help_text=_("Non-EU nationality, residence permit for more than five years, very good French."),
    )
    training_hours = models.PositiveSmallIntegerField(_("training hours"), null=True, blank=True)
    training_content = models.TextField(_("training content"), max_length=3000, blank=True)
    compensation = models.TextField(_("compensation of the ambassadrices"), max_length=2000, blank=True)
    employment_support = models.TextField(_("support toward employment"), max_length=3000, blank=True)

    # Step 5 — workshops and beneficiaries
    workshops_per_theme_per_departement = models.PositiveSmallIntegerField(
        _("workshops per theme and per département"), null=True, blank=True
    )
    expected_participants = models.PositiveIntegerField(
        _("expected participants among CIR signatories"), null=True, blank=True
    )
    referral_partners = models.TextField(_("referral partners"), max_length=3000, blank=True)
    workshop_formats = models.TextField(_("workshop formats"), max_length=3000, blank=True)
    interpreting = models.TextField(_("interpreting"), max_length=2000, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    milestones = models.TextField(_("milestones"), max_length=3000, blank=True)
    evaluation_indicators = models.TextField(_("evaluation indicators"), max_length=3000, blank=True)

    # Step 6 — budget
    requested_amount = models.DecimalField(_("requested amount (€)"), **MONEY, null=True, blank=True)

    # Step 8 — sworn statement
    sworn_statement = models.BooleanField(_("sworn statement"), default=False)
    sworn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sworn by"),
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gt=0),
                name="application_requested_amount_positive",
                violation_error_message=_("The requested amount must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="application_dates_ordered",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(state="withdrawn", submitted_at__isnull=True)
                | Q(submitted_at__isnull=False, reference__isnull=False),
                name="application_submitted_has_reference",
            ),
            models.UniqueConstraint(fields=["call", "sequence"], name="application_unique_sequence"),
        ]
        indexes = [
            # Covering (PostgreSQL): the ranking, the calibration and their counts read a call's
            # dossiers by state for their id and amount only, from the index instead of the wide
            # table (ranking screen at 10,000 dossiers: 120 → 96 ms, benchmarks/RESULTS.md).
            # Other databases get the plain (call, state) index.
            models.Index(
                fields=["call", "state"], include=["id", "requested_amount"], name="application_call_state_cover"
            )
        ]

    def __str__(self):
        untitled = _("untitled draft")
        return self.reference or f"{self.organisation} – {self.title or untitled}"

    def get_absolute_url(self):
        return reverse("applications:application_detail", kwargs={"public_id": self.public_id})

    @property
    def is_editable_by_carrier(self) -> bool:
        return self.state == self.State.DRAFT


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel")
        AMBASSADRICES = "ambassadrices", _("Ambassadrices' compensation")
        TRAINING = "training", _("Training")
        TOOLKIT = "toolkit", _("Toolkit design and production")
        TRAVEL = "travel", _("Travel")
        COMMUNICATION = "communication", _("Communication")
        EVALUATION = "evaluation", _("Evaluation")
        OVERHEADS = "overheads", _("Overheads")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    label = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (€)"), **MONEY)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["application", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_line_amount_positive",
                violation_error_message=_("A budget line must be greater than zero."),
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()} – {self.label}"


class CoFunding(models.Model):
    class Status(models.TextChoices):
        OBTAINED = "obtained", _("Obtained")
        REQUESTED = "requested", _("Requested")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="cofundings")
    source = models.CharField(_("source"), max_length=300)
    amount = models.DecimalField(_("amount (€)"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("co-funding")
        verbose_name_plural = _("co-fundings")
        ordering = ["application", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="cofunding_amount_positive",
                violation_error_message=_("A co-funding amount must be greater than zero."),
            )
        ]

    def __str__(self):
        return self.source


def attachment_upload_to(instance, filename):
    # The carrier's file name is never used on disk: it is kept only as display text.
    return f"attachments/{instance.application.public_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file of a dossier. Replacing one keeps the old row (superseded) for the record."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    information_request = models.ForeignKey(
        "InformationRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    # A file sent with a message of the dossier's conversation (never one of the required documents).
    message = models.ForeignKey("Message", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10, choices=RequiredDocument.Kind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "required_document__position", "uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "required_document"],
                condition=Q(superseded_at__isnull=True, required_document__isnull=False),
                name="attachment_one_current_per_document",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(
                condition=Q(message__isnull=True) | Q(required_document__isnull=True),
                name="attachment_of_a_message_or_a_document",
            ),
        ]

    def __str__(self):
        return self.original_name


class InformationRequest(models.Model):
    """Staff ask the carrier for specific additions, with a due date."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="information_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("what is asked"), max_length=5000)
    sections = models.JSONField(_("sections the carrier may edit"), default=list, blank=True)
    documents = models.ManyToManyField(
        RequiredDocument, verbose_name=_("documents to upload"), blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("due by"))
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("request for more information")
        verbose_name_plural = _("requests for more information")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.application} – {self.created_at:%d/%m/%Y}"


class Message(models.Model):
    """A dated message between staff and the carrier about a dossier (``applications.conversation``).

    ``read_at`` is when the other side first opened the thread after it was sent: any member of the
    carrier's organisation for a staff message, any staff member who may read the thread for a
    carrier's message.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [
            # The unread counts: a dossier's messages from one side not read yet by the other.
            models.Index(fields=["application", "from_staff"], condition=Q(read_at__isnull=True), name="message_unread")
        ]

    def __str__(self):
        return f"{self.application} – {self.created_at:%d/%m/%Y %H:%M}"


def new_receipt_code() -> str:
    # 128 bits, URL-safe, like a decision's: unguessable, short enough for a QR code.
    return secrets.token_urlsafe(16)


class Receipt(models.Model):
    """The acknowledgement of receipt (« accusé de réception », CRPA L.112-3, R.112-5, L.112-11)
    issued instantly when a dossier is submitted online.

    Its PDF and that PDF's SHA-256 are stored once and never replaced. Anyone holding it can check
    it on the public verification page, like a decision: by the code under its QR code, or by the
    file itself.
    """

    # The kind of act, as the public verification page tells receipts and decisions apart.
    kind = "acknowledgement"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="receipt")
    file = models.FileField(upload_to="receipts/", max_length=200)
    sha256 = models.CharField(max_length=64)
    verification_code = models.CharField(max_length=40, unique=True, default=new_receipt_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement of receipt")
        verbose_name_plural = _("acknowledgements of receipt")

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """« AR-AMI-2024-EGALITE-0007 »: one receipt per dossier, so the dossier's reference makes it unique."""
        return f"AR-{self.application.reference}"
