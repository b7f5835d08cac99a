"""The conversation about a dossier: one dated thread between the carrier and the staff.

Who takes part (computed per dossier, ``roles.roles_for``):

- the carrier: every member of the dossier's organisation, once the dossier is submitted;
- the staff with a role on the dossier: its assigned reviewers (the instructors, without a
  conflict of interest) and the selection committee read and reply; officials and administrators
  read. Anybody else does not see the thread at all (the screens answer 404).

Each message is in the audit log; it may carry files, checked like the dossier's own
(``filecheck``, the antivirus); the other side is told by an email queued through the task
queue, which never carries the message itself (a link: the content stays behind the login).
A message is marked read when the other side first opens the thread. Sending is limited
(``MESSAGES_PER_HOUR`` per person and dossier), and an archived dossier — anonymised at the end
of its retention period — takes no more messages.

The unread counts for the pages' badges are here too: :func:`unread_for_carrier`,
:func:`unread_for_staff` and :func:`with_unread_for_staff` (a queryset of dossiers annotated with
their unread carrier messages, for a staff home page).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ami_portal import antivirus

from . import audit, filecheck, roles
from .attachments import store_file
from .models import Application, Attachment, AuditEntry, Message, RequiredDocument
from .notifications import carrier_recipients, prepare_email, queue_emails
from .staff_side import staff_side

S = Application.State
STAFF_WRITERS = frozenset({roles.REVIEWER, roles.COMMITTEE})
STAFF_READERS = STAFF_WRITERS | {roles.OFFICIAL, roles.ADMINISTRATOR}
MESSAGES_PER_HOUR = 10
MAX_FILES = 3
# What a message may carry: the dossier's own document types, at most this size each.
ACCEPTED_TYPES = list(RequiredDocument.Kind.values)
MAX_FILE_SIZE = 10 * 1024 * 1024


def _is_carrier(user, application: Application) -> bool:
    return roles.CARRIER in roles.roles_for(user, application)


def may_read(user, application: Application) -> bool:
    held = roles.roles_for(user, application)
    if roles.CARRIER in held:
        return application.state != S.DRAFT
    return application.submitted_at is not None and bool(STAFF_READERS & held)


def may_write(user, application: Application) -> bool:
    held = roles.roles_for(user, application)
    if roles.CARRIER in held:
        return application.state not in (S.DRAFT, S.WITHDRAWN)
    return application.submitted_at is not None and bool(STAFF_WRITERS & held)


def is_archived(application: Application) -> bool:
    """Anonymised at the end of its retention period (``retention``): nothing is added to it."""
    return AuditEntry.objects.filter(application=application, action=audit.REDACTION_RECORD).exists()


def thread_messages() -> QuerySet[Message]:
    """Messages oldest first, with their authors and files (to filter, or to prefetch from)."""
    return Message.objects.select_related("author").prefetch_related("attachments").order_by("created_at", "pk")


def thread(application: Application) -> QuerySet[Message]:
    """The dossier's messages (3 queries in all, however many there are)."""
    return thread_messages().filter(application=application)


def _check_rate(user, application: Application, now) -> None:
    sent = Message.objects.filter(application=application, author=user, created_at__gt=now - timedelta(hours=1))
    if sent.count() >= MESSAGES_PER_HOUR:
        raise ValidationError(
            ngettext(
                "You have sent %(count)s message about this dossier in the last hour, the most one may send. "
                "Wait a little before writing again.",
                "You have sent %(count)s messages about this dossier in the last hour, the most one may send. "
                "Wait a little before writing again.",
                MESSAGES_PER_HOUR,
            )
            % {"count": MESSAGES_PER_HOUR},
            code="rate_limited",
        )


def check_files(files: list) -> list:
    """Check each file like a dossier's document; a list of (file, checked) or ``ValidationError``."""
    if len(files) > MAX_FILES:
        raise ValidationError(
            ngettext(
                "Attach at most %(count)s file to a message.", "Attach at most %(count)s files to a message.", MAX_FILES
            )
            % {"count": MAX_FILES},
            code="too_many_files",
        )
    checked = []
    for uploaded in files:
        result = filecheck.check_upload(uploaded, accepted_types=ACCEPTED_TYPES, max_size=MAX_FILE_SIZE)
        antivirus.check_upload(uploaded, name=result.display_name)
        checked.append((uploaded, result))
    return checked


