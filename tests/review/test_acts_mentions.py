"""What every decision must say: appeal routes, the algorithmic processing, French dates, the budget imputation."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from applications.french_dates import french_date, french_datetime
from applications.models import Application
from review import documents
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import propose

from ..pdf_support import pdf_text
from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED
APPEAL = "Voies et délais de recours"
ALGORITHM = "Traitement algorithmique"


def section(text: str, title: str, until: str) -> str:
    return text.split(title, 1)[1].split(until, 1)[0]


@pytest.fixture
def call(db):
    return small_call(
        issuing_authority="Ministère de l'Intérieur et des Outre-mer",
        issuing_service="Direction de l'intégration et de l'accès à la nationalité",
        service_email="ami-egalite@interieur.gouv.fr",
        service_address="Place Beauvau\n75800 Paris Cedex 08",
        paying_programmes=(
            "Programme 104 — Intégration et accès à la nationalité française\n"
            "Programme 137 — Égalité entre les femmes et les hommes"
        ),
        grant_duration_months=12,
    )


def issue(call, outcome, **extra):
    application = reviewed_dossier(call, **extra)
    proposal = propose(
        application=application,
        outcome=outcome,
        assessment_summary="" if outcome == SELECTED else "Partenariats à préciser.",
        by=committee_member(),
    )
    return validate_proposal(proposal=proposal, signature=signature(), by=official())


@pytest.mark.django_db
def test_awards_and_refusals_carry_the_same_complete_appeal_routes_and_algorithm_mention(call):
    decisions = [issue(call, SELECTED), issue(call, REJECTED)]
    award, refusal = (pdf_text(documents.render_decision_pdf(d)) for d in decisions)

    for text in (award, refusal):
        routes = section(text, APPEAL, ALGORITHM)
        for words in (
            "recours gracieux",
            "recours hiérarchique",
            "recours contentieux",
            "tribunal administratif",
            "deux mois à compter de sa notification",
            "R. 421-1",
            "R. 421-5",
            "Télérecours citoyens",
            "www.telerecours.fr",
            "proroge le délai du recours contentieux",
            "Place Beauvau, 75800 Paris Cedex 08",
        ):
            assert words in routes, words
        mention = section(text, ALGORITHM, "Vérifier l'authenticité")
        for words in (
            "L. 311-3-1",
            "sur le fondement d'un traitement algorithmique",
            "moyenne des notes",
            "pondéré",
            "suggère au comité de sélection",
            "a pour finalité",
            "droit d'obtenir la communication des règles définissant ce traitement",
            "principales caractéristiques de sa mise en œuvre",
            "ami-egalite@interieur.gouv.fr",
            "téléchargée depuis la page de votre dossier",
            "Commission d'accès aux documents administratifs (CADA)",
        ):
            assert words in mention, words
    # One include: the same mentions, word for word, on both (compared before page breaks and footers).
    # The algorithm's mention differs only by the link to each carrier's own dossier page.
    award_html, refusal_html = (
        documents.render_decision_html(d).replace(documents.dossier_url(d.application), "DOSSIER") for d in decisions
    )
    assert section(award_html, APPEAL, '<section class="verification"') == section(
        refusal_html, APPEAL, '<section class="verification"'
    )
    assert award.count_of(APPEAL) == 1 and refusal.count_of(APPEAL) == 1


@pytest.mark.django_db
def test_the_mention_says_when_scores_are_calibrated(call):
    call.ranking_basis = "calibrated"
    call.save(update_fields=["ranking_basis"])
    text = pdf_text(documents.render_decision_pdf(issue(call, REJECTED)))
    assert "après calibrage des notes" in section(text, ALGORITHM, "Vérifier")


@pytest.mark.django_db
def test_an_award_shows_the_paying_programmes_and_a_period_ending_the_day_before_its_anniversary(call):
    decision = issue(call, SELECTED, start_date=date(2027, 2, 13), end_date=date(2028, 3, 1))
    text = pdf_text(documents.render_decision_pdf(decision))
    assert "Imputation budgétaire" in text
    assert "Programme 104 — Intégration et accès à la nationalité française" in text
    assert "Programme 137 — Égalité entre les femmes et les hommes" in text
    assert "12 mois, du 13 février 2027 au 12 février 2028 inclus" in text


def test_grant_end_dates():
    assert documents.grant_end_date(date(2027, 2, 13), 12) == date(2028, 2, 12)
    assert documents.grant_end_date(date(2027, 3, 1), 12) == date(2028, 2, 29)
    assert documents.grant_end_date(date(2027, 1, 1), 12) == date(2027, 12, 31)
    assert documents.grant_end_date(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert documents.grant_end_date(date(2027, 11, 15), 3) == date(2028, 2, 14)


def test_french_dates_use_the_ordinal_for_the_first():
    assert french_date(date(2024, 3, 1)) == "1er mars 2024"
    assert french_date(date(2024, 3, 2)) == "2 mars 2024"
    assert french_date(date(2027, 8, 31)) == "31 août 2027"
    # 23:30 UTC on 31 December is already 1 January in Paris.
    assert french_datetime(datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))) == "1er janvier 2027 à 00:30"


@pytest.mark.django_db
def test_every_date_of_an_act_on_the_first_is_written_1er(call):
    decision = issue(call, REJECTED)
    Application.objects.filter(pk=decision.application_id).update(submitted_at=call.opens_at.replace(day=1))
    call.committee_date = date(2024, 6, 1)
    call.save(update_fields=["committee_date"])
    decision.refresh_from_db()
    text = pdf_text(documents.render_decision_pdf(decision))
    assert "le 1er mars 2024" in text  # the request
    assert "réuni le 1er juin 2024" in text  # the committee
    assert not re.search(
        r"\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b", text
    )


@pytest.mark.django_db
def test_the_verification_link_and_qr_code_follow_site_url(call):
    decision = issue(call, SELECTED)
    with override_settings(SITE_URL="https://ami.interieur.gouv.fr"):
        url = documents.verification_url(decision)
        text = pdf_text(documents.render_decision_pdf(decision))
    assert url.startswith("https://ami.interieur.gouv.fr/")
    assert url in text
    assert "https://ami.interieur.gouv.fr/dossiers/" in text  # the dossier page for the explanation


@pytest.mark.django_db
def test_amount_is_printed_the_french_way(call):
    decision = issue(call, SELECTED, requested="45000.00")
    assert decision.amount == Decimal("45000.00")
    assert "45 000,00 €" in pdf_text(documents.render_decision_pdf(decision))


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), months=st.integers(1, 60))
def test_a_grant_ends_the_day_before_the_same_day_months_later(start, months):
    end = documents.grant_end_date(start, months)
    following = end + timedelta(days=1)
    assert end >= start
    if following.day == start.day:  # the same day of the month, `months` later
        assert month_number(following) - month_number(start) == months
    else:  # that month has no such day (31 January + 1 month): the grant runs to its last day
        assert month_number(end) - month_number(start) == months
        assert following.day == 1 and end.day < start.day
