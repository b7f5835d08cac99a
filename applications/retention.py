"""Personal data retention: the dossiers of carriers that were not selected are anonymised once
their retention period is over, keeping what the statistics need.

**Which dossiers** (``ANONYMISED_STATES``): refused (a refusal was issued, corrections included),
not admissible (and never decided further), withdrawn by the carrier (before or after submission),
and drafts never submitted (their call has closed). Never an awarded dossier — the file of a grant
that was paid is kept under the accounting and audit rules, longer — nor a dossier still in progress
(submitted, under review, information requested, admissible, on the waiting list).

**From when**: the period runs from the dossier's last act — the latest of its call's closing time,
its last decision, its admissibility check, its last change of state (a withdrawal) and its last
message. A correction or a message after the decision starts the period again.

**How long** (``settings.AMI_RETENTION_DAYS``, five years by default): the archive management
tables of State grant files usually keep unsuccessful applications five years after the decision
(their « durée d'utilité administrative »), then destroy them, whereas awarded grants are kept ten
years for the public accounting rules. Five years also outlasts every time limit within which a
refusal can still be challenged or a claim made: two months for a recours contentieux (code de
justice administrative R.421-1), one year at most when the notice omitted the appeal routes (Conseil
d'État, 13 juillet 2016, Czabaj), four years for claims against the State (prescription
quadriennale, loi n° 68-1250 du 31 décembre 1968). Set ``AMI_RETENTION_DAYS`` to the figure of the
ministry's own archive management table when it differs.

**What goes**: everything the carrier's people wrote or uploaded and every way to reach a person —
the dossier's free texts (where the ambassadrices, partners and staff may be named), budget line
and co-funding descriptions, the files (deleted from the storage) and the receipt, the messages,
the requests for information and their answers, the emails' addresses and bodies, the links to the
people who filled, edited and certified the dossier, and the reviewers' comments and
justifications. The organisation's representative, contact person, email, phone and experience go
too, once none of its dossiers needs them any more.

**What stays**, for the statistics and as the record of what the administration decided: the
call, the state and dates, the départements and themes, the figures (requested amount, budget by
category, co-funding amounts, number of ambassadrices, workshops, participants, training hours),
scores and recommendations, the committee's proposal, the decision and its PDF (the
administration's own signed act, which still verifies), the admissibility outcome and its reasons,
and the organisation as a legal person (name, SIRET, RNA, legal form, address, département).

In the audit log, the dossier's entries keep who did what, when, and from which state to which;
their free texts — why, and what changed (values typed when answering the ministry, addresses,
file names) — are erased (``audit.redact``), and the chain still verifies: each entry's
fingerprint covers a fingerprint of those texts, not the texts. The anonymisation's own entry
names the entries it erased.

Each dossier is anonymised in its own transaction and recorded by an audit entry
(``dossier_anonymised``), which also makes the command idempotent.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import audit
from .models import (
    Application,
    Attachment,
    AuditEntry,
    BudgetLine,
    CoFunding,
    InformationRequest,
    Invitation,
    Message,
    Organisation,
    OutgoingEmail,
    Receipt,
)
from .staff_side import staff_side

S = Application.State
ANONYMISED_STATES = (S.REFUSED, S.INADMISSIBLE, S.WITHDRAWN, S.DRAFT)
DOSSIER_ACTION = audit.REDACTION_RECORD  # "dossier_anonymised"
ORGANISATION_ACTION = audit.ORGANISATION_REDACTION_RECORD  # "organisation_anonymised"

# Text fields of the dossier that stay: its reference. Every other text field is the carrier's
# writing and goes, including any added later (safe by default).
KEPT_TEXT_FIELDS = {"reference", "state"}
ORGANISATION_PERSONAL_FIELDS = ("representative_name", "contact_name", "contact_email", "contact_phone", "experience")


def dossier_text_fields() -> list[str]:
    return [
        f.name
        for f in Application._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and f.name not in KEPT_TEXT_FIELDS
    ]


def retention_days() -> int:
    return settings.AMI_RETENTION_DAYS


def _latest(model, moment: str, **filters):
    rows = model.objects.filter(application=OuterRef("pk"), **filters).order_by(f"-{moment}").values(moment)[:1]
    return Coalesce(Subquery(rows), F("call__closes_at"))


def with_last_act(queryset: QuerySet) -> QuerySet:
    """Annotate ``last_act``: the latest of the call's closing and the dossier's own last acts."""
    return queryset.annotate(
        last_act=Greatest(
            F("call__closes_at"),
            *(_latest(model, moment) for model, moment in staff_side().dossier_acts),
            _latest(AuditEntry, "created_at", to_state__gt=""),
            _latest(Message, "created_at"),
        )
    )


def already_anonymised() -> Exists:
    return Exists(AuditEntry.objects.filter(application=OuterRef("pk"), action=DOSSIER_ACTION))


def expired_dossiers(*, cutoff: datetime) -> QuerySet:
    """Dossiers of unselected carriers whose last act is older than ``cutoff``, not yet anonymised."""
    return (
        with_last_act(Application.objects.filter(state__in=ANONYMISED_STATES))
        .filter(last_act__lt=cutoff)
        .exclude(already_anonymised())
        .select_related("call", "organisation")
        .order_by("last_act", "pk")
    )


@dataclass
class RetentionReport:
    cutoff: datetime
    days: int
    dry_run: bool
    dossiers: list[Application] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    files: int = 0


def anonymise_expired(*, after_days: int | None = None, dry_run: bool = False, now: datetime | None = None):
    """Anonymise every dossier whose retention period is over (or, with ``dry_run``, only list them)."""
    days = retention_days() if after_days is None else after_days
    if days < 1:
        raise ValueError("the retention period is at least one day")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    report = RetentionReport(cutoff=cutoff, days=days, dry_run=dry_run)
    candidates = list(expired_dossiers(cutoff=cutoff))
    for application in candidates:
        if dry_run:
            report.dossiers.append(application)
            report.files += len(_files_of(application))
            continue
        files = anonymise_dossier(application=application, cutoff=cutoff, days=days)
        if files is not None:
            report.dossiers.append(application)
            report.files += files
    done = {a.pk for a in report.dossiers}
    for organisation in _organisations_without_personal_need(report.dossiers, counted_as_done=done):
        if not dry_run:
            anonymise_organisation(organisation=organisation)
        report.organisations.append(organisation)
    return report


def _files_of(application: Application) -> list[tuple]:
    """(storage, name) of every stored file the dossier's carrier provided or received."""
    files = [
        (Attachment.file.field.storage, name)
        for name in Attachment.objects.filter(application=application).values_list("file", flat=True)
        if name
    ]
    files += [
        (Receipt.file.field.storage, name)
        for name in Receipt.objects.filter(application=application).values_list("file", flat=True)
        if name
    ]
    return files


