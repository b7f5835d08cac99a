"""The call page publishes, before anyone applies, how dossiers are selected: the score, the
minimum, the envelope and the cap, and the call's method in plain words (CRPA L.312-1-3)."""

import pytest
from django.urls import reverse

from applications import roles
from applications.models import Call
from review import ranking
from tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def page(client, call) -> str:
    response = client.get(reverse("call_detail", kwargs={"slug": call.slug}))
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'").replace("\u00a0", " ")


def section(html: str) -> str:
    start = html.index('id="methode"')
    return html[start : html.index("</h2>", html.index("</h2>", start) + 5)]


def test_the_ami_page_states_the_method_the_minimum_the_envelope_and_the_cap(client, ami_call):
    text = section(page(client, ami_call))
    assert "Comment les dossiers sont sélectionnés" in text
    assert "la moyenne des notes de ses évaluateurs" in text
    assert "inférieure à 50 points sur 100 n'est jamais suggéré" in text
    assert "au plus 100 000,00 € et au plus 2 porteurs sont retenus" in text
    assert "Méthode de sélection : Le meilleur score total dans l'enveloppe et le plafond" in text
    assert "Parmi tous les groupes d'au plus 2 dossiers" in text
    assert "Le classement est parcouru" not in text  # the other method is not the call's
    assert "L.311-3-1" in text
    assert "notes calibrées" not in text  # the ranking uses raw scores


def test_changing_the_method_in_the_admin_shows_it_at_once(client, ami_call):
    page(client, ami_call)  # cached
    ami_call.selection_method = Call.SelectionMethod.RANK_ORDER
    ami_call.save()  # as the admin does: updated_at changes
    text = section(page(client, ami_call))
    assert "Méthode de sélection : Dans l'ordre du classement, en passant ce qui ne tient plus" in text
    assert "Le classement est parcouru à partir du premier" in text


def test_the_committees_choice_of_calibrated_scores_is_published_at_once(client, ami_call):
    page(client, ami_call)  # cached, for visitors and in the page's fragment
    member = StaffFactory(role=roles.COMMITTEE)
    ranking.choose_basis(call=ami_call, basis=ranking.CALIBRATED, actor=member)  # an update(): same updated_at
    assert "Le classement utilise les notes calibrées" in section(page(client, ami_call))


def test_the_rules_are_translated(client, ami_call):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("call_detail", kwargs={"slug": ami_call.slug}), HTTP_ACCEPT_LANGUAGE="en").content
    text = html.decode().replace("&#x27;", "'")
    assert "How dossiers are selected" in text
    assert "The best total score within the envelope and the cap" in text
