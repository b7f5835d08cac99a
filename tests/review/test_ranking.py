"""The committee's ranking: order, statistics, envelope, exports, and queries that do not grow."""

import csv
import io
import itertools
import statistics
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Application, AuditEntry
from review import optimiser, ranking, selection
from review.models import AdmissibilityCheck, Review
from tests.factories import AdmissibilityCheckFactory

from .review_support import call_with_grid, committee, dossier, official, reviewer, submitted_review

S = Application.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked():
    """Three admissible dossiers; the harsh reviewer scored the best one."""
    call = call_with_grid(budget_envelope=Decimal("100000"), disagreement_threshold=Decimal("20"))
    lenient, harsh = reviewer(), reviewer()
    a = dossier(call, state=S.ADMISSIBLE, requested_amount=Decimal("40000"))
    b = dossier(call, state=S.ADMISSIBLE, requested_amount=Decimal("50000"))
    c = dossier(call, state=S.ADMISSIBLE, requested_amount=Decimal("30000"))
    submitted_review(a, lenient, [9, 9, 5])  # 91.667
    submitted_review(b, lenient, [8, 8, 4])  # 80
    submitted_review(c, lenient, [4, 4, 2])  # 40
    submitted_review(a, harsh, [6, 6, 3])  # 60
    submitted_review(b, harsh, [3, 3, 1])  # 28.333
    dossier(call, state=S.SUBMITTED)  # not ranked
    dossier(call, state=S.INADMISSIBLE)  # not ranked
    return call, a, b, c


def test_raw_ranking_order_and_statistics(ranked):
    call, a, b, c = ranked
    page = ranking.ranking_page(call, basis=ranking.RAW)
    rows = page.rows
    assert [r.application.pk for r in rows] == [a.pk, b.pk, c.pk]
    assert [r.rank for r in rows] == [1, 2, 3]
    first = rows[0]
    assert first.raw_score == pytest.approx((91.667 + 60) / 2, abs=0.01)
    assert first.median == pytest.approx((91.667 + 60) / 2, abs=0.01)
    assert first.lowest == pytest.approx(60) and first.highest == pytest.approx(91.667)
    assert first.std_dev == pytest.approx(15.833, abs=0.01)
    assert first.disagreement is True
    assert (first.reviews_done, first.reviews_expected) == (2, 2)
    assert rows[2].reviews_done == 1 and rows[2].disagreement is False
    # Per-criterion means, in points.
    assert first.criterion_means == [pytest.approx(7.5), pytest.approx(7.5), pytest.approx(4.0)]


def test_cumulative_requested_amount_against_the_envelope(ranked):
    call, _a, _b, _c = ranked
    rows = ranking.ranking_page(call, basis=ranking.RAW).rows
    assert [r.cumulative_requested for r in rows] == [Decimal("40000"), Decimal("90000"), Decimal("120000")]
    assert [r.within_envelope for r in rows] == [True, True, False]


def test_calibration_can_change_the_order(db):
    # Dossier X is scored only by a harsh reviewer, Y only by a lenient one: raw scores favour Y,
    # calibrated scores (each reviewer compared with their own habits) favour X.
    call = call_with_grid()
    harsh, lenient = reviewer(), reviewer()
    x = dossier(call, state=S.ADMISSIBLE)
    y = dossier(call, state=S.ADMISSIBLE)
    for points in ([2, 2, 1], [3, 3, 1]):
        submitted_review(dossier(call, state=S.ADMISSIBLE), harsh, points)
    for points in ([9, 9, 5], [10, 10, 5]):
        submitted_review(dossier(call, state=S.ADMISSIBLE), lenient, points)
    submitted_review(x, harsh, [6, 6, 3])  # harsh reviewer's best
    submitted_review(y, lenient, [7, 7, 3])  # lenient reviewer's worst
    raw = [r.application.pk for r in ranking.all_rows(call, basis=ranking.RAW)[1]]
    calibrated = [r.application.pk for r in ranking.all_rows(call, basis=ranking.CALIBRATED)[1]]
    assert raw.index(y.pk) < raw.index(x.pk)
    assert calibrated.index(x.pk) < calibrated.index(y.pk)


