"""The permission matrix: every review page and action × every role.

Staff who may not see an object get a 404 (never a 403), in the admin and in file downloads;
people who are not staff are sent to the login page by the admin. Reviews are independent: a
reviewer reads the other reviews of a dossier only after submitting their own.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.demo_stages import tiny_pdf
from applications.models import Application, Attachment
from review.models import ConflictOfInterest
from tests.factories import CarrierFactory

from .review_support import (
    administrator,
    assign,
    call_with_grid,
    committee,
    dossier,
    official,
    reviewer,
    submitted_review,
)

S = Application.State
ROLES = [
    "anonymous",
    "carrier",
    "unassigned",
    "assigned",
    "conflicted",
    "committee",
    "official",
    "administrator",
]


@dataclass
class World:
    people: dict
    admissible: Application
    under_review: Application
    other_review: object
    attachment: Attachment


@pytest.fixture
def world(db):
    call = call_with_grid()
    admissible = dossier(call, state=S.ADMISSIBLE)
    under_review = dossier(call, state=S.UNDER_REVIEW)
    assigned, colleague, conflicted = reviewer(), reviewer(), reviewer()
    for application in (admissible, under_review):
        assign(application, assigned)
        assign(application, conflicted)
    other_review = submitted_review(admissible, colleague, [7, 7, 3])
    for application in (admissible, under_review):
        ConflictOfInterest.objects.create(
            reviewer=conflicted, organisation=application.organisation, kind="family", explanation="Cousine."
        )
    attachment = Attachment.objects.create(
        application=admissible,
        file=ContentFile(tiny_pdf("Statuts"), name="statuts.pdf"),
        original_name="Statuts signés.pdf",
        kind="pdf",
        size=100,
        sha256="0" * 64,
    )
    people = {
        "anonymous": None,
        "carrier": CarrierFactory(organisation=admissible.organisation),
        "unassigned": reviewer(),
        "assigned": assigned,
        "conflicted": conflicted,
        "committee": committee(),
        "official": official(),
        "administrator": administrator(),
    }
    return World(people, admissible, under_review, other_review, attachment)


def status_for(client, world, role, method, url, data=None):
    client.logout()
    if world.people[role] is not None:
        client.force_login(world.people[role])
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


LOGIN = 302  # the admin sends people who are not staff to its login page

PAGES = {
    # name: (method, url builder, {role: expected status})
    "dossier list": (
        "get",
        lambda w: reverse("admin:applications_application_changelist"),
        {
            "unassigned": 200,
            "assigned": 200,
            "conflicted": 200,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "dossier page": (
        "get",
        lambda w: reverse("admin:applications_application_change", args=[w.admissible.pk]),
        {
            "unassigned": 404,
            "assigned": 200,
            "conflicted": 404,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "dossier history": (
        "get",
        lambda w: reverse("admin:applications_application_history", args=[w.admissible.pk]),
        {
            "unassigned": 404,
            "assigned": 200,
            "conflicted": 404,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "dossier delete": (
        "get",
        lambda w: reverse("admin:applications_application_delete", args=[w.admissible.pk]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 404,
            "official": 404,
            "administrator": 404,
        },
    ),
    "admissibility form": (
        "get",
        lambda w: reverse("admin:applications_application_admissibility", args=[w.under_review.pk]),
        {
            "unassigned": 404,
            "assigned": 200,
            "conflicted": 404,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "reopen admissibility": (
        "get",
        lambda w: reverse("admin:applications_application_reopen_admissibility", args=[w.admissible.pk]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "review form": (
        "get",
        lambda w: reverse("admin:applications_application_review", args=[w.admissible.pk]),
        {
            "unassigned": 404,
            "assigned": 200,
            "conflicted": 404,
            "committee": 404,
            "official": 404,
            "administrator": 404,
        },
    ),
    "information request": (
        "get",
        lambda w: reverse("admin:applications_application_information", args=[w.under_review.pk]),
        {
            "unassigned": 404,
            "assigned": 200,
            "conflicted": 404,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "declare conflict from the dossier": (
        "get",
        lambda w: reverse("admin:applications_application_conflict", args=[w.admissible.pk]),
        {
            "unassigned": 404,
            "assigned": 200,
            "conflicted": 404,
            "committee": 404,
            "official": 404,
            "administrator": 404,
        },
    ),
    "assign reviewers": (
        "get",
        lambda w: reverse("admin:applications_application_assign") + f"?ids={w.admissible.pk}",
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "automatic assignment": (
        "get",
        lambda w: reverse("admin:applications_application_auto_assign"),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "another reviewer's review": (
        "get",
        lambda w: reverse("admin:review_review_change", args=[w.other_review.pk]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "reopen a review": (
        "get",
        lambda w: reverse("admin:review_review_reopen", args=[w.other_review.pk]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 404,
            "administrator": 404,
        },
    ),
    "review list": (
        "get",
        lambda w: reverse("admin:review_review_changelist"),
        {
            "unassigned": 200,
            "assigned": 200,
            "conflicted": 200,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "assignment list": (
        "get",
        lambda w: reverse("admin:review_assignment_changelist"),
        {
            "unassigned": 200,
            "assigned": 200,
            "conflicted": 200,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "conflict list": (
        "get",
        lambda w: reverse("admin:review_conflictofinterest_changelist"),
        {
            "unassigned": 200,
            "assigned": 200,
            "conflicted": 200,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "admissibility checks": (
        "get",
        lambda w: reverse("admin:review_admissibilitycheck_changelist"),
        {
            "unassigned": 200,
            "assigned": 200,
            "conflicted": 200,
            "committee": 200,
            "official": 404,
            "administrator": 200,
        },
    ),
    "ranking list": (
        "get",
        lambda w: reverse("admin:review_rankingcall_changelist"),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "ranking": (
        "get",
        lambda w: reverse("admin:review_rankingcall_change", args=[w.admissible.call_id]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "ranking CSV": (
        "get",
        lambda w: reverse("admin:review_rankingcall_csv", args=[w.admissible.call_id]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 200,
            "official": 200,
            "administrator": 200,
        },
    ),
    "choose the ranking scores": (
        "post",
        lambda w: reverse("admin:review_rankingcall_basis", args=[w.admissible.call_id]),
        {
            "unassigned": 404,
            "assigned": 404,
            "conflicted": 404,
            "committee": 302,
            "official": 404,
            "administrator": 404,
        },
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_permission_matrix(client, world, page):
    method, url_for, expected = PAGES[page]
    url = url_for(world)
    observed = {role: status_for(client, world, role, method, url, {"ranking_basis": "calibrated"}) for role in ROLES}
    wanted = {"anonymous": LOGIN, "carrier": LOGIN, **expected}
    assert observed == wanted


def test_attachment_downloads(client, world):
    url = reverse("review_staff_attachment", args=[world.attachment.public_id])
    observed = {role: status_for(client, world, role, "get", url) for role in ROLES}
    assert observed == {
        "anonymous": 404,
        "carrier": 404,  # carriers download through their own pages, not the staff's
        "unassigned": 404,
        "assigned": 200,
        "conflicted": 404,
        "committee": 200,
        "official": 200,
        "administrator": 200,
    }
    client.force_login(world.people["assigned"])
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_dossier_lists_show_only_what_each_person_may_see(client, world):
    url = reverse("admin:applications_application_changelist")
    shown = {}
    for role in ("unassigned", "assigned", "conflicted", "committee", "official"):
        client.force_login(world.people[role])
        page = client.get(url).content.decode()
        shown[role] = {
            name
            for name, application in (("admissible", world.admissible), ("under review", world.under_review))
            if application.reference in page
        }
    assert shown == {
        "unassigned": set(),
        "assigned": {"admissible", "under review"},
        "conflicted": set(),
        "committee": {"admissible", "under review"},
        "official": {"admissible", "under review"},
    }


def test_independent_review_before_and_after_ones_own_submission(client, world):
    me = world.people["assigned"]
    client.force_login(me)
    other = reverse("admin:review_review_change", args=[world.other_review.pk])
    dossier_page = reverse("admin:applications_application_change", args=[world.admissible.pk])
    reviews_list = reverse("admin:review_review_changelist")

    assert client.get(other).status_code == 404
    page = client.get(dossier_page).content.decode()
    assert "deviennent visibles une fois la vôtre soumise" in page
    assert str(world.other_review.reviewer.email) not in page
    assert world.admissible.reference not in client.get(reviews_list).content.decode()

    submitted_review(world.admissible, me, [5, 5, 2])

    assert client.get(other).status_code == 200
    page = client.get(dossier_page).content.decode()
    assert str(world.other_review.reviewer.email) in page
    assert "Moyenne des évaluations soumises" in page


def test_a_reviewer_never_sees_a_colleagues_draft(client, world):
    me = world.people["assigned"]
    colleague = reviewer()
    assign(world.admissible, colleague)
    from review import scoring

    draft = scoring.start_review(application=world.admissible, reviewer=colleague)
    submitted_review(world.admissible, me, [5, 5, 2])
    client.force_login(me)
    assert client.get(reverse("admin:review_review_change", args=[draft.pk])).status_code == 404


def test_the_audit_log_on_the_dossier_is_read_only_and_for_the_committee(client, world):
    page_url = reverse("admin:applications_application_change", args=[world.admissible.pk])
    client.force_login(world.people["committee"])
    page = client.get(page_url).content.decode()
    assert "Journal des opérations de ce dossier" in page
    assert "Évaluation soumise" in page  # the colleague's submission
    client.force_login(world.people["assigned"])
    assert "Journal des opérations de ce dossier" not in client.get(page_url).content.decode()
