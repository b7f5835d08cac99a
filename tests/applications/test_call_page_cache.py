"""The call page keeps its description, themes, criteria and documents in the shared cache, keyed
by the call's last change and the language: one query per view, and never an outdated text."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import roles
from applications.models import Call
from tests.applications.test_call_configuration import call_form
from tests.factories import StaffFactory

# Each test starts from an empty cache; tests/conftest.py puts French back after each test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


PARIS = ZoneInfo("Europe/Paris")


def page(client, call) -> str:
    response = client.get(reverse("call_detail", kwargs={"slug": call.slug}))
    assert response.status_code == 200
    return response.content.decode()


def body(html: str) -> str:
    """What the fragment holds: from the title to the « Key facts » aside."""
    return html[html.index("<h1>") : html.index("<aside")]


def test_the_cached_page_is_the_same_page_for_one_query(client, ami_call, django_assert_num_queries):
    with django_assert_num_queries(4):  # the call, its themes, criteria and documents (the AMI's
        # départements are chosen by each carrier: none to list)
        first = page(client, ami_call)
    with django_assert_num_queries(1):  # the call
        second = page(client, ami_call)
    assert body(second) == body(first)  # the rest differs by its CSRF token and the time left
    assert "Pondération" in second and ami_call.criteria.first().label.replace("'", "&#x27;") in second


def test_editing_the_call_in_the_admin_shows_the_new_text_at_once(client, ami_call):
    # Fixed dates, not the clock's: load_ami opens the call « now », and at 02:30 on the night
    # clocks go back that time happens twice, which the admin's date fields rightly refuse.
    ami_call.opens_at = datetime(2024, 3, 8, 9, 0, tzinfo=PARIS)
    ami_call.closes_at = datetime(2031, 4, 15, 12, 0, tzinfo=PARIS)
    ami_call.save()
    assert "Un texte tout neuf" not in page(client, ami_call)
    administrator = Client()
    administrator.force_login(StaffFactory(role=roles.ADMINISTRATOR))
    url, data = call_form(administrator, ami_call)
    data.update(
        {
            "description": ["Un texte tout neuf pour l'objet de l'appel."],
            "criteria-0-label": ["Critère renommé dans l'administration"],
            "_save": ["Enregistrer"],
        }
    )
    response = administrator.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    html = page(client, ami_call)
    assert "Un texte tout neuf pour l&#x27;objet de l&#x27;appel." in html
    assert "Critère renommé dans l&#x27;administration" in html


def test_each_language_has_its_own_copy(client, ami_call):
    french = page(client, ami_call)
    client.cookies["django_language"] = "en"
    english = page(client, ami_call)
    assert "Critères de sélection" in french and "Critères de sélection" not in english
    assert "Selection criteria" in english


def test_what_depends_on_the_clock_is_never_cached(client, ami_call):
    now = timezone.now()
    Call.objects.filter(pk=ami_call.pk).update(opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=2))
    assert "Temps restant" in page(client, ami_call)
    # The deadline passes without any edit of the call (its updated_at does not move).
    Call.objects.filter(pk=ami_call.pk).update(closes_at=now - timedelta(minutes=1))
    html = page(client, ami_call)
    assert "Temps restant" not in html and "Cet appel est clos" in html
