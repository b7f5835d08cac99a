"""Data and invariants of everything a carrier touches.

The call (``Call``) and its configuration (themes, départements, criteria, required documents),
the people (``User``, ``Organisation``), the dossier (``Application``) with its budget, its
attachments and its messages, and the audit log every part of the portal writes to.
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import call_rules
from .validators import validate_phone, validate_postcode, validate_rna, validate_siret

MONEY = {"max_digits": 12, "decimal_places": 2}


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------
class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who signs in with an email address (unique whatever its case)."""

    username = None
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        related_name="members",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        full = self.get_full_name()
        return f"{full} <{self.email}>" if full else self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Organisation(models.Model):
    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association (loi 1901)")
        FOUNDATION = "foundation", _("Foundation")
        COOPERATIVE = "cooperative", _("Cooperative")
        PUBLIC_BODY = "public_body", _("Public body (établissement public)")
        LOCAL_AUTHORITY = "local_authority", _("Local authority (collectivité)")
        SOCIAL_ECONOMY = "social_economy", _("Social and solidarity economy company (ESS)")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("For associations: W followed by 9 digits."),
    )
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    address = models.CharField(_("address"), max_length=300)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[validate_postcode])
    city = models.CharField(_("city"), max_length=120)
    departement = models.ForeignKey(
        "Departement", verbose_name=_("département"), on_delete=models.PROTECT, related_name="+"
    )
    representative_name = models.CharField(_("legal representative"), max_length=150)
    representative_role = models.CharField(_("legal representative's role"), max_length=150)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, validators=[validate_phone])
    year_created = models.PositiveSmallIntegerField(
        _("year of creation"), validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    annual_budget = models.DecimalField(_("annual budget (€)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    staff_count = models.PositiveIntegerField(_("employees (full-time equivalent)"), default=0)
    volunteer_count = models.PositiveIntegerField(_("volunteers"), default=0)
    experience = models.TextField(_("experience with similar actions"), max_length=5000)
    republican_commitment = models.BooleanField(_("commitment to the contrat d'engagement républicain"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(legal_form="association") | ~Q(rna=""),
                name="organisation_association_has_rna",
                violation_error_message=_("An association must give its RNA number."),
            ),
            models.CheckConstraint(condition=Q(annual_budget__gte=0), name="organisation_budget_not_negative"),
        ]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """A member invites a colleague (by email) to work on the organisation's dossiers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


# --------------------------------------------------------------------------------------------
# The call and its configuration
# --------------------------------------------------------------------------------------------
class Departement(models.Model):
    """One of the 101 French départements, loaded by a data migration."""

    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class CallQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Call.Status.DRAFT)

    def open_now(self):
        now = timezone.now()
        return self.filter(status=Call.Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


class Call(models.Model):
    """An appel à manifestation d'intérêt: what carriers apply to."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=40,
        help_text=_("Dossier references are built from it, e.g. AMI-2024-EGALITE-0007."),
    )
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"))
    issuing_bodies = models.TextField(_("issuing bodies"), help_text=_("One per line."))
    framework = models.CharField(_("framework"), max_length=300, blank=True)
    eligible_facilitators = models.TextField(_("who runs the workshops"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    expected_deliverables = models.TextField(_("what each selected carrier does"), blank=True)
    budget_envelope = models.DecimalField(_("budget envelope (€)"), **MONEY)
    max_selected = models.PositiveSmallIntegerField(_("maximum number of selected carriers"))
    departement_count = models.PositiveSmallIntegerField(_("number of départements to cover"))
    departements_fixed = models.BooleanField(
        _("départements fixed by the call"),
        default=False,
        help_text=_("If unticked, carriers propose the départements of deployment."),
    )
    departements = models.ManyToManyField(
        Departement, verbose_name=_("départements fixed by the call"), blank=True, related_name="+"
    )
    require_all_themes = models.BooleanField(_("every theme must be covered"), default=True)
    eligible_legal_forms = models.JSONField(
        _("eligible legal forms"),
        default=list,
        blank=True,
        help_text=_("Empty means every legal form is eligible."),
    )
    cofunding_required = models.BooleanField(_("co-funding required"), default=False)
    max_funding_rate = models.PositiveSmallIntegerField(
        _("maximum share of the total cost funded by the call (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    grant_duration_months = models.PositiveSmallIntegerField(_("grant duration (months)"), default=12)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    reviewers_per_application = models.PositiveSmallIntegerField(_("reviewers per dossier"), default=2)
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points out of 100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        help_text=_("Reviewers disagree when their scores are further apart than this."),
    )
    ranking_basis = models.CharField(
        _("scores used for the ranking"),
        max_length=10,
        choices=[("raw", _("Raw scores")), ("calibrated", _("Calibrated scores"))],
        default="raw",
        help_text=_("Chosen by the selection committee on the ranking screen."),
    )
    max_file_size = models.PositiveIntegerField(_("maximum size of one file (bytes)"), default=10 * 1024 * 1024)
    max_total_upload_size = models.PositiveIntegerField(
        _("maximum size of all files of a dossier (bytes)"), default=50 * 1024 * 1024
    )
    # What decisions say about the authority that issues them.
    issuing_authority = models.CharField(_("issuing authority"), max_length=300, blank=True)
    issuing_service = models.CharField(_("issuing service"), max_length=300, blank=True)
    issuing_siret = models.CharField(
        _("SIRET of the issuing authority"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("Published with the awarded grants (SCDL « subventions » open data)."),
    )
    committee_date = models.DateField(_("selection committee date"), null=True, blank=True)
    committee_members = models.TextField(_("selection committee members"), blank=True)
    committee_place = models.CharField(_("place of the selection committee"), max_length=300, blank=True)
    # The service in charge, as the acknowledgement of receipt must name it (CRPA L.112-3, R.112-5).
    service_address = models.TextField(_("postal address of the service in charge"), blank=True)
    service_email = models.EmailField(_("email of the service in charge"), blank=True)
    service_phone = models.CharField(_("phone of the service in charge"), max_length=30, blank=True)
    paying_programmes = models.TextField(
        _("paying budget programmes"),
        blank=True,
        help_text=_("One per line, e.g. « Programme 104 — Intégration et accès à la nationalité française »."),
    )

    class SelectionMethod(models.TextChoices):
        RANK_ORDER = "rank_order", _("In order of rank, skipping what no longer fits")
        BEST_TOTAL = "best_total", _("The best total score within the envelope and the cap")

    selection_method = models.CharField(
        _("selection method"),
        max_length=12,
        choices=SelectionMethod.choices,
        default=SelectionMethod.BEST_TOTAL,
        help_text=_("Published on the call page before anyone applies."),
    )
    minimum_score = models.DecimalField(
        _("minimum score (points out of 100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("No dossier below it is suggested, nor selected without a recorded reason."),
    )
    review_deadline = models.DateField(
        _("review deadline"),
        null=True,
        blank=True,
        help_text=_("The date by which reviewers submit their scores; shown on their home page."),
    )
    # Loi n° 2000-321 art. 10 and décret n° 2001-495: a convention is required above €23,000. Below,
    # the call decides.
    convention_below_threshold = models.BooleanField(
        _("convention also for grants of €23,000 or less"),
        default=False,
        help_text=_("A convention is always required above €23,000 (loi n° 2000-321, art. 10)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_envelope__gt=0),
                name="call_envelope_positive",
                violation_error_message=_("The budget envelope must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(max_selected__gte=1),
                name="call_cap_at_least_one",
                violation_error_message=_("At least one carrier must be selectable."),
            ),
            models.CheckConstraint(
                condition=Q(departement_count__gte=1),
                name="call_departement_count_positive",
                violation_error_message=_("At least one département must be covered."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("The closing date must be after the opening date."),
            ),
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1),
                name="call_reviewers_per_application_positive",
                violation_error_message=_("Each dossier needs at least one reviewer."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The envelope and the cap never go below what is already decided (applications.call_rules).
        with transaction.atomic():
            call_rules.lock_and_check(self, update_fields=kwargs.get("update_fields"))
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("call_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        call_rules.check_settings(self)

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= now < self.closes_at

    @property
    def phase(self) -> str:
        """``upcoming``, ``open`` or ``closed``, as the public sees it."""
        now = timezone.now()
        if self.status in (self.Status.CLOSED, self.Status.DECIDED) or now >= self.closes_at:
            return "closed"
        if now < self.opens_at:
            return "upcoming"
        return "open"

    def issuing_bodies_list(self) -> list[str]:
        return [line.strip() for line in self.issuing_bodies.splitlines() if line.strip()]


class CommitteeMember(models.Model):
    """A member of a call's selection committee, as its procès-verbal names them."""

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="committee")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    full_name = models.CharField(_("first and last name"), max_length=200)
    role = models.CharField(_("role and service"), max_length=300)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.PRESENT
    )
    chairs = models.BooleanField(_("chairs the committee"), default=False)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(chairs=True),
                name="committee_one_chair_per_call",
                violation_error_message=_("The committee has one chair only."),
            ),
            models.CheckConstraint(
                condition=~models.Q(chairs=True, attendance="excused") & ~models.Q(chairs=True, attendance="absent"),
                name="committee_chair_present",
                violation_error_message=_("The chair signs the procès-verbal: they must be present."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.role})"


class Theme(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["call", "position"]
        constraints = [models.UniqueConstraint(fields=["call", "position"], name="theme_unique_position")]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """One line of the weighted criteria grid reviewers score against."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=10)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="criterion_unique_position"),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("A criterion's weight must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_points_positive",
                violation_error_message=_("A criterion's maximum must be greater than zero."),
            ),
        ]

    def __str__(self):
        return self.label


class RequiredDocument(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        ODT = "odt", "ODT"
        DOCX = "docx", "DOCX"
        ODS = "ods", "ODS"
        XLSX = "xlsx", "XLSX"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    accepted_types = models.JSONField(
        _("accepted file types"), default=list, help_text=_("Among pdf, odt, docx, ods, xlsx, png, jpeg.")
    )
    max_size = models.PositiveIntegerField(_("maximum size (bytes)"), default=10 * 1024 * 1024)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="required_document_unique_position"),
            models.CheckConstraint(
                condition=Q(max_size__gt=0),
                name="required_document_max_size_positive",
                violation_error_message=_("The size cap must be greater than zero."),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = set(self.accepted_types or []) - set(self.Kind.values)
        if unknown or not self.accepted_types:
            raise ValidationError(
                {"accepted_types": _("Choose file types among: %(kinds)s.") % {"kinds": ", ".join(self.Kind.values)}}
            )


# --------------------------------------------------------------------------------------------
# The dossier
# --------------------------------------------------------------------------------------------
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
    """A dated message between staff and the carrier about a dossier."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]

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


# --------------------------------------------------------------------------------------------
# Record keeping
# --------------------------------------------------------------------------------------------
class AuditEntry(models.Model):
    """An append-only, hash-chained record of who did what (see ``audit.record``)."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: the ids are part of each entry's fingerprint. An account, a call or a dossier that
    # the record names cannot be deleted (an account is deactivated instead): deleting it would
    # blank the id and make an intact record look tampered with.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        verbose_name=_("who"),
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=60, blank=True)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    reason = models.TextField(_("why"), blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    previous_hash = models.CharField(_("fingerprint of the previous entry"), max_length=64)
    entry_hash = models.CharField(_("fingerprint"), max_length=64, unique=True)
    # The fingerprint of « why » and « what changed », which the entry's own fingerprint covers
    # instead of the texts: the retention command can erase them and the chain still verifies
    # (audit.py). Empty for the entries written before it existed, whose texts stay.
    payload_digest = models.CharField(_("fingerprint of the content"), max_length=64, blank=True)
    redacted_at = models.DateTimeField(_("content erased on"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action}"


class AuditChainHead(models.Model):
    """A single row locked while appending to the audit chain, so that entries never fork."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return self.last_hash


class OutgoingEmail(models.Model):
    """Every email the portal prepares or sends, kept as a record."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (to be checked)")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("dossier"),
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    attachment_name = models.CharField(_("attachment"), max_length=200, blank=True)
    attachment_path = models.CharField(_("attachment's path"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("sending error"), blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.to} – {self.subject}"


class SecondFactorDevice(TOTPDevice):
    """A staff member's authenticator app, as administrators see it in the admin: named in French,
    secrets never shown. django-otp's own labels are not translatable (plain strings)."""

    class Meta:
        proxy = True
        verbose_name = _("second-factor device")
        verbose_name_plural = _("second-factor devices")
