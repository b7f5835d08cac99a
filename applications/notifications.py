"""Emails to carriers. Each one is recorded as an ``OutgoingEmail`` and sent by a task."""

import logging
import unicodedata

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Application, OutgoingEmail

logger = logging.getLogger(__name__)


def carrier_recipients(application: Application) -> list[str]:
    emails = {
        email.lower()
        for email in application.organisation.members.filter(is_active=True).values_list("email", flat=True)
    }
    if application.organisation.contact_email:
        emails.add(application.organisation.contact_email.lower())
    return sorted(emails)


def plain_subject(text: str) -> str:
    """One line of plain text: control and format characters (newlines, bidi controls) become
    spaces, runs of spaces one space. A newline in a header would start another header."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(text.split())


def render_subject(kind: str, context: dict) -> str:
    """Render ``templates/emails/<kind>_subject.txt`` as plain text.

    A subject is not HTML: with the engine's autoescape « L'Escale & Co » would read
    « L&#x27;Escale &amp; Co » in the carrier's mailbox. Escaping is turned off for the subject's
    template as a whole (not with ``|safe`` on each variable a subject may one day show).
    """
    template = get_template(f"emails/{kind}_subject.txt").template
    return plain_subject(template.render(Context(context, autoescape=False)))


def prepare_email(
    *,
    kind: str,
    application: Application | None,
    to: list[str],
    context: dict,
    status: str = OutgoingEmail.Status.QUEUED,
    attachment_name: str = "",
    attachment_path: str = "",
) -> list[OutgoingEmail]:
    """Render ``templates/emails/<kind>_subject.txt`` and ``<kind>.txt`` (in French) for each recipient."""
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {"site_url": settings.SITE_URL, "application": application, **context}
        subject = render_subject(kind, ctx)
        body = render_to_string(f"emails/{kind}.txt", ctx)
    return [
        OutgoingEmail.objects.create(
            kind=kind,
            application=application,
            to=address,
            subject=subject[:300],
            body=body,
            status=status,
            attachment_name=attachment_name,
            attachment_path=attachment_path,
        )
        for address in to
    ]


def notify_carrier(*, event: str, application_id: int) -> None:
    """Queue the email that tells the carrier about ``event`` (if the event has one)."""
    application = Application.objects.select_related("organisation", "call").get(pk=application_id)
    link = settings.SITE_URL + reverse("applications:application_detail", kwargs={"public_id": application.public_id})
    try:
        emails = prepare_email(
            kind=event, application=application, to=carrier_recipients(application), context={"link": link}
        )
    except TemplateDoesNotExist:
        return
    queue_emails(emails)


def queue_emails(emails: list[OutgoingEmail]) -> None:
    from .tasks import send_outgoing_email

    for email in emails:
        if email.status != OutgoingEmail.Status.QUEUED:
            email.status = OutgoingEmail.Status.QUEUED
            email.save(update_fields=["status"])
        send_outgoing_email.enqueue(email_id=email.pk)


def deliver(email: OutgoingEmail) -> None:
    """Send one recorded email now; idempotent (a sent email is never sent twice).

    The email's row is locked while it is sent: an official's « send again » and the automatic
    retry of the same failed email, running at the same moment, send it once — the second finds it
    sent when the first commits. A failure is recorded (status and error, for staff) and re-raised
    for the task queue's retry.
    """
    failure = None
    with transaction.atomic():
        locked = OutgoingEmail.objects.select_for_update().filter(pk=email.pk).first()
        if locked is None or locked.status == OutgoingEmail.Status.SENT:
            return
        message = EmailMessage(subject=locked.subject, body=locked.body, to=[locked.to])
        if locked.attachment_path:
            with default_storage.open(locked.attachment_path, "rb") as handle:
                message.attach(locked.attachment_name or "document.pdf", handle.read(), "application/pdf")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - recorded for staff, then re-raised for the retry
            locked.status = OutgoingEmail.Status.FAILED
            locked.error = str(exc)[:2000]
            locked.save(update_fields=["status", "error"])
            failure = exc
        else:
            locked.status = OutgoingEmail.Status.SENT
            locked.sent_at = timezone.now()
            locked.error = ""
            locked.save(update_fields=["status", "sent_at", "error"])
    email.status, email.sent_at, email.error = locked.status, locked.sent_at, locked.error
    if failure is not None:
        logger.error("email %s failed: %s", email.pk, failure)
        raise failure
