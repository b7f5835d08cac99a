"""Security headers on real responses: pages, downloads, error pages, the staff area, static files."""

import pytest
from django.test import Client
from django.urls import reverse

from applications import submission
from tests.applications.carrier_support import complete_draft
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_secure_headers(response, *, where: str):
    csp = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives.get("default-src") == "'self'", (where, csp)
    assert directives.get("script-src", "").startswith("'self'"), (where, csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, (where, csp)
    assert directives.get("object-src") == "'none'", (where, csp)
    assert directives.get("frame-ancestors") == "'none'", (where, csp)
    assert directives.get("base-uri") == "'self'", (where, csp)
    assert directives.get("form-action") == "'self'", (where, csp)
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", where
    policy = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy, (where, policy)


@pytest.fixture
def submitted(ami_call):
    carrier, draft = complete_draft(ami_call)
    submission.submit_application(application=draft, user=carrier, sworn_statement=True)
    draft.refresh_from_db()
    return carrier, draft


def test_public_pages_and_forms(client, ami_call):
    for name in ("home", "login", "signup", "password_reset", "verify_decision_form", "accessibility"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert_secure_headers(response, where=name)
    assert_secure_headers(client.get(ami_call.get_absolute_url()), where="call")


def test_file_downloads_are_attachments_with_every_header(client, submitted):
    carrier, application = submitted
    client.force_login(carrier)
    attachment = application.attachments.first()
    for url in (
        reverse(
            "applications:attachment_download",
            kwargs={"public_id": application.public_id, "attachment_id": attachment.public_id},
        ),
        reverse("applications:receipt_download", kwargs={"public_id": application.public_id}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        assert_secure_headers(response, where=url)


def test_signed_in_pages_are_not_cached(client, submitted):
    carrier, application = submitted
    client.force_login(carrier)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert_secure_headers(response, where="dossier page")


def test_error_pages(client, settings):
    not_found = client.get("/nulle-part/")
    assert not_found.status_code == 404 and "Page non trouvée" in not_found.content.decode()
    assert_secure_headers(not_found, where="404")

    settings.ROOT_URLCONF = "tests.security.urls_with_failure"
    failing = Client(raise_request_exception=False)
    error = failing.get("/panne/")
    assert error.status_code == 500
    assert "Erreur inattendue" in error.content.decode() and "a bug" not in error.content.decode()
    assert_secure_headers(error, where="500")

    csrf = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a@b.fr", "password": "x"})
    assert csrf.status_code == 403 and "Demande refusée" in csrf.content.decode()
    assert_secure_headers(csrf, where="403 CSRF")


def test_staff_area_and_its_login(client):
    login = client.get(reverse("admin:login"))
    assert login.status_code == 200
    assert_secure_headers(login, where="admin login")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in (reverse("admin:index"), reverse("admin:applications_application_changelist")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, where=url)


def test_static_files_and_health(client):
    for url in ("/static/css/portal.css", "/health/"):
        assert_secure_headers(client.get(url), where=url)


def test_the_throttled_page_has_the_headers_too(client, rate_limited):
    for _ in range(3):
        client.post(reverse("signup"), {"email": "x@example.org"})
    responses = [client.post(reverse("signup"), {"email": f"x{n}@example.org"}) for n in range(3)]
    throttled = responses[-1]
    assert throttled.status_code == 429
    assert_secure_headers(throttled, where="429")
