"""``seed_demo --stage followed`` carries a demo grant through its first year with the screens' functions."""

import io

import pytest

from applications.demo import ensure_accounts
from applications.grants.demo import follow_demo_grants
from applications.grants.models import Convention, Grant, Instalment, Report, ReportReminder
from applications.models import OutgoingEmail

from .grant_support import awarded, today

pytestmark = pytest.mark.django_db


def test_the_demo_grant_is_signed_paid_reported_and_reminded(django_capture_on_commit_callbacks):
    decision, _carrier = awarded(amount="60000.00")
    small, _other = awarded(amount="20000.00", call=decision.call)
    accounts = ensure_accounts(password="demo-ami-2024-secret", call=decision.call)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        follow_demo_grants(call=decision.call, application_ids=[], accounts=accounts, stdout=out)

    assert Grant.objects.filter(application__call=decision.call).count() == 2
    grant = Grant.objects.get(decision=decision)
    assert grant.conventions.get().state == Convention.State.SIGNED
    advance = grant.instalments.get(kind="advance")
    assert advance.state == Instalment.State.PAID and advance.paid_on == today()
    interim = grant.reports.get(kind=Report.Kind.INTERIM)
    assert interim.state == Report.State.APPROVED and interim.workshop_total() > 0
    final = grant.reports.get(kind=Report.Kind.FINAL)
    assert final.state == Report.State.DRAFT and final.due_on < today()  # late
    assert ReportReminder.objects.filter(report=final, kind="after").exists()
    assert OutgoingEmail.objects.filter(application=grant.application, kind="report_reminder_after").exists()
    assert "en retard" in out.getvalue()
    # The small award needs no convention: payable at once.
    assert Grant.objects.get(decision=small).instalments.get().state == Instalment.State.REQUESTED
