"""Refused, awarded and waiting-list carriers each open their dossier page in Chromium and read
their outcome (and only theirs); the official reads a decision email and sends it. axe-core (desktop
and phone) and the Nu HTML Checker pass on each of these screens."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from review import documents
from review.decision_emails import WAITING_LIST, decision_emails, prepare_decision_emails
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import propose
from tests.e2e.a11y import Auditor, english_in, log_in, validate_html
from tests.factories import CarrierFactory
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

# live_server needs real transactions; serialized_rollback restores what migrations load (staff groups).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def decided(transactional_db):
    call = small_call(max_selected=1, service_address="Place Beauvau\n75800 Paris Cedex 08")
    member, signer = committee_member(), official()
    awarded = reviewed_dossier(
        call, requested="45000.00", scores=(Decimal(92), Decimal(90)), start_date=date(2027, 2, 13)
    )
    refused = reviewed_dossier(call, scores=(Decimal(50), Decimal(55)))
    waiting = reviewed_dossier(call, requested="30000.00", scores=(Decimal(80), Decimal(78)))
    propose(application=waiting, outcome=Proposal.Outcome.WAITING, by=member)
    for dossier, outcome in ((awarded, Proposal.Outcome.SELECTED), (refused, Proposal.Outcome.REJECTED)):
        proposal = propose(application=dossier, outcome=outcome, by=member, assessment_summary="Moins abouti.")
        documents.attach_pdf(validate_proposal(proposal=proposal, signature=signature(), by=signer))
    prepare_decision_emails(call=call)
    return {"awarded": awarded, "refused": refused, "waiting": waiting, "signer": signer}


class Served:
    def __init__(self):
        self.pages: dict[str, str] = {}

    def keep(self, label, response):
        assert response is not None and response.ok, f"{label} answered {response and response.status}"
        self.pages[label] = response.text()

    def assert_valid(self):
        english = {label: found for label, html in self.pages.items() if (found := english_in(html))}
        assert not english, "English in French pages:\n" + "\n".join(f"{k}: {v[:5]}" for k, v in english.items())
        errors = {label: found for label, found in validate_html(self.pages).items() if found}
        assert not errors, "Nu HTML Checker:\n" + "\n".join(f"{label}: {found}" for label, found in errors.items())


def carrier_page(page, live_server, auditor, served, dossier, label):
    page.context.clear_cookies()
    log_in(page, CarrierFactory(organisation=dossier.organisation), base_url=live_server.url)
    served.keep(label, auditor.visit(dossier.get_absolute_url(), label))
    return page.locator("#outcome")


def test_each_carrier_reads_their_outcome_and_the_official_sends_the_emails(page, live_server, decided):
    auditor, served = Auditor(page), Served()

    outcome = carrier_page(page, live_server, auditor, served, decided["refused"], "refused carrier")
    expect(outcome.get_by_role("heading", level=2)).to_have_text("Décision : votre demande n'est pas retenue")
    expect(outcome.get_by_role("heading", name="Motifs de la décision")).to_be_visible()
    expect(outcome).to_contain_text("se classe au 3e rang sur 3 dossiers")
    expect(outcome.get_by_role("heading", name="Comment contester cette décision")).to_be_visible()
    expect(outcome).to_contain_text("Télérecours citoyens")
    expect(outcome).to_contain_text("Place Beauvau, 75800 Paris Cedex 08")
    expect(outcome.get_by_role("link", name="Télécharger la décision (PDF)")).to_be_visible()
    expect(outcome).not_to_contain_text("liste d'attente")
    expect(outcome).not_to_contain_text("Échéancier")

    outcome = carrier_page(page, live_server, auditor, served, decided["awarded"], "awarded carrier")
    expect(outcome.get_by_role("heading", level=2)).to_have_text("Subvention attribuée : la suite")
    schedule = outcome.get_by_role("table", name="Échéancier des versements")
    expect(schedule.get_by_role("row")).to_have_count(3)
    expect(schedule).to_contain_text("36\u00a0000,00\u00a0€")
    expect(outcome).to_contain_text("Au plus tard le 12 août 2028")
    appeal = outcome.locator("details")
    expect(appeal).not_to_have_attribute("open", "")
    appeal.locator("summary").click()  # the appeal routes of an award, behind a disclosure
    expect(appeal).to_contain_text("recours contentieux")
    auditor.check("awarded carrier, appeal routes open")
    expect(outcome).not_to_contain_text("Motifs de la décision")

    outcome = carrier_page(page, live_server, auditor, served, decided["waiting"], "waiting-list carrier")
    expect(outcome.get_by_role("heading", level=2)).to_have_text("Votre dossier est sur la liste d'attente")
    expect(outcome).to_contain_text("au rang 1 sur 1")
    expect(outcome.get_by_role("heading", name="Ce que cela signifie")).to_be_visible()
    expect(outcome).not_to_contain_text("Télécharger la décision")

    # The official reads the waiting-list email as it will be received, then sends it.
    page.context.clear_cookies()
    log_in(page, decided["signer"], base_url=live_server.url)
    served.keep("decision emails", auditor.visit(reverse("admin:review_decisionemail_changelist"), "decision emails"))
    expect(page.locator("#ami-email-progress")).to_have_attribute("value", "0")
    email = decision_emails().get(kind=WAITING_LIST)
    served.keep("email preview", auditor.visit(reverse("admin:review_decisionemail_change", args=[email.pk])))
    expect(page.locator(".ami-email-body")).to_contain_text("au rang 1 sur 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ce courriel").click()
    expect(page.locator(".messagelist")).to_contain_text("1 courriel(s) mis en file d'envoi")
    assert [message.to for message in mail.outbox] == [[email.to]]
    served.keep("email sent", page.goto(page.url))
    auditor.check("email sent")

    auditor.finish()
    served.assert_valid()
