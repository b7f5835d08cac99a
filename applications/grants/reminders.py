"""Reminders about reports, before and after their due date, sent once each.

When a report gets its due date, both reminders are queued in the task queue to run at their time
(``REMIND_BEFORE`` days before, ``REMIND_AFTER`` days after). A reminder is sent only if the report
is still not submitted by then, and at most once: the ``ReportReminder`` row (unique per report and
kind) is written in the same transaction as the email. ``send_due_reminders`` sends whatever is
due and not sent yet — the daily safety net (``manage.py send_report_reminders``), and the only
way when the task backend runs tasks at once instead of at their time.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.formatting import paris_time

from . import notices
from .models import Report, ReportReminder

REMIND_BEFORE = timedelta(days=14)
REMIND_AFTER = timedelta(days=7)
PENDING = (Report.State.DRAFT, Report.State.CORRECTIONS)


def reminder_day(report: Report, kind: str) -> date:
    return report.due_on - REMIND_BEFORE if kind == ReportReminder.Kind.BEFORE else report.due_on + REMIND_AFTER


def is_due(report: Report, kind: str, today: date) -> bool:
    if report.state not in PENDING:
        return False
    if kind == ReportReminder.Kind.BEFORE:
        return reminder_day(report, kind) <= today <= report.due_on
    return today >= reminder_day(report, kind)


def send_reminder(*, report_id: int, kind: str, today: date | None = None) -> bool:
    """Send one reminder if its time has come and it was never sent; True when sent now."""
    today = today or paris_time(timezone.now()).date()
    report = Report.objects.select_related("grant").filter(pk=report_id).first()
    if report is None or not is_due(report, kind, today):
        return False
    try:
        with transaction.atomic():
            ReportReminder.objects.create(report=report, kind=kind)
            grant_id = report.grant_id
            transaction.on_commit(
                lambda: notices.notify(event=f"report_reminder_{kind}", grant_id=grant_id, report=report)
            )
    except IntegrityError:
        return False  # already sent
    return True


def send_due_reminders(*, today: date | None = None) -> int:
    today = today or paris_time(timezone.now()).date()
    sent = 0
    pending = Report.objects.filter(state__in=PENDING, due_on__lte=today + REMIND_BEFORE)
    for report in pending.exclude(reminders__kind=ReportReminder.Kind.AFTER).distinct():
        for kind in ReportReminder.Kind.values:
            sent += send_reminder(report_id=report.pk, kind=kind, today=today)
    return sent
