"""Validators for French identifiers, with messages that tell the carrier exactly what is wrong.

Identifiers are compared and stored as ASCII. Python's ``\\d`` and ``str.isdigit`` accept any
Unicode digit (« ７３２… » full-width, « ٧٣٢… » Arabic-Indic), and ``int`` reads them: without
normalisation a full-width copy of a registered SIRET would pass the checksum and register a
second organisation under another's number. So every identifier is NFKC-normalised first (which
turns full-width digits and letters into ASCII ones), then only ASCII digits are accepted.
"""

import re
import unicodedata

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


# Separators people type inside identifiers (after NFKC: spaces, dots, hyphens and dashes).
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]")
ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def normalise_text(value: str) -> str:
    """NFKC: full-width and other compatibility forms become their ordinary (ASCII) characters."""
    return unicodedata.normalize("NFKC", value or "")


# Bidirectional controls: invisible, they reorder what is shown (« txt.exe » displayed as
# « exe.txt », a reversed amount or address in a PDF or an email).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_WITHOUT_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(value: str) -> str:
    return value.translate(_WITHOUT_BIDI)


def _strip_separators(value: str) -> str:
    return _SEPARATORS.sub("", value or "").upper()


def normalise_identifier(value: str) -> str:
    """NFKC, then drop the spaces, dots and dashes people type inside identifiers (forms store this)."""
    return _strip_separators(normalise_text(value))


def normalise_phone(value: str) -> str:
    """NFKC, every run of spaces (non-breaking, thin, ideographic…) as one ASCII space."""
    return " ".join(normalise_text(value).split())


# The validators below do not normalise: forms store ``normalise_identifier``'s result, and any
# other path (admin, shell, import) that skipped it is refused rather than stored as non-ASCII.
def validate_siren(value: str) -> None:
    siren = _strip_separators(value)
    if not re.fullmatch(r"[0-9]{9}", siren, re.ASCII):
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
    siret = _strip_separators(value)
    if siret.isdigit() and not siret.isascii():
        raise ValidationError(
            _("Type the SIRET number with the digits 0 to 9 (other scripts' digits are not accepted)."),
            code="siret_digits",
        )
    if not ASCII_DIGITS.fullmatch(siret):
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
    rna = _strip_separators(value)
    if not re.fullmatch(r"W[0-9]{9}", rna, re.ASCII):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits, for example W751234567."),
            code="rna_format",
        )


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"[0-9]{5}", value or "", re.ASCII):
        raise ValidationError(_("A postcode has exactly 5 digits."), code="postcode")


def validate_phone(value: str) -> None:
    digits = re.sub(r"[ \t.\-()]", "", value or "")
    if not re.fullmatch(r"(\+33|0033|0)[1-9][0-9]{8}|\+[0-9]{8,15}", digits, re.ASCII):
        raise ValidationError(_("Enter a phone number such as 01 23 45 67 89 or +33 1 23 45 67 89."), code="phone")
