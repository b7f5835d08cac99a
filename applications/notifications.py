"""Emails to carriers. Each one is recorded as an ``OutgoingEmail`` and sent by a task."""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
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
        subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", ctx).split())
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
    """Send one recorded email now; idempotent (a sent email is never sent twice)."""
    if email.status == OutgoingEmail.Status.SENT:
        return
    message = EmailMessage(subject=email.subject, body=email.body, to=[email.to])
    if email.attachment_path:
        with default_storage.open(email.attachment_path, "rb") as handle:
            message.attach(email.attachment_name or "document.pdf", handle.read(), "application/pdf")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - recorded for staff, then re-raised for the retry
        email.status = OutgoingEmail.Status.FAILED
        email.error = str(exc)[:2000]
        email.save(update_fields=["status", "error"])
        logger.exception("email %s failed", email.pk)
        raise
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.error = ""
    email.save(update_fields=["status", "sent_at", "error"])
