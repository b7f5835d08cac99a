"""Decision emails: prepared as drafts once the PDFs exist, read by an official, sent in the background.

Each decision email carries the decision's PDF, its appeal routes in full (the act's own words,
``templates/includes/acts/_appeal_routes_text.html``) and a link to the carrier's space, where the
decision also appears. With the decisions of a call, the carriers left on its waiting list get a
draft telling them so and what it means; a carrier promoted from the list reads it in their award
email, and the closing of the list is the refusal decision of each dossier still on it.

Nothing leaves before an official sends it: drafts stay drafts until then. Sending claims each
draft once (two officials clicking together queue it once), then queues it through
``applications.notifications`` — the same outbox as every other email, sent by a retried task
(``applications.tasks.send_outgoing_email``) that records each email as sent only once the mail
server took it, or as failed with the error. Failed emails can be sent again (:func:`retry_failed`);
an email whose decision was since superseded, or whose dossier left the waiting list, is never sent.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications import audit
from applications.models import Call, OutgoingEmail
from applications.notifications import carrier_recipients, prepare_email, queue_emails

from .award_terms import award_terms
from .documents import download_name, verification_url
from .models import Decision, DecisionEmail, Proposal
from .reasons import was_on_waiting_list

KINDS = {Decision.Kind.AWARD: "decision_award", Decision.Kind.REFUSAL: "decision_refusal"}
WAITING_LIST = "waiting_list"
EMAIL_KINDS = (*KINDS.values(), WAITING_LIST)
Status = OutgoingEmail.Status

SUPERSEDED = _("Not sent: the decision it carries was superseded by a correction.")
LEFT_THE_LIST = _("Not sent: the dossier is no longer on the waiting list.")


def decision_emails() -> QuerySet:
    return DecisionEmail.objects.filter(kind__in=EMAIL_KINDS)


def dossier_link(application) -> str:
    return settings.SITE_URL + reverse("applications:application_detail", kwargs={"public_id": application.public_id})


def prepare_decision_emails(*, call: Call) -> list[OutgoingEmail]:
    """A draft per recipient for each valid decision that has its PDF and no email yet, and for
    each dossier left on the waiting list that was not told yet (idempotent)."""
    emails = decision_emails().filter(application__call=call)
    already = set(emails.exclude(attachment_path="").values_list("attachment_path", flat=True))
    told_waiting = set(emails.filter(kind=WAITING_LIST).values_list("application_id", flat=True))
    prepared: list[OutgoingEmail] = []
    decisions = (
        Decision.objects.filter(call=call, status=Decision.Status.ISSUED)
        .exclude(sha256="")
        .select_related("application__organisation", "application__call", "call")
        .order_by("application__reference")
    )
    for decision in decisions:
        if decision.pdf.name in already:
            continue
        application = decision.application
        context = {
            "decision": decision,
            "call": decision.call,
            "link": dossier_link(application),
            "verification_url": verification_url(decision),
        }
        if decision.kind == Decision.Kind.AWARD:
            context["terms"] = award_terms(decision)
            context["promoted"] = bool(was_on_waiting_list(application))
        prepared += prepare_email(
            kind=KINDS[decision.kind],
            application=application,
            to=carrier_recipients(application),
            context=context,
            status=Status.DRAFT,
            attachment_name=download_name(decision),
            attachment_path=decision.pdf.name,
        )
    if decisions.exists():  # the results are out: the waiting list can be announced
        waiting = (
            Proposal.objects.filter(call=call, outcome=Proposal.Outcome.WAITING)
            .exclude(application_id__in=told_waiting)
            .select_related("application__organisation", "application__call")
            .order_by("waiting_rank")
        )
        total = Proposal.objects.filter(call=call, outcome=Proposal.Outcome.WAITING).count()
        for proposal in waiting:
            application = proposal.application
            prepared += prepare_email(
                kind=WAITING_LIST,
                application=application,
                to=carrier_recipients(application),
                context={
                    "call": call,
                    "rank": proposal.waiting_rank,
                    "total": total,
                    "link": dossier_link(application),
                },
                status=Status.DRAFT,
            )
    return prepared


def split_current(emails: list[OutgoingEmail]) -> tuple[list[OutgoingEmail], list[tuple[OutgoingEmail, str]]]:
    """(emails still true, [(email, why it must not be sent)]): a decision email whose decision
    was superseded, a waiting-list email whose dossier left the list."""
    valid_pdfs = set(
        Decision.objects.filter(
            status=Decision.Status.ISSUED, pdf__in=[e.attachment_path for e in emails if e.attachment_path]
        ).values_list("pdf", flat=True)
    )
    still_waiting = set(
        Proposal.objects.filter(
            outcome=Proposal.Outcome.WAITING, application_id__in=[e.application_id for e in emails]
        ).values_list("application_id", flat=True)
    )
    current, stale = [], []
    for email in emails:
        if email.kind == WAITING_LIST:
            if email.application_id in still_waiting:
                current.append(email)
            else:
                stale.append((email, str(LEFT_THE_LIST)))
        elif email.attachment_path in valid_pdfs:
            current.append(email)
        else:
            stale.append((email, str(SUPERSEDED)))
    return current, stale


def _send(emails: list[OutgoingEmail], *, from_status: str, by, action: str) -> tuple[int, int]:
    current, stale = split_current(emails)
    with transaction.atomic():
        for email, why in stale:
            DecisionEmail.objects.filter(pk=email.pk, status=from_status).update(status=Status.FAILED, error=why)
        # Claim each email once: an official clicking twice, or two officials at once, queue it once.
        claimed = [
            email
            for email in current
            if DecisionEmail.objects.filter(pk=email.pk, status=from_status).update(status=Status.QUEUED, error="")
        ]
        for email in claimed:
            email.status, email.error = Status.QUEUED, ""
            audit.record(
                action=action,
                actor=by,
                application=email.application,
                obj=email,
                changes={"to": email.to, "attachment": email.attachment_name},
            )
        transaction.on_commit(lambda: queue_emails(claimed))
    return len(claimed), len(stale)


def send_drafts(*, emails: QuerySet, by) -> tuple[int, int]:
    """Queue the selected drafts; a draft that is no longer true is not sent. Returns (queued, withheld)."""
    drafts = list(emails.filter(status=Status.DRAFT, kind__in=EMAIL_KINDS).select_related("application"))
    return _send(drafts, from_status=Status.DRAFT, by=by, action="decision_email_sent")


def retry_failed(*, emails: QuerySet, by) -> tuple[int, int]:
    """Queue again the selected emails that failed (the mail server refused or was unreachable);
    those withheld because they are no longer true stay failed. Returns (queued, withheld)."""
    failed = list(emails.filter(status=Status.FAILED, kind__in=EMAIL_KINDS).select_related("application"))
    return _send(failed, from_status=Status.FAILED, by=by, action="decision_email_retried")


@dataclass(frozen=True)
class Progress:
    draft: int
    queued: int
    sent: int
    failed: int

    @property
    def total(self) -> int:
        return self.draft + self.queued + self.sent + self.failed

    @property
    def done(self) -> int:
        return self.sent + self.failed


def sending_progress(emails: QuerySet) -> Progress:
    """How many of ``emails`` are drafts, waiting for the worker, sent, failed — one query."""
    counts = emails.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in (Status.DRAFT, Status.QUEUED, Status.SENT)},
        failed=Count("pk", filter=Q(status=Status.FAILED)),
    )
    return Progress(
        draft=counts[Status.DRAFT], queued=counts[Status.QUEUED], sent=counts[Status.SENT], failed=counts["failed"]
    )
