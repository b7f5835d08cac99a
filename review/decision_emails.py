"""Decision emails: prepared as drafts once the PDFs exist, read by an official, sent in one action.

Each draft carries the decision's PDF and a link to the carrier's space, where the decision also
appears. Sending queues them through ``applications.notifications`` (the same outbox as every
other email), where each one is recorded with its status and its sending time.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import audit
from applications.models import Call, OutgoingEmail
from applications.notifications import carrier_recipients, prepare_email, queue_emails

from .documents import download_name, verification_url
from .models import Decision, DecisionEmail

KINDS = {Decision.Kind.AWARD: "decision_award", Decision.Kind.REFUSAL: "decision_refusal"}


def decision_emails() -> QuerySet:
    return DecisionEmail.objects.filter(kind__in=KINDS.values())


def prepare_decision_emails(*, call: Call) -> list[OutgoingEmail]:
    """A draft per recipient for each valid decision that has its PDF and no email yet (idempotent)."""
    already = set(decision_emails().filter(application__call=call).values_list("attachment_path", flat=True))
    prepared: list[OutgoingEmail] = []
    decisions = (
        Decision.objects.filter(call=call, status=Decision.Status.ISSUED)
        .exclude(sha256="")
        .select_related("application__organisation", "application__call")
        .order_by("application__reference")
    )
    for decision in decisions:
        if decision.pdf.name in already:
            continue
        application = decision.application
        link = settings.SITE_URL + reverse(
            "applications:application_detail", kwargs={"public_id": application.public_id}
        )
        prepared += prepare_email(
            kind=KINDS[decision.kind],
            application=application,
            to=carrier_recipients(application),
            context={"decision": decision, "link": link, "verification_url": verification_url(decision)},
            status=OutgoingEmail.Status.DRAFT,
            attachment_name=download_name(decision),
            attachment_path=decision.pdf.name,
        )
    return prepared


def send_drafts(*, emails: QuerySet, by) -> tuple[int, int]:
    """Queue the selected drafts; a draft whose decision was since superseded is not sent.

    Returns (queued, withheld).
    """
    drafts = list(emails.filter(status=OutgoingEmail.Status.DRAFT, kind__in=KINDS.values()))
    current = set(
        Decision.objects.filter(
            status=Decision.Status.ISSUED, pdf__in=[email.attachment_path for email in drafts]
        ).values_list("pdf", flat=True)
    )
    to_send = [email for email in drafts if email.attachment_path in current]
    withheld = [email for email in drafts if email.attachment_path not in current]
    with transaction.atomic():
        for email in withheld:
            email.status = OutgoingEmail.Status.FAILED
            email.error = _("Not sent: the decision it carries was superseded by a correction.")
            email.save(update_fields=["status", "error"])
        for email in to_send:
            audit.record(
                action="decision_email_sent",
                actor=by,
                application=email.application,
                obj=email,
                changes={"to": email.to, "attachment": email.attachment_name},
            )
        transaction.on_commit(lambda: queue_emails(to_send))
    return len(to_send), len(withheld)