def send_message(*, application: Application, user, body: str, files: list | None = None) -> Message:
    """Post a message in the dossier's thread, from the carrier or from staff with a role on it.

    ``PermissionDenied`` when ``user`` may not write here (the views answer 404);
    ``ValidationError`` (French, keyed by the form's field: ``body`` or ``files``) when the dossier
    is withdrawn or archived, the sender is over the limit, or a file is refused.
    """
    if not may_write(user, application):
        if _is_carrier(user, application) and application.state != S.DRAFT:
            raise ValidationError(
                {"body": ValidationError(_("This dossier is withdrawn: no more messages can be sent."), code="state")}
            )
        raise PermissionDenied
    if is_archived(application):
        raise ValidationError(
            {
                "body": ValidationError(
                    _(
                        "This dossier is archived: its retention period is over and its content was erased, so no "
                        "message can be added to it. Write to the service in charge of the call if you need to."
                    ),
                    code="archived",
                )
            }
        )
    body = body.strip()
    if not body:
        raise ValidationError({"body": ValidationError(_("Write your message."), code="required")})
    try:
        checked = check_files(list(files or []))
    except ValidationError as refusal:
        raise ValidationError({"files": refusal.error_list}) from refusal
    from_staff = not _is_carrier(user, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        now = timezone.now()
        try:
            _check_rate(user, locked, now)
        except ValidationError as refusal:
            raise ValidationError({"body": refusal.error_list}) from refusal
        message = Message.objects.create(application=locked, author=user, from_staff=from_staff, body=body)
        stored = []
        try:
            for uploaded, result in checked:
                attachment = Attachment(
                    application=locked,
                    message=message,
                    original_name=result.display_name,
                    kind=result.kind,
                    size=result.size,
                    sha256=result.sha256,
                    uploaded_by=user,
                    uploaded_at=now,
                )
                uploaded.seek(0)
                attachment.file.name = store_file(attachment, uploaded)
                stored.append(attachment)
                attachment.save()
            audit.record(
                action="message_sent",
                actor=user,
                application=locked,
                obj=message,
                changes={
                    "from": "staff" if from_staff else "carrier",
                    "body": body,
                    "files": [{"file": a.original_name, "sha256": a.sha256} for a in stored],
                },
            )
        except Exception:
            for attachment in stored:
                attachment.file.delete(save=False)
            raise
        transaction.on_commit(lambda: notify_other_side(message_id=message.pk))
    return message


def mark_read(*, application: Application, user) -> int:
    """The other side's unread messages of the thread become read (when ``user`` opens it)."""
    if not may_read(user, application):
        return 0
    from_staff = _is_carrier(user, application)
    return Message.objects.filter(application=application, from_staff=from_staff, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --------------------------------------------------------------------------------------------
# Telling the other side
# --------------------------------------------------------------------------------------------
def staff_link(application: Application) -> str:
    return settings.SITE_URL + reverse("admin:applications_application_change", args=[application.pk]) + "#messages"


def carrier_link(application: Application) -> str:
    return settings.SITE_URL + application.get_absolute_url() + "#messages"


def notify_other_side(*, message_id: int) -> None:
    """Queue the email that tells the other side a message arrived: a link, never the message."""
    message = Message.objects.select_related("application__organisation", "application__call").get(pk=message_id)
    application = message.application
    if message.from_staff:
        kind, to, link = "message_to_carrier", carrier_recipients(application), carrier_link(application)
    else:
        kind, to, link = "message_to_staff", staff_side().staff_recipients(application), staff_link(application)
    if to:
        queue_emails(prepare_email(kind=kind, application=application, to=to, context={"link": link}))


# --------------------------------------------------------------------------------------------
# Unread counts
# --------------------------------------------------------------------------------------------
def unread_for_carrier(user) -> int:
    """Staff messages not read yet on the dossiers of ``user``'s organisation."""
    if not user.is_authenticated or not user.organisation_id:
        return 0
    return Message.objects.filter(
        application__organisation_id=user.organisation_id, from_staff=True, read_at__isnull=True
    ).count()


def unread_carrier_messages() -> Count:
    """Annotation: a dossier's carrier messages no staff member has read yet."""
    return Count("messages", filter=Q(messages__from_staff=False, messages__read_at__isnull=True), distinct=True)


def unread_staff_messages() -> Count:
    """Annotation: a dossier's staff messages its carrier has not read yet."""
    return Count("messages", filter=Q(messages__from_staff=True, messages__read_at__isnull=True), distinct=True)


def _staff_dossiers(user) -> QuerySet[Application]:
    return staff_side().visible_applications(user)


def unread_for_staff(user) -> int:
    """Carrier messages not read yet on the dossiers ``user`` may read as staff (one query)."""
    if not (roles.staff_roles(user) & STAFF_READERS):
        return 0
    return Message.objects.filter(
        application__in=_staff_dossiers(user).values("pk"), from_staff=False, read_at__isnull=True
    ).count()


def with_unread_for_staff(user) -> QuerySet[Application]:
    """The dossiers ``user`` may read as staff that have unread carrier messages, annotated with
    ``unread_messages``, the oldest unread first (one query, for a staff home page)."""
    if not (roles.staff_roles(user) & STAFF_READERS):
        return Application.objects.none()
    unread = Message.objects.filter(from_staff=False, read_at__isnull=True)
    return (
        _staff_dossiers(user)
        .filter(pk__in=unread.values("application_id"))
        .annotate(unread_messages=unread_carrier_messages())
        .select_related("organisation")
        .order_by("reference")
    )
