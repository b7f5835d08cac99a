"""A carrier downloads, once decided, the explanation of the algorithm for their own dossier
(CRPA L.311-3-1, R.311-3-1-2): their scores, mean, rank and the suggestion's walk, in a PDF."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application, Call
from review.models import Decision, Review
from tests.factories import CarrierFactory, CriterionFactory, DecisionFactory, ScoreFactory
from tests.pdf_support import pdf_text

from .decision_helpers import reviewed_dossier, small_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided():
    """Four ranked dossiers; ours is second (mean 80,5), suggested in rank order, then awarded."""
    call = small_call(
        budget_envelope=Decimal("100000.00"),
        max_selected=2,
        minimum_score=Decimal("50"),
        selection_method=Call.SelectionMethod.RANK_ORDER,
    )
    grid = [
        CriterionFactory(call=call, position=1, label="Qualité du projet pédagogique", weight=Decimal("3")),
        CriterionFactory(call=call, position=2, label="Ancrage territorial", weight=Decimal("1"), max_points=5),
    ]
    reviewed_dossier(call, requested="70000.00", scores=[Decimal("90"), Decimal("92")])
    ours = reviewed_dossier(call, requested="25000.00", scores=[Decimal("79"), Decimal("82")])
    reviewed_dossier(call, requested="20000.00", scores=[Decimal("70"), Decimal("70")])
    reviewed_dossier(call, requested="5000.00", scores=[Decimal("30"), Decimal("40")])
    for review, (first, second) in zip(ours.reviews.order_by("pk"), [(8, 3), (9, 4)], strict=True):
        ScoreFactory(review=review, criterion=grid[0], points=first)
        ScoreFactory(review=review, criterion=grid[1], points=second)
    carrier = CarrierFactory(organisation=ours.organisation)
    return call, ours, carrier


def url(application):
    return reverse("algorithm_explanation", kwargs={"public_id": application.public_id})


def award(application, amount="25000.00"):
    Application.objects.filter(pk=application.pk).update(state=Application.State.AWARDED)
    return DecisionFactory(
        application=application,
        kind=Decision.Kind.AWARD,
        amount=Decimal(amount),
        payment_terms=Decision.PaymentTerms.SINGLE,
        reference="DEC-AMI-0002",
    )


def test_the_carrier_reads_their_own_figures_in_the_pdf(client, decided):
    call, ours, carrier = decided
    award(ours)
    client.force_login(carrier)
    response = client.get(url(ours))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert "Explication du traitement algorithmique" in text
    assert f"Dossier {ours.reference}" in text and "DEC-AMI-0002" in text
    # The parameters and weights: each criterion, its weight and share, and the minimum score.
    assert "Qualité du projet pédagogique" in text and "Ancrage territorial" in text
    assert "75 %" in text and "25 %" in text
    assert "50 points sur 100" in text
    # Their data: each reviewer's points per criterion and review scores, their mean and rank.
    assert "79,00" in text and "82,00" in text
    assert "80,50 sur 100" in text
    assert "classé 2e sur 4" in text
    assert "25 000,00 €" in text and "100 000,00 €" in text
    # The operations: the walk in rank order reached them with 30 000 € left, and took them.
    assert "In order of rank" not in text  # French only, like the acts
    assert "il restait 30 000,00 € dans l'enveloppe" in text
    assert "y tenait : votre dossier a été retenu dans la suggestion" in text
    assert "comprenait votre dossier" in text and "suit cette suggestion" in text
    assert "CADA" in text


def test_a_refused_dossier_below_the_minimum_is_told_why_it_was_not_suggested(client, decided):
    call, _ours, _carrier = decided
    low = Application.objects.filter(call=call).order_by("-pk").first()
    Application.objects.filter(pk=low.pk).update(state=Application.State.REFUSED)
    DecisionFactory(application=low, kind=Decision.Kind.REFUSAL, reference="DEC-AMI-0004")
    client.force_login(CarrierFactory(organisation=low.organisation))
    text = pdf_text(client.get(url(low)).content)
    assert "35,00 sur 100" in text and "classé 4e sur 4" in text
    assert "inférieure au score minimal de 50" in text
    assert "ne comprenait pas votre dossier" in text


def test_another_carrier_gets_404(client, decided):
    _call, ours, _carrier = decided
    award(ours)
    client.force_login(CarrierFactory())
    assert client.get(url(ours)).status_code == 404


def test_no_explanation_before_a_decision(client, decided):
    _call, ours, carrier = decided
    client.force_login(carrier)
    assert client.get(url(ours)).status_code == 404
    superseded = award(ours)
    Decision.objects.filter(pk=superseded.pk).update(status=Decision.Status.SUPERSEDED)
    assert client.get(url(ours)).status_code == 404


def test_the_dossier_page_links_to_the_explanation_once_decided(client, decided):
    _call, ours, carrier = decided
    client.force_login(carrier)
    page = reverse("applications:application_detail", kwargs={"public_id": ours.public_id})
    assert url(ours) not in client.get(page).content.decode()
    award(ours)
    assert url(ours) in client.get(page).content.decode()


def test_reviews_stay_anonymous(client, decided):
    _call, ours, carrier = decided
    award(ours)
    client.force_login(carrier)
    text = pdf_text(client.get(url(ours)).content)
    assert "Évaluateur 1" in text and "Évaluateur 2" in text
    for review in Review.objects.filter(application=ours).select_related("reviewer"):
        assert review.reviewer.email not in text


def test_with_calibrated_scores_the_explanation_shows_the_calibration(client, decided):
    call, ours, carrier = decided
    Call.objects.filter(pk=call.pk).update(ranking_basis="calibrated")
    award(ours)
    client.force_login(carrier)
    text = pdf_text(client.get(url(ours)).content)
    assert "Note calibrée sur 100" in text
    assert "Le classement utilise les notes calibrées" in text
    assert "évaluations calibrées" in text and "note brute, sans calibrage : 80,50" in text
