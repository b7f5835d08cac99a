"""Forms of the carrier's account and organisation (the dossier's steps are in ``forms_wizard``).

Every form renders with our DSFR crispy pack; the page shows one error summary on top, so the
helpers never print their own.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import registration
from .departements import departement_for_postcode
from .models import Departement, Organisation, User
from .validators import normalise_identifier, normalise_phone, strip_bidi_controls, validate_rna, validate_siret


def dsfr_helper(layout: Layout | None = None) -> FormHelper:
    """A helper for fields placed inside a ``<form>`` the template writes itself."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.form_show_errors = False
    if layout is not None:
        helper.layout = layout
    return helper


class PlainTextMixin:
    """Mixin: every text field of the form drops bidirectional control characters, and a
    single-line field (any widget but a ``Textarea``) keeps no line break or control character.

    Removed rather than refused: they are invisible, so an error message could not show the
    person what to delete, and French text never needs them (pasting from a right-to-left
    document brings them in unnoticed). A line break in a name only ever serves to forge a line
    in an email or a PDF. Done here, on every ``CharField`` of every form that uses the mixin
    (``DsfrForm`` does, so every carrier form), rather than field by field, so that a field added
    later cannot forget it. Passwords are left as typed. Wrapping happens when the form is
    validated, so fields a subclass adds in its ``__init__`` are covered too.
    """

    def full_clean(self):
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.PasswordInput)
                and not getattr(field, "_plain_text", False)
            ):
                single_line = not isinstance(field.widget, forms.Textarea)
                field.to_python = _as_plain_text(field.to_python, strip=field.strip, single_line=single_line)
                field._plain_text = True
        super().full_clean()


_LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _as_plain_text(to_python, *, strip: bool, single_line: bool):
    def wrapped(value):
        value = to_python(value)
        if not isinstance(value, str):
            return value
        value = strip_bidi_controls(value)
        if single_line:
            value = _LINE_BREAKS_AND_CONTROLS.sub(" ", value)
        return value.strip() if strip else value

    return wrapped


class DsfrForm(PlainTextMixin):
    """Mixin: a crispy helper that renders fields only (no <form>, no summary)."""

    layout: Layout | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = dsfr_helper(self.get_layout())

    def get_layout(self) -> Layout | None:
        return None


# --------------------------------------------------------------------------------------------
# Money, the French way: « 45 000 », « 45 000,50 », « 45000.50 € »
# --------------------------------------------------------------------------------------------
class EuroInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"class": "fr-input", "inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return str(value)


class EuroField(forms.DecimalField):
    widget = EuroInput
    default_error_messages = {
        "invalid": _("Enter an amount in euros, for example 45 000 or 45 000,50."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f€]", "", value)
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        if value in self.empty_values:
            return None
        try:
            Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)

    def widget_attrs(self, widget):
        # The number widget's step/min attributes do not apply to our text input.
        return {}


def at_most(limit: int):
    """A validator with a message that gives the bound (« 100 », « 100 000 »)."""

    def validate(value):
        if value is not None and value > limit:
            raise ValidationError(
                _("Enter a number of at most %(max)s: check for an extra digit.")
                % {"max": f"{limit:,}".replace(",", "\u202f")},
                code="max_value",
            )

    return validate


