"""axe-core in Chromium on every page the public, a carrier or the staff screens of this project show.

Zero « serious » or « critical » violation is allowed; every other finding must be listed with a
decision in docs/accessibility-audit.md (see ``a11y.assert_accessible``). Pages are audited in
their empty, filled and error states, after their scripts ran.
"""

import pytest
from django.urls import reverse

from tests.e2e.a11y import Auditor

pytestmark = pytest.mark.django_db(transaction=True)


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
    page.locator("main button[type=submit]").click()
    auditor.check("login (errors)")
    auditor.finish()


@pytest.mark.urls("tests.e2e.form_gallery")
def test_every_field_of_the_form_pack_empty_and_in_error(page, live_server):
    auditor = Auditor(page)
    auditor.visit("/galerie-formulaires/", label="form gallery (empty)")
    page.fill("#id_name", "Association des ambassadrices")
    page.fill("#id_description", "Trop court")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
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
