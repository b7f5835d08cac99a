"""Data and invariants of a grant's life after its award.

``Grant`` is one awarded dossier: the award's amount, whether a convention is required, and the
payment schedule as data (the share paid on signature, the share paid after the final report). The
amount of each share is a column of that same row, checked by the database against the award:
each grant has at most one advance and one balance (a unique constraint), so the sum of all its
instalments can never exceed what was awarded — whatever a service, a script or a race does.

``Convention`` is one version of the convention (draft → sent → accepted → signed; an amendment is
a new version and the previous one becomes « amended », never edited). ``Instalment`` is one
payment moving through requested → approved → paid. ``Report`` is the interim or final report
with its financial lines (CERFA n° 15059) and its history (``ReportEvent``).
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import MONEY, Application, RequiredDocument

ZERO = Decimal("0")


def new_verification_code() -> str:
    return secrets.token_urlsafe(16)


class Grant(models.Model):
    """An awarded dossier followed after its decision."""

    application = models.OneToOneField(
        Application, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="grant"
    )
    decision = models.OneToOneField(
        "review.Decision", verbose_name=_("award decision"), on_delete=models.PROTECT, related_name="grant"
    )
    amount = models.DecimalField(_("awarded amount (€)"), **MONEY)
    convention_required = models.BooleanField(_("convention required"))
    advance_percent = models.PositiveSmallIntegerField(_("share paid on signature (%)"))
    balance_percent = models.PositiveSmallIntegerField(_("share paid after the final report (%)"))
    advance_amount = models.DecimalField(_("amount paid on signature (€)"), **MONEY)
    balance_amount = models.DecimalField(_("amount paid after the final report (€)"), **MONEY)
    amount_to_return = models.DecimalField(_("unspent amount to return (€)"), **MONEY, default=ZERO)
    return_order_reference = models.CharField(_("reference of the ordre de reversement"), max_length=80, blank=True)
    return_order_issued_at = models.DateTimeField(_("ordre de reversement issued at"), null=True, blank=True)
    return_order_pdf = models.FileField(
        _("ordre de reversement"), upload_to="conventions/reversements/", max_length=200, blank=True
    )
    # The ordre de reversement is an act like the others: a verification code printed with its QR
    # code, the fingerprint of the (sealed) file issued, its signatory and the date payment is due.
    return_order_verification_code = models.CharField(
        _("verification code of the ordre de reversement"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    return_order_sha256 = models.CharField(_("fingerprint of the ordre de reversement"), max_length=64, blank=True)
    return_order_signatory_name = models.CharField(
        _("signatory of the ordre de reversement"), max_length=200, blank=True
    )
    return_order_signatory_role = models.CharField(
        _("role of the signatory of the ordre de reversement"), max_length=300, blank=True
    )
    return_order_due_on = models.DateField(_("unspent funds to be returned by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # A corrective decision (rectificative) whose effect on this grant the officials still have to
    # carry out: an award at another amount, until an amendment at that amount is signed; or a
    # refusal — the award is withdrawn — which stays flagged (terminate, order the return of the sums
    # paid). ``None`` when nothing is pending (applications/grants/conventions.py).
    pending_correction = models.ForeignKey(
        "review.Decision",
        verbose_name=_("corrective decision to carry out"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    # The end of a grant whose award a corrective decision withdrew (applications/grants/termination.py):
    # the corrective decision, when and by whom the follow-up was closed. The sums already paid are
    # then ``amount_to_return``, ordered back by an ordre de reversement.
    withdrawal = models.ForeignKey(
        "review.Decision",
        verbose_name=_("corrective decision that withdrew the award"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True, editable=False)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("terminated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["application__reference"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=Q(advance_percent__gte=0) & Q(balance_percent__gte=0),
                name="grant_percents_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(advance_percent__lte=100 - F("balance_percent")),
                name="grant_percents_at_most_100",
                violation_error_message=_("The shares of the payment schedule add up to more than 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(advance_amount__gte=0) & Q(balance_amount__gte=0) & Q(amount_to_return__gte=0),
                name="grant_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(advance_amount__lte=F("amount") - F("balance_amount")),
                name="grant_schedule_within_award",
                violation_error_message=_("The payments would exceed the awarded amount."),
            ),
            models.CheckConstraint(
                condition=Q(amount_to_return__lte=F("amount")),
                name="grant_return_within_award",
            ),
            models.CheckConstraint(
                condition=Q(terminated_at__isnull=True)
                | (Q(withdrawal__isnull=False) & Q(terminated_by__isnull=False) & Q(pending_correction__isnull=True)),
                name="grant_termination_is_recorded",
            ),
            models.CheckConstraint(
                condition=Q(return_order_issued_at__isnull=True)
                | (Q(return_order_verification_code__isnull=False) & ~Q(return_order_sha256="")),
                name="grant_return_order_verifiable",
            ),
        ]

    def __str__(self):
        return str(self.application)

    @property
    def correction_alert(self) -> str:
        """What a pending corrective decision asks of the officials, in French; "" when none."""
        from django.utils.translation import gettext

        from applications.formatting import format_euros
        from applications.french_dates import french_date

        pending = self.pending_correction
        if pending is None:
            return ""
        values = {"date": french_date(pending.signed_at), "reference": pending.reference}
        if pending.kind == "refusal":
            return (
                gettext(
                    "Decision withdrawn by the corrective decision of %(date)s (%(reference)s): terminate the "
                    "convention and issue an ordre de reversement for the sums paid."
                )
                % values
            )
        values.update(amount=format_euros(pending.amount), current=format_euros(self.amount))
        if self.amount == pending.amount:
            # The grant followed the new amount; what is left is the convention it now requires.
            return (
                gettext(
                    "Amount changed by the corrective decision of %(date)s (%(reference)s) to %(amount)s: the "
                    "grant now requires a convention, and nothing more is paid before it is signed. Prepare it."
                )
                % values
            )
        if self.conventions.exists():
            return (
                gettext(
                    "Amount changed by the corrective decision of %(date)s (%(reference)s): %(amount)s instead "
                    "of %(current)s. An amendment is needed."
                )
                % values
            )
        return (
            gettext(
                "Amount changed by the corrective decision of %(date)s (%(reference)s): %(amount)s instead of "
                "%(current)s, which the payments already approved or paid keep the grant from following. "
                "Settle the payments (an ordre de reversement if too much was paid)."
            )
            % values
        )


def convention_upload_to(instance, filename):
    return f"conventions/{instance.grant_id}/{uuid.uuid4().hex}.pdf"


class Convention(models.Model):
    """One version of a grant's convention. A sent version is never edited."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the carrier")
        ACCEPTED = "accepted", _("Accepted by the carrier")
        SIGNED = "signed", _("Signed")
        AMENDED = "amended", _("Replaced by an amendment")
        TERMINATED = "terminated", _("Terminated: award withdrawn")

    grant = models.ForeignKey(Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="conventions")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code, editable=False
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("amended version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
    )
    amendment_reason = models.TextField(_("reason for the amendment"), max_length=3000, blank=True)
    # Each version carries its own amount: a signed version keeps it, frozen; an amendment may
    # change it, and the grant's amount follows when the amendment is signed.
    amount = models.DecimalField(_("amount of the grant in this version (€)"), **MONEY)
    start_date = models.DateField(_("start of the action"))
    end_date = models.DateField(_("end of the action"))
    interim_report_due = models.DateField(_("interim report due on"))
    final_report_due = models.DateField(_("final report due on"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(_("PDF file"), upload_to=convention_upload_to, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 fingerprint of the sent version"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acceptance_statement = models.TextField(_("statement accepted"), blank=True)
    accepted_sha256 = models.CharField(_("fingerprint of the accepted version"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=300, blank=True)
    signed_pdf = models.FileField(_("signed PDF"), upload_to=convention_upload_to, max_length=200, blank=True)
    signed_sha256 = models.CharField(_("fingerprint of the signed PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["grant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "version"], name="convention_unique_version"),
            # One version in force, and at most one on its way (the first one, or an amendment).
            models.UniqueConstraint(fields=["grant"], condition=Q(state="signed"), name="convention_one_in_force"),
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(state__in=["draft", "sent", "accepted"]),
                name="convention_one_in_progress",
            ),
            models.CheckConstraint(
                # A draft ended by the award's withdrawal was never sent either.
                condition=Q(state__in=["draft", "terminated"]) | (Q(sent_at__isnull=False) & ~Q(sha256="")),
                name="convention_sent_has_pdf",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["accepted", "signed"])
                | (Q(accepted_at__isnull=False) & Q(accepted_by__isnull=False) & ~Q(accepted_sha256="")),
                name="convention_accepted_is_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(state="signed") | (Q(signed_at__isnull=False) & Q(signed_by__isnull=False)),
                name="convention_signed_is_recorded",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="convention_dates_in_order"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="convention_amount_positive"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.amount is None:  # a version created without its amount states the grant's
            self.amount = self.grant.amount
        super().save(*args, **kwargs)

    @property
    def is_in_force(self) -> bool:
        return self.state == self.State.SIGNED


class Instalment(models.Model):
    """One payment of a grant. Its amount is the grant's share for its kind (see ``Grant``)."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Payment on signature")
        BALANCE = "balance", _("Balance after the final report")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled: award withdrawn")

    grant = models.ForeignKey(Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="instalments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    accounting_reference = models.CharField(_("accounting reference"), max_length=60, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["grant", "kind"]
        constraints = [
            # One advance and one balance at most: with the grant's checks, the total never exceeds the award.
            models.UniqueConstraint(fields=["grant", "kind"], name="instalment_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "paid"]) | Q(approved_at__isnull=False),
                name="instalment_approved_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state="paid") | (Q(paid_on__isnull=False) & ~Q(accounting_reference="")),
                name="instalment_paid_has_date_and_reference",
            ),
        ]

    def __str__(self):
        return f"{self.grant} — {self.get_kind_display()}"

    @property
    def amount(self) -> Decimal:
        return self.grant.advance_amount if self.kind == self.Kind.ADVANCE else self.grant.balance_amount


def paid_total(instalments) -> Decimal:
    """What was paid of a grant, from its instalments (each reading its amount from its grant)."""
    return sum((i.amount for i in instalments if i.state == Instalment.State.PAID), Decimal("0"))


class Report(models.Model):
    """The interim or final report: activity with indicators, narrative, financial report."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CORRECTIONS = "corrections", _("Corrections requested")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("No longer due: award withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    grant = models.ForeignKey(Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    due_on = models.DateField(_("due on"))
    narrative = models.TextField(_("what was done"), max_length=10000, blank=True)
    ambassadrices_recruited = models.PositiveIntegerField(_("ambassadrices recruited"), null=True, blank=True)
    ambassadrices_trained = models.PositiveIntegerField(_("ambassadrices trained"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("primo-arrivants reached (CIR signatories)"), null=True, blank=True)
    kit_delivered = models.BooleanField(_("information kit delivered"), default=False)
    # {"<département code>": {"<theme position>": number of workshops}}
    workshops = models.JSONField(_("workshops held"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["grant", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind"], name="report_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(approved_at__isnull=False), name="report_approved_is_dated"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.grant}"

    def workshop_total(self) -> int:
        return sum(int(n) for by_theme in self.workshops.values() for n in by_theme.values())


class ReportLine(models.Model):
    """One line of the financial report (CERFA n° 15059): planned and actual, by category."""

    class Side(models.TextChoices):
        CHARGE = "charge", _("Charges")
        INCOME = "income", _("Income")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="lines")
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    category = models.CharField(_("category"), max_length=30)
    planned = models.DecimalField(_("planned (€)"), **MONEY)
    actual = models.DecimalField(_("actual (€)"), **MONEY, null=True, blank=True)
    explanation = models.TextField(_("explanation of the gap"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("financial report line")
        verbose_name_plural = _("financial report lines")
        ordering = ["report", "side", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "side", "category"], name="report_line_unique_category"),
            models.CheckConstraint(
                condition=Q(planned__gte=0) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="report_line_not_negative",
            ),
        ]

    def __str__(self):
        return self.category


def report_attachment_upload_to(instance, filename):
    # The carrier's file name is never used on disk: it is kept only as display text.
    return f"grants/reports/{instance.report.public_id}/{uuid.uuid4().hex}"


class ReportAttachment(models.Model):
    """A supporting file of a report (pièce justificative), checked like a dossier's files.

    Removing one while the report is editable keeps the row (``removed_at``) so that the history of
    what was sent stays whole; only the files not removed are part of the report.
    """

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(_("what the file shows"), max_length=200, blank=True)
    file = models.FileField(upload_to=report_attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10, choices=RequiredDocument.Kind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("supporting file of a report")
        verbose_name_plural = _("supporting files of reports")
        ordering = ["report", "uploaded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="report_attachment_not_empty")]

    def __str__(self):
        return self.original_name


class ReportEvent(models.Model):
    """The history of a report: submissions, corrections asked, approval."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "created_at", "id"]

    def __str__(self):
        return self.action


class ReportReminder(models.Model):
    """A reminder email sent about a report; unique per report and kind, so never sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        AFTER = "after", _("After the due date")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="report_reminder_once")]

    def __str__(self):
        return f"{self.report} — {self.get_kind_display()}"
