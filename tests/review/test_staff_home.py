"""The staff home (the admin's index): each role sees its own work, counted right and cheaply."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import roles
from applications.models import Application, Departement, OutgoingEmail
from review import charts, staff_home
from review.models import Decision, GenerationJob, Proposal, Review
from review.selection import Gauge
from tests.factories import (
    AdmissibilityCheckFactory,
    CarrierFactory,
    ConflictOfInterestFactory,
    DecisionFactory,
    InformationRequestFactory,
    MessageFactory,
    ProposalFactory,
    ReviewFactory,
    ThemeFactory,
)

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
pytestmark = pytest.mark.django_db
HOME = "admin:index"


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"(?s)<[^>]+>", " ", html)))


def chart_figures(html: str) -> list[str]:
    return [part.split("</figure>")[0] for part in html.split('<figure class="ami-chart"')[1:]]


def home(client, user):
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return response


# --------------------------------------------------------------------------------------------
# Reviewers
# --------------------------------------------------------------------------------------------
def test_reviewer_sees_only_their_assigned_dossiers_with_state_deadline_and_progress(client):
    call = call_with_grid(review_deadline=date(2024, 6, 1))
    me, colleague = reviewer(), reviewer()
    untouched = dossier(call, state=S.ADMISSIBLE)
    drafted = dossier(call, state=S.ADMISSIBLE)
    done = dossier(call, state=S.ADMISSIBLE)
    not_mine = dossier(call, state=S.ADMISSIBLE)
    conflicted = dossier(call, state=S.ADMISSIBLE)
    for application in (untouched, drafted, done, conflicted):
        assign(application, me)
    assign(not_mine, colleague)
    ConflictOfInterestFactory(reviewer=me, organisation=conflicted.organisation)
    ReviewFactory(application=drafted, reviewer=me, state=Review.State.DRAFT)
    submitted_review(done, me, [5, 5, 3])

    response = home(client, me)
    text = text_of(response)
    html = response.content.decode()

    assert "À évaluer" in text
    assert "1 sur 3 soumises" in text
    assert "1er juin 2024" in text
    assert reverse("admin:applications_application_review", args=[untouched.pk]) in html
    assert reverse("admin:applications_application_review", args=[drafted.pk]) in html
    assert f"Évaluer {untouched.reference}" in text
    assert f"Reprendre l'évaluation de {drafted.reference}" in text
    # Submitted, assigned to someone else, or in conflict: not in the queue.
    for other in (done, not_mine, conflicted):
        assert other.reference not in text, other.reference
    # Not the committee's nor the official's work.
    assert "Comité de sélection" not in text
    assert "Signatures et envois" not in text


def test_a_reviewer_on_the_committee_scores_only_their_assigned_dossiers():
    call = call_with_grid()
    both = reviewer()
    both.groups.add(Group.objects.get(name=roles.GROUP_COMMITTEE))
    mine = dossier(call, state=S.ADMISSIBLE)
    dossier(call, state=S.ADMISSIBLE)  # the committee sees it; it is not theirs to score
    assign(mine, both)
    home = staff_home.home_for(both)
    assert [d.pk for d in home.reviewer.dossiers] == [mine.pk]
    assert home.committee is not None  # and the committee's work beside it


def test_reviewer_queue_counts_every_dossier_but_lists_the_first(client):
    call = call_with_grid()
    me = reviewer()
    for _ in range(staff_home.LIMIT + 2):
        assign(dossier(call, state=S.ADMISSIBLE), me)
    queue = staff_home.reviewer_queue(me)
    assert queue.remaining == staff_home.LIMIT + 2
    assert len(queue.dossiers) == staff_home.LIMIT
    html = home(client, me).content.decode()
    assert reverse("admin:applications_application_changelist") + "?my_review=todo" in html


def test_reviewer_admissibility_messages_and_requests_are_their_own(client):
    call = call_with_grid()
    me, colleague = reviewer(), reviewer()
    to_check = dossier(call, state=S.UNDER_REVIEW)
    elsewhere = dossier(call, state=S.UNDER_REVIEW)
    assign(to_check, me)
    assign(elsewhere, colleague)
    asked = dossier(call, state=S.INFO_REQUESTED)
    assign(asked, me)
    InformationRequestFactory(application=asked)
    InformationRequestFactory(application=elsewhere)
    InformationRequestFactory(application=to_check, answered_at=timezone.now())
    MessageFactory(application=to_check, from_staff=False)
    MessageFactory(application=to_check, from_staff=False)
    MessageFactory(application=elsewhere, from_staff=False)

    queue = staff_home.instruction_queue(me)
    assert [d.pk for d in queue.admissibility.rows] == [to_check.pk]
    assert queue.admissibility.count == 1
    assert [r.application_id for r in queue.information.rows] == [asked.pk]
    assert queue.messages.count == 1 and queue.unread_messages == 2

    text = text_of(home(client, me))
    assert f"Vérifier la recevabilité de {to_check.reference}" in text
    assert elsewhere.reference not in text


def test_carrier_messages_count_until_staff_read_them(client):
    call = call_with_grid()
    application = dossier(call, state=S.UNDER_REVIEW)
    MessageFactory(application=application, from_staff=False, read_at=timezone.now())
    MessageFactory(application=application, from_staff=False)
    MessageFactory(application=application, from_staff=False)
    MessageFactory(application=application, from_staff=True)  # the staff's own messages never count
    member = committee()
    queue = staff_home.instruction_queue(member)
    assert queue.messages.count == 1 and queue.unread_messages == 2
    assert [(d.pk, d.unread_messages) for d in queue.messages.rows] == [(application.pk, 2)]
    html = home(client, member).content.decode()
    assert reverse("admin:applications_application_change", args=[application.pk]) + "#messages" in html
    assert f"Lire les messages de {application.reference}" in text_of(home(client, member))


# --------------------------------------------------------------------------------------------
# The committee
# --------------------------------------------------------------------------------------------
def test_committee_sees_missing_reviews_disagreements_and_the_selection(client):
    call = call_with_grid(disagreement_threshold=Decimal("20"), reviewers_per_application=2)
    first, second = reviewer(), reviewer()
    agreed = dossier(call, state=S.ADMISSIBLE)
    submitted_review(agreed, first, [8, 8, 4])
    submitted_review(agreed, second, [8, 7, 4])
    disputed = dossier(call, state=S.ADMISSIBLE)
    submitted_review(disputed, first, [10, 10, 5])
    submitted_review(disputed, second, [2, 2, 1])
    half = dossier(call, state=S.ADMISSIBLE)
    submitted_review(half, first, [5, 5, 2])
    ProposalFactory(application=agreed, outcome=Proposal.Outcome.SELECTED, awarded_amount=Decimal("30000.00"))
    agreed.themes.add(ThemeFactory(call=call, position=1))
    agreed.departements.add(Departement.objects.get(code="2A"))

    work = staff_home.committee_work(committee())
    assert [d.pk for d in work.missing_reviews.rows] == [half.pk]
    assert work.missing_reviews.count == 1
    assert [d.pk for d in work.disagreements.rows] == [disputed.pk]
    (status,) = [s for s in work.calls if s.call == call]
    assert (status.admissible, status.missing_reviews, status.disagreements) == (3, 1, 1)
    assert status.gauge.awarded == Decimal("30000.00") and status.gauge.selected == 1

    response = home(client, committee())
    html, text = response.content.decode(), text_of(response)
    assert reverse("admin:review_rankingcall_change", args=[call.pk]) in html
    assert reverse("admin:review_selectioncall_change", args=[call.pk]) in html
    assert "1 désaccord entre instructeurs à arbitrer" in text
    assert "30 000,00 € attribués sur 100 000,00 € — 70 000,00 € restants" in text
    # The charts: each an image with a name, a summary, and its figures as a table with headers.
    figures = chart_figures(html)
    assert len(figures) == 4 + 3  # gauge, leniency, themes, départements, one per criterion
    for figure in figures:
        assert 'role="img"' in figure
        for target in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', figure):
            assert all(f'id="{name}"' in figure for name in target.split()), target
        assert "<details" in figure and "<caption>" in figure
        assert 'scope="col"' in figure and 'scope="row"' in figure
    assert "À évaluer" not in text


def test_committee_charts_figures():
    call = call_with_grid(grid=((Decimal("1"), 5),))
    lenient, harsh = reviewer(), reviewer()
    for points in ((5, 2), (4, 1)):
        application = dossier(call, state=S.ADMISSIBLE)
        submitted_review(application, lenient, [points[0]])
        submitted_review(application, harsh, [points[1]])
    (criterion,) = charts.criterion_charts(call)
    assert criterion.table.rows == [("0", ["0"]), ("1", ["1"]), ("2", ["1"]), ("3", ["0"]), ("4", ["1"]), ("5", ["1"])]
    leniency = charts.leniency_chart(call)
    # Means 90 and 30 against a call mean of 60: +30 and −30 points.
    assert [row[1][2] for row in leniency.table.rows] == ["+30,0", "\u221230,0"]
    assert leniency.marks[0]["lenient"] and not leniency.marks[1]["lenient"]


# --------------------------------------------------------------------------------------------
# Officials
# --------------------------------------------------------------------------------------------
def test_official_sees_decisions_to_sign_emails_and_generations(client):
    call = call_with_grid()
    signer = official()
    waiting_signature = dossier(call, state=S.ADMISSIBLE)
    signed = dossier(call, state=S.ADMISSIBLE)
    superseded_only = dossier(call, state=S.ADMISSIBLE)
    on_list = dossier(call, state=S.ADMISSIBLE)
    ProposalFactory(application=waiting_signature, outcome=Proposal.Outcome.REJECTED)
    ProposalFactory(application=signed, outcome=Proposal.Outcome.REJECTED)
    ProposalFactory(application=superseded_only, outcome=Proposal.Outcome.REJECTED)
    ProposalFactory(application=on_list, outcome=Proposal.Outcome.WAITING, waiting_rank=1)
    DecisionFactory(application=signed)
    DecisionFactory(application=superseded_only, status=Decision.Status.SUPERSEDED)
    for status in ("draft", "draft", "failed", "sent"):
        OutgoingEmail.objects.create(
            kind="decision_refusal", application=signed, to="a@example.org", subject="Décision", body="…", status=status
        )
    OutgoingEmail.objects.create(kind="receipt", to="a@example.org", subject="AR", body="…", status="failed")
    GenerationJob.objects.create(call=call, status=GenerationJob.Status.RUNNING, total=4, done=1)

    work = staff_home.official_work(signer)
    assert work.to_sign.count == 2
    assert {p.application_id for p in work.to_sign.rows} == {waiting_signature.pk, superseded_only.pk}
    assert (work.drafts, work.failures) == (2, 1)

    response = home(client, signer)
    html, text = response.content.decode(), text_of(response)
    assert "2 décisions en attente de signature" in text
    assert reverse("admin:review_proposal_changelist") + f"?call__id__exact={call.pk}" in html
    assert reverse("admin:review_decisionemail_changelist") + "?status__exact=draft" in html
    assert reverse("admin:review_generationjob_change", args=[GenerationJob.objects.get().pk]) in html
    assert "1 sur 4 générées" in text
    assert "À évaluer" not in text and "Comité de sélection" not in text


def test_the_app_index_pages_stay_as_django_draws_them(client):
    client.force_login(committee())
    response = client.get(reverse("admin:app_list", kwargs={"app_label": "review"}))
    assert response.status_code == 200
    assert "ami-home" not in response.content.decode()
    assert "Comité de sélection" not in text_of(response)


def test_nobody_outside_the_staff_gets_a_home(client):
    assert client.get(reverse(HOME)).status_code == 302  # to the staff login
    client.force_login(CarrierFactory())
    response = client.get(reverse(HOME))
    assert response.status_code == 302 and "ami-home" not in response.content.decode()
    assert staff_home.home_for(CarrierFactory()).empty


def test_administrators_keep_django_index():
    from django.test import Client

    client = Client()
    text = text_of(home(client, administrator()))
    assert "À évaluer" not in text and "Signatures et envois" not in text
    assert "Actions récentes" in text


# --------------------------------------------------------------------------------------------
# The envelope gauge's words
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("awarded", "expected"),
    [
        ("60000", "60 000,00 € attribués sur 100 000,00 € — 40 000,00 € restants"),
        ("100000", "100 000,00 € attribués sur 100 000,00 € — 0,00 € restants"),
        ("112500.50", "112 500,50 € attribués sur 100 000,00 € — dépassement de 12 500,50 €"),
    ],
)
def test_gauge_text_never_shows_a_negative_remainder(awarded, expected):
    gauge = Gauge(envelope=Decimal("100000"), awarded=Decimal(awarded), cap=2, selected=2)
    text = charts.gauge_text(gauge).replace("\u00a0", " ")
    assert text == expected
    assert "−" not in text and "-" not in text.replace("—", "")
    chart = charts.gauge_chart(gauge, id="g")
    assert chart.extra["over"] is (Decimal(awarded) > Decimal("100000"))
    assert float(chart.extra["excess_width"]) > 0 if chart.extra["over"] else float(chart.extra["excess_width"]) == 0


# --------------------------------------------------------------------------------------------
# Counts are cheap: the same number of queries with 3 and with 30 dossiers (lists cut at LIMIT = 10)
# --------------------------------------------------------------------------------------------
def add_work(call, *, me, colleague, count):
    for index in range(count):
        scored = dossier(call, state=S.ADMISSIBLE)
        AdmissibilityCheckFactory(application=scored, checked_by=me)
        submitted_review(scored, me, [index % 11, 5, 3])
        submitted_review(scored, colleague, [10 - index % 11, 5, 3])
        ProposalFactory(application=scored, outcome=Proposal.Outcome.REJECTED)
        checking = dossier(call, state=S.UNDER_REVIEW)
        assign(checking, me)
        InformationRequestFactory(application=checking)
        MessageFactory(application=checking, from_staff=False)
        todo = dossier(call, state=S.ADMISSIBLE)
        assign(todo, me)
    for status in ("draft", "failed"):
        OutgoingEmail.objects.create(kind="decision_award", to="a@example.org", subject="D", body="…", status=status)
    GenerationJob.objects.create(call=call, total=count, done=0)


@pytest.mark.parametrize("who", ["reviewer", "committee", "official"])
def test_home_queries_do_not_grow_with_the_dossiers(client, django_assert_num_queries, who):
    call = call_with_grid()
    me, colleague = reviewer(), reviewer()
    person = {"reviewer": me, "committee": committee(), "official": official()}[who]
    client.force_login(person)
    url = reverse(HOME)
    add_work(call, me=me, colleague=colleague, count=1)
    assert Application.objects.filter(call=call).count() == 3
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_work(call, me=me, colleague=colleague, count=9)
    assert Application.objects.filter(call=call).count() == 30
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200


def test_ranking_and_selection_screens_draw_their_chart(client):
    call = call_with_grid(budget_envelope=Decimal("50000.00"))
    lenient, harsh = reviewer(), reviewer()
    for points in ((9, 8, 4), (8, 9, 5)):
        application = dossier(call, state=S.ADMISSIBLE, requested_amount=Decimal("45000.00"))
        submitted_review(application, lenient, list(points))
        submitted_review(application, harsh, [p // 2 for p in points])
    client.force_login(committee())
    ranking = client.get(reverse("admin:review_rankingcall_change", args=[call.pk]))
    (figure,) = chart_figures(ranking.content.decode())
    assert 'role="img"' in figure and "Indulgence des instructeurs" in figure and "<caption>" in figure
    ProposalFactory(application=application, outcome=Proposal.Outcome.SELECTED, awarded_amount=Decimal("45000.00"))
    selection = client.get(reverse("admin:review_selectioncall_change", args=[call.pk]))
    (figure,) = chart_figures(selection.content.decode())
    assert "45 000,00 € attribués sur 50 000,00 € — 5 000,00 € restants" in unescape(figure).replace("\u00a0", " ")
