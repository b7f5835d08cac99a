"""Each refusal gives the reasons of its own case, from the dossier's data, in French."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from applications.models import Call
from review import documents
from review.admin_selection import inadmissible_initial
from review.decisions import validate_proposal
from review.models import AdmissibilityCheck, Proposal
from review.reasons import NOT_ADMISSIBLE, NOT_SELECTED, WAITING_LIST
from review.selection import propose
from tests.factories import AdmissibilityCheckFactory

from ..pdf_support import pdf_text
from .decision_helpers import committee_member, inadmissible_dossier, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED
ITEM_LABELS = [str(label) for _name, label in AdmissibilityCheck.ITEMS]


@pytest.fixture
def call():
    return small_call(selection_method=Call.SelectionMethod.RANK_ORDER)


def not_admissible(call):
    dossier = inadmissible_dossier(call)
    AdmissibilityCheckFactory(
        application=dossier,
        outcome=AdmissibilityCheck.Outcome.INADMISSIBLE,
        complete=False,
        complete_comment="Les comptes approuvés transmis sont illisibles.",
        commitments_signed=False,
        # What the review demo records: item names, which are no reasons.
        reasons=(
            "Dossier non recevable : complet ; "
            "engagements signés (contrat d'engagement républicain, déclaration sur l'honneur)."
        ),
    )
    return dossier


def test_a_dossier_not_admissible_is_refused_for_the_conditions_it_failed_never_for_the_budget(call):
    dossier = not_admissible(call)
    with translation.override("en"):  # the staff member reads the admin in English
        prefill = inadmissible_initial(dossier, None)["assessment_summary"]
    assert prefill.startswith("Le dossier n'est pas recevable :")
    assert prefill.count("n'est pas recevable") == 1

    proposal = propose(application=dossier, outcome=REJECTED, assessment_summary=prefill, by=committee_member())
    decision = validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert decision.grounds["kind"] == NOT_ADMISSIBLE
    text = pdf_text(documents.render_decision_pdf(decision))

    motifs = text.split("Article 2 — Motifs")[1].split("Voies et délais de recours")[0]
    assert "La demande n'est pas recevable" in motifs
    assert "Les conditions suivantes ne sont pas remplies" in motifs
    assert "le dossier était incomplet" in motifs
    assert "Les comptes approuvés transmis sont illisibles" in motifs
    assert "le contrat d'engagement républicain et la déclaration sur l'honneur" in motifs
    assert "délais" not in motifs  # on time: not a reason here
    for words in ("enveloppe", "€", "porteurs au plus", "rang", "note moyenne"):
        assert words not in motifs
    for label in ITEM_LABELS:
        assert label not in text
    assert "Dossier non recevable : complet" not in text and "Motifs relevés par l'instructeur" not in text
    assert motifs.count("le dossier était incomplet") == 1  # the prefilled summary is not printed twice


def test_a_dossier_not_selected_is_told_its_rank_its_score_and_the_selection_method(call):
    first = reviewed_dossier(call, requested="60000", scores=(Decimal("90"), Decimal("88")))
    second = reviewed_dossier(call, requested="40000", scores=(Decimal("80"), Decimal("78")))
    third = reviewed_dossier(call, requested="30000", scores=(Decimal("70"), Decimal("66")))
    member = committee_member()
    propose(application=first, outcome=SELECTED, by=member)
    propose(application=second, outcome=SELECTED, by=member)
    proposal = propose(
        application=third, outcome=REJECTED, assessment_summary="Partenariats encore à construire.", by=member
    )
    decision = validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert decision.grounds["kind"] == NOT_SELECTED and decision.grounds["rank"] == 3
    text = pdf_text(documents.render_decision_pdf(decision))

    motifs = text.split("Article 2 — Motifs")[1].split("Voies et délais de recours")[0]
    assert "note moyenne de 68,0 sur 100" in motifs
    assert "3e rang sur 3 dossiers recevables classés" in motifs
    assert "au plus 2 porteurs dans la limite d'une enveloppe de 100 000,00 €" in motifs
    assert "In order of rank" not in text
    assert "Les dossiers sont retenus dans l'ordre du classement" in motifs
    assert "Partenariats encore à construire." in motifs
    assert "n'est pas recevable" not in motifs


def test_a_dossier_left_on_the_waiting_list_is_told_so(call):
    member = committee_member()
    best = reviewed_dossier(call, requested="60000", scores=(Decimal("90"), Decimal("90")))
    next_best = reviewed_dossier(call, requested="40000", scores=(Decimal("85"), Decimal("85")))
    waiting = reviewed_dossier(call, requested="30000", scores=(Decimal("75"), Decimal("75")))
    propose(application=best, outcome=SELECTED, by=member)
    propose(application=next_best, outcome=SELECTED, by=member)
    propose(application=waiting, outcome=WAITING, by=member)
    proposal = propose(application=waiting, outcome=REJECTED, assessment_summary="Aucun désistement.", by=member)
    decision = validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert decision.grounds["kind"] == WAITING_LIST and decision.grounds["waiting_rank"] == 1
    text = pdf_text(documents.render_decision_pdf(decision))
    assert "inscrit sur la liste d'attente (1er rang)" in text
    assert "3e rang sur 3" in text


def test_the_best_total_method_is_explained_in_french():
    call = small_call(selection_method=Call.SelectionMethod.BEST_TOTAL)
    dossier = reviewed_dossier(call, scores=(Decimal("50"), Decimal("52")))
    proposal = propose(
        application=dossier, outcome=REJECTED, assessment_summary="Projet fragile.", by=committee_member()
    )
    decision = validate_proposal(proposal=proposal, signature=signature(), by=official())
    text = pdf_text(documents.render_decision_pdf(decision))
    assert "le total des notes est le plus élevé" in text
    assert "The best total" not in text


def test_the_admin_prefill_is_french_for_an_english_speaking_staff_member(client, call):
    dossier = not_admissible(call)
    member = committee_member()
    client.force_login(member)
    response = client.get(
        reverse("admin:review_selectioncall_proposal", args=[call.pk, dossier.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    summary = response.context["form"].initial["assessment_summary"]
    assert summary.startswith("Le dossier n'est pas recevable :") and "incomplet" in summary


def test_the_reviewer_s_own_reasons_are_quoted_once_without_a_second_prefix(call):
    dossier = inadmissible_dossier(call)
    AdmissibilityCheckFactory(
        application=dossier,
        outcome=AdmissibilityCheck.Outcome.INADMISSIBLE,
        legal_form_eligible=False,
        reasons="Dossier non recevable : les statuts transmis sont ceux d'une société commerciale.",
    )
    prefill = inadmissible_initial(dossier, None)["assessment_summary"]
    assert prefill.count("recevable") == 1
    assert "Motifs relevés par l'instructeur : les statuts transmis sont ceux d'une société commerciale." in prefill
    proposal = propose(application=dossier, outcome=REJECTED, assessment_summary=prefill, by=committee_member())
    text = pdf_text(
        documents.render_decision_pdf(validate_proposal(proposal=proposal, signature=signature(), by=official()))
    )
    motifs = text.split("Article 2 — Motifs")[1].split("Voies et délais de recours")[0]
    assert "ne fait pas partie de celles que l'appel admet" in motifs
    assert motifs.count("les statuts transmis sont ceux d'une société commerciale") == 1
    assert "Dossier non recevable" not in motifs
