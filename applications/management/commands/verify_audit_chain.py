"""Check that nobody changed or removed an entry of the audit log (``applications.audit``).

Prints, in French, either that the chain is intact (with the number of entries and the last
fingerprint, worth noting somewhere else: a rewrite of the whole chain from some entry onward
would change it) or the first broken link: the entry's number, its date, and what does not match.
Exits with status 1 when the chain is broken, so that a cron job or a monitoring probe can alert.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import audit
from applications.formatting import paris_time
from applications.models import AuditChainHead, AuditEntry


def _when(entry: AuditEntry) -> str:
    local = paris_time(entry.created_at)
    return _("%(date)s at %(time)s (Paris time)") % {
        "date": local.strftime("%d/%m/%Y"),
        "time": local.strftime("%H:%M:%S"),
    }


def _short(fingerprint: str) -> str:
    return fingerprint[:16] + "…" if fingerprint else "—"


def describe_break(report: audit.ChainReport) -> str:
    """The first broken link of ``report``, as a French paragraph for an administrator."""
    entry = report.broken_at
    if entry is None:  # problem == "head": every entry links up, but the chain went further
        head = AuditChainHead.objects.get(pk=1)
        last = AuditEntry.objects.order_by("-id").first()
        return _(
            "Audit chain broken after its last entry (no. %(id)s, written on %(when)s): the chain's head records "
            "the fingerprint %(recorded)s, the last entry has %(found)s. The entries written after it "
            "were deleted."
        ) % {
            "id": last.pk,
            "when": _when(last),
            "recorded": _short(head.last_hash),
            "found": _short(last.entry_hash),
        }
    where = _("Audit chain broken at entry no. %(id)s, written on %(when)s, action « %(action)s ».") % {
        "id": entry.pk,
        "when": _when(entry),
        "action": entry.action,
    }
    if report.problem == "content":
        if entry.payload_digest and not entry.redacted_at and audit.content_digest(entry) != entry.payload_digest:
            recorded, found = entry.payload_digest, audit.content_digest(entry)
        else:
            recorded, found = entry.entry_hash, audit.entry_digest(entry, entry.previous_hash)
        what = _(
            "Its content no longer matches its fingerprint (recorded %(recorded)s, content now gives %(found)s): "
            "this entry was modified after it was written."
        ) % {"recorded": _short(recorded), "found": _short(found)}
    elif report.problem == "redaction":
        what = _(
            "Its texts were erased, but no anonymisation at the end of a retention period names it: they were "
            "removed outside the retention command."
        )
    else:
        previous = AuditEntry.objects.filter(id__lt=entry.pk).order_by("-id").first()
        if previous is None:
            what = _(
                "It is the first entry left but it refers to an earlier one (%(recorded)s): the entries before it "
                "were deleted."
            ) % {"recorded": _short(entry.previous_hash)}
        else:
            what = _(
                "It does not follow the entry before it (no. %(previous)s): it refers to %(recorded)s, that entry's "
                "fingerprint is %(found)s. An entry between them was deleted, or entries were inserted or reordered."
            ) % {
                "previous": previous.pk,
                "recorded": _short(entry.previous_hash),
                "found": _short(previous.entry_hash),
            }
    if not report.checked:
        return f"{where} {what}"
    intact = ngettext(
        "%(count)s entry before it is intact.", "The %(count)s entries before it are intact.", report.checked
    ) % {"count": report.checked}
    return f"{where} {what} {intact}"


@contextmanager
def consistent_snapshot():
    """Read the entries and the chain's head as of one instant.

    The portal keeps appending while the walk runs: read outside one snapshot, the head would be
    newer than the last entry seen and the chain would look cut. On PostgreSQL a read-only
    REPEATABLE READ transaction gives that snapshot without blocking anyone; SQLite's transaction
    does the same by holding writers back for the walk.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class Command(BaseCommand):
    @property
    def help(self):  # translated when asked, not at import
        return _("Verify the audit log's hash chain and report its first broken link.")

    def handle(self, *args, **options):
        # In the portal's language, whatever locale the caller left active.
        with translation.override(settings.LANGUAGE_CODE):
            self.verify()

    def verify(self):
        with consistent_snapshot():
            report = audit.verify_chain()
            head = AuditChainHead.objects.filter(pk=1).first()
            if not report.ok:
                problem = describe_break(report)
            elif not report.checked and head is not None and head.last_hash != audit.GENESIS:
                # ``verify_chain`` compares the head with the last entry only when there is one.
                problem = _(
                    "Audit chain broken: the log is empty, but the chain's head records the fingerprint "
                    "%(recorded)s. Every entry was deleted."
                ) % {"recorded": _short(head.last_hash)}
            else:
                problem = None
        if problem:
            self.stderr.write(self.style.ERROR(problem))
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Audit chain intact: %(count)s entry checked.",
                    "Audit chain intact: %(count)s entries checked.",
                    report.checked,
                )
                % {"count": report.checked}
            )
        )
        if head is not None and report.checked:
            self.stdout.write(
                _("Last fingerprint: %(fingerprint)s (note it outside the portal to compare next time).")
                % {"fingerprint": head.last_hash}
            )
