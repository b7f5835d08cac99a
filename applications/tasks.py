"""Background work of the carrier side (django-tasks: in-process by default, a worker in production)."""

from ami_portal.tasks import retried_task

from .models import OutgoingEmail
from .notifications import deliver


@retried_task(max_attempts=5)
def send_outgoing_email(email_id: int) -> None:
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        deliver(email)
