"""The audit log: append-only and hash-chained, so that tampering with it can be detected.

Each entry's fingerprint covers what it records and the previous entry's fingerprint. Appending
locks the single ``AuditChainHead`` row, so that concurrent writers never fork the chain (on
PostgreSQL; SQLite serialises writers anyway).

Its two free texts — why, and what changed (values a carrier typed, addresses, file names) — are
covered through their own fingerprint (``payload_digest``): at the end of a dossier's retention
period ``redact`` erases them and the chain still verifies, while who did what, when, to which
dossier and from which state to which stays. An erased entry must be named by the retention
record that erased it, itself in the chain: erasing anything else is reported as tampering.
Entries written before ``payload_digest`` existed keep the first formula and cannot be erased.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEntry

GENESIS = "0" * 64


def _canonical(data: dict) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    ).hexdigest()


def _described(entry: AuditEntry, previous_hash: str) -> dict:
    """What every fingerprint covers: who, what, when, about what, and the link to the previous entry."""
    return {
        "created_at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "call": entry.call_id,
        "application": entry.application_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "previous_hash": previous_hash,
    }


def _entry_digest(entry: AuditEntry, previous_hash: str) -> str:
    """The first formula: the texts themselves are in the fingerprint (entries without ``payload_digest``)."""
    return _canonical({**_described(entry, previous_hash), "reason": entry.reason, "changes": entry.changes})


def content_digest(entry: AuditEntry) -> str:
    """The fingerprint of the entry's texts: why, and what changed."""
    return _canonical({"reason": entry.reason, "changes": entry.changes})


def entry_digest(entry: AuditEntry, previous_hash: str) -> str:
    """The fingerprint an entry must have after ``previous_hash``, by the formula it was written with."""
    if not entry.payload_digest:
        return _entry_digest(entry, previous_hash)
    return _canonical({**_described(entry, previous_hash), "payload_digest": entry.payload_digest})


def record(
    *,
    action: str,
    actor=None,
    application=None,
    call=None,
    obj=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    changes: dict | None = None,
) -> AuditEntry:
    """Append one entry. Must be called inside the transaction that made the change."""
    if call is None and application is not None:
        call_id = application.call_id
    else:
        call_id = call.pk if call is not None else None
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor) if actor is not None and actor.is_authenticated else "système",
        action=action,
        call_id=call_id,
        application=application,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder)),
    )
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
        entry.previous_hash = head.last_hash
        entry.payload_digest = content_digest(entry)
        entry.entry_hash = entry_digest(entry, head.last_hash)
        entry.save(force_insert=True)
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_hash"])
    return entry


@dataclass
class ChainReport:
    checked: int
    broken_at: AuditEntry | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify_chain() -> ChainReport:
    """Walk the chain in order and report the first entry whose link or content does not match.

    Problems: ``previous_hash`` (an entry removed, inserted or reordered), ``content`` (an entry
    changed), ``redaction`` (texts erased that no retention record names), ``head`` (entries
    removed at the end).
    """
    previous = GENESIS
    checked = 0
    erased: dict[int, AuditEntry] = {}
    named_as_erased: set[int] = set()
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous:
            return ChainReport(checked, entry, "previous_hash")
        if entry.redacted_at is not None:
            if not entry.payload_digest or entry.reason or entry.changes:
                return ChainReport(checked, entry, "content")  # « erased » must mean empty
            erased[entry.pk] = entry
        elif entry.payload_digest and content_digest(entry) != entry.payload_digest:
            return ChainReport(checked, entry, "content")
        if entry_digest(entry, previous) != entry.entry_hash:
            return ChainReport(checked, entry, "content")
        if entry.action in REDACTION_RECORDS and isinstance(entry.changes, dict):
            named_as_erased.update(entry.changes.get(REDACTED_KEY) or [])
        previous = entry.entry_hash
        checked += 1
    unnamed = sorted(set(erased) - named_as_erased)
    if unnamed:
        return ChainReport(checked, erased[unnamed[0]], "redaction")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and checked and head.last_hash != previous:
        return ChainReport(checked, None, "head")
    return ChainReport(checked)


# The records that erase entries name them: a dossier's (retention.anonymise_dossier), and an
# organisation's invitations, which name people by their address (retention.anonymise_organisation).
REDACTION_RECORD = "dossier_anonymised"
ORGANISATION_REDACTION_RECORD = "organisation_anonymised"
REDACTION_RECORDS = {REDACTION_RECORD, ORGANISATION_REDACTION_RECORD}
REDACTED_KEY = "audit_entries_erased"


def redact(entries) -> list[int]:
    """Erase the texts of ``entries`` (a queryset) that can be erased; their ids, for the record.

    Call inside the transaction that records them with one of ``REDACTION_RECORDS`` (``REDACTED_KEY``).
    """
    ids = list(
        entries.filter(redacted_at__isnull=True).exclude(payload_digest="").order_by("id").values_list("id", flat=True)
    )
    AuditEntry.objects.filter(pk__in=ids).update(reason="", changes={}, redacted_at=timezone.now())
    return ids


def field_changes(before: dict, after: dict) -> dict:
    """The fields whose value differs, as {field: [old, new]} for the log."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}
