"""The open-data export of awarded grants validates against the SCDL « subventions » schema."""

import csv
import io
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from applications.demo import make_siret
from applications.validators import luhn_valid
from review import scdl as scdl_module
from review.decisions import validate_proposal
from review.models import Proposal
from review.scdl import FIELDS, ScdlNotReady, scdl_csv
from review.selection import propose
from tests.factories import CoFundingFactory

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SCHEMA = Path(scdl_module.__file__).resolve().parent / "standards" / "scdl-subventions.schema.json"


def validate(text: str, folder: Path):
    """Validate CSV text against the SCDL Table Schema with Frictionless."""
    from frictionless import Resource, Schema

    (folder / "subventions.csv").write_text(text, encoding="utf-8")
    descriptor = json.loads(SCHEMA.read_text(encoding="utf-8"))
    descriptor.pop("custom_checks", None)  # Validata's own checks, done by the tests below
    resource = Resource(path="subventions.csv", basepath=str(folder), schema=Schema.from_descriptor(descriptor))
    return resource.validate()


@pytest.fixture
def call():
    call = small_call(issuing_siret=make_siret(random.Random(5)))
    member, signer = committee_member(), official()
    big = reviewed_dossier(call, requested="60000.00")
    CoFundingFactory(application=big, source="Conseil départemental", amount=Decimal("5000"))
    small = reviewed_dossier(call, requested="20000.00")
    small.organisation.rna = ""
    small.organisation.legal_form = "social_economy"
    small.organisation.save()
    refused = reviewed_dossier(call)
    for dossier in (big, small):
        validate_proposal(
            proposal=propose(application=dossier, outcome=Proposal.Outcome.SELECTED, by=member),
            signature=signature(),
            by=signer,
        )
    validate_proposal(
        proposal=propose(application=refused, outcome=Proposal.Outcome.REJECTED, assessment_summary="Non.", by=member),
        signature=signature(),
        by=signer,
    )
    return call


def test_export_validates_against_the_schema(call, tmp_path):
    text = scdl_csv(call)
    report = validate(text, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == FIELDS
    assert len(rows) == 2  # awards only
    for row in rows:  # the schema's custom checks: valid SIRETs, SIRET or RNA present
        assert luhn_valid(row["idAttribuant"]) and luhn_valid(row["idBeneficiaire"])
    big = next(r for r in rows if r["montant"] == "60000.00")
    assert big["conditionsVersement"] == "échelonné" and big["cofinancement"] == "oui"
    assert big["attribuantsCofinanceurs"] == "Conseil départemental"
    small = next(r for r in rows if r["montant"] == "20000.00")
    assert small["conditionsVersement"] == "unique" and small["rnaBeneficiaire"] == ""


def test_the_schema_check_catches_a_broken_export(call, tmp_path):
    broken = scdl_csv(call).replace("aide en numéraire", "aide en liquide")
    assert not validate(broken, tmp_path).valid


def test_command_writes_the_file(call, tmp_path):
    output = tmp_path / "scdl.csv"
    call_command("export_scdl", "--call", call.slug, "--output", str(output), stdout=io.StringIO())
    assert output.read_text(encoding="utf-8").startswith("idSubvention,nomAttribuant")


def test_without_the_authority_siret_the_export_says_what_is_missing(call):
    call.issuing_siret = ""
    call.save()
    with pytest.raises(ScdlNotReady):
        scdl_csv(call)
    with pytest.raises(CommandError):
        call_command("export_scdl", "--call", call.slug, "--output", "-", stdout=io.StringIO())
