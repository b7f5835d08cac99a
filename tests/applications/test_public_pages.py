from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def test_home_lists_open_upcoming_and_closed_calls(client):
    now = timezone.now()
    CallFactory(title="Appel ouvert")
    CallFactory(title="Appel à venir", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30))
    CallFactory(title="Appel clos", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    CallFactory(title="Appel en préparation", status=Call.Status.DRAFT)
    html = client.get(reverse("home")).content.decode()
    assert html.index("Appels ouverts") < html.index("Appel ouvert") < html.index("Appels à venir")
    assert html.index("Appels à venir") < html.index("Appel à venir") < html.index("Appels clos")
    assert html.index("Appels clos") < html.index("Appel clos")
    assert "Appel en préparation" not in html


def test_home_is_in_french_with_the_dsfr_layout(client, ami_call):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "République<br>Française" in html
    assert "fr-skiplinks" in html
    for label in [
        "Plan du site",
        "Accessibilité : non conforme",
        "Mentions légales",
        "Données personnelles",
        "Gestion des cookies",
    ]:
        assert label in html


@pytest.mark.parametrize("many", [1, 30])
def test_home_query_count_does_not_grow_with_calls(client, django_assert_max_num_queries, many):
    for _ in range(many):
        CallFactory()
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


def test_call_page_shows_everything_a_carrier_must_know(client, ami_call):
    html = client.get(reverse("call_detail", kwargs={"slug": ami_call.slug})).content.decode()
    assert ami_call.title.replace("'", "&#x27;") in html
    assert f"100{NBSP}000,00{NBSP}€" in html
    assert "au plus 2 porteurs" in html
    for theme in ami_call.themes.all():
        assert theme.title.replace("'", "&#x27;") in html
    for criterion in ami_call.criteria.all():
        assert criterion.label.replace("'", "&#x27;") in html
    assert "Pondération" in html and "Part de la note" in html
    for document in ami_call.required_documents.all():
        assert document.label.replace("'", "&#x27;") in html
    assert "ressortissantes d&#x27;un pays extérieur" in html
    assert "contrat d&#x27;intégration républicaine" in html
    assert "heure de Paris" in html
    assert "Temps restant" in html
    paris_close = timezone.localtime(ami_call.closes_at)
    assert f"{paris_close:%H:%M}" in html


def test_call_page_query_count_is_bounded(client, ami_call, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("call_detail", kwargs={"slug": ami_call.slug}))


def test_draft_call_is_not_public(client):
    call = CallFactory(status=Call.Status.DRAFT)
    assert client.get(reverse("call_detail", kwargs={"slug": call.slug})).status_code == 404


@pytest.mark.parametrize("name", ["accessibility", "legal_notice", "personal_data", "cookies", "sitemap"])
def test_mandatory_pages_exist(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_accessibility_statement_states_level_and_remedies(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "<strong>non conforme</strong>" in html  # no RGAA audit yet: the honest level
    assert "Défenseur des droits" in html


def test_english_is_the_second_language(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in html and "Open calls" in html
