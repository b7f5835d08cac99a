"""axe-core in Chromium on every page the public, a carrier or the staff screens of this project show.

Zero « serious » or « critical » violation is allowed; every other finding must be listed with a
decision in docs/accessibility-audit.md (see ``a11y.assert_accessible``). Pages are audited in
their empty, filled and error states, after their scripts ran.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from applications import receipts, roles, submission, wizard, workflow
from applications.models import Application, OutgoingEmail
from review import documents
from review.decisions import validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import propose
from tests.applications.carrier_support import carrier_with_draft, complete_draft, step_url
from tests.e2e.a11y import Auditor, log_in, pdf_accessibility
from tests.factories import (
    AssignmentFactory,
    CarrierFactory,
    InformationRequestFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

# live_server needs real transactions; serialized_rollback restores what migrations load (départements, staff
# groups). Every test of this file is transactional (the PDF ones too): `make test` hands whole files to workers,
# and ordinary tests must not run after a transactional one has emptied the tables.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def ami(transactional_db):
    from applications.management.commands.load_ami import load_ami

    return load_ami()


def test_public_pages(page, ami):
    auditor = Auditor(page)
    for name in ["home", "accessibility", "legal_notice", "personal_data", "cookies", "sitemap", "login"]:
        auditor.visit(reverse(name), label=name)
    auditor.visit(reverse("call_detail", kwargs={"slug": ami.slug}), label="call_detail")
    auditor.finish()


def test_login_error_state(page, ami):
    auditor = Auditor(page)
    page.goto(reverse("login"))
    submit_main_form(page)
    auditor.check("login (errors)")
    auditor.finish()


@pytest.mark.urls("tests.e2e.form_gallery")
def test_every_field_of_the_form_pack_empty_and_in_error(page, live_server):
    auditor = Auditor(page)
    auditor.visit("/galerie-formulaires/", label="form gallery (empty)")
    page.fill("#id_name", "Association des ambassadrices")
    page.fill("#id_description", "Trop court")
    submit_main_form(page)
    auditor.check("form gallery (errors)")
    auditor.finish()
    # What the carrier typed is kept, and the summary links to each field in error.
    assert page.input_value("#id_name") == "Association des ambassadrices"
    assert page.input_value("#id_description") == "Trop court"
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    hrefs = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#id_email", "#id_scope", "#id_themes", "#id_statutes", "#id_commitment", "#id_description"} <= set(hrefs)
    assert "#id_name" not in hrefs
    assert "#id_lines-0-label" in hrefs  # the formset's rows are in the same summary
    page.click("[data-error-summary] a[href='#id_email']")
    assert page.evaluate("document.activeElement.id") == "id_email"


def test_mobile_menu_open(page, ami):
    """On a phone the header menu is a dialog: it opens by keyboard, is named, and is audited open."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("call_detail", kwargs={"slug": ami.slug}))
    button = page.locator("#bouton-menu-mobile")
    button.focus()
    page.keyboard.press("Enter")
    menu = page.locator("#menu-mobile")
    menu.wait_for(state="visible")
    assert menu.get_attribute("aria-labelledby") == "bouton-menu-mobile"
    assert page.get_by_role("dialog").count() == 1
    auditor = Auditor(page, widths=(375,))
    auditor.check("mobile menu (open)")
    auditor.finish()


# --- the carrier's pages --------------------------------------------------------------------------


def text_of(page, selector) -> str:
    """The text of an element as a screen reader gets it, whatever the layout (a collapsed menu too)."""
    return " ".join((page.locator(selector).text_content() or "").split())


