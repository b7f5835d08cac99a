"""What the carrier reads about the outcome on their dossier page: each outcome its own text, and
never another outcome's; the reasons and the appeal routes in the act's own words."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils.html import strip_tags

from applications.french_dates import french_date
from applications.models import Application
from review import documents
from review.award_terms import add_months, award_terms, grant_end_date
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import propose
from tests.factories import CarrierFactory

from .decision_helpers import (
    committee_member,
    inadmissible_dossier,
    official,
    reviewed_dossier,
    signature,
    small_call,
)

pytestmark = pytest.mark.django_db
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED

REFUSAL_WORDS = ("Motifs de la décision", "Comment contester cette décision")
AWARD_WORDS = ("la suite", "Échéancier des versements", "Rapports à rendre")
WAITING_WORDS = ("Votre dossier est sur la liste d'attente", "Ce que cela signifie")
PROMOTED_WORDS = ("repêché",)


@pytest.fixture
def member():
    return committee_member()


@pytest.fixture
def signer():
    return official()


def page_text(client, application) -> str:
    carrier = CarrierFactory(organisation=application.organisation)
    client.force_login(carrier)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def absent(text, *groups):
    for words in groups:
        for word in words:
            assert word not in text, word


def decide(application, outcome, member, signer, **extra):
    if outcome == REJECTED:
        extra.setdefault("assessment_summary", "Projet moins abouti que les dossiers retenus.")
    return validate_proposal(
        proposal=propose(application=application, outcome=outcome, by=member, **extra), signature=signature(), by=signer
    )


def test_a_refused_carrier_reads_the_reasons_and_the_appeal_routes_beside_the_pdf(client, member, signer):
    call = small_call()
    winner, loser = reviewed_dossier(call, scores=(Decimal(90), Decimal(88))), reviewed_dossier(call)
    decide(winner, SELECTED, member, signer)
    refusal = decide(loser, REJECTED, member, signer)
    documents.attach_pdf(refusal)

    text = page_text(client, loser)
    for words in (
        *REFUSAL_WORDS,
        "Décision : votre demande n'est pas retenue",
        "Télécharger la décision (PDF)",
        "se classe au 2e rang sur 2 dossiers",
        "Projet moins abouti que les dossiers retenus.",
        "recours gracieux",
        "recours hiérarchique",
        "tribunal administratif",
        "R. 421-1 et R. 421-5",
        "Télérecours citoyens",
        "proroge le délai du recours contentieux",
    ):
        assert words in text, words
    absent(text, AWARD_WORDS, WAITING_WORDS, PROMOTED_WORDS, ("n'est pas recevable",))


def test_a_dossier_refused_as_not_admissible_reads_the_failed_conditions_never_the_budget(client, member, signer):
    call = small_call()
    dossier = inadmissible_dossier(call)
    from tests.factories import AdmissibilityCheckFactory

    AdmissibilityCheckFactory(
        application=dossier,
        outcome="inadmissible",
        complete=False,
        reasons="Dossier non recevable : le budget prévisionnel n'est pas joint.",
    )
    decide(dossier, REJECTED, member, signer)
    text = page_text(client, dossier)
    assert "La demande n'est pas recevable" in text
    assert "le dossier était incomplet" in text or "incomplete" in text
    assert "recours contentieux" in text
    absent(text, ("enveloppe", "se classe au"), AWARD_WORDS, WAITING_WORDS)


def test_the_page_and_the_act_share_one_text_of_the_appeal_routes(client, member, signer):
    call = small_call(service_address="Place Beauvau\n75800 Paris Cedex 08")
    dossier = reviewed_dossier(call)
    refusal = decide(dossier, REJECTED, member, signer)
    act = html.unescape(strip_tags(documents.render_decision_html(refusal)))
    act_routes = " ".join(act[act.index("Si vous entendez contester") : act.index("(article L. 231-4") + 10].split())
    assert "Place Beauvau, 75800 Paris Cedex 08" in act_routes
    assert act_routes in page_text(client, dossier)


def test_an_awarded_carrier_reads_the_convention_the_payment_schedule_and_the_reports_due(client, member, signer):
    call = small_call()
    dossier = reviewed_dossier(call, requested="45000.00", start_date=date(2027, 2, 13), end_date=date(2028, 2, 12))
    award = decide(dossier, SELECTED, member, signer)
    text = page_text(client, dossier)
    for words in (
        *AWARD_WORDS,
        "45 000,00 €",
        award.reference,
        "au-delà de 23 000 €",
        "aucun versement n'intervient avant sa signature",
        "Avance (80 %)",
        "36 000,00 €",
        "Solde (20 %)",
        "9 000,00 €",
        "du 13 février 2027 au 12 février 2028 inclus",
        "Au plus tard le 12 août 2028",
        "CERFA n° 15059",
        "recours contentieux",  # awards carry the appeal routes too (behind a disclosure)
    ):
        assert words in text, words
    absent(text, REFUSAL_WORDS[:1], WAITING_WORDS, PROMOTED_WORDS)


@pytest.mark.parametrize("convention_below", [False, True])
def test_a_small_award_needs_a_convention_only_when_the_call_asks(client, member, signer, convention_below):
    call = small_call(convention_below_threshold=convention_below)
    dossier = reviewed_dossier(call, requested="20000.00")
    decide(dossier, SELECTED, member, signer)
    text = page_text(client, dossier)
    assert "Versement unique" in text and "20 000,00 €" in text
    if convention_below:
        assert "L'appel prévoit une convention même pour les subventions de 23 000 € ou moins" in text
        assert "une fois la convention signée" in text
        assert "Aucune convention n'est nécessaire" not in text
    else:
        assert "Aucune convention n'est nécessaire" in text
        assert "après la notification de la décision" in text
    assert "Dans les six mois suivant la fin de la subvention" in text  # no start date: no date to give


def test_the_pdf_and_the_page_take_their_terms_from_one_function(member, signer):
    call = small_call(convention_below_threshold=True)
    dossier = reviewed_dossier(call, requested="20000.00", start_date=date(2027, 3, 1), end_date=date(2028, 2, 1))
    award = decide(dossier, SELECTED, member, signer)
    terms = award_terms(award)
    assert terms.convention_required and not terms.convention_by_law and not terms.staged
    assert [(p.amount, p.when) for p in terms.payments] == [(Decimal("20000.00"), "convention")]
    assert (terms.grant_end, terms.report_due) == (date(2028, 2, 29), date(2028, 8, 29))
    html = documents.render_decision_html(award)
    assert "Bien que le montant de la subvention n'excède pas 23 000 €" in html
    assert "après la signature de la convention prévue à l'article 4" in html


def test_staged_payments_add_up_to_the_award_to_the_cent():
    for amount in ("23000.01", "45000.05", "99999.99", "30000.03"):
        from types import SimpleNamespace

        decision = SimpleNamespace(
            amount=Decimal(amount),
            payment_terms="staged",
            call=SimpleNamespace(convention_below_threshold=False, grant_duration_months=12),
            application=SimpleNamespace(start_date=None),
        )
        terms = award_terms(decision)
        assert sum(p.amount for p in terms.payments) == Decimal(amount)
        assert all(p.amount == p.amount.quantize(Decimal("0.01")) for p in terms.payments)


def test_report_due_dates():
    assert add_months(grant_end_date(date(2027, 2, 13), 12), 6) == date(2028, 8, 12)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)


def test_a_waiting_list_carrier_is_told_once_the_results_are_out_and_what_it_means(client, member, signer):
    call = small_call(max_selected=1)
    winner = reviewed_dossier(call, scores=(Decimal(90), Decimal(88)))
    waiting = reviewed_dossier(call)
    propose(application=winner, outcome=SELECTED, by=member)
    propose(application=waiting, outcome=WAITING, by=member)

    before = page_text(client, waiting)
    absent(before, WAITING_WORDS, REFUSAL_WORDS, AWARD_WORDS)  # a proposal is not announced

    validate_proposal(proposal=Proposal.objects.get(application=winner), signature=signature(), by=signer)
    text = page_text(client, waiting)
    for words in (
        *WAITING_WORDS,
        "au rang 1 sur 1",
        "au plus 1 porteur",
        "100 000,00 €",
        "se désiste",
        "la liste est close",
    ):
        assert words in text, words
    absent(text, REFUSAL_WORDS, AWARD_WORDS, PROMOTED_WORDS)


def test_promoted_then_closed_waiting_lists(client, member, signer):
    call = small_call(max_selected=1)
    winner = reviewed_dossier(call, scores=(Decimal(90), Decimal(88)))
    second, third = reviewed_dossier(call, requested="30000.00"), reviewed_dossier(call, requested="30000.00")
    propose(application=winner, outcome=SELECTED, by=member)
    propose(application=second, outcome=WAITING, by=member)
    propose(application=third, outcome=WAITING, by=member)
    decide(winner, REJECTED, member, signer)  # its seat is free again (a correction, say)
    propose(application=second, outcome=SELECTED, by=member)

    promoted = page_text(client, second)
    assert PROMOTED_WORDS[0] in promoted
    absent(promoted, WAITING_WORDS, REFUSAL_WORDS, AWARD_WORDS)
    assert "au rang 1 sur 1" in page_text(client, third)  # the list moved up

    decide(second, SELECTED, member, signer)
    closed = decide(third, REJECTED, member, signer)
    assert closed.grounds["kind"] == "waiting_list"
    text = page_text(client, third)
    assert "la liste est désormais close" in text
    assert "Votre dossier a été inscrit sur la liste d'attente" in text
    absent(text, WAITING_WORDS, AWARD_WORDS, PROMOTED_WORDS)
    assert AWARD_WORDS[0] in page_text(client, second)


@pytest.mark.parametrize("others", [1, 12])
def test_the_outcome_pages_query_counts_do_not_grow(client, member, signer, django_assert_max_num_queries, others):
    call = small_call(max_selected=1, budget_envelope=Decimal("60000.00"))
    winner = reviewed_dossier(call, scores=(Decimal(95), Decimal(95)), start_date=date(2027, 2, 13))
    waiting = reviewed_dossier(call, scores=(Decimal(90), Decimal(90)))
    refused = [reviewed_dossier(call) for _ in range(others)]
    propose(application=waiting, outcome=WAITING, by=member)
    decide(winner, SELECTED, member, signer)
    for dossier in refused:
        decide(dossier, REJECTED, member, signer)
    for dossier in (winner, waiting, refused[0]):
        client.force_login(CarrierFactory(organisation=dossier.organisation))
        with django_assert_max_num_queries(22):
            response = client.get(dossier.get_absolute_url())
        assert response.status_code == 200
    assert Application.objects.get(pk=waiting.pk).state == Application.State.ADMISSIBLE


def test_the_block_has_one_heading_and_no_duplicate_ids(client, member, signer):
    call = small_call()
    dossier = reviewed_dossier(call)
    decide(dossier, SELECTED, member, signer)
    client.force_login(CarrierFactory(organisation=dossier.organisation))
    page = client.get(dossier.get_absolute_url()).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert page.count('id="outcome-title"') == 1


def test_once_the_follow_up_is_open_the_page_shows_the_grants_real_instalments_and_reports(client, member, signer):
    from applications.grants.conventions import open_grant

    call = small_call()
    dossier = reviewed_dossier(call, requested="20000.00", start_date=date(2027, 2, 13))
    award = decide(dossier, SELECTED, member, signer)
    grant = open_grant(decision=award)
    reports = list(grant.reports.order_by("due_on"))
    assert reports  # no convention below €23,000: the reports are scheduled at once

    text = page_text(client, dossier)
    assert "Le suivi de votre subvention" in text and "Où il en est" in text
    for report in reports:
        assert f"à remettre au plus tard le {french_date(report.due_on)}" in text
    for instalment in grant.instalments.all():
        assert instalment.get_state_display() in text
    assert "après la notification de la décision" not in text  # the computed schedule gives way


def test_the_committee_closes_the_waiting_list_and_each_carrier_on_it_reads_the_closing(client, member, signer):
    from django.contrib.admin import helpers
    from django.urls import reverse

    from applications.models import AuditEntry

    call = small_call(max_selected=1)
    winner = reviewed_dossier(call, scores=(Decimal(90), Decimal(88)))
    first, second = reviewed_dossier(call), reviewed_dossier(call)
    for dossier in (first, second):
        propose(application=dossier, outcome=WAITING, by=member)
    decide(winner, SELECTED, member, signer)
    action = {"action": "close_waiting_list", helpers.ACTION_CHECKBOX_NAME: [first.proposal.pk]}

    client.force_login(signer)  # an official is not the committee: the action is not theirs
    client.post(reverse("admin:review_proposal_changelist"), action)
    assert Proposal.objects.filter(call=call, outcome=WAITING).count() == 2

    client.force_login(member)
    assert client.post(reverse("admin:review_proposal_changelist"), action).status_code == 302
    assert not Proposal.objects.filter(call=call, outcome=WAITING).exists()
    assert AuditEntry.objects.filter(action="waiting_list_closed", call=call).exists()

    for dossier in (first, second):
        refusal = validate_proposal(
            proposal=Proposal.objects.get(application=dossier), signature=signature(), by=signer
        )
        assert refusal.grounds["kind"] == "waiting_list"
        text = page_text(client, dossier)
        assert "la liste est désormais close" in text and "inscrit sur la liste d'attente de l'appel" in text
        absent(text, WAITING_WORDS, AWARD_WORDS)
