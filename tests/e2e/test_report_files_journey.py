"""In Chromium: the carrier attaches a supporting file to a report (a refused one first, explained
next to its field with the narrative kept), then removes it; the official downloads it from the
report's review screen. axe checks the report page in both states."""

import hashlib

import pytest

from applications.demo_stages import tiny_pdf
from applications.grants import reports
from applications.grants.models import Report
from tests.e2e.a11y import assert_accessible, log_in
from tests.grants.grant_support import signed_grant
from tests.grants.test_report_files import report_url, staff_report_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_in_chromium_the_carrier_attaches_and_removes_a_file_and_the_official_downloads_it(
    browser, live_server, tmp_path
):
    grant, carrier, signer = signed_grant()
    report = grant.reports.get(kind=Report.Kind.INTERIM)
    invoice, wrong = tmp_path / "facture-salle.pdf", tmp_path / "notes.pdf"
    invoice.write_bytes(tiny_pdf("Facture"))
    wrong.write_bytes(b"Ceci n'est pas un PDF.")
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, carrier, base_url=live_server.url)
        page.goto(report_url(report))
        page.fill("textarea[name=narrative]", "Ateliers tenus à Paris.")
        page.set_input_files("input[name=attachment]", str(wrong))
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        assert "pas dans un format accepté" in page.locator("#id_attachment-desc-error").inner_text()
        assert page.locator("textarea[name=narrative]").input_value() == "Ateliers tenus à Paris."
        assert_accessible(page, label="compte rendu, pièce refusée")

        page.set_input_files("input[name=attachment]", str(invoice))
        page.fill("input[name=attachment_label]", "Location de la salle")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        assert "le fichier est ajouté" in page.content()
        assert page.get_by_role("link", name="facture-salle.pdf").is_visible()
        assert_accessible(page, label="compte rendu avec une pièce")
        (attachment,) = reports.current_attachments(report)

        page.get_by_role("button", name="Retirer ce fichier — facture-salle.pdf").click()
        assert "le fichier est retiré" in page.content()
        assert not reports.current_attachments(report).exists()

        staff = context.browser.new_context(locale="fr-FR", base_url=live_server.url, accept_downloads=True)
        staff_page = staff.new_page()
        log_in(staff_page, signer, base_url=live_server.url)
        staff_page.goto(staff_report_url(report))
        with staff_page.expect_download() as download:
            staff_page.get_by_role("link", name="facture-salle.pdf").click()
        assert download.value.suggested_filename == "facture-salle.pdf"
        download.value.save_as(tmp_path / "copie.pdf")
        assert hashlib.sha256((tmp_path / "copie.pdf").read_bytes()).hexdigest() == attachment.sha256
        staff.close()
    finally:
        context.close()
