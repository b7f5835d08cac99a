"""Background work of the grant's follow-up (django-tasks)."""

from datetime import datetime, time

from django.utils import timezone

from ami_portal.tasks import retried_task

from . import reminders
from .models import Report, ReportReminder


@retried_task(max_attempts=5)
def send_report_reminder(report_id: int, kind: str) -> None:
    reminders.send_reminder(report_id=report_id, kind=kind)


def schedule_reminders(report: Report) -> None:
    """Queue both reminders at 8:00 on their day, Paris time. A backend that runs tasks at once
    cannot wait: the daily sweep (``manage.py send_report_reminders``) sends them then."""
    if not send_report_reminder.get_backend().supports_defer:
        return
    tz = timezone.get_default_timezone()
    for kind in ReportReminder.Kind.values:
        moment = timezone.make_aware(datetime.combine(reminders.reminder_day(report, kind), time(8, 0)), tz)
        send_report_reminder.using(run_after=moment).enqueue(report_id=report.pk, kind=kind)