def submit_main_form(page, selector="main form button[type=submit]"):
    """Press the page's main submit button and wait for the answer."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_account_pages_empty_and_in_error(page, live_server, ami):
    auditor = Auditor(page)
    for name in ["signup", "password_reset"]:
        auditor.visit(reverse(name), label=name)
        submit_main_form(page)
        auditor.check(f"{name} (errors)")

    newcomer = UserFactory()  # verified e-mail, no organisation yet
    log_in(page, newcomer, base_url=live_server.url)
    auditor.visit(reverse("organisation_create"), label="organisation_create")
    submit_main_form(page)
    auditor.check("organisation_create (errors)")

    carrier = CarrierFactory()
    log_in(page, carrier, base_url=live_server.url)
    for name in ["account", "organisation_edit", "password_change", "applications:my_applications"]:
        auditor.visit(reverse(name), label=name)
    auditor.visit(reverse("password_change"), label="password_change")
    submit_main_form(page)
    auditor.check("password_change (errors)")
    auditor.visit(reverse("account"), label="account")
    submit_main_form(page, "main form[action$='/compte/inviter/'] button[type=submit]")
    auditor.check("account, invitation (errors)")
    auditor.finish()


def test_wizard_steps_empty_and_in_error(page, live_server, ami):
    carrier, application = carrier_with_draft(ami)
    log_in(page, carrier, base_url=live_server.url)
    auditor = Auditor(page)
    auditor.visit(reverse("applications:start", kwargs={"slug": ami.slug}), label="start")
    for step in wizard.STEPS:
        auditor.visit(step_url(application, step.key), label=f"step {step.number} (empty)")
        # The stepper says where the carrier is, in words; the list of steps marks the current one.
        assert text_of(page, ".fr-stepper__state") == f"Étape {step.number} sur 8"
        assert text_of(page, ".fr-stepper__title").startswith(str(step.title))
        assert page.locator(".fr-sidemenu__link[aria-current=page]").count() == 1
        assert text_of(page, ".fr-sidemenu__link[aria-current=page]").startswith(f"{step.number}.")
        assert page.title().startswith(str(step.title))
        if page.locator("main form button[value=continue]").count():
            submit_main_form(page, "main form button[value=continue]")
            auditor.check(f"step {step.number} (errors)")
    # A file of the wrong type is refused, with the error tied to its field.
    auditor.visit(step_url(application, "documents"))
    page.locator("main input[type=file]").first.set_input_files(
        {"name": "statuts.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF at all"}
    )
    submit_main_form(page, "main form[enctype] button[type=submit]")
    auditor.check("step 7, refused file (errors)")
    auditor.visit(
        reverse("applications:application_detail", kwargs={"public_id": application.public_id}),
        label="draft dossier page",
    )
    auditor.finish()


def test_wizard_filled_then_submitted(page, live_server, ami):
    carrier, application = complete_draft(ami)
    log_in(page, carrier, base_url=live_server.url)
    auditor = Auditor(page)
    for step in wizard.STEPS:
        auditor.visit(step_url(application, step.key), label=f"step {step.number} (filled)")
    submit_main_form(page, "main form#depot button[type=submit]")  # sworn statement not ticked
    auditor.check("step 8, sworn statement missing (errors)")
    page.locator("label[for=id_sworn_statement]").click()
    submit_main_form(page, "main form#depot button[type=submit]")
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    auditor.check("submitted dossier page")
    auditor.visit(reverse("applications:my_applications"), label="my_applications (one dossier)")
    auditor.finish()


def test_pages_after_submission(page, live_server, ami):
    carrier, application = complete_draft(ami)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    reviewer = AssignmentFactory(application=application).reviewer
    workflow.transition(application, to=Application.State.INFO_REQUESTED, actor=reviewer, notify=False)
    info = InformationRequestFactory(application=application, sections=["budget"], requested_by=reviewer)
    log_in(page, carrier, base_url=live_server.url)
    auditor = Auditor(page)
    detail = reverse("applications:application_detail", kwargs={"public_id": application.public_id})
    auditor.visit(detail, label="dossier page (information requested)")
    submit_main_form(page, "main form[action$='/messages/'] button[type=submit]")
    auditor.check("dossier page, empty message (errors)")
    auditor.visit(step_url(application, "budget"), label="budget step (information requested)")
    url = reverse(
        "applications:information_request", kwargs={"public_id": application.public_id, "request_id": info.pk}
    )
    auditor.visit(url, label="information request")
    submit_main_form(page)
    auditor.check("information request (errors)")
    auditor.visit(reverse("applications:withdraw", kwargs={"public_id": application.public_id}), label="withdraw")
    submit_main_form(page)
    auditor.check("withdraw (errors)")
    auditor.finish()


# --- PDFs ------------------------------------------------------------------------------------------


def issued_decision(outcome):
    """A validated decision, award or refusal, as the selection and decision screens issue it."""
    call = small_call()
    application = reviewed_dossier(call)
    proposal = propose(
        application=application, outcome=outcome, assessment_summary="Projet solide.", by=committee_member()
    )
    return validate_proposal(proposal=proposal, signature=signature(), by=official())


def assert_accessible_pdf(pdf: bytes, *, title_contains: str, first_heading_text: str):
    found = pdf_accessibility(pdf)
    assert found["marked"], "the PDF is not tagged (/MarkInfo /Marked true)"
    assert found["struct_tree"], "the PDF has no structure tree (/StructTreeRoot)"
    assert found["lang"] == "fr", f"the PDF's language is {found['lang']!r}"
    assert title_contains in found["title"], f"the PDF's title is {found['title']!r}"
    assert found["display_title"], "viewers are not told to show the title rather than the file name"
    order = found["order"]
    assert "H1" in order, f"no H1 in the structure: {order[:30]}"
    first_heading = next(tag for tag in order if tag.startswith("H") and tag[1:].isdigit())
    assert first_heading == "H1", f"the reading order starts with {first_heading}, not with the title"
    assert order.index("H1") < min((order.index(t) for t in ("H2", "Table") if t in order), default=len(order))
    assert first_heading_text in found["text"]
    return found


def test_receipt_pdf_is_tagged_titled_in_french_and_in_reading_order(ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    pdf = receipts.render_receipt_pdf(application=application)
    found = assert_accessible_pdf(pdf, title_contains=application.reference, first_heading_text="Accusé de réception")
    assert found["title"].startswith(f"Accusé de réception n° AR-{application.reference}")
    assert "Table" in found["order"]  # the budget is a real table, with its headers
    assert "TH" in found["order"]


# --- language ----------------------------------------------------------------------------------------


def test_language_switcher_gives_english_carrier_pages_and_back(page, live_server, ami):
    carrier, application = complete_draft(ami)
    log_in(page, carrier, base_url=live_server.url)
    page.goto(reverse("applications:my_applications"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Mes dossiers"
    switch = page.locator("header .fr-header__tools-links form.ami-language-form button")
    assert switch.get_attribute("lang") == "en"  # RGAA 8.7: the button's own language is declared

    with page.expect_navigation():
        switch.click()
    assert page.url.endswith(reverse("applications:my_applications"))  # the same page, in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "My dossiers"
    auditor = Auditor(page, widths=(1280,))
    auditor.check("my_applications (English)")
    for step in wizard.STEPS:
        auditor.visit(step_url(application, step.key), label=f"step {step.number} (English)")
        with translation.override("en"):
            assert str(step.title) in page.title()
    auditor.visit(reverse("call_detail", kwargs={"slug": ami.slug}), label="call_detail (English)")
    auditor.finish()

    switch = page.locator("header .fr-header__tools-links form.ami-language-form button")
    assert switch.get_attribute("lang") == "fr"
    with page.expect_navigation():
        switch.click()
    assert page.locator("html").get_attribute("lang") == "fr"
    body = page.locator("main").inner_text()
    assert "Critères de sélection" in body or "Grille" in body, body[:300]
    # Amounts and dates the French way: « 100 000,00 € » with no-break spaces, months in French.
    assert "100\u00a0000,00\u00a0€" in body
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    assert any(f" {month} " in body for month in months)


@pytest.mark.parametrize("outcome", [Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED])
def test_decision_pdfs_are_tagged_titled_in_french_and_in_reading_order(outcome):
    decision = issued_decision(outcome)
    pdf = documents.render_decision_pdf(decision)
    found = assert_accessible_pdf(pdf, title_contains=decision.reference, first_heading_text=decision.reference)
    assert "H2" in found["order"] or "P" in found["order"]
    # The reading order puts the heading before the legal references (visas) and the signature.
    text = found["text"]
    assert text.index(decision.reference) < text.index("Vu la loi n° 2000-321")


def test_decision_verification_pages(page, live_server, ami):
    decision = documents.attach_pdf(issued_decision(Proposal.Outcome.SELECTED))
    decision.refresh_from_db()
    with decision.pdf.open("rb") as stored:
        genuine = stored.read()
    auditor = Auditor(page)
    auditor.visit(reverse("verify_decision_form"), label="verify (empty)")
    page.fill("#id_code", "CODE-INCONNU")
    submit_main_form(page)
    auditor.check("verify, unknown code (errors)")
    assert page.input_value("#id_code") == "CODE-INCONNU"

    url = reverse("verify_decision", kwargs={"code": decision.verification_code})
    auditor.visit(url, label="verified decision")
    page.locator("main input[type=file]").set_input_files(
        {"name": "decision.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}
    )
    submit_main_form(page)
    auditor.check("verified decision, not a PDF (errors)")
    page.locator("main input[type=file]").set_input_files(
        {"name": "decision.pdf", "mimeType": "application/pdf", "buffer": genuine}
    )
    submit_main_form(page)
    auditor.check("verified decision, genuine file")
    auditor.finish()


# --- staff screens of the selection and the decisions ---------------------------------------------
# (the review screens are audited in test_review_accessibility.py, with the same tools)


def test_selection_and_decision_screens(page, live_server):
    call = small_call()
    winner = reviewed_dossier(call, requested="45000.00")
    loser = reviewed_dossier(call)
    member, signer = committee_member(), official()
    auditor = Auditor(page)

    log_in(page, member, base_url=live_server.url)
    selection = reverse("admin:review_selectioncall_change", args=[call.pk])
    auditor.visit(selection, label="selection (nothing proposed)")
    auditor.visit(reverse("admin:review_selectioncall_proposal", args=[call.pk, winner.pk]), label="proposal")
    submit_main_form(page, "main input[type=submit], #content-main input[type=submit]")
    auditor.check("proposal (errors)")
    propose(application=winner, outcome=Proposal.Outcome.SELECTED, by=member)
    propose(application=loser, outcome=Proposal.Outcome.REJECTED, assessment_summary="Moins abouti.", by=member)
    auditor.visit(selection, label="selection (two proposals)")

    page.context.clear_cookies()
    log_in(page, signer, base_url=live_server.url)
    auditor.visit(reverse("admin:review_proposal_changelist"), label="proposals to sign")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("validate_proposals")
    with page.expect_navigation():
        page.locator("button[name=index], .actions button[type=submit]").first.click()
    auditor.check("signature form")
    page.fill("#id_signatory_name", "")
    with page.expect_navigation():
        page.locator("input[name=preview]").click()
    auditor.check("signature form (errors)")
    page.fill("#id_signatory_name", "Jeanne Martin")
    page.fill("#id_signatory_role", "Directrice de l'intégration")
    with page.expect_navigation():
        page.locator("input[name=preview]").click()
    auditor.check("signature form (decisions to read)")
    with page.expect_navigation():
        page.locator("input[name=sign]").click()
    award = Decision.objects.get(kind=Decision.Kind.AWARD)
    auditor.visit(reverse("admin:review_decision_change", args=[award.pk]), label="decision")
    correction = reverse("admin:review_decision_correct", args=[award.pk])
    auditor.visit(correction, label="decision correction")
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").first.click()
    auditor.check("decision correction (errors)")
    job = GenerationJob.objects.get(call=call)
    auditor.visit(reverse("admin:review_generationjob_change", args=[job.pk]), label="decision generation")
    email = OutgoingEmail.objects.filter(kind__startswith="decision_").first()
    auditor.visit(reverse("admin:review_decisionemail_change", args=[email.pk]), label="decision email draft")
    auditor.finish()


def test_conflict_declaration_add_form(page, live_server):
    """The admin's add form for a conflict of interest: its autocomplete and its required fields are named
    (static/js/admin_a11y.js fixes Django's select2 and bold-only required labels)."""
    reviewer = StaffFactory(role=roles.REVIEWER)
    OrganisationFactory()
    log_in(page, reviewer, base_url=live_server.url)
    auditor = Auditor(page)
    auditor.visit(reverse("admin:review_conflictofinterest_add"), label="conflict declaration (admin add form)")
    auditor.finish()
    assert page.locator("label[for=id_organisation]").inner_text().endswith("(obligatoire)")
