"""Validators for French identifiers, with messages that tell the carrier exactly what is wrong."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_identifier(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside identifiers."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def validate_siren(value: str) -> None:
    siren = normalise_identifier(value)
    if not re.fullmatch(r"\d{9}", siren):
        raise ValidationError(
            ngettext_lazy(
                "A SIREN number has exactly 9 digits (you typed %(count)d character).",
                "A SIREN number has exactly 9 digits (you typed %(count)d characters).",
                "count",
            ),
            code="siren_format",
            params={"count": len(siren)},
        )
    if not luhn_valid(siren):
        raise ValidationError(
            _("This SIREN number is not valid: its check digit does not match. Please check it."),
            code="siren_checksum",
        )


def validate_siret(value: str) -> None:
    siret = normalise_identifier(value)
    if not siret.isdigit():
        raise ValidationError(_("A SIRET number contains only digits."), code="siret_digits")
    if len(siret) != 14:
        raise ValidationError(
            _("A SIRET number has exactly 14 digits (you typed %(count)d)."),
            code="siret_length",
            params={"count": len(siret)},
        )
    siren = siret[:9]
    if siren == LA_POSTE_SIREN:
        # La Poste's establishments do not follow Luhn: their digits add up to a multiple of 5.
        if sum(int(c) for c in siret) % 5 != 0:
            raise ValidationError(
                _("This La Poste SIRET number is not valid (the sum of its digits must be a multiple of 5)."),
                code="siret_laposte",
            )
        return
    if not luhn_valid(siren):
        raise ValidationError(
            _("The first 9 digits (the SIREN) of this SIRET number are not valid. Please check them."),
            code="siret_siren_checksum",
        )
    if not luhn_valid(siret):
        raise ValidationError(
            _("This SIRET number is not valid: its check digit does not match. Please check the last 5 digits."),
            code="siret_checksum",
        )


def validate_rna(value: str) -> None:
    rna = normalise_identifier(value)
    if not re.fullmatch(r"W\d{9}", rna):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits, for example W751234567."),
            code="rna_format",
        )


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value or ""):
        raise ValidationError(_("A postcode has exactly 5 digits."), code="postcode")


def validate_phone(value: str) -> None:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if not re.fullmatch(r"(\+33|0033|0)[1-9]\d{8}|\+\d{8,15}", digits):
        raise ValidationError(_("Enter a phone number such as 01 23 45 67 89 or +33 1 23 45 67 89."), code="phone")
