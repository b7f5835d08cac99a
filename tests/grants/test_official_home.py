"""A late report shows on the official's home, with the reports filed and waiting for review."""

from datetime import timedelta

import pytest
from django.urls import reverse

from applications.grants.models import Report

from .grant_support import signed_grant, today

pytestmark = pytest.mark.django_db


def test_the_officials_home_lists_late_reports_and_reports_to_review(client):
    grant, carrier, signer = signed_grant()
    interim, final = grant.reports.order_by("due_on")
    # Both due in the future, whatever day the suite runs (the award's project dates are fixed).
    Report.objects.filter(pk=interim.pk).update(due_on=today() + timedelta(days=30))
    Report.objects.filter(pk=final.pk).update(due_on=today() + timedelta(days=60))
    client.force_login(signer)
    page = client.get(reverse("admin:index")).content.decode()
    assert "0 compte rendu en retard" in page and "0 compte rendu déposé, à examiner" in page

    Report.objects.filter(pk=interim.pk).update(due_on=today() - timedelta(days=3))
    Report.objects.filter(pk=final.pk).update(state=Report.State.SUBMITTED, due_on=today() - timedelta(days=1))
    page = client.get(reverse("admin:index")).content.decode()
    assert "1 compte rendu en retard" in page and "1 compte rendu déposé, à examiner" in page
    link = reverse("admin:grants_grant_change", args=[grant.pk])
    assert page.count(f'href="{link}"') == 2
    assert grant.application.reference in page

    # Filed, even after its due date, it is to review, not late.
    Report.objects.filter(pk=interim.pk).update(state=Report.State.SUBMITTED)
    page = client.get(reverse("admin:index")).content.decode()
    assert "0 compte rendu en retard" in page and "2 comptes rendus déposés, à examiner" in page