def anonymise_dossier(*, application: Application, cutoff: datetime, days: int) -> int | None:
    """Anonymise one dossier; the number of files deleted, or ``None`` when it no longer qualifies
    (its state changed or someone acted on it since the list was made)."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        if not expired_dossiers(cutoff=cutoff).filter(pk=application.pk).exists():
            return None
        files = _files_of(application)
        now = timezone.now()
        text_fields = dossier_text_fields()
        Application.objects.filter(pk=application.pk).update(
            **dict.fromkeys(text_fields, ""),
            created_by=None,
            last_edited_by=None,
            sworn_by=None,
            updated_at=now,
        )
        BudgetLine.objects.filter(application=application).update(label="")
        CoFunding.objects.filter(application=application).update(source="")
        Attachment.objects.filter(application=application).delete()
        Receipt.objects.filter(application=application).delete()
        Message.objects.filter(application=application).delete()
        InformationRequest.objects.filter(application=application).update(message="", answer="", answered_by=None)
        # The attachment's storage name stays: it tells the decision emails already prepared.
        OutgoingEmail.objects.filter(application=application).update(to="", subject="", body="")
        # What staff wrote about it (reviews, scores, admissibility comments).
        staff_side().erase_staff_texts(application)
        # The record's texts too (values typed by the carrier, addresses, file names): who did what
        # and when stays, the chain still verifies (audit.redact).
        erased = audit.redact(AuditEntry.objects.filter(application=application))
        audit.record(
            action=DOSSIER_ACTION,
            application=application,
            reason=_("Retention period over (%(days)s days).") % {"days": days},
            changes={
                "fields": text_fields,
                "files_deleted": len(files),
                "retention_days": days,
                audit.REDACTED_KEY: erased,
            },
        )
        # Deleted last, inside the transaction: if the storage fails, nothing is marked done and
        # the next run tries again; a file is never left behind by a dossier marked anonymised.
        for storage, name in files:
            storage.delete(name)
    return len(files)


def _organisations_without_personal_need(dossiers: list[Application], *, counted_as_done: set[int]):
    """Organisations of ``dossiers`` none of whose dossiers still needs its contact details."""
    seen = set()
    for application in dossiers:
        organisation = application.organisation
        if organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        others = (
            Application.objects.filter(organisation=organisation)
            .exclude(pk__in=counted_as_done)
            .exclude(already_anonymised())
        )
        done = AuditEntry.objects.filter(
            action=ORGANISATION_ACTION, object_type="applications.organisation", object_id=str(organisation.pk)
        )
        if not others.exists() and not done.exists():
            yield organisation


def anonymise_organisation(*, organisation: Organisation) -> None:
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(
            **dict.fromkeys(ORGANISATION_PERSONAL_FIELDS, ""), updated_at=timezone.now()
        )
        # Invitations name people by their address; a pending, unexpired one is a live invitation.
        # The log's entries about the ones that go lose their texts (the address) too.
        invitations = Invitation.objects.filter(organisation=organisation).filter(
            Q(accepted_at__isnull=False) | Q(expires_at__lt=timezone.now())
        )
        erased = audit.redact(
            AuditEntry.objects.filter(
                object_type=Invitation._meta.label_lower,
                object_id__in=[str(pk) for pk in invitations.values_list("pk", flat=True)],
            )
        )
        invitations.delete()
        audit.record(
            action=ORGANISATION_ACTION,
            obj=organisation,
            changes={"fields": list(ORGANISATION_PERSONAL_FIELDS), audit.REDACTED_KEY: erased},
        )
