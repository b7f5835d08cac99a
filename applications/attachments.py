"""Storing a dossier's files.

A file is checked on its bytes (``filecheck.check_upload``: type, size, active content), then by
the antivirus (``ami_portal.antivirus``), against
the required document's accepted types and the smaller of the document's and the call's size
caps, then against the dossier's total cap. It is stored under a random name; the carrier's file
name is kept only as display text. Replacing a file keeps the old row, marked superseded, so that
the record of what was sent stays whole; only the current files count toward the total cap.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ami_portal import antivirus
from ami_portal.files import STORAGE_ERRORS

from . import audit, filecheck, wizard
from .models import Application, Attachment, InformationRequest, RequiredDocument

logger = logging.getLogger("applications.attachments")


class UploadNotAllowed(Exception):
    """The dossier, or this document of it, can no longer be changed by the carrier."""


def size_cap(document: RequiredDocument) -> int:
    return min(document.max_size, document.call.max_file_size)


def _check_may_upload(application: Application, document: RequiredDocument) -> InformationRequest | None:
    """Refuse uploads the carrier may not make now; return the request being answered, if any."""
    allowed = wizard.editable_documents(application)
    if allowed is not None and document.pk not in allowed:
        raise UploadNotAllowed(document.pk)
    if application.state == Application.State.INFO_REQUESTED:
        return next(
            (
                r
                for r in wizard.open_requests(application)
                if "documents" in (r.sections or []) or r.documents.filter(pk=document.pk).exists()
            ),
            None,
        )
    return None


def _count_as_an_edit(locked: Application, user) -> None:
    """A draft's files are part of what the carrier certifies: changing one is an edit like saving a
    step, so a colleague who read the summary before it is asked to look again before submitting."""
    if locked.state == Application.State.DRAFT:
        Application.objects.filter(pk=locked.pk).update(version=F("version") + 1, last_edited_by=user)


def store_attachment(*, application: Application, document: RequiredDocument, uploaded, user) -> Attachment:
    """Check ``uploaded`` and make it the current file of ``document`` in ``application``.

    Raises ``ValidationError`` (French message) when the file is refused and ``UploadNotAllowed``
    when the carrier may not change this document now.
    """
    if document.call_id != application.call_id:
        raise UploadNotAllowed(document.pk)
    checked = filecheck.check_upload(uploaded, accepted_types=document.accepted_types, max_size=size_cap(document))
    antivirus.check_upload(uploaded, name=checked.display_name)  # before anything is stored
    with transaction.atomic():
        locked = Application.objects.select_for_update(no_key=True).select_related("call").get(pk=application.pk)
        request = _check_may_upload(locked, document)
        current = Attachment.objects.filter(application=locked, superseded_at__isnull=True, message__isnull=True)
        replaced = current.filter(required_document=document).first()
        used = current.aggregate(total=Sum("size"))["total"] or 0
        if replaced is not None:
            used -= replaced.size
        cap = locked.call.max_total_upload_size
        if used + checked.size > cap:
            raise ValidationError(
                _(
                    "All the files of a dossier may not exceed %(cap)s. Your other files already take %(used)s, "
                    "so this one (%(size)s) does not fit: use a smaller file, or replace a larger one."
                )
                % {
                    "cap": filecheck.human_size(cap),
                    "used": filecheck.human_size(used),
                    "size": filecheck.human_size(checked.size),
                },
                code="total_too_large",
            )
        now = timezone.now()
        if replaced is not None:
            replaced.superseded_at = now
            replaced.save(update_fields=["superseded_at"])
        attachment = Attachment(
            application=locked,
            required_document=document,
            information_request=request,
            original_name=checked.display_name,
            kind=checked.kind,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
            uploaded_at=now,
        )
        uploaded.seek(0)
        attachment.file.name = store_file(attachment, uploaded)
        try:
            attachment.save()
            _count_as_an_edit(locked, user)
            audit.record(
                action="attachment_replaced" if replaced else "attachment_added",
                actor=user,
                application=locked,
                obj=attachment,
                changes={
                    "document": document.label,
                    "file": checked.display_name,
                    "sha256": checked.sha256,
                    "replaces": replaced.sha256 if replaced else None,
                },
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def store_file(attachment: Attachment, uploaded) -> str:
    """Write the file under a random name (``upload_to``); a storage that fails — the disk full,
    the bucket unreachable — keeps nothing (a partial file is removed) and the carrier is told to
    try again, in French, next to the field: the transaction is rolled back, the draft is as it was."""
    storage = attachment.file.storage
    name = attachment.file.field.generate_filename(attachment, "upload")
    try:
        return storage.save(name, uploaded, max_length=attachment.file.field.max_length)
    except STORAGE_ERRORS as exc:
        logger.error("storage refused %s: %s", name, exc)
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.exception("partial file %s could not be removed", name)
        raise ValidationError(
            _(
                "The file could not be stored: the storage is unavailable for the moment. Try again in a few "
                "minutes; the rest of your dossier is kept."
            ),
            code="storage_unavailable",
        ) from exc


def remove_attachment(*, application: Application, attachment: Attachment, user) -> None:
    """Withdraw an optional document from a draft (its row is kept, superseded)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        if locked.state != Application.State.DRAFT:
            raise UploadNotAllowed(attachment.pk)
        updated = Attachment.objects.filter(pk=attachment.pk, application=locked, superseded_at__isnull=True).update(
            superseded_at=timezone.now()
        )
        if updated:
            _count_as_an_edit(locked, user)
            audit.record(
                action="attachment_removed",
                actor=user,
                application=locked,
                obj=attachment,
                changes={"file": attachment.original_name, "sha256": attachment.sha256},
            )
