"""The public verification pages of the grant's acts — a convention signed by both parties and an
ordre de reversement — in Chromium with axe at both widths (empty, a file that is not a PDF, the
genuine file), and through the Nu HTML Checker with no English left."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.e2e.a11y import Auditor
from tests.e2e.test_accessibility import submit_main_form
from tests.e2e.test_html_validity import assert_valid, fetch
from tests.grants.test_return_order import returned_grant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


GENUINE = {
    "convention": "The file you gave is exactly a PDF of this convention issued by the portal (the version sent to "
    "the beneficiary or the countersigned one: same SHA-256 fingerprint).",
    "ordre de reversement": "The file you gave is exactly the PDF of this ordre de reversement (same SHA-256 "
    "fingerprint).",
}


def genuine_said(label: str) -> str:
    with translation.override("fr"):
        return translation.gettext(GENUINE[label])


def acts():
    """(label, verification code, the file the portal issued) for each act of a returned grant."""
    grant = returned_grant()
    convention = grant.conventions.get()
    return [
        ("convention", convention.verification_code, stored(convention.signed_pdf or convention.pdf)),
        ("ordre de reversement", grant.return_order_verification_code, stored(grant.return_order_pdf)),
    ]


def test_the_grant_acts_verification_pages_are_accessible(page):
    auditor = Auditor(page)
    for label, code, genuine in acts():
        auditor.visit(reverse("verify_decision", kwargs={"code": code}), label=f"verify {label}")
        page.locator("main input[type=file]").set_input_files(
            {"name": "acte.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}
        )
        submit_main_form(page)
        auditor.check(f"verify {label}, not a PDF (errors)")
        assert genuine_said(label) not in page.locator("main").inner_text()
        page.locator("main input[type=file]").set_input_files(
            {"name": "acte.pdf", "mimeType": "application/pdf", "buffer": genuine}
        )
        submit_main_form(page)
        auditor.check(f"verify {label}, genuine file")
        assert genuine_said(label) in page.locator("main").inner_text()
    auditor.finish()


def test_the_grant_acts_verification_pages_are_valid_html(client):
    pages = {}
    for label, code, _genuine in acts():
        pages[f"verify {label}"] = fetch(client, reverse("verify_decision", kwargs={"code": code}))
    assert_valid(pages)
