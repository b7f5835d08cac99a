"""People who reach each other, in Chromium: a carrier writes about their dossier, the committee sees
the unread message on its home, opens the thread and replies; the carrier is told by an email that
does not contain the message, and reads the reply. Then a reviewer opens their queue and reaches the
scoring screen of the dossier assigned to them. axe-core and the Nu HTML Checker pass on each screen."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from applications import roles
from applications.models import Application, Message
from review.models import Assignment
from tests.e2e.a11y import Auditor, english_in, log_in, validate_html
from tests.factories import ApplicationFactory, CarrierFactory, StaffFactory
from tests.review.decision_helpers import committee_member, small_call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "Pouvons-nous remplacer un atelier à Lille par un atelier à Roubaix ?"
ANSWER = "Oui, si le public visé reste le même : indiquez-le dans votre compte rendu."


@pytest.fixture
def dossier(transactional_db):
    call = small_call()
    application = ApplicationFactory(
        call=call,
        state=Application.State.ADMISSIBLE,
        submitted_at=call.closes_at,
        reference=f"{call.reference_prefix}-0042",
        sequence=42,
    )
    reviewer = StaffFactory(role=roles.REVIEWER, first_name="Rémi", last_name="Relecteur")
    Assignment.objects.create(application=application, reviewer=reviewer)
    return {
        "application": application,
        "carrier": CarrierFactory(organisation=application.organisation, first_name="Awa", last_name="Diallo"),
        "committee": committee_member(),
        "reviewer": reviewer,
    }


def test_a_carrier_and_the_ministry_write_to_each_other_and_a_reviewer_finds_their_queue(page, live_server, dossier):
    auditor, pages = Auditor(page), {}
    application = dossier["application"]

    # The carrier writes from the dossier page.
    log_in(page, dossier["carrier"], base_url=live_server.url)
    auditor.visit(application.get_absolute_url(), "carrier's dossier page")
    page.get_by_label("Votre message").fill(QUESTION)
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le message").click()
    expect(page.locator("#messages")).to_contain_text(QUESTION)
    expect(page.locator("#messages")).to_contain_text("pas encore lu par le ministère")
    pages["carrier's page, message sent"] = page.content()
    to_staff = [email for email in mail.outbox if "nouveau message du porteur" in email.subject]
    assert to_staff and QUESTION not in to_staff[0].body

    # The committee sees it on its home, opens the thread and replies.
    page.context.clear_cookies()
    log_in(page, dossier["committee"], base_url=live_server.url)
    auditor.visit(reverse("admin:index"), "committee's home")
    expect(page.locator("#ami-home-messages")).to_contain_text("1 dossier avec des messages du porteur non lus")
    pages["committee's home"] = page.content()
    with page.expect_navigation():
        page.get_by_role("link", name=f"Lire les messages de {application.reference}").click()
    auditor.check("staff thread")
    thread = page.locator("#messages")
    expect(thread).to_contain_text(QUESTION)
    expect(thread).to_contain_text("Awa Diallo")
    pages["staff thread"] = page.content()
    thread.get_by_label("Votre message").fill(ANSWER)
    with page.expect_navigation():
        thread.get_by_role("button", name="Envoyer le message").click()
    expect(page.locator(".messagelist")).to_contain_text("Votre message a été envoyé au porteur.")
    expect(page.locator("#messages")).to_contain_text("Pas encore lu par le porteur.")
    assert Message.objects.get(from_staff=False).read_at is not None  # read when the committee opened it

    # The carrier is told without the content, and reads the reply behind the login.
    to_carrier = [email for email in mail.outbox if "nouveau message du ministère" in email.subject]
    assert [dossier["carrier"].email] in [email.to for email in to_carrier]  # with the organisation's contact
    assert all(ANSWER not in email.body and application.get_absolute_url() in email.body for email in to_carrier)
    page.context.clear_cookies()
    log_in(page, dossier["carrier"], base_url=live_server.url)
    auditor.visit(reverse("applications:my_applications"), "my dossiers, one unread")
    expect(page.locator("main")).to_contain_text("1 non lu")
    pages["my dossiers, one unread"] = page.content()
    auditor.visit(application.get_absolute_url(), "carrier reads the reply")
    expect(page.locator("#messages")).to_contain_text(ANSWER)
    assert Message.objects.get(from_staff=True).read_at is not None

    # A reviewer opens their queue and reaches the scoring screen of their dossier.
    page.context.clear_cookies()
    log_in(page, dossier["reviewer"], base_url=live_server.url)
    auditor.visit(reverse("admin:index"), "reviewer's home")
    expect(page.get_by_role("heading", name="À évaluer")).to_be_visible()
    pages["reviewer's home"] = page.content()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(rf"^Évaluer {application.reference}")).click()
    assert page.url.endswith(reverse("admin:applications_application_review", args=[application.pk]))
    auditor.check("scoring screen")

    auditor.finish()
    english = {label: found for label, html in pages.items() if (found := english_in(html))}
    assert not english, english
    errors = {label: found for label, found in validate_html(pages).items() if found}
    assert not errors, errors
