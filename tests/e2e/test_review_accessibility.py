"""axe-core and the RGAA form rules on the review screens of the admin, empty and in error."""

import pytest
from django.urls import reverse

from applications import roles
from applications.models import Application
from tests.e2e.a11y import Auditor, log_in
from tests.factories import StaffFactory
from tests.review.review_support import assign, dossier, submitted_review

# live_server needs real transactions; serialized_rollback restores what migrations load (staff groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
S = Application.State


@pytest.fixture
def ami(transactional_db):
    from applications.management.commands.load_ami import load_ami

    return load_ami()


def test_review_screens(page, live_server, ami):
    me = StaffFactory(role=roles.REVIEWER)
    colleague = StaffFactory(role=roles.REVIEWER)
    checking = dossier(ami, state=S.UNDER_REVIEW)
    scoring = dossier(ami, state=S.ADMISSIBLE)
    for application in (checking, scoring):
        assign(application, me)
        assign(application, colleague)
    submitted_review(scoring, colleague, [7, 6, 8, 5, 6, 7, 4])

    auditor = Auditor(page)
    log_in(page, me, base_url=live_server.url)
    auditor.visit(reverse("admin:applications_application_changelist"), "dossier list (reviewer)")
    auditor.visit(reverse("admin:applications_application_change", args=[checking.pk]), "dossier page (reviewer)")

    auditor.visit(reverse("admin:applications_application_admissibility", args=[checking.pk]), "admissibility form")
    page.get_by_label("Recevable", exact=True).check()
    page.get_by_role("button", name="Enregistrer la recevabilité").click()
    page.wait_for_load_state()
    auditor.check("admissibility form in error")

    auditor.visit(reverse("admin:applications_application_review", args=[scoring.pk]), "review form")
    page.locator("input.ami-points").first.fill("12")
    page.get_by_role("button", name="Soumettre l'évaluation (elle sera verrouillée)").click()
    page.wait_for_load_state()
    auditor.check("review form in error")

    auditor.visit(reverse("admin:applications_application_information", args=[checking.pk]), "information request")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_load_state()
    auditor.check("information request in error")

    auditor.visit(reverse("admin:applications_application_conflict", args=[checking.pk]), "conflict declaration")
    page.get_by_role("button", name="Déclarer le conflit d'intérêts").click()
    page.wait_for_load_state()
    auditor.check("conflict declaration in error")

    member = StaffFactory(role=roles.COMMITTEE)
    page.context.clear_cookies()
    log_in(page, member, base_url=live_server.url)
    auditor.visit(reverse("admin:applications_application_change", args=[scoring.pk]), "dossier page (committee)")
    auditor.visit(reverse("admin:review_rankingcall_change", args=[ami.pk]), "ranking")
    auditor.visit(reverse("admin:review_rankingcall_change", args=[ami.pk]) + "?base=calibrated", "calibrated ranking")
    auditor.visit(reverse("admin:applications_application_auto_assign"), "automatic assignment")
    auditor.visit(reverse("admin:applications_application_assign") + f"?ids={checking.pk}", "manual assignment")
    auditor.finish()
