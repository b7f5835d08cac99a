"""The open-data export of awarded grants validates against the SCDL « subventions » schema."""

import csv
import io
import json
import random
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from applications.demo import make_siret
from applications.grants import conventions
from applications.validators import luhn_valid
from review import scdl as scdl_module
from review.decisions import validate_proposal
from review.models import Proposal
from review.scdl import FIELDS, ScdlNotReady, scdl_csv
from review.selection import propose
from tests.factories import CarrierFactory, CoFundingFactory

from .decision_helpers import PARIS, committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SIGNED_ON = datetime(2027, 1, 12, 23, 30, tzinfo=PARIS)  # late evening in Paris, the next day in UTC
SCHEMA = Path(scdl_module.__file__).resolve().parent / "standards" / "scdl-subventions.schema.json"


def validate(text: str, folder: Path):
    """Validate CSV text against the SCDL Table Schema with Frictionless."""
    from frictionless import Resource, Schema

    (folder / "subventions.csv").write_text(text, encoding="utf-8")
    descriptor = json.loads(SCHEMA.read_text(encoding="utf-8"))
    descriptor.pop("custom_checks", None)  # Validata's own checks, done by the tests below
    resource = Resource(path="subventions.csv", basepath=str(folder), schema=Schema.from_descriptor(descriptor))
    return resource.validate()


def build_call():
    """Two awards (60 000 € over two years, co-funded; 20 000 €) and a refusal; no convention signed."""
    call = small_call(issuing_siret=make_siret(random.Random(5)))
    member, signer = committee_member(), official()
    big = reviewed_dossier(call, requested="60000.00", start_date=date(2026, 9, 1), end_date=date(2027, 8, 31))
    CoFundingFactory(application=big, source="Conseil départemental", amount=Decimal("5000"), status="obtained")
    CoFundingFactory(application=big, source="Fondation demandée", amount=Decimal("3000"), status="requested")
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


@pytest.fixture
def unsigned_call():
    return build_call()


@pytest.fixture
def call():
    """The same, with the 60 000 € grant's convention signed: both awards are published."""
    call = build_call()
    sign_convention(call)
    return call


def sign_convention(call, *, at=SIGNED_ON):
    """The convention of the 60 000 € grant (the only one above €23,000), accepted and signed at ``at``."""
    decision = next(d for d in scdl_module.awards(call) if d.amount == Decimal("60000.00"))
    carrier = CarrierFactory(organisation=decision.application.organisation)
    signer = official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    with time_machine.travel(at, tick=False):
        return conventions.sign_convention(
            convention=convention, by=signer, signatory_name="J. M.", signatory_role="D."
        )


def rows_of(call):
    return list(csv.DictReader(io.StringIO(scdl_csv(call))))


def test_export_validates_against_the_schema(call, tmp_path):
    text = scdl_csv(call)
    report = validate(text, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == FIELDS
    assert len(rows) == 3  # awards only: the 60 000 € one over its two budget years, the 20 000 € one
    for row in rows:  # the schema's custom checks: valid SIRETs, SIRET or RNA present
        assert luhn_valid(row["idAttribuant"]) and luhn_valid(row["idBeneficiaire"])
    big = next(r for r in rows if r["montant"] == "60000.00")
    assert big["conditionsVersement"] == "échelonné" and big["cofinancement"] == "oui"
    small = next(r for r in rows if r["montant"] == "20000.00")
    assert small["conditionsVersement"] == "unique" and small["rnaBeneficiaire"] == ""


def test_a_grant_is_published_once_its_convention_is_signed(unsigned_call):
    call = unsigned_call
    rows = rows_of(call)
    assert [r["montant"] for r in rows] == ["20000.00"]  # the 60 000 € convention is not signed yet
    decision = next(d for d in scdl_module.awards(call) if d.amount == Decimal("20000.00"))
    # No convention below €23,000: the award decision is the act, and its date the convention's.
    assert rows[0]["dateConvention"] == decision.signed_at.astimezone(PARIS).date().isoformat()

    sign_convention(call)
    big = [r for r in rows_of(call) if r["montant"] == "60000.00"]
    assert {r["dateConvention"] for r in big} == {"2027-01-12"}  # the day in Paris, not in UTC


def test_a_grant_over_two_years_has_one_row_per_budget_year(call):
    big = [r for r in rows_of(call) if r["montant"] == "60000.00"]
    assert [r["exerciceBudgetaire"] for r in big] == ["2026", "2027"]
    assert {r["idSubvention"] for r in big} == {big[0]["idSubvention"]}
    assert all(r["pluriannualite"] == "oui" and r["anneesPluriannualite"] == "2026 - 2027" for r in big)
    (small,) = [r for r in rows_of(call) if r["montant"] == "20000.00"]
    assert small["pluriannualite"] == "non" and small["anneesPluriannualite"] == ""


def test_only_co_funding_actually_obtained_is_published(call):
    big = next(r for r in rows_of(call) if r["montant"] == "60000.00")
    assert big["cofinancement"] == "oui" and big["attribuantsCofinanceurs"] == "Conseil départemental"
    small = next(r for r in rows_of(call) if r["montant"] == "20000.00")
    assert small["cofinancement"] == "non" and small["attribuantsCofinanceurs"] == "" and small["idCofinancement"] == ""


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


def test_a_signed_amendment_publishes_the_grants_new_amount_on_every_budget_year(call, tmp_path):
    """``montant`` is the « montant total de la subvention attribuée »: once an amendment changed the
    grant, its current amount, the same total on each budget-year row; the convention's date stays
    that of its first signature."""
    from applications.grants.models import Grant

    grant = Grant.objects.get(application__call=call)
    carrier = CarrierFactory(organisation=grant.application.organisation)
    signer = official()
    amendment = conventions.draft_convention(
        grant=grant, by=signer, amendment_reason="Un département de plus.", amount=Decimal("70000.00")
    )
    amendment = conventions.send_convention(convention=amendment, by=signer)
    amendment = conventions.accept_convention(convention=amendment, user=carrier, sha256=amendment.sha256)
    conventions.sign_convention(convention=amendment, by=signer, signatory_name="J. M.", signatory_role="D.")
    grant.refresh_from_db()
    assert grant.amount == Decimal("70000.00") and grant.decision.amount == Decimal("60000.00")

    text = scdl_csv(call)
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["idSubvention"] == grant.application.reference]
    assert [(r["exerciceBudgetaire"], r["montant"]) for r in rows] == [("2026", "70000.00"), ("2027", "70000.00")]
    assert {r["dateConvention"] for r in rows} == {"2027-01-12"}  # the first signature, not the amendment's
    assert {r["montant"] for r in rows_of(call)} == {"70000.00", "20000.00"}  # the original 60 000 € is gone
    report = validate(text, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
