"""Visitors who are not signed in get the call page from the shared cache (ami_portal/pagecache.py):
one query, no template, and still their own CSRF token and CSP nonce in every response."""

import re
import secrets
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from ami_portal.pagecache import CSRF_SLOT, NONCE_SLOT
from applications.models import Call
from tests.factories import CarrierFactory

# Each test starts from an empty cache; tests/conftest.py puts French back after each test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


def url(call) -> str:
    return reverse("call_detail", kwargs={"slug": call.slug})


def without_secrets(html: str) -> str:
    return NONCE.sub("NONCE", TOKEN.sub("TOKEN", html))


def test_the_second_visitor_gets_the_page_without_rendering_it(ami_call, django_assert_num_queries):
    first = Client().get(url(ami_call))
    assert first.templates  # rendered
    with django_assert_num_queries(1):  # the call, for the key
        second = Client().get(url(ami_call))
    assert second.status_code == 200 and second.templates == []
    assert without_secrets(second.content.decode()) == without_secrets(first.content.decode())
    assert CSRF_SLOT not in second.content.decode() and NONCE_SLOT not in second.content.decode()


def test_each_response_has_its_own_token_and_nonce_and_they_work(ami_call):
    Client().get(url(ami_call))  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(url(ami_call))
    assert response.templates == []
    html = response.content.decode()
    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1
    again = Client().get(url(ami_call))
    assert set(TOKEN.findall(again.content.decode())) != tokens

    # The token from the cached page is valid for this visitor's CSRF cookie: the language form works.
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": url(ami_call), "csrfmiddlewaretoken": tokens.pop()}
    )
    assert switched.status_code == 302
    assert "Selection criteria" in visitor.get(url(ami_call)).content.decode()


def test_signed_in_visitors_never_get_the_shared_copy(client, ami_call):
    Client().get(url(ami_call))
    client.force_login(CarrierFactory())
    response = client.get(url(ami_call))
    assert response.templates  # rendered for them
    html = response.content.decode()
    assert "Mon compte" in html and "Se déconnecter" in html
    assert "Créer un compte" not in html


def test_messages_waiting_are_shown_not_skipped(ami_call):
    Client().get(url(ami_call))
    visitor = Client()
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.INFO, "Votre session a expiré.")
    carrier = type(
        "R", (), {"cookies": {}, "set_cookie": lambda self, key, value, **kw: self.cookies.update({key: value})}
    )()
    storage.update(carrier)
    visitor.cookies["messages"] = carrier.cookies["messages"]
    response = visitor.get(url(ami_call))
    assert response.templates  # rendered, so that the message is shown
    assert "Votre session a expiré." in response.content.decode()


def test_a_query_string_is_not_served_from_the_cache(client, ami_call):
    client.get(url(ami_call))
    response = client.get(url(ami_call) + "?utm_source=lettre")
    assert response.templates


def test_the_clock_and_the_dates_are_part_of_the_key(client, ami_call):
    now = timezone.now()
    Call.objects.filter(pk=ami_call.pk).update(
        opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=3, minutes=30)
    )
    assert "<dd>3 jours</dd>" in client.get(url(ami_call)).content.decode()
    # The deadline moves without an edit through the admin (updated_at unchanged).
    Call.objects.filter(pk=ami_call.pk).update(closes_at=now + timedelta(days=5, hours=2, minutes=30))
    html = client.get(url(ami_call)).content.decode()
    assert "<dd>5 jours et 2 heures</dd>" in html and "<dd>3 jours</dd>" not in html
    # The call opens later: upcoming, no « Déposer » button.
    Call.objects.filter(pk=ami_call.pk).update(opens_at=now + timedelta(days=1))
    html = client.get(url(ami_call)).content.decode()
    assert "À venir" in html and reverse("applications:start", kwargs={"slug": ami_call.slug}) not in html


def test_each_language_has_its_own_copy(ami_call):
    french = Client().get(url(ami_call)).content.decode()
    english_visitor = Client()
    english_visitor.cookies["django_language"] = "en"
    english_visitor.get(url(ami_call))
    english = english_visitor.get(url(ami_call))
    assert english.templates == []
    assert "Selection criteria" in english.content.decode()
    assert "Critères de sélection" in french
    assert "Critères de sélection" in Client().get(url(ami_call)).content.decode()


def test_a_page_that_uses_the_csp_nonce_gets_a_fresh_one_in_every_response(settings):
    """The portal's policy needs no nonce (no inline script); a page that used one would still
    get its own in every response, never the first visitor's."""
    from csp.middleware import CheckableLazyObject

    from ami_portal.pagecache import visitor_page

    def request_with_nonce():
        request = RequestFactory().get("/appels/exemple/")
        request.user = AnonymousUser()
        request.session = {}
        request._messages = CookieStorage(request)
        request.csp_nonce = CheckableLazyObject(lambda: secrets.token_urlsafe(16))
        return request

    rendered = []

    def render_page(request, extra):
        rendered.append(request)
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script><input value="{extra["csrf_token"]}">')

    pages = []
    for _ in range(3):
        request = request_with_nonce()
        response = visitor_page(request, ("exemple",), lambda extra, request=request: render_page(request, extra))
        html = response.content.decode()
        assert NONCE.findall(html) == [str(request.csp_nonce)]
        assert NONCE_SLOT not in html and CSRF_SLOT not in html
        pages.append(html)
    assert len({NONCE.findall(html)[0] for html in pages}) == 3
    assert len(rendered) == 1  # the two others came from the cache


def test_the_home_page_too_and_a_newly_published_call_shows_at_once(ami_call, django_assert_num_queries):
    home = reverse("home")
    Client().get(home)
    with django_assert_num_queries(1):  # the public calls, for the key
        cached = Client().get(home)
    assert cached.templates == [] and ami_call.title.split(" ")[0] in cached.content.decode()

    # A call edited without going through the admin's save (updated_at unchanged): its phase moves.
    now = timezone.now()
    Call.objects.filter(pk=ami_call.pk).update(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9))
    html = Client().get(home).content.decode()
    assert "Ouverture le" in html

    second = Call.objects.get(pk=ami_call.pk)
    second.pk = None
    second.slug = "deuxieme-appel"
    second.title = "Un deuxième appel publié à l'instant"
    second.save()
    assert "Un deuxième appel publié" in Client().get(home).content.decode()


def test_never_from_the_cache_in_development(ami_call, settings):
    settings.DEBUG = True
    Client().get(url(ami_call))
    assert Client().get(url(ami_call)).templates  # rendered again
