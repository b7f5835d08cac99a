"""The call (what carriers apply to) and its configuration: départements, committee, themes,
criteria and required documents."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import call_rules
from ..validators import validate_siret
from .fields import MONEY

# Above this amount, a grant needs a convention (loi n° 2000-321, art. 10; décret n° 2001-495) and
# is paid in stages; at or below it, the call decides (``Call.convention_below_threshold``).
CONVENTION_THRESHOLD = Decimal("23000")


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
