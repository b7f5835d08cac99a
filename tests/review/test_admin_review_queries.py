"""Every review changelist costs the same number of queries with one row and with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from review.models import ConflictOfInterest
from tests.factories import AdmissibilityCheckFactory

from .review_support import administrator, call_with_grid, committee, dossier, reviewer, submitted_review

S = Application.State
pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:applications_application_changelist",
    "admin:review_review_changelist",
    "admin:review_assignment_changelist",
    "admin:review_conflictofinterest_changelist",
    "admin:review_admissibilitycheck_changelist",
    "admin:review_rankingcall_changelist",
]


def add_rows(call, team, count):
    for index in range(count):
        application = dossier(call, state=S.ADMISSIBLE)
        AdmissibilityCheckFactory(application=application, checked_by=team[0])
        for person in team:
            submitted_review(application, person, [index % 11, 5, 3])
        ConflictOfInterest.objects.create(
            reviewer=reviewer(), organisation=application.organisation, kind="other", explanation="Lien."
        )


def queries(client, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(25) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", CHANGELISTS)
@pytest.mark.parametrize("who", ["committee", "reviewer", "administrator"])
def test_changelist_queries_do_not_grow(client, django_assert_max_num_queries, name, who):
    call = call_with_grid()
    team = [reviewer(), reviewer()]
    person = {"committee": committee, "administrator": administrator}.get(who, lambda: team[0])()
    if name == "admin:review_rankingcall_changelist" and who == "reviewer":
        pytest.skip("reviewers have no ranking (404, see the permission matrix)")
    add_rows(call, team, 1)
    client.force_login(person)
    url = reverse(name)
    few = queries(client, django_assert_max_num_queries, url)
    add_rows(call, team, 20)
    many = queries(client, django_assert_max_num_queries, url)
    assert many == few


def test_dossier_page_queries_do_not_grow_with_reviews_and_history(client, django_assert_max_num_queries):
    call = call_with_grid()
    application = dossier(call, state=S.ADMISSIBLE)
    client.force_login(committee())
    url = reverse("admin:applications_application_change", args=[application.pk])
    submitted_review(application, reviewer(), [5, 5, 2])
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        submitted_review(application, reviewer(), [6, 6, 3])
    with django_assert_max_num_queries(40) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("admin:applications_application_changelist", "applications_application"),
        ("admin:review_review_changelist", "review_review"),
    ],
)
@pytest.mark.parametrize("search", ["", "?q=AMI"])
def test_long_lists_count_their_rows_once(client, name, table, search):
    # Without a second « N au total » count, a 10,000-row list costs one COUNT(*) instead of two.
    call = call_with_grid()
    team = [reviewer(), reviewer()]
    add_rows(call, team, 3)
    client.force_login(committee())
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse(name) + search).content.decode()
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len([q for q in counts if f'FROM "{table}"' in q]) == 1
    if search:
        assert "Tout afficher" in page  # the link back to the whole list, without its count
