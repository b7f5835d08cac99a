"""Signing in with ProConnect in Chromium, through the provider's own page (a real OpenID Connect
provider on loopback, tests/proconnect_provider.py), and logging out of both."""

import pytest
from django.contrib.auth.models import Group

from applications import roles
from applications.models import User
from tests.proconnect_provider import configure, running_provider

# live_server needs real transactions; serialized_rollback restores what migrations load (groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "mot-de-passe-solide-2024"


@pytest.fixture
def proconnect(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with running_provider() as provider:
        configure(settings, provider)
        yield provider


def authorize_at_the_provider(page, sub):
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_an_agent_signs_in_with_a_strong_proconnect_authentication_and_logs_out_of_both(
    page, live_server, proconnect, settings
):
    settings.AMI_REQUIRE_STAFF_OTP = True
    agent = User.objects.create_user(email="agente@culture.gouv.fr", password=PASSWORD, is_staff=True)
    agent.first_name, agent.last_name = "Claire", "Petit"
    agent.save()
    agent.groups.add(Group.objects.get(name=roles.GROUP_REVIEWERS))
    proconnect.set_user(
        "agente", email="agente@culture.gouv.fr", acr="eidas2", amr=["pwd", "mfa"], siret="11004601800013"
    )

    page.goto("/compte/connexion/?next=/gestion/")
    page.get_by_role("link", name="Qu’est-ce que ProConnect ?").wait_for()
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    page.wait_for_load_state()
    assert page.url.startswith(proconnect.url + "/oauth2/authorize?")
    authorize_at_the_provider(page, "agente")

    # Back on the portal, in the staff area, without being asked for a code: ProConnect's strong
    # authentication stands for the second factor.
    assert page.url == live_server.url + "/gestion/"
    assert "double-authentification" not in page.url
    agent.refresh_from_db()
    assert list(agent.groups.values_list("name", flat=True)) == [roles.GROUP_REVIEWERS]

    # The admin's logout goes to the provider, which comes back to the portal.
    page.locator("#logout-form button").click()
    page.wait_for_load_state()
    assert page.url.startswith(proconnect.url + "/oauth2/end_session?")
    page.get_by_role("button", name="End session").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/"
    page.get_by_text("Vous êtes déconnecté du portail et de ProConnect.").wait_for()


def test_a_new_person_signs_in_and_a_refusal_is_explained(page, live_server, proconnect):
    proconnect.set_user("nouvelle", email="nouvelle@asso.example.org", usual_name="Martin", siret="73282932000074")
    page.goto("/compte/connexion/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    authorize_at_the_provider(page, "nouvelle")
    assert page.url == live_server.url + "/mes-dossiers/" or "/compte/organisme/nouveau/" in page.url
    person = User.objects.get(email="nouvelle@asso.example.org")
    assert not person.is_staff and not person.groups.exists()

    # Another person whose address the provider did not verify is refused, in French, on the login page.
    page.context.clear_cookies()
    proconnect.set_user("douteuse", email="douteuse@asso.example.org", email_verified=False)
    page.goto("/compte/connexion/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    authorize_at_the_provider(page, "douteuse")
    assert page.url == live_server.url + "/compte/connexion/"
    page.get_by_text("n'a pas été vérifiée").wait_for()
    assert not User.objects.filter(email="douteuse@asso.example.org").exists()


def test_the_login_page_with_the_proconnect_button_is_accessible_and_valid(page, live_server, proconnect):
    from tests.e2e.a11y import assert_accessible, validate_html

    page.goto("/compte/connexion/")
    assert_accessible(page, label="login with ProConnect")
    button = page.get_by_role("button", name="S’identifier avec ProConnect")
    button.focus()
    assert button.evaluate("element => element === document.activeElement")
    assert validate_html({"login with ProConnect": page.content()}) == {"login with ProConnect": []}


def test_the_admin_login_page_with_the_proconnect_button_by_keyboard(page, live_server, proconnect, settings):
    """The staff area's login page: audited (axe at both widths, RGAA form rules, Nu HTML Checker),
    then an agent reaches the button from the focused email field with Shift+Tab, every stop
    visibly focused, signs in with Enter
    through a strong authentication and lands in the staff area without being asked for a code."""
    from tests.e2e.a11y import Auditor, validate_html
    from tests.e2e.test_keyboard_journey import KeyboardUser

    settings.AMI_REQUIRE_STAFF_OTP = True
    agent = User.objects.create_user(email="instructeur@interieur.gouv.fr", password=PASSWORD, is_staff=True)
    agent.groups.add(Group.objects.get(name=roles.GROUP_REVIEWERS))
    proconnect.set_user("instructeur", email=agent.email, acr="eidas1", amr=["pwd", "mfa"], siret="11000201100044")

    auditor = Auditor(page)
    auditor.visit("/gestion/login/?next=/gestion/", "admin login with ProConnect")
    auditor.finish()
    assert validate_html({"admin login": page.content()}) == {"admin login": []}
    page.get_by_role("heading", level=1, name="Se connecter").wait_for()

    page.goto("/gestion/login/?next=/gestion/")
    keyboard = KeyboardUser(page)
    assert keyboard.autofocused("#id_username")["matches"]  # Django's form focuses its first field itself
    # The button is above the form: Shift+Tab reaches it, through the « What is ProConnect? » link.
    keyboard.shift_tab_to("button.fr-connect", limit=4)
    keyboard.press("Enter")
    page.wait_for_url(proconnect.url + "/oauth2/authorize?**")
    authorize_at_the_provider(page, "instructeur")
    page.wait_for_url(live_server.url + "/gestion/")
    page.get_by_role("link", name="Déconnexion").or_(page.locator("#logout-form button")).first.wait_for()
