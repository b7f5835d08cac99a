"""The officials' follow-up of a call: indicators from approved reports against the targets and
the call's aim, drawn as charts with their data tables, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications import roles
from applications.grants import conventions, followup, reports
from applications.grants.models import Report
from tests.factories import StaffFactory

from .grant_support import awarded, signed_grant

pytestmark = pytest.mark.django_db
ACTIVITY = {
    "narrative": "Ateliers tenus.",
    "ambassadrices_recruited": 8,
    "ambassadrices_trained": 7,
    "people_reached": 300,
    "kit_delivered": True,
    "workshops": {"75": {"1": 3, "2": 1}, "13": {"1": 2}},
}


def approved_interim(grant, carrier, signer, **changes):
    report = grant.reports.get(kind=Report.Kind.INTERIM)
    report = reports.save_draft(report=report, user=carrier, fields={**ACTIVITY, **changes}, actuals={})
    return reports.approve_report(report=reports.submit_report(report=report, user=carrier), by=signer)


def test_the_call_totals_come_from_approved_reports_only():
    grant, carrier, signer = signed_grant()
    data = followup.call_followup(grant.application.call)
    assert data.totals["workshops"] == 0 and data.totals["departements_reached"] == 0
    draft = grant.reports.get(kind=Report.Kind.INTERIM)
    reports.save_draft(report=draft, user=carrier, fields=ACTIVITY, actuals={})
    assert followup.call_followup(grant.application.call).totals["workshops"] == 0  # a draft does not count

    approved_interim(grant, carrier, signer)
    data = followup.call_followup(grant.application.call)
    totals = data.totals
    assert (totals["workshops"], totals["ambassadrices_trained"], totals["people"]) == (6, 7, 300)
    assert (totals["workshops_target"], totals["ambassadrices_target"], totals["people_target"]) == (12, 8, 600)
    assert (totals["departements_reached"], totals["themes_reached"], totals["themes_aim"]) == (2, 2, 2)
    assert data.workshops == {("75", 1): 3, ("75", 2): 1, ("13", 1): 2}
    rows = {d.code: total for d, _cells, total in data.workshop_rows()}
    assert rows == {"75": 4, "13": 2}


def test_the_follow_up_page_draws_charts_with_their_tables(client, django_assert_max_num_queries):
    grant, carrier, signer = signed_grant(max_selected=5, budget_envelope=Decimal("500000.00"))
    approved_interim(grant, carrier, signer)
    call = grant.application.call
    url = reverse("admin:grants_call_followup", args=[call.pk])
    client.force_login(StaffFactory(role=roles.COMMITTEE))
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 3 and html.count("<caption>") >= 4
    assert "Ateliers tenus par département" in html and "75 – Paris" in html
    assert grant.application.reference in html

    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for _ in range(2):
        decision, _carrier = awarded(call=call)
        conventions.open_grant(decision=decision)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200

    client.force_login(StaffFactory(role=roles.REVIEWER))
    assert client.get(url).status_code == 404
