"""Outcome tables, the committee's procès-verbal and the auditors' dossier bundle."""

import csv
import io
import zipfile
from decimal import Decimal

import pypdf
import pytest
from django.core.files.base import ContentFile

from applications.models import Attachment
from review.decisions import validate_proposal
from review.documents import attach_pdf
from review.exports import committee_report_pdf, dossier_bundle, outcomes_csv, outcomes_xlsx
from review.models import Proposal
from review.selection import propose
from tests.factories import MessageFactory
from tests.pdf_support import pdf_text, squeeze

from .decision_helpers import committee_member, inadmissible_dossier, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED


@pytest.fixture
def call():
    call = small_call(committee_members="Mme A, présidente (DGEF)\nM. B (SDFE)")
    member, signer = committee_member(), official()
    winner = reviewed_dossier(
        call, requested="60000.00", scores=[Decimal("90"), Decimal("88")], title='=HYPERLINK("x")'
    )
    waiting = reviewed_dossier(call, requested="50000.00", scores=[Decimal("70"), Decimal("72")])
    rejected = reviewed_dossier(call, requested="30000.00", scores=[Decimal("40"), Decimal("44")])
    inadmissible_dossier(call)
    validate_proposal(
        proposal=propose(application=winner, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    propose(application=waiting, outcome=WAITING, by=member)
    propose(application=rejected, outcome=REJECTED, assessment_summary="+33 budget peu clair", by=member)
    call.winner = winner
    return call


def test_csv_lists_every_submitted_dossier_with_scores_and_outcomes(call):
    text = "".join(outcomes_csv(call))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1 + 4
    by_reference = {row[0]: row for row in rows[1:]}
    winner = by_reference[call.winner.reference]
    assert winner[4] == '\'=HYPERLINK("x")'  # neutralised: a spreadsheet shows it as text
    assert winner[6] == "89,000"
    assert winner[11] == "60000,00" and winner[14] == "60000,00"
    assert winner[13] == f"{call.winner.reference}-D1"


def test_xlsx_keeps_text_as_text(call):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(outcomes_xlsx(call))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 5
    winner = next(row for row in values if row[0] == call.winner.reference)
    assert winner[4] == '\'=HYPERLINK("x")'
    assert winner[11] == 60000.0


def test_committee_report_holds_members_ranking_selection_and_envelope(call):
    text = pdf_text(committee_report_pdf(call))
    assert "Mme A, présidente (DGEF)" in text and "M. B (SDFE)" in text
    assert "Présences non consignées" in text  # members as free lines: attendance unknown, said so
    assert call.winner.reference in text and call.winner.organisation.name in text
    assert "60 000,00 €" in text and "40 000,00 €" in text  # awarded and remaining of 100,000
    assert "89" in text  # the winner's score


def minutes_inadmissible(call):
    from applications.models import Application

    return Application.objects.get(call=call, state=Application.State.INADMISSIBLE)


@pytest.fixture
def minutes(call):
    from applications.models import CommitteeMember
    from review.models import ConflictOfInterest
    from tests.factories import StaffFactory

    call.committee_place = "Place Beauvau, Paris 8e, salle 204"
    call.save()
    CommitteeMember.objects.create(call=call, position=1, full_name="Claire Dupont", role="DGEF/DIAN", chairs=True)
    CommitteeMember.objects.create(call=call, position=2, full_name="Karim Benali", role="DGCS/SDFE")
    CommitteeMember.objects.create(call=call, position=3, full_name="Awa Diallo", role="OFII", attendance="excused")
    from review.models import AdmissibilityCheck
    from tests.factories import AdmissibilityCheckFactory

    inadmissible = minutes_inadmissible(call)
    AdmissibilityCheckFactory(
        application=inadmissible,
        outcome=AdmissibilityCheck.Outcome.INADMISSIBLE,
        complete=False,
        complete_comment="RIB manquant",
        reasons="Dossier non recevable : complet.",
    )
    reviewer = StaffFactory(first_name="Édouard", last_name="Exigeant")
    ConflictOfInterest.objects.create(
        reviewer=reviewer, organisation=call.winner.organisation, kind="member", explanation="Ancien trésorier."
    )
    return call


def test_the_minutes_name_place_attendance_conflicts_and_every_outcome_with_its_reason(minutes):
    from applications.models import Application

    text = pdf_text(committee_report_pdf(minutes))
    assert "Lieu : Place Beauvau, Paris 8e, salle 204." in text
    assert "Séance du 14 mai 2024." in text
    # Sections are cut out of the text without white space: where lines wrap does not matter.
    present, excused = section(text, "Présents", "Excusés ou absents"), section(text, "Excusés ou absents", "Conflits")
    assert squeeze("Claire Dupont, DGEF/DIAN — présidence") in present and squeeze("Karim Benali, DGCS/SDFE") in present
    assert squeeze("Awa Diallo") in excused and squeeze("Awa Diallo") not in present
    conflicts = section(text, "Conflits d'intérêts", "Méthode de sélection")
    assert (
        squeeze("Édouard Exigeant") in conflicts
        and squeeze(f"Ancien trésorier. {minutes.winner.reference}") in conflicts
    )
    outcomes = section(text, "Chaque dossier, sa décision et son motif", "Classement")
    inadmissible = minutes_inadmissible(minutes)
    its_row = outcomes.split(squeeze(inadmissible.reference))[1].split(squeeze(minutes.reference_prefix))[0]
    assert "Irrecevable" in its_row and squeeze("le dossier était incomplet") in its_row
    assert "RIBmanquant" in its_row  # the failed condition, in words, with the reviewer's observation
    assert "budget" not in its_row.lower() and "enveloppe" not in its_row.lower()
    assert "Retenu" in outcomes and squeeze("Attribué : 60 000,00 €.") in outcomes
    assert squeeze("Liste d'attente") in outcomes and squeeze("Rang 1 sur la liste d'attente.") in outcomes
    assert squeeze("Non retenu") in outcomes
    assert Application.objects.filter(call=minutes).exclude(state="draft").count() == outcomes.count("AMI-")
    assert "Méthode publiée avec l'appel" in text and "choix du comité" in text
    assert "Le président ou la présidente du comité, Claire Dupont, DGEF/DIAN." in text


def section(text, start: str, end: str) -> str:
    return text.squeezed.split(squeeze(start), 1)[1].split(squeeze(end), 1)[0]


def test_the_minutes_are_sealed_for_the_chair(minutes, sealed):
    from ami_portal import pades

    data = committee_report_pdf(minutes)
    result = pades.validate(data)
    assert result.verdict is pades.Verdict.INTACT
    page, box = pades.block_position(data)
    assert page == len(pypdf.PdfReader(io.BytesIO(data)).pages) - 1  # the reserved place, after the chair's name


def test_dossier_bundle_has_content_review_files_messages_and_decisions(call):
    winner = call.winner
    decision = attach_pdf(winner.decisions.get())
    MessageFactory(application=winner, body="Pouvez-vous préciser le calendrier ?", from_staff=True)
    attachment = Attachment(application=winner, original_name="../../statuts.pdf", kind="pdf", size=8, sha256="0" * 64)
    attachment.file.save("x", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()

    with zipfile.ZipFile(dossier_bundle(winner)) as archive:
        names = archive.namelist()
        assert "dossier.pdf" in names and "instruction.pdf" in names
        assert f"decisions/{decision.reference}.pdf" in names
        assert archive.read(f"decisions/{decision.reference}.pdf") == decision.pdf.open("rb").read()
        attachment_names = [n for n in names if n.startswith("pieces/")]
        assert attachment_names == ["pieces/01-_.._statuts.pdf"]  # the carrier's name cannot climb out
        review_text = pdf_text(archive.read("instruction.pdf"))
        content_text = pdf_text(archive.read("dossier.pdf"))
    assert "Pouvez-vous préciser le calendrier ?" in review_text
    assert "Projet solide." in review_text  # the reviewers' comments
    assert winner.organisation.siret in content_text and winner.title in content_text
