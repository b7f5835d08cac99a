"""A withdrawn award, in Chromium: the carrier is told on the follow-up page; the official closes
the follow-up with the keyboard from the grant screen (first without the signatory's role, then
with it); axe and the RGAA form rules at both widths on every state of both pages."""

import pytest

from applications.grants import conventions
from applications.grants.models import Instalment
from review.models import Proposal
from tests.e2e.a11y import Auditor, log_in
from tests.e2e.test_grant_journey import admin_log_in
from tests.e2e.test_keyboard_journey import KeyboardUser
from tests.grants.grant_support import SIGNATORY, an_official, awarded
from tests.grants.test_corrected_award import correct
from tests.grants.test_reports import pay_advance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_official_closes_a_withdrawn_grant_by_keyboard(browser, live_server, settings):
    settings.AMI_SIGNING_PKCS12 = ""  # the seal is tested elsewhere
    decision, carrier = awarded(amount="20000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    pay_advance(grant, signer)
    correct(grant, outcome=Proposal.Outcome.REJECTED)
    public_id = grant.application.public_id
    contexts = [
        browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url) for _ in range(2)
    ]
    carrier_page, staff_page = (context.new_page() for context in contexts)
    try:
        log_in(carrier_page, carrier, base_url=live_server.url)
        carrier_auditor = Auditor(carrier_page)
        carrier_auditor.visit(f"/dossiers/{public_id}/suivi/", "follow-up, award withdrawn")
        assert "attribution a été retirée" in carrier_page.content()

        admin_log_in(staff_page, signer)
        staff = Auditor(staff_page)
        staff.visit(f"/gestion/grants/grant/{grant.pk}/change/", "grant screen, award withdrawn")
        keyboard = KeyboardUser(staff_page)
        keyboard.tab_to("#id_resiliation-signatory_role")
        staff_page.keyboard.press("Control+A")
        staff_page.keyboard.press("Delete")
        keyboard.press("Enter")  # submits the form without the role
        staff_page.locator("#id_resiliation-signatory_role[aria-invalid=true]").wait_for()
        staff.check("grant screen, closing without the signatory's role")
        grant.refresh_from_db()
        assert grant.terminated_at is None

        keyboard.tab_to("#id_resiliation-signatory_role")
        staff_page.keyboard.type(SIGNATORY["signatory_role"])
        keyboard.tab_to("input[type=submit][value='Clôturer le suivi de la subvention']", limit=5)
        with staff_page.expect_navigation():
            keyboard.press("Enter")
        grant.refresh_from_db()
        assert grant.terminated_at is not None and grant.return_order_pdf
        assert grant.instalments.get(kind=Instalment.Kind.ADVANCE).state == Instalment.State.PAID
        staff.check("grant screen, follow-up closed")
        assert "Suivi clôturé" in staff_page.content()

        carrier_auditor.visit(f"/dossiers/{public_id}/suivi/", "follow-up, closed with an ordre de reversement")
        assert "ordre de reversement" in carrier_page.content()
        carrier_auditor.finish()
        staff.finish()
    finally:
        for context in contexts:
            context.close()
