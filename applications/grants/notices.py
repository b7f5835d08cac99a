"""Emails to the carrier about their grant, through ``applications.notifications``."""

from django.conf import settings
from django.urls import reverse

from applications import notifications

from .models import Grant


def grant_link(grant: Grant) -> str:
    return settings.SITE_URL + reverse("grants:grant", kwargs={"public_id": grant.application.public_id})


def notify(*, event: str, grant_id: int, **context) -> list:
    """Queue ``templates/emails/<event>.txt`` for every member of the carrier's organisation."""
    grant = Grant.objects.select_related("application__organisation", "application__call").get(pk=grant_id)
    emails = notifications.prepare_email(
        kind=event,
        application=grant.application,
        to=notifications.carrier_recipients(grant.application),
        context={"link": grant_link(grant), "grant": grant, **context},
    )
    notifications.queue_emails(emails)
    return emails