# --------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------
class SignupForm(DsfrForm, forms.Form):
    """Create an account. An address already in use is *not* reported here (no enumeration)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send you a link to check it. It is also your login."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; avoid common passwords and your own name or address."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationForm(DsfrForm, forms.Form):
    """Invite a colleague. An organisation sends at most ``AMI_INVITATIONS_PER_DAY`` invitations in
    24 hours (each one is an email the portal sends in its name to an address the carrier typed),
    and never a second one to an address whose invitation is still pending."""

    email = forms.EmailField(
        label=_("Your colleague's email address"),
        max_length=254,
        help_text=_("They receive a link to join your organisation; the link is valid for 14 days."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        registration.check_may_invite(organisation=self.organisation, email=email)
        return email


# --------------------------------------------------------------------------------------------
# Organisation
# --------------------------------------------------------------------------------------------
class DepartementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


MAX_STAFF = 100_000  # full-time equivalents: beyond, an extra digit
MAX_VOLUNTEERS = 1_000_000


class OrganisationForm(DsfrForm, forms.ModelForm):
    # Longer than the stored value: people type spaces and dots inside identifiers.
    siret = forms.CharField(
        label=_("SIRET number"),
        max_length=24,
        help_text=_("14 digits, found on the INSEE notice or on annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    rna = forms.CharField(
        label=_("RNA number, for associations"),
        max_length=16,
        required=False,
        help_text=_("Required for associations: W followed by 9 digits, e.g. W751234567."),
    )
    annual_budget = EuroField(label=_("Annual budget (€)"), min_value=Decimal("0"))
    departement = DepartementChoiceField(
        label=_("Département"), queryset=Departement.objects.order_by("code"), empty_label=_("Choose a département")
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "siret",
            "legal_form",
            "rna",
            "year_created",
            "address",
            "postcode",
            "city",
            "departement",
            "representative_name",
            "representative_role",
            "contact_name",
            "contact_email",
            "contact_phone",
            "annual_budget",
            "staff_count",
            "volunteer_count",
            "experience",
            "republican_commitment",
        ]
        labels = {
            "name": _("Name of the organisation"),
            "legal_form": _("Legal form"),
            "year_created": _("Year of creation"),
            "address": _("Address"),
            "postcode": _("Postcode"),
            "city": _("City"),
            "representative_name": _("Legal representative (first and last name)"),
            "representative_role": _("Role of the legal representative"),
            "contact_name": _("Contact person (first and last name)"),
            "contact_email": _("Contact email"),
            "contact_phone": _("Contact phone"),
            "staff_count": _("Employees (full-time equivalent)"),
            "volunteer_count": _("Volunteers"),
            "experience": _("Experience with similar actions"),
            "republican_commitment": _(
                "The organisation commits to respect the contrat d'engagement républicain "
                "(loi n° 2021-1109 of 24 August 2021)"
            ),
        }
        help_texts = {
            "experience": _("Workshops, support to women or newcomers, partnerships: what you have already done."),
        }
        widgets = {
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "experience": forms.Textarea(attrs={"rows": 5}),
            "year_created": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in (("staff_count", MAX_STAFF), ("volunteer_count", MAX_VOLUNTEERS)):
            self.fields[name].validators.append(at_most(limit))
            self.fields[name].widget.attrs.update({"max": limit, "inputmode": "numeric"})
        self.fields["republican_commitment"].required = True
        self.fields["republican_commitment"].error_messages["required"] = _(
            "Your organisation must commit to the contrat d'engagement républicain to apply."
        )

    def get_layout(self):
        return Layout(
            Fieldset(_("Identity"), "name", "siret", "legal_form", "rna", "year_created"),
            Fieldset(_("Head office"), "address", "postcode", "city", "departement"),
            Fieldset(
                _("People"),
                "representative_name",
                "representative_role",
                "contact_name",
                "contact_email",
                "contact_phone",
            ),
            Fieldset(_("Means and experience"), "annual_budget", "staff_count", "volunteer_count", "experience"),
            Fieldset(_("Commitment"), "republican_commitment"),
        )

    def clean_siret(self):
        siret = normalise_identifier(self.cleaned_data["siret"])
        validate_siret(siret)
        others = Organisation.objects.filter(siret=siret)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _(
                    "An organisation with this SIRET number is already registered on the portal. Ask one of its "
                    "members to invite you from their « My account » page."
                ),
                code="siret_taken",
            )
        return siret

    def clean_rna(self):
        rna = normalise_identifier(self.cleaned_data.get("rna", ""))
        if rna:
            validate_rna(rna)
        return rna

    def clean_postcode(self):
        # « ５９０００ » is 59000; « ٥٩٠٠٠ » stays non-ASCII and the model's validator refuses it.
        return normalise_identifier(self.cleaned_data.get("postcode", ""))

    def clean_contact_phone(self):
        return normalise_phone(self.cleaned_data.get("contact_phone", ""))

    def clean_year_created(self):
        year = self.cleaned_data["year_created"]
        if year is not None and year > datetime.date.today().year:
            raise ValidationError(_("The year of creation cannot be in the future."), code="future")
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("legal_form") == Organisation.LegalForm.ASSOCIATION and not cleaned.get("rna"):
            if "rna" not in self.errors:
                self.add_error("rna", _("An association must give its RNA number (W followed by 9 digits)."))
        postcode, departement = cleaned.get("postcode"), cleaned.get("departement")
        if postcode and departement:
            expected = departement_for_postcode(postcode)
            if expected and expected != departement.code:
                expected_obj = Departement.objects.filter(code=expected).first()
                self.add_error(
                    "departement",
                    _("The postcode %(postcode)s is in the département %(expected)s, not in %(chosen)s.")
                    % {
                        "postcode": postcode,
                        "expected": f"{expected_obj.code} – {expected_obj.name}" if expected_obj else expected,
                        "chosen": f"{departement.code} – {departement.name}",
                    },
                )
        return cleaned

    def _get_validation_exclusions(self):
        # Our clean_siret already explains a taken SIRET; skip the model's generic message.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("siret")
        return exclusions