def test_decided_dossiers_that_were_admissible_stay_in_the_ranking(ranked):
    call, a, _b, _c = ranked
    AdmissibilityCheckFactory(application=a)
    Application.objects.filter(pk=a.pk).update(state=S.AWARDED)
    assert a.pk in [r.application.pk for r in ranking.all_rows(call, basis=ranking.RAW)[1]]
    refused = dossier(call, state=S.REFUSED)
    AdmissibilityCheck.objects.create(
        application=refused,
        checked_by=reviewer(),
        on_time=False,
        complete=True,
        legal_form_eligible=True,
        commitments_signed=True,
        ambassadrices_conditions=True,
        outcome="inadmissible",
        reasons="Hors délai.",
    )
    assert refused.pk not in [r.application.pk for r in ranking.all_rows(call, basis=ranking.RAW)[1]]


def test_drafts_do_not_count(ranked):
    call, _a, _b, c = ranked
    Review.objects.create(application=c, reviewer=reviewer(), recommendation="")
    row = next(r for r in ranking.all_rows(call, basis=ranking.RAW)[1] if r.application.pk == c.pk)
    assert row.reviews_done == 1


def test_only_the_committee_chooses_the_basis_and_it_is_logged(client, ranked):
    call = ranked[0]
    url = reverse("admin:review_rankingcall_basis", args=[call.pk])
    client.force_login(official())
    assert client.post(url, {"ranking_basis": "calibrated"}).status_code == 404
    member = committee()
    client.force_login(member)
    assert client.post(url, {"ranking_basis": "calibrated"}).status_code == 302
    call.refresh_from_db()
    assert call.ranking_basis == "calibrated"
    entry = AuditEntry.objects.get(action="ranking_basis_chosen")
    assert entry.actor == member and entry.changes == {"ranking_basis": ["raw", "calibrated"]}
    page = client.get(reverse("admin:review_rankingcall_change", args=[call.pk])).content.decode()
    assert "classés selon les notes calibrées" in page


def test_the_ranking_screen_shows_scores_spread_and_envelope(client, ranked):
    call, a, _b, c = ranked
    client.force_login(committee())
    page = client.get(reverse("admin:review_rankingcall_change", args=[call.pk])).content.decode()
    assert page.index(a.reference) < page.index(c.reference)
    assert "75,8" in page  # (91.7 + 60) / 2
    assert 'class="ami-spread"' in page and "Plus basse 60,0, plus haute 91,7" in page
    assert "au-delà de l&#x27;enveloppe" in page or "au-delà de l'enveloppe" in page
    assert "désaccord" in page
    assert "style=" not in page.split('id="content"')[1]  # no inline style (CSP)


