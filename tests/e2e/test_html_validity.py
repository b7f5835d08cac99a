"""The Nu HTML Checker (vnu.jar, the W3C's validator) on the HTML the server sends, page by page.

Pages are fetched with Django's test client (the HTML as served, before any script runs), in their
empty, filled and error states, then checked in one Java run per test: starting the JVM costs
seconds, checking a page milliseconds.
"""

import pytest
from django.urls import reverse

from tests.e2e.a11y import validate_html

pytestmark = pytest.mark.django_db


def assert_valid(documents: dict[str, str]):
    errors = {label: found for label, found in validate_html(documents).items() if found}
    if errors:
        report = "\n".join(f"{label}:\n" + "\n".join(f"    {e}" for e in found) for label, found in errors.items())
        pytest.fail(f"Nu HTML Checker errors on {len(errors)} of {len(documents)} pages:\n{report}", pytrace=False)


def fetch(client, url, *, method="get", data=None, status=200) -> str:
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, f"{method.upper()} {url} answered {response.status_code}"
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_the_checker_reports_invalid_html():
    """The audit can fail: a broken page is reported with its error."""
    errors = validate_html(
        {
            "valid": '<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><p>ok</p></body></html>',
            "broken": '<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><form><form></form></form><p id="a" id="a"></body></html>',
        }
    )
    assert errors["valid"] == []
    assert any("form" in e for e in errors["broken"])
    assert any("Duplicate attribute" in e for e in errors["broken"])


def test_public_pages(client, ami_call):
    pages = {
        name: fetch(client, reverse(name))
        for name in ["home", "accessibility", "legal_notice", "personal_data", "cookies", "sitemap", "login"]
    }
    pages["call_detail"] = fetch(client, reverse("call_detail", kwargs={"slug": ami_call.slug}))
    pages["login (errors)"] = fetch(client, reverse("login"), method="post", data={"username": "x@example.org"})
    pages["404"] = fetch(client, "/cette-page-n-existe-pas/", status=404)
    assert_valid(pages)


@pytest.mark.urls("tests.e2e.form_gallery")
def test_every_field_of_the_form_pack(client):
    assert_valid(
        {
            "form gallery (empty)": fetch(client, "/galerie-formulaires/"),
            "form gallery (errors)": fetch(
                client,
                "/galerie-formulaires/",
                method="post",
                data={"name": "Asso", "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0"},
            ),
        }
    )
