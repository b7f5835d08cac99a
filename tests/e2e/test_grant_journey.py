"""After the award, in Chromium: the carrier accepts the convention, the official signs it; the
carrier files the final report, the official asks for a correction, then approves it, and the
balance is approved. axe checks the carrier's new pages."""

from decimal import Decimal

import pytest

from applications.grants import conventions
from applications.grants.models import Convention, Instalment, Report
from tests.e2e.a11y import assert_accessible, log_in
from tests.grants.grant_support import an_official, awarded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mot-de-passe-solide-2024"  # tests.factories.UserFactory


def admin_log_in(page, user):
    page.goto("/gestion/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_convention_report_correction_and_balance(browser, live_server):
    decision, carrier = awarded(amount="60000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    public_id = grant.application.public_id
    contexts = [
        browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url) for _ in range(2)
    ]
    carrier_page, staff_page = (context.new_page() for context in contexts)
    try:
        # The carrier reads and accepts the convention.
        log_in(carrier_page, carrier, base_url=live_server.url)
        carrier_page.goto(f"/dossiers/{public_id}/suivi/")
        assert_accessible(carrier_page, label="suivi de la subvention")
        carrier_page.get_by_role("button", name="Accepter la convention").click()
        assert "Cochez la case" in carrier_page.locator(".fr-alert--error").inner_text()
        carrier_page.locator("label[for=id_accept]").click()  # the DSFR draws the box on the label
        carrier_page.get_by_role("button", name="Accepter la convention").click()
        assert "Vous avez accepté la convention" in carrier_page.content()

        # The official countersigns.
        admin_log_in(staff_page, signer)
        staff_page.goto(f"/gestion/grants/grant/{grant.pk}/change/")
        staff_page.fill("input[name=signatory_name]", "Jeanne Martin")
        staff_page.fill("input[name=signatory_role]", "Directrice de l'intégration")
        staff_page.get_by_role("button", name="Signer la convention").click()
        assert grant.conventions.get().state == Convention.State.SIGNED

        # The carrier files the final report.
        final = grant.reports.get(kind=Report.Kind.FINAL)
        carrier_page.goto(f"/dossiers/{public_id}/comptes-rendus/{final.public_id}/")
        assert_accessible(carrier_page, label="compte rendu final")
        for name, value in (
            ("ambassadrices_recruited", "8"),
            ("ambassadrices_trained", "8"),
            ("people_reached", "610"),
        ):
            carrier_page.fill(f"input[name={name}]", value)
        carrier_page.fill("textarea[name=narrative]", "Ateliers tenus dans les deux départements.")
        for line in final.lines.all():
            actual = line.planned if line.side == "income" else Decimal("32500.00")
            carrier_page.fill(f"input[name=actual_{line.pk}]", str(actual).replace(".", ","))
        carrier_page.get_by_role("button", name="Transmettre le compte rendu").click()
        assert "Votre compte rendu a été transmis" in carrier_page.content()

        # The official asks for a correction.
        staff_page.goto(f"/gestion/grants/grant/{grant.pk}/compte-rendu/{final.pk}/")
        staff_page.get_by_label("Ce qui doit être corrigé").fill("Joignez le détail des ateliers par thème.")
        staff_page.get_by_role("button", name="Renvoyer pour corrections").click()
        final.refresh_from_db()
        assert final.state == Report.State.CORRECTIONS

        # The carrier sees it and sends the report again.
        carrier_page.goto(f"/dossiers/{public_id}/comptes-rendus/{final.public_id}/")
        assert "Joignez le détail des ateliers par thème." in carrier_page.content()
        carrier_page.fill("input[name=workshops_75_1]", "3")
        carrier_page.get_by_role("button", name="Transmettre le compte rendu").click()
        final.refresh_from_db()
        assert final.state == Report.State.SUBMITTED

        # The official approves it, then the balance.
        staff_page.goto(f"/gestion/grants/grant/{grant.pk}/compte-rendu/{final.pk}/")
        staff_page.fill("input[name=signatory_role]", "Directrice de l'intégration")  # for an ordre de reversement
        staff_page.get_by_role("button", name="Approuver le compte rendu").click()
        final.refresh_from_db()
        assert final.state == Report.State.APPROVED
        staff_page.goto(f"/gestion/grants/grant/{grant.pk}/change/")
        staff_page.get_by_role("button", name="Approuver le versement").last.click()
        balance = grant.instalments.get(kind=Instalment.Kind.BALANCE)
        assert balance.state == Instalment.State.APPROVED and balance.amount == Decimal("12000.00")
    finally:
        for context in contexts:
            context.close()
