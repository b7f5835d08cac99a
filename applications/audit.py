"""The audit log: append-only and hash-chained, so that tampering with it can be detected.

Each entry's hash covers its content and the previous entry's hash. Appending locks the single
``AuditChainHead`` row, so that concurrent writers never fork the chain (on PostgreSQL; SQLite
serialises writers anyway).
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .models import AuditChainHead, AuditEntry

GENESIS = "0" * 64


def _entry_digest(entry: AuditEntry, previous_hash: str) -> str:
    payload = {
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
        "reason": entry.reason,
        "changes": entry.changes,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


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
        entry.entry_hash = _entry_digest(entry, head.last_hash)
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
    """Walk the chain in order and report the first entry whose link or content does not match."""
    previous = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous:
            return ChainReport(checked, entry, "previous_hash")
        if _entry_digest(entry, previous) != entry.entry_hash:
            return ChainReport(checked, entry, "content")
        previous = entry.entry_hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and checked and head.last_hash != previous:
        return ChainReport(checked, None, "head")
    return ChainReport(checked)


def field_changes(before: dict, after: dict) -> dict:
    """The fields whose value differs, as {field: [old, new]} for the log."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}
