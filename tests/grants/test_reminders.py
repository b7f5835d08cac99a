"""Reminders before and after a report's due date: queued at their time, sent once, visible to staff."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from applications.grants import reminders, reports
from applications.grants.models import Report, ReportReminder
from applications.models import OutgoingEmail

from .grant_support import signed_grant

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_reminders_go_out_once_before_and_after_the_due_date(django_capture_on_commit_callbacks):
    grant, carrier, _signer = signed_grant()
    final = grant.reports.get(kind=Report.Kind.FINAL)
    interim = grant.reports.get(kind=Report.Kind.INTERIM)
    assert final.due_on == date(2028, 8, 12)
    assert reminders.send_due_reminders(today=date(2027, 6, 1)) == 0  # nothing due yet
    with django_capture_on_commit_callbacks(execute=True):
        # Fourteen days before the final report; the interim one is more than a week late.
        sent = reminders.send_due_reminders(today=date(2028, 7, 29))
    assert sent == 2
    assert set(ReportReminder.objects.values_list("report__kind", "kind")) == {
        ("final", "before"),
        ("interim", "after"),
    }
    subjects = set(OutgoingEmail.objects.filter(to=carrier.email).values_list("kind", "subject"))
    assert (
        "report_reminder_before",
        f"Dossier {grant.application.reference} : un compte rendu est attendu le 12 août 2028",
    ) in subjects
    assert (
        "report_reminder_after",
        f"Dossier {grant.application.reference} : un compte rendu est en retard",
    ) in subjects
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders(today=date(2028, 7, 30)) == 0  # idempotent
    assert OutgoingEmail.objects.filter(kind__startswith="report_reminder", to=carrier.email).count() == 2
    assert interim.reminders.count() == 1


def test_no_reminder_for_a_report_already_sent():
    grant, carrier, _signer = signed_grant()
    interim = grant.reports.get(kind=Report.Kind.INTERIM)
    interim = reports.save_draft(
        report=interim,
        user=carrier,
        fields={"narrative": "Fait.", "ambassadrices_recruited": 8, "ambassadrices_trained": 8, "people_reached": 10},
        actuals={},
    )
    reports.submit_report(report=interim, user=carrier)
    assert not reminders.send_reminder(report_id=interim.pk, kind="after", today=date(2028, 1, 1))
    assert not interim.reminders.exists()


def test_signing_queues_both_reminders_at_their_time(database_tasks, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            grant, _carrier, _signer = signed_grant()
    queued = DBTaskResult.objects.filter(task_path="applications.grants.tasks.send_report_reminder")
    final = grant.reports.get(kind=Report.Kind.FINAL)
    times = {
        (row.args_kwargs["kwargs"]["report_id"], row.args_kwargs["kwargs"]["kind"]): row.run_after for row in queued
    }
    assert len(times) == 4
    assert times[(final.pk, "before")] == datetime(2028, 7, 29, 8, 0, tzinfo=PARIS)
    assert times[(final.pk, "after")] == datetime(2028, 8, 19, 8, 0, tzinfo=PARIS)


def test_the_daily_command_sends_what_is_due(capsys):
    signed_grant()
    with time_machine.travel(datetime(2028, 8, 20, 9, 0, tzinfo=PARIS), tick=False):
        call_command("send_report_reminders")
    assert "2 reminder(s) sent." in capsys.readouterr().out
