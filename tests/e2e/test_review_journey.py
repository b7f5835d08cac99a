"""The reviewer's and the committee's journey in the admin, in Chromium, with the keyboard where it
matters: a reviewer sees only their dossiers, checks admissibility, scores the grid with
justifications while the weighted total follows, submits; the committee reads the calibrated
ranking and chooses it."""

import pytest

from applications import roles
from applications.models import Application
from review.models import Review
from tests.factories import StaffFactory
from tests.review.review_support import assign, dossier, submitted_review

# live_server needs real transactions; serialized_rollback restores what migrations load (staff groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "mot-de-passe-solide-2024"  # tests.factories.UserFactory
S = Application.State


@pytest.fixture
def ami(transactional_db):
    from applications.management.commands.load_ami import load_ami

    return load_ami()


def admin_log_in(page, user):
    page.goto("/gestion/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_reviewer_checks_and_scores_then_the_committee_ranks(page, browser, live_server, ami):
    me = StaffFactory(role=roles.REVIEWER, first_name="Inès", last_name="Martin")
    colleague = StaffFactory(role=roles.REVIEWER)
    mine = dossier(ami, state=S.UNDER_REVIEW)
    scored_by_colleague = dossier(ami, state=S.ADMISSIBLE)
    not_mine = dossier(ami, state=S.UNDER_REVIEW)
    assign(mine, me)
    assign(not_mine, colleague)
    assign(scored_by_colleague, colleague)
    submitted_review(scored_by_colleague, colleague, [6, 6, 6, 6, 6, 6, 6])

    admin_log_in(page, me)
    page.goto("/gestion/applications/application/")
    body = page.locator("#content").inner_text()
    assert mine.reference in body and not_mine.reference not in body

    # Admissibility, item by item.
    page.get_by_role("link", name=mine.reference).click()
    page.get_by_role("link", name="Vérifier la recevabilité").click()
    for fieldset in page.locator("fieldset.ami-item").all():
        fieldset.get_by_label("Oui").check()
    page.get_by_label("Recevable", exact=True).check()
    page.get_by_role("button", name="Enregistrer la recevabilité").click()
    assert "le dossier est désormais « Recevable »" in page.locator(".messagelist").inner_text()

    # Scoring: the weighted total follows what is typed.
    page.get_by_role("link", name="Évaluer ce dossier").click()
    points = page.locator("input.ami-points")
    assert points.count() == 7
    points.nth(0).focus()
    page.keyboard.type("10")
    assert page.locator("[data-total-value]").inner_text() == "100,0"
    justifications = page.get_by_label("Justification")
    for index in range(7):
        points.nth(index).fill(str(8 if index else 10))
        justifications.nth(index).fill("Réponse précise et argumentée.")
    assert page.locator("[data-total-count]").inner_text() == "7"
    page.get_by_label("Favorable", exact=True).check()
    page.get_by_label("Commentaire général").fill("Projet solide, bien ancré dans les territoires.")
    page.get_by_role("button", name="Soumettre l'évaluation (elle sera verrouillée)").click()
    assert "Votre évaluation est soumise" in page.locator(".messagelist").inner_text()
    review = Review.objects.get(application=mine, reviewer=me)
    assert review.state == Review.State.SUBMITTED and float(review.score) > 80

    # The committee's ranking, raw then calibrated.
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url)
    committee_page = context.new_page()
    member = StaffFactory(role=roles.COMMITTEE)
    admin_log_in(committee_page, member)
    committee_page.goto("/gestion/review/rankingcall/")
    committee_page.get_by_role("link", name="Ouvrir le classement").click()
    table = committee_page.locator("table.ami-ranking-table").inner_text()
    assert table.index(mine.reference) < table.index(scored_by_colleague.reference)
    committee_page.get_by_role("link", name="Notes calibrées").click()
    committee_page.get_by_role("button", name="Classer avec les notes calibrées").click()
    assert "notes calibrées" in committee_page.locator(".messagelist").inner_text()
    ami.refresh_from_db()
    assert ami.ranking_basis == "calibrated"
    context.close()
