from django.core.management.base import BaseCommand

from applications.grants.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the report reminders whose time has come (each at most once). Run daily."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
