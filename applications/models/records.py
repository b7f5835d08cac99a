"""Record keeping: the hash-chained audit log and every email the portal prepares or sends."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calls import Call
from .dossiers import Application


class AuditEntry(models.Model):
    """An append-only, hash-chained record of who did what (see ``audit.record``)."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: the ids are part of each entry's fingerprint. An account, a call or a dossier that
    # the record names cannot be deleted (an account is deactivated instead): deleting it would
    # blank the id and make an intact record look tampered with.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        verbose_name=_("who"),
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=60, blank=True)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    reason = models.TextField(_("why"), blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    previous_hash = models.CharField(_("fingerprint of the previous entry"), max_length=64)
    entry_hash = models.CharField(_("fingerprint"), max_length=64, unique=True)
    # The fingerprint of « why » and « what changed », which the entry's own fingerprint covers
    # instead of the texts: the retention command can erase them and the chain still verifies
    # (audit.py). Empty for the entries written before it existed, whose texts stay.
    payload_digest = models.CharField(_("fingerprint of the content"), max_length=64, blank=True)
    redacted_at = models.DateTimeField(_("content erased on"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action}"


class AuditChainHead(models.Model):
    """A single row locked while appending to the audit chain, so that entries never fork."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return self.last_hash


class OutgoingEmail(models.Model):
    """Every email the portal prepares or sends, kept as a record."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (to be checked)")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("dossier"),
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    attachment_name = models.CharField(_("attachment"), max_length=200, blank=True)
    attachment_path = models.CharField(_("attachment's path"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("sending error"), blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.to} – {self.subject}"
