"""People: accounts (``User``, and staff's ``SecondFactorDevice``), organisations and invitations."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..validators import validate_phone, validate_postcode, validate_rna, validate_siret
from .fields import MONEY


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


class SecondFactorDevice(TOTPDevice):
    """A staff member's authenticator app, as administrators see it in the admin: named in French,
    secrets never shown. django-otp's own labels are not translatable (plain strings)."""

    class Meta:
        proxy = True
        verbose_name = _("second-factor device")
        verbose_name_plural = _("second-factor devices")
