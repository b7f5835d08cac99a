"""The call configuration screens of the admin: axe-core, the RGAA form rules and the Nu HTML Checker.

The list of calls, the add form, the change form with its themes, criteria and required documents
(empty, in error, then saved), its read-only view for a reviewer, and the départements' screens.
The HTML checked by the Nu HTML Checker is the one the server sent (the responses the browser got),
before any script ran; axe and the form rules see the page after Django's scripts and ours ran.
"""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications import roles
from applications.models import Criterion, Departement
from tests.e2e.a11y import Auditor, english_in, log_in, validate_html
from tests.factories import StaffFactory

# live_server needs real transactions; serialized_rollback restores what migrations load (départements, staff groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def ami(transactional_db):
    from applications.management.commands.load_ami import load_ami

    return load_ami()


class Served:
    """The HTML each audited page was served with, checked at the end in one run of the Nu HTML Checker."""

    def __init__(self):
        self.pages: dict[str, str] = {}

    def keep(self, label, response):
        assert response is not None and response.ok, f"{label} answered {response and response.status}"
        self.pages[label] = response.text()

    def assert_valid(self):
        english = {label: found for label, html in self.pages.items() if (found := english_in(html))}
        assert not english, "English in French pages:\n" + "\n".join(f"{k}: {v[:5]}" for k, v in english.items())
        errors = {label: found for label, found in validate_html(self.pages).items() if found}
        if errors:
            report = "\n".join(f"{label}:\n" + "\n".join(f"    {e}" for e in found) for label, found in errors.items())
            pytest.fail(f"Nu HTML Checker errors on {len(errors)} of {len(self.pages)} pages:\n{report}", pytrace=False)


def visit(auditor, served, url, label):
    served.keep(label, auditor.visit(url, label))


def save(page, auditor, served, label):
    """Click « Enregistrer » and audit the page the server answers with."""
    with page.expect_navigation() as navigation:
        page.locator("input[name=_save]").click()
    served.keep(label, navigation.value)
    auditor.check(label)


def field_group(page, label):
    """A field of several inputs, found as a screen reader user would: the group named by its legend."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(label)}"))


def test_call_configuration_screens(page, live_server, ami):
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    log_in(page, administrator, base_url=live_server.url)
    auditor, served = Auditor(page), Served()
    change = reverse("admin:applications_call_change", args=[ami.pk])

    visit(auditor, served, reverse("admin:applications_call_changelist"), "calls")
    visit(auditor, served, reverse("admin:applications_call_changelist") + "?q=égalité", "calls (search)")
    visit(auditor, served, reverse("admin:applications_call_add"), "new call")
    save(page, auditor, served, "new call (errors)")
    expect(page.locator("[data-error-summary]")).to_be_focused()

    visit(auditor, served, change, "call")
    opening = field_group(page, "Date d'ouverture")
    # Django's calendar and clock, opened with the keyboard: each follows its link in the keyboard
    # order (static/js/admin_a11y.js moves them there from the end of the page).
    for name, label in (("Choisir une date", "call, calendar open"), ("Choisir une heure", "call, clock open")):
        opening.get_by_role("link", name=name).focus()
        page.keyboard.press("Enter")
        popup = page.locator(".calendarbox:visible, .clockbox:visible")
        expect(popup).to_have_count(1)
        page.keyboard.press("Tab")
        expect(popup.locator("a").first).to_be_focused()
        page.mouse.move(0, 0)  # nothing hovered: the audit sees the pop-up as the keyboard left it
        auditor.check(label)
        page.keyboard.press("Escape")
        expect(popup).to_have_count(0)
    closing = field_group(page, "Date de clôture")
    # Each input of the date and time has a label of its own, inside the field's group.
    opening.get_by_label("Date (obligatoire)").fill("15/04/2027")
    opening.get_by_label("Heure (obligatoire)").fill("09:00")
    closing.get_by_label("Date (obligatoire)").fill("14/04/2027")
    closing.get_by_label("Heure (obligatoire)").fill("12:00")
    page.locator("#id_criteria-0-weight").fill("0")
    save(page, auditor, served, "call (errors)")

    # The errors are in French, next to their fields, and the summary that has the focus links to them.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(field_group(page, "Date de clôture")).to_contain_text(
        "La date de clôture doit être postérieure à la date d'ouverture."
    )
    error_described = re.compile("La date de clôture doit être postérieure")
    for part in ("Date (obligatoire)", "Heure (obligatoire)"):
        expect(field_group(page, "Date de clôture").get_by_label(part)).to_have_accessible_description(error_described)
    weight_row = page.locator(".form-row.field-weight", has=page.locator("#id_criteria-0-weight"))
    expect(weight_row).to_contain_text("La pondération d'un critère doit être supérieure à zéro.")
    expect(summary.locator('a[href="#id_closes_at"]')).to_contain_text("Date de clôture")
    expect(summary.locator('a[href="#id_criteria-0-weight"]')).to_contain_text("Critère n° 1 — Pondération")
    assert Criterion.objects.filter(weight=0).count() == 0

    # Corrected, the call is saved through the same widgets, in Paris time.
    closing = field_group(page, "Date de clôture")
    closing.get_by_label("Date (obligatoire)").fill("16/04/2027")
    page.locator("#id_criteria-0-weight").fill("2")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    ami.refresh_from_db()
    paris = timezone.get_default_timezone()
    assert ami.opens_at == datetime(2027, 4, 15, 9, 0, tzinfo=paris)
    assert ami.closes_at == datetime(2027, 4, 16, 12, 0, tzinfo=paris)

    departement = Departement.objects.get(code="2A")
    visit(auditor, served, reverse("admin:applications_departement_changelist"), "départements")
    visit(auditor, served, reverse("admin:applications_departement_change", args=[departement.pk]), "département")

    # A reviewer may see the configuration of a call, not change it.
    page.context.clear_cookies()
    log_in(page, StaffFactory(role=roles.REVIEWER), base_url=live_server.url)
    visit(auditor, served, change, "call (read-only, reviewer)")
    expect(page.locator("input[name=_save]")).to_have_count(0)

    auditor.finish()
    served.assert_valid()
