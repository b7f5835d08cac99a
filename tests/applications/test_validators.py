"""French identifiers: SIRET (Luhn on SIREN and SIRET, La Poste's own rule), RNA, postcode,
phone, and the département a postcode belongs to — each refusal with a precise French message."""

import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.demo import make_siret
from applications.departements import departement_for_postcode
from applications.validators import (
    luhn_valid,
    normalise_identifier,
    validate_phone,
    validate_postcode,
    validate_rna,
    validate_siren,
    validate_siret,
)


def message_of(validator, value):
    with pytest.raises(ValidationError) as error:
        validator(value)
    return error.value.messages[0]


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_generated_sirets_are_valid_and_any_single_digit_change_is_caught(seed):
    rng = random.Random(seed)
    siret = make_siret(rng)
    validate_siret(siret)
    validate_siren(siret[:9])
    position = rng.randrange(14)
    changed = siret[:position] + str((int(siret[position]) + rng.randrange(1, 10)) % 10) + siret[position + 1 :]
    if changed[:9] == "356000000":
        return  # La Poste follows another rule
    with pytest.raises(ValidationError):
        validate_siret(changed)


def test_luhn():
    assert luhn_valid("732829320")
    assert not luhn_valid("732829321")


def test_spaces_and_dots_are_ignored():
    assert normalise_identifier("732 829.320-00074") == "73282932000074"
    validate_siret("732 829 320 00074")


@pytest.mark.parametrize(
    "value, message",
    [
        ("7328293200007", "Un numéro SIRET comporte exactement 14 chiffres (vous en avez saisi 13)."),
        ("73282932000074999", "Un numéro SIRET comporte exactement 14 chiffres (vous en avez saisi 17)."),
        ("7328293200007A", "Un numéro SIRET ne contient que des chiffres."),
        ("73282932100074", "Les 9 premiers chiffres (le SIREN) de ce numéro SIRET ne sont pas valides."),
        ("73282932000075", "Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas."),
    ],
)
def test_siret_messages(value, message):
    assert message_of(validate_siret, value).startswith(message)


def test_la_poste_sirets_have_a_digit_sum_divisible_by_five():
    validate_siret("35600000000010")  # 3+5+6+1 = 15, although Luhn fails
    assert not luhn_valid("35600000000010")
    assert "La Poste" in message_of(validate_siret, "35600000000011")


@pytest.mark.parametrize("value", ["W751234567", "w751234567", "W 751 234 567"])
def test_valid_rna(value):
    validate_rna(value)


@pytest.mark.parametrize("value", ["751234567", "W75123456", "X751234567", "W7512345678"])
def test_invalid_rna(value):
    assert message_of(validate_rna, value) == (
        "Un numéro RNA se compose de la lettre W suivie de 9 chiffres, par exemple W751234567."
    )


def test_postcode_and_phone():
    validate_postcode("97400")
    assert message_of(validate_postcode, "7500") == "Un code postal comporte exactement 5 chiffres."
    validate_phone("01 23 45 67 89")
    validate_phone("+33 1 23 45 67 89")
    assert message_of(validate_phone, "12").startswith("Saisissez un numéro de téléphone")


@pytest.mark.parametrize(
    "postcode, code",
    [
        ("75011", "75"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20200", "2B"),
        ("97400", "974"),
        ("97600", "976"),
        ("abc", None),
    ],
)
def test_departement_for_postcode(postcode, code):
    assert departement_for_postcode(postcode) == code
