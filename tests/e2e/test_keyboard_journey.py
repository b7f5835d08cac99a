"""A carrier who uses only a keyboard applies: logs in, starts a dossier, fills the eight steps,
uploads the documents and submits, with Tab, Shift+Tab, Enter, Space, arrow keys and typing.

At every key press the focused element must show a visible focus indicator (a computed outline or
box shadow, on the element or, for the DSFR's visually hidden checkboxes and radios, on the box
its label draws) and Tab must move forward in the document (no positive tabindex, no focus
jumping back), which is what « in a logical order » means for a page whose visual order is its
source order.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.demo_stages import tiny_pdf
from applications.models import Application
from tests.factories import CarrierFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "mot-de-passe-solide-2024"

_FOCUS_JS = """(selector) => {
    const el = document.activeElement;
    if (!el || el === document.body) return {tag: 'body', visible: false, follows: false, matches: false, text: ''};
    // Where the indicator is drawn: DSFR checkboxes and radios are transparent, their label draws the box.
    let style = getComputedStyle(el);
    if ((el.type === 'checkbox' || el.type === 'radio') && parseFloat(style.opacity) === 0 && el.labels && el.labels[0]) {
        style = getComputedStyle(el.labels[0], '::before');
    }
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1
        && style.outlineColor !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(style.outlineColor);
    const box = el.getBoundingClientRect();
    const previous = window.__amiPreviousFocus;
    // Tab may also move between the parts of one control (day, month, year of a date input).
    const same = previous === el;
    const follows = same || !previous || !document.contains(previous)
        || Boolean(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    const precedes = same || !previous || !document.contains(previous)
        || Boolean(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
    window.__amiPreviousFocus = el;
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
        text: (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 60),
        visible: outline || style.boxShadow !== 'none',
        onscreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
        positiveTabindex: el.tabIndex > 0,
        follows, precedes,
        matches: Boolean(selector) && el.matches(selector),
        checked: el.checked === true, value: el.value === undefined ? null : el.value,
    };
}"""


class KeyboardUser:
    """Drives the page with the keyboard only, checking the focus at every stop."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def _focus(self, selector=None) -> dict:
        return self.page.evaluate(_FOCUS_JS, selector)

    def autofocused(self, selector: str) -> dict:
        """The focus the page gives itself on load (``autofocus``). The browser runs autofocus at a
        rendering step after the ``load`` event, so this waits for it (5 s at most) before reading
        the focus: on a busy machine, reading at once found the body focused."""
        self.page.wait_for_function(
            "selector => document.activeElement && document.activeElement.matches(selector)", arg=selector, timeout=5000
        )
        return self._focus(selector)

    def _check(self, focus: dict, *, backwards: bool = False):
        where = f"{focus['tag']}#{focus['id'] or focus['name']} « {focus['text']} » on {self.page.url}"
        assert focus["tag"] != "body", f"the focus was lost on {self.page.url}"
        assert focus["visible"], f"no visible focus indicator on {where}"
        assert focus["onscreen"], f"the focused element is not on screen: {where}"
        assert not focus["positiveTabindex"], f"positive tabindex breaks the order: {where}"
        assert focus["precedes"] if backwards else focus["follows"], (
            f"the focus jumped against the reading order to {where}"
        )

    def press(self, key: str):
        self.page.keyboard.press(key)
        self.stops += 1

    def tab_to(self, selector: str, *, limit: int = 250) -> dict:
        """Press Tab until ``selector`` has the focus, checking every element the focus lands on."""
        for _ in range(limit):
            self.press("Tab")
            focus = self._focus(selector)
            self._check(focus)
            if focus["matches"]:
                return focus
        raise AssertionError(f"{selector} was not reached with {limit} Tab presses on {self.page.url}")

    def shift_tab_to(self, selector: str, *, limit: int = 250) -> dict:
        for _ in range(limit):
            self.press("Shift+Tab")
            focus = self._focus(selector)
            self._check(focus, backwards=True)
            if focus["matches"]:
                return focus
        raise AssertionError(f"{selector} was not reached with {limit} Shift+Tab presses on {self.page.url}")

    def type_into(self, selector: str, text: str):
        focus = self.tab_to(selector)
        if focus["value"]:
            self.press("Control+A")  # replace what is there, as a user would
        self.page.keyboard.type(text)
        assert self.page.input_value(selector) == text, f"{selector} holds {self.page.input_value(selector)!r}"

    def tick(self, selector: str):
        """Tab to a checkbox and tick it with Space (once: it may already be ticked)."""
        if not self.tab_to(selector)["checked"]:
            self.press("Space")
        assert self.page.is_checked(selector), f"Space did not tick {selector}"

    def choose(self, selector: str, value: str, *, limit: int = 40):
        """Tab to a select and move through its options with the arrow keys until ``value`` is chosen."""
        self.tab_to(selector)
        for _ in range(limit):
            if self.page.input_value(selector) == value:
                return
            self.press("ArrowDown")
        raise AssertionError(f"option {value!r} of {selector} not reached with the arrow keys")

    def activate(self, selector: str, key: str = "Enter"):
        """Tab to a link or a button and press Enter (or Space) on it, then wait for the next page."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.press(key)

    def skip_to_content(self):
        """The first Tab reaches the skip links; « Contenu » takes the focus to the page's content.

        When the address already points into the page (a redirect keeps the fragment of the form's
        page, e.g. ``#contenu``), the browser starts from there: Tab goes on inside the content.
        """
        if "#" in self.page.url:
            return
        self.press("Tab")
        focus = self._focus("a[href='#contenu']")
        assert focus["matches"], f"the first Tab lands on {focus}, not on the skip link to the content"
        self._check(focus)
        self.press("Enter")
        assert self.page.evaluate("document.activeElement.id") == "contenu"
        self.page.evaluate("window.__amiPreviousFocus = document.activeElement")


def future_day(years_ahead: int, day_and_month: int) -> tuple[str, str]:
    """A date whose day and month are equal, so that typing it works in dd/mm and mm/dd locales alike."""
    year = timezone.localdate().year + years_ahead
    dd = f"{day_and_month:02d}"
    return f"{dd}{dd}{year}", f"{year}-{dd}-{dd}"


STEP_TEXTS = {
    "projet": {
        "#id_title": "Ambassadrices en Seine",
        "#id_summary": "Former douze ambassadrices et animer des ateliers sur les cinq thèmes pour les signataires du CIR.",
    },
    "support-pedagogique": {
        "#id_toolkit_content": "Un livret, des fiches par thème, un quiz et un guide d'animation.",
        "#id_toolkit_formats": "Imprimé et PDF accessible.",
        "#id_toolkit_languages": "français, arabe, anglais",
        "#id_toolkit_accessibility": "Langage clair, pictogrammes, PDF balisés.",
        "#id_toolkit_licence": "Licence ouverte Etalab 2.0",
        "#id_toolkit_ambassadrices_involvement": "Les ambassadrices relisent et testent chaque fiche.",
    },
    "ambassadrices": {
        "#id_ambassadrices_per_departement": "2",
        "#id_recruitment_channels": "Réseau associatif et centres sociaux.",
        "#id_eligibility_checks": "Titre de séjour de plus de cinq ans, entretien en français.",
        "#id_training_hours": "40",
        "#id_training_content": "Droits des femmes, animation de groupe, orientation.",
        "#id_compensation": "Vacations de 25 euros bruts de l'heure.",
        "#id_employment_support": "Attestation de formation et bilan de compétences.",
    },
}


def test_a_carrier_applies_with_the_keyboard_only(page, live_server, ami_call):
    carrier = CarrierFactory(email="clavier@asso.example.org")
    you = KeyboardUser(page)

    # Log in.
    page.goto(reverse("login"))
    focus = you.autofocused("#id_username")  # the login form puts the focus on its first field itself
    assert focus["matches"], focus
    you._check(focus)
    page.keyboard.type(carrier.email)
    you.type_into("#id_password", PASSWORD)
    you.activate("main button[type=submit]")
    assert page.url.endswith(reverse("applications:my_applications")), page.url

    # From the call's page, start a dossier.
    page.goto(reverse("call_detail", kwargs={"slug": ami_call.slug}))
    you.skip_to_content()
    you.activate(f"main a[href='{reverse('applications:start', kwargs={'slug': ami_call.slug})}']")
    you.skip_to_content()
    you.activate("main form button[type=submit]")
    application = Application.objects.get(organisation=carrier.organisation)

    # 1. Organisation: shown from the profile; the carrier confirms it.
    assert "/etapes/organisme/" in page.url
    you.skip_to_content()
    you.tick("#id_republican_commitment")
    you.tick("#id_confirmed")
    you.activate("main button[value=continue]")

    # 2. The project: texts, every theme, five départements, partners.
    assert "/etapes/projet/" in page.url, page.url
    you.skip_to_content()
    for selector, text in STEP_TEXTS["projet"].items():
        you.type_into(selector, text)
    for number in range(ami_call.themes.count()):
        you.tick(f"#id_themes_{number}")
    for code in ["13", "33", "59", "69", "75"]:
        you.tick(f"input[name=departements][value='{ami_call.departements.model.objects.get(code=code).pk}']")
    you.type_into("#id_partners", "OFII, France Travail, centres sociaux.")
    # Shift+Tab goes back through what was filled, in reverse order.
    you.shift_tab_to("#id_summary")
    you.activate("main button[value=continue]")

    # 3. and 4.: texts and numbers.
    for slug in ["support-pedagogique", "ambassadrices"]:
        assert f"/etapes/{slug}/" in page.url, page.url
        you.skip_to_content()
        for selector, text in STEP_TEXTS[slug].items():
            you.type_into(selector, text)
        you.activate("main button[value=continue]")

    # 5. Workshops, with two dates typed segment by segment.
    assert "/etapes/ateliers/" in page.url, page.url
    you.skip_to_content()
    you.type_into("#id_workshops_per_theme_per_departement", "2")
    you.type_into("#id_expected_participants", "600")
    you.type_into("#id_referral_partners", "OFII et structures d'hébergement.")
    you.type_into("#id_workshop_formats", "Ateliers de deux heures, groupes de douze.")
    for selector, (typed, iso) in {"#id_start_date": future_day(1, 2), "#id_end_date": future_day(2, 1)}.items():
        you.tab_to(selector)
        page.keyboard.type(typed)
        assert page.input_value(selector) == iso
    you.type_into("#id_milestones", "Recrutement, formation, mallette, ateliers.")
    you.type_into("#id_evaluation_indicators", "Ateliers tenus, participants, questionnaires.")
    you.activate("main button[value=continue]")

    # 6. Budget: two lines (categories chosen with the arrow keys) and the amount requested.
    assert "/etapes/budget/" in page.url, page.url
    you.skip_to_content()
    you.choose("#id_budget-0-category", "personnel")
    you.type_into("#id_budget-0-label", "Coordination")
    you.type_into("#id_budget-0-amount", "30000")
    you.choose("#id_budget-1-category", "ambassadrices")
    you.type_into("#id_budget-1-label", "Vacations des ambassadrices")
    you.type_into("#id_budget-1-amount", "15000")
    you.type_into("#id_requested_amount", "45000")
    you.activate("main button[value=continue]")

    # 7. Documents: each file input opens the file chooser from the keyboard.
    assert "/etapes/pieces/" in page.url, page.url
    mandatory = list(ami_call.required_documents.filter(mandatory=True).order_by("position"))
    assert mandatory
    # Playwright stands in for the system's file dialog. A standing listener turns its interception on
    # once, before any key is pressed (turning it on per dialog races with the key press).
    page.on("filechooser", lambda chooser: None)
    page.wait_for_timeout(100)
    you.skip_to_content()
    for document in mandatory:
        # After an upload the page opens at the document's section (#document-N): Tab goes on from there.
        you.tab_to(f"#document-{document.pk} input[type=file]")
        with page.expect_file_chooser() as chooser:
            you.press("Space")
        chooser.value.set_files(
            files=[{"name": "piece.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(document.label[:30])}]
        )
        you.activate(f"#document-{document.pk} button[type=submit]")
    assert application.attachments.filter(superseded_at__isnull=True).count() == len(mandatory)
    you.activate("main a[href$='/etapes/recapitulatif/'].fr-btn, main .fr-btns-group a[href$='/recapitulatif/']")

    # 8. Summary: everything is complete; the carrier certifies with Space and submits with Enter.
    assert "/etapes/recapitulatif/" in page.url, page.url
    you.skip_to_content()
    you.tick("#id_sworn_statement")
    you.activate("#depot button[type=submit]")

    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED, application.state
    assert application.reference
    assert page.url.endswith(application.get_absolute_url())
    assert application.reference in page.locator("main").inner_text()
    assert you.stops > 100  # the journey really went through the pages key by key