# --------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------
def test_neutralise_spreadsheet_formulas():
    assert ranking.neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for dangerous in ("+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert ranking.neutralise(dangerous).startswith("'")
    assert ranking.neutralise("Association") == "Association"
    assert ranking.neutralise(42) == 42


def test_csv_export(client, ranked):
    call, a, _b, _c = ranked
    a.organisation.name = "=cmd|' /C calc'!A0"
    a.organisation.save()
    client.force_login(committee())
    response = client.get(reverse("admin:review_rankingcall_csv", args=[call.pk]) + "?base=raw")
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Rang", "Référence", "Organisme"]
    assert rows[1][1] == a.reference
    assert rows[1][2] == "'=cmd|' /C calc'!A0"
    assert rows[1][5] == "75,83"
    assert len(rows) == 4


def test_xlsx_export(client, ranked):
    call, a, _b, _c = ranked
    a.title = "@SUM(1+1)*cmd"
    a.save()
    client.force_login(official())
    response = client.get(reverse("admin:review_rankingcall_xlsx", args=[call.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Rang"
    assert values[1][1] == a.reference
    assert values[1][3] == "'@SUM(1+1)*cmd"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert values[1][-3] == 40000


# --------------------------------------------------------------------------------------------
# Query counts
# --------------------------------------------------------------------------------------------
def build(call, count, team):
    for index in range(count):
        application = dossier(call, state=S.ADMISSIBLE)
        for person in team:
            submitted_review(application, person, [index % 11, (index * 3) % 11, index % 6])


def count_queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("basis", ["raw", "calibrated"])
def test_the_ranking_screen_queries_do_not_grow_with_dossiers(client, django_assert_max_num_queries, basis):
    call = call_with_grid()
    team = [reviewer(), reviewer()]
    build(call, 1, team)
    client.force_login(committee())
    url = reverse("admin:review_rankingcall_change", args=[call.pk]) + f"?base={basis}"
    few = count_queries(client, django_assert_max_num_queries, url, 15)
    build(call, 30, team)
    many = count_queries(client, django_assert_max_num_queries, url, 15)
    assert many == few


def test_exports_queries_do_not_grow_with_dossiers(client, django_assert_max_num_queries):
    call = call_with_grid()
    team = [reviewer(), reviewer()]
    build(call, 1, team)
    client.force_login(committee())
    url = reverse("admin:review_rankingcall_xlsx", args=[call.pk])
    few = count_queries(client, django_assert_max_num_queries, url, 12)
    build(call, 25, team)
    many = count_queries(client, django_assert_max_num_queries, url, 12)
    assert many == few


def test_the_ranking_is_paginated(client):
    call = call_with_grid()
    team = [reviewer()]
    build(call, ranking.PER_PAGE + 3, team)
    client.force_login(committee())
    url = reverse("admin:review_rankingcall_change", args=[call.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert first.count('class="ami-spread"') == ranking.PER_PAGE
    assert second.count('class="ami-spread"') == 3
    assert 'aria-current="page"' in second


def test_dossier_scores_follow_the_committees_choice(ranked):
    call, a, b, c = ranked
    raw = ranking.dossier_scores(call)
    assert list(raw) == [a.pk, b.pk, c.pk]
    assert raw[a.pk] == pytest.approx(75.833, abs=0.002)
    ranking.choose_basis(call=call, basis=ranking.CALIBRATED, actor=committee())
    calibrated = ranking.dossier_scores(call)
    rows = ranking.all_rows(call, basis=ranking.CALIBRATED)[1]
    assert calibrated == {row.application.pk: pytest.approx(row.calibrated_score) for row in rows}


# --------------------------------------------------------------------------------------------
# Aggregate first: the same ranking as the queryset, read narrowly
# --------------------------------------------------------------------------------------------
@pytest.fixture
def tied():
    """Four dossiers tied on the raw score: three scored alike by the lenient reviewer (then the
    amount, then the id decide), one by the harsh reviewer (the calibrated score decides); a
    dossier with no amount, one with no review and one with a draft review only."""
    call = call_with_grid(budget_envelope=Decimal("150000"))
    lenient, harsh = reviewer(), reviewer()
    ids = {}
    for name, amount, reviews in [
        ("a", "30000", [(lenient, [8, 8, 4])]),
        ("b", "30000", [(lenient, [8, 8, 4])]),
        ("c", "20000", [(lenient, [8, 8, 4])]),
        ("d", "10000", [(harsh, [8, 8, 4])]),
        ("e", None, [(lenient, [6, 5, 3]), (harsh, [9, 2, 5])]),
        ("f", "45000.50", [(harsh, [3, 3, 1])]),
        ("g", "5000", []),
        ("h", "7000", []),
    ]:
        application = dossier(call, state=S.ADMISSIBLE, requested_amount=amount and Decimal(amount))
        for person, points in reviews:
            submitted_review(application, person, points)
        ids[name] = application.pk
    Review.objects.create(application_id=ids["h"], reviewer=lenient, recommendation="")  # a draft
    return call, ids


@pytest.mark.parametrize("basis", [ranking.RAW, ranking.CALIBRATED])
def test_every_page_is_a_slice_of_the_ranking_with_each_dossiers_figures(tied, basis):
    call, ids = tied
    expected = list(ranking.ranking_queryset(call, basis=basis))
    pages = [ranking.ranking_page(call, basis=basis, page_number=n, per_page=3) for n in (1, 2, 3)]
    rows = [row for page in pages for row in page.rows]
    assert [r.application.pk for r in rows] == [a.pk for a in expected]
    assert [r.rank for r in rows] == list(range(1, 9))
    assert {page.page.paginator.count for page in pages} == {8}
    reviews = defaultdict(list)
    for application_id, score in Review.objects.filter(state=Review.State.SUBMITTED).values_list(
        "application_id", "score"
    ):
        reviews[application_id].append(float(score))
    for row, a in zip(rows, expected, strict=True):
        own = reviews[a.pk]
        assert row.reviews_done == len(own) == a.reviews_done
        assert row.raw_score == (pytest.approx(statistics.mean(own), abs=0.0005) if own else None)
        assert (row.lowest, row.highest) == ((min(own), max(own)) if own else (None, None))
        assert row.median == (statistics.median(own) if own else None)
        assert row.std_dev == (pytest.approx(statistics.pstdev(own), abs=0.05) if own else None)
        assert row.cumulative_requested == a.cumulative_requested
        assert row.reviews_expected == 2  # one assignment per review here, and two wanted per dossier
    assert rows[-1].cumulative_requested == Decimal("147000.50")  # e's missing amount counts for nothing
    assert ranking.dossier_scores(call, basis=basis) == {
        a.pk: None if a.raw_score is None else pytest.approx(float(getattr(a, f"{basis}_score"))) for a in expected
    }


def test_ties_are_broken_by_the_other_basis_then_the_amount_then_the_id(tied):
    call, ids = tied
    rows = {r.application.pk: r for r in ranking.all_rows(call, basis=ranking.RAW)[1]}
    order = list(rows)
    a, b, c, d = (rows[ids[k]] for k in "abcd")
    assert a.raw_score == b.raw_score == c.raw_score == d.raw_score
    assert a.calibrated_score == b.calibrated_score == c.calibrated_score != d.calibrated_score
    trio = order.index(ids["c"])
    assert order[trio : trio + 3] == [ids["c"], ids["a"], ids["b"]]  # smaller amount, then the older dossier
    if d.calibrated_score > c.calibrated_score:
        assert order.index(ids["d"]) == trio - 1
    else:
        assert order.index(ids["d"]) == trio + 3
    assert order[-2:] == [ids["g"], ids["h"]]  # no submitted review: last, smaller amount first
    assert rows[ids["h"]].reviews_done == 0 and rows[ids["h"]].std_dev is None


def test_the_ranking_screen_reads_the_shown_columns_and_counts_the_plain_dossiers(client, tied):
    client.force_login(committee())
    url = reverse("admin:review_rankingcall_change", args=[tied[0].pk])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    # The paginator counts dossiers without grouping reviews or ranking them.
    (count,) = [q for q in sql if q.startswith("SELECT COUNT(*)")]
    assert "review_review" not in count and "OVER" not in count
    # The ranking sorts every dossier's figures only, then the page's dossiers are read with the
    # columns shown, without their long texts.
    (ranked,) = [q for q in sql if "ROW_NUMBER() OVER" in q]
    selected = ranked.split(" FROM ")[0]  # SQLite groups by every column; PostgreSQL by the key
    assert '"title"' not in selected and '"summary"' not in selected and "review_assignment" not in ranked
    (page,) = [q for q in sql if '"applications_organisation"."name"' in q]
    assert '"title"' in page and '"summary"' not in page and '"training_content"' not in page
    # The call is read without counting its dossiers (the changelist's column).
    assert not [q for q in sql if 'FROM "applications_call"' in q and "COUNT(" in q]


# --------------------------------------------------------------------------------------------
# The suggested selection reads the same ranking, narrowly
# --------------------------------------------------------------------------------------------
def candidates_through_the_ranking_queryset(call):
    """The candidates as the selection screen's ranking queryset orders them (the oracle)."""
    rows = (
        selection.ranked_dossiers(call)
        .filter(fully_reviewed=True, score__isnull=False, requested_amount__isnull=False)
        .values_list("pk", "score", "requested_amount")
    )
    return [optimiser.Candidate(key=pk, score=selection.quantize_score(s), amount=a) for pk, s, a in rows]


@pytest.mark.parametrize("basis", [ranking.RAW, ranking.CALIBRATED])
def test_the_suggestion_reads_the_candidates_in_the_rankings_order(tied, basis, django_assert_max_num_queries):
    call, ids = tied
    call.reviewers_per_application = 1
    call.ranking_basis = basis
    call.save()
    oracle = candidates_through_the_ranking_queryset(call)
    assert len(oracle) == 5  # a–f are scored, but e has no amount; g and h have no submitted review
    assert selection.suggestion_candidates(call) == oracle
    for cap, envelope in itertools.product([1, 2, 3], ["30000", "60000", "100000"]):
        call.max_selected, call.budget_envelope = cap, Decimal(envelope)
        with django_assert_max_num_queries(3):  # calibration, the ranking, the committee's selection
            report = selection.suggest(call)
        expected = optimiser.best_selection_within(oracle, cap=cap, envelope=call.budget_envelope)
        assert report.suggestion.keys == expected.keys, (cap, envelope)
        assert report.suggestion.total_score == expected.total_score
        assert report.candidates == 5
    if basis == ranking.RAW:
        # a and b tie on the score and the amount: the ranking (the older dossier) decides.
        call.max_selected, call.budget_envelope = 3, Decimal("60000")
        assert set(selection.suggest(call).suggestion.keys) == {ids["a"], ids["c"], ids["d"]}


def test_the_suggestion_counts_only_fully_reviewed_dossiers(tied):
    call, ids = tied
    call.max_selected, call.budget_envelope = 5, Decimal("1000000")
    call.save()  # two reviewers per dossier: only e has both
    report = selection.suggest(call)
    assert report.candidates == 0  # e has no amount
    Application.objects.filter(pk=ids["e"]).update(requested_amount=Decimal("12000"))
    assert selection.suggest(call).suggestion.keys == [ids["e"]]
