"""Background work of the carrier side (django-tasks: in-process by default, a worker in production)."""

from django_tasks import task

from .models import OutgoingEmail
from .notifications import deliver


@task()
def send_outgoing_email(email_id: int) -> None:
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        deliver(email)
