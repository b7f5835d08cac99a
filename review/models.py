"""Data and invariants of everything staff touch: admissibility, assignments, conflicts,
reviews and scores, the committee's proposals, decisions and their documents."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import MONEY, Application, Call, Criterion, Organisation, OutgoingEmail


class AdmissibilityCheck(models.Model):
    """The reviewer's check that a dossier may be scored at all."""

    class Outcome(models.TextChoices):
        ADMISSIBLE = "admissible", _("Admissible")
        INADMISSIBLE = "inadmissible", _("Not admissible")

    ITEMS = (
        ("on_time", _("Submitted on time")),
        ("complete", _("Complete")),
        ("legal_form_eligible", _("Legal form eligible")),
        ("commitments_signed", _("Commitments signed (contrat d'engagement républicain, sworn statement)")),
        ("ambassadrices_conditions", _("Ambassadrices' conditions addressed")),
    )

    application = models.OneToOneField(
        Application, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="admissibility"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    on_time = models.BooleanField(_("submitted on time"))
    on_time_comment = models.TextField(_("comment"), blank=True)
    complete = models.BooleanField(_("complete"))
    complete_comment = models.TextField(_("comment"), blank=True)
    legal_form_eligible = models.BooleanField(_("legal form eligible"))
    legal_form_eligible_comment = models.TextField(_("comment"), blank=True)
    commitments_signed = models.BooleanField(_("commitments signed"))
    commitments_signed_comment = models.TextField(_("comment"), blank=True)
    ambassadrices_conditions = models.BooleanField(_("ambassadrices' conditions addressed"))
    ambassadrices_conditions_comment = models.TextField(_("comment"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("admissibility check")
        verbose_name_plural = _("admissibility checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="admissible") | ~Q(reasons=""),
                name="admissibility_inadmissible_has_reasons",
                violation_error_message=_("Give the reasons why the dossier is not admissible."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="admissible")
                | Q(
                    on_time=True,
                    complete=True,
                    legal_form_eligible=True,
                    commitments_signed=True,
                    ambassadrices_conditions=True,
                ),
                name="admissibility_admissible_all_items",
                violation_error_message=_("A dossier is admissible only when every item is satisfied."),
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.get_outcome_display()}"


class Assignment(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_unique_reviewer"),
        ]

    def __str__(self):
        return f"{self.application} → {self.reviewer}"


class ConflictOfInterest(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Member or former member of the organisation")
        FAMILY = "family", _("Family or personal tie")
        PROFESSIONAL = "professional", _("Professional or financial tie")
        OTHER = "other", _("Other")

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    explanation = models.TextField(_("explanation"), max_length=3000)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "organisation"], name="conflict_unique_pair"),
        ]

    def __str__(self):
        return f"{self.reviewer} / {self.organisation}"


class Review(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Recommendation(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        RESERVED = "reserved", _("Reserved")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")

    application = models.ForeignKey(
        Application, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="reviews"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    recommendation = models.CharField(_("recommendation"), max_length=15, choices=Recommendation.choices, blank=True)
    comment = models.TextField(_("overall comment"), max_length=10000, blank=True)
    score = models.DecimalField(
        _("score /100"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Weighted mean of the criterion scores, normalised to 100; set at submission."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_per_reviewer"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False, score__isnull=False) & ~Q(recommendation=""),
                name="review_submitted_complete",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="review_score_bounds"
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveSmallIntegerField(_("points"))
    justification = models.TextField(_("justification"), max_length=5000)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=~Q(justification=""), name="score_justified"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class Proposal(models.Model):
    """The committee's proposed outcome for one dossier, before an official turns it into a decision.

    ``requested_amount`` is a copy of the dossier's request taken when the proposal is made, so that
    the database itself can refuse an award above it.
    """

    class Outcome(models.TextChoices):
        SELECTED = "selected", _("Selected")
        WAITING = "waiting", _("Waiting list")
        REJECTED = "rejected", _("Rejected")

    application = models.OneToOneField(
        Application, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="proposal"
    )
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals")
    outcome = models.CharField(_("proposed outcome"), max_length=10, choices=Outcome.choices)
    requested_amount = models.DecimalField(_("requested amount (€)"), **MONEY)
    awarded_amount = models.DecimalField(_("awarded amount (€)"), **MONEY, null=True, blank=True)
    amount_reason = models.TextField(_("reason for a reduced amount"), max_length=3000, blank=True)
    waiting_rank = models.PositiveSmallIntegerField(_("rank on the waiting list"), null=True, blank=True)
    assessment_summary = models.TextField(_("assessment summary for the letter"), max_length=3000, blank=True)
    below_minimum_reason = models.TextField(
        _("reason for selecting a dossier below the minimum score"), max_length=3000, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="selected") | Q(awarded_amount__gt=0, awarded_amount__lte=F("requested_amount")),
                name="proposal_selected_amount_within_request",
                violation_error_message=_("The awarded amount must be positive and not above the requested amount."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="selected") | Q(awarded_amount__isnull=True),
                name="proposal_amount_only_when_selected",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="waiting") | Q(waiting_rank__isnull=False),
                name="proposal_waiting_has_rank",
            ),
            models.UniqueConstraint(
                fields=["call", "waiting_rank"], condition=Q(outcome="waiting"), name="proposal_unique_waiting_rank"
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.get_outcome_display()}"


def new_verification_code() -> str:
    # 128 bits, URL-safe: unguessable, short enough for a QR code.
    return secrets.token_urlsafe(16)


def decision_upload_to(instance, filename):
    return f"decisions/{instance.call_id}/{uuid.uuid4().hex}.pdf"


def preview_upload_to(instance, filename):
    return f"previews/{instance.application.call_id}/{uuid.uuid4().hex}.pdf"


class DecisionPreview(models.Model):
    """The very PDF of a decision, shown to the official before they sign it (``review.previews``).

    It is rendered from the proposal, the signature and the day, with the decision's reference and
    verification code already allocated. Signing checks that the decision it issues renders the
    same HTML (same fingerprint) and then issues *these bytes*: the electronic signature is an
    incremental update appended to them, so the signed file begins with exactly the previewed one.
    A preview is only valid the day it was made (the act is dated the day it is signed), for the
    official who made it, and once.
    """

    application = models.ForeignKey(
        Application, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="decision_previews"
    )
    supersedes = models.ForeignKey(
        "Decision",
        verbose_name=_("corrected decision"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.CASCADE, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    reference = models.CharField(_("reference"), max_length=80)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code, editable=False
    )
    html_sha256 = models.CharField(_("fingerprint of the content"), max_length=64)
    pdf = models.FileField(_("PDF file"), upload_to=preview_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    used_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision preview")
        verbose_name_plural = _("decision previews")
        ordering = ["-prepared_at"]

    def __str__(self):
        return self.reference


class Decision(models.Model):
    """A decision validated by an official. Issued decisions are never edited: a correction
    issues a new version that supersedes the previous one."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        REFUSAL = "refusal", _("Refusal")

    class Status(models.TextChoices):
        ISSUED = "issued", _("Valid")
        SUPERSEDED = "superseded", _("Superseded")

    class PaymentTerms(models.TextChoices):
        SINGLE = "single", _("Single payment")
        STAGED = "staged", _("Staged payments")

    application = models.ForeignKey(
        Application, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="decisions"
    )
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code, editable=False
    )
    amount = models.DecimalField(_("amount (€)"), **MONEY, null=True, blank=True)
    assessment_summary = models.TextField(_("assessment summary"), blank=True)
    # The facts a refusal rests on (review.reasons.refusal_grounds), frozen when it is signed.
    grounds = models.JSONField(_("grounds"), default=dict, blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_role = models.CharField(_("signatory's role"), max_length=300)
    delegation_reference = models.CharField(_("delegation reference"), max_length=300, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrected decision"),
    )
    payment_terms = models.CharField(_("payment terms"), max_length=10, choices=PaymentTerms.choices, blank=True)
    # The preview the official read before signing: its PDF is the one issued (then sealed).
    preview = models.OneToOneField(
        DecisionPreview,
        verbose_name=_("preview signed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    pdf = models.FileField(_("PDF file"), upload_to=decision_upload_to, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["call", "application", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="decision_unique_version"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="issued"), name="decision_one_valid_per_application"
            ),
            models.CheckConstraint(condition=~Q(kind="award") | Q(amount__gt=0), name="decision_award_has_amount"),
            models.CheckConstraint(
                condition=Q(kind="award") | Q(amount__isnull=True), name="decision_refusal_has_no_amount"
            ),
            models.CheckConstraint(
                condition=~Q(kind="award") | ~Q(payment_terms=""), name="decision_award_has_payment_terms"
            ),
        ]

    def __str__(self):
        return self.reference


class GenerationJob(models.Model):
    """A background generation of all decision PDFs of a call, with its progress and its ZIP."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="generation_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("decisions to generate"), default=0)
    done = models.PositiveIntegerField(_("decisions generated"), default=0)
    zip_file = models.FileField(_("ZIP archive"), upload_to="exports/", max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision generation")
        verbose_name_plural = _("decision generations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.call} – {self.get_status_display()}"


class RankingCall(Call):
    """The committee's ranking screen of a call, in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")


class SelectionCall(Call):
    """The committee's selection screen of a call (envelope and cap), in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("selection")
        verbose_name_plural = _("selections")


class DecisionEmail(OutgoingEmail):
    """The decision emails (drafts an official reads, then sends), in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("decision email")
        verbose_name_plural = _("decision emails")
