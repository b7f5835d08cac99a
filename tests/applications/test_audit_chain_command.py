"""``manage.py verify_audit_chain``: an intact log passes; a change or a deletion made behind the
portal's back, straight in the database, is reported at the first broken link, in French."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation

from applications import audit
from applications.formatting import paris_time
from applications.models import AuditChainHead, AuditEntry
from tests.applications.carrier_support import carrier_with_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(ami_call):
    """Five entries about a dossier, as the wizard writes them."""
    carrier, draft = carrier_with_draft(ami_call)
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()
    written = [
        audit.record(action="draft_created", actor=carrier, application=draft),
        audit.record(
            action="section_saved", actor=carrier, application=draft, reason="project", changes={"fields": ["title"]}
        ),
        audit.record(
            action="section_saved",
            actor=carrier,
            application=draft,
            reason="toolkit",
            changes={"fields": ["toolkit_content"]},
        ),
        audit.record(
            action="attachment_added",
            actor=carrier,
            application=draft,
            changes={"file": "statuts.pdf", "sha256": "ab" * 32},
        ),
        audit.record(
            action="section_saved",
            actor=carrier,
            application=draft,
            reason="budget",
            changes={"fields": ["requested_amount"]},
        ),
    ]
    return [AuditEntry.objects.get(pk=entry.pk) for entry in written]


def verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err, no_color=True)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def raw_update(entry, column, value):
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, entry.pk])


def raw_delete(*entries):
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        for entry in entries:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])


def when(entry) -> str:
    local = paris_time(AuditEntry.objects.get(pk=entry.pk).created_at)
    return f"{local:%d/%m/%Y} à {local:%H:%M:%S} (heure de Paris)"


def test_an_intact_chain_is_reported_with_its_count_and_last_fingerprint(entries):
    code, out, err = verify()
    assert code == 0 and err == ""
    head = AuditChainHead.objects.get(pk=1).last_hash
    assert head == entries[-1].entry_hash
    assert out.splitlines() == [
        "Chaîne du journal d'audit intacte : 5 entrées vérifiées.",
        f"Dernière empreinte : {head} (notez-la hors du portail pour la comparer la prochaine fois).",
    ]


def test_an_empty_log_is_intact(db):
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()
    assert verify() == (0, "Chaîne du journal d'audit intacte : 0 entrée vérifiée.\n", "")


@pytest.mark.parametrize(
    "column, value",
    [
        ("reason", "toolkit, mais réécrit"),
        ("actor_label", "Quelqu'un d'autre"),
        ("changes", '{"fields": ["title", "summary"]}'),
        ("action", "section_completed"),
    ],
)
def test_one_entry_changed_by_raw_sql_is_reported_at_that_entry(entries, column, value):
    tampered = entries[2]
    raw_update(tampered, column, value)

    code, out, err = verify()

    assert code == 1 and out == ""
    action = AuditEntry.objects.get(pk=tampered.pk).action
    # The texts (why, what changed) have their own fingerprint, which the entry's covers.
    recorded = tampered.payload_digest if column in ("reason", "changes") else tampered.entry_hash
    assert err.startswith(
        f"Chaîne du journal d'audit rompue à l'entrée n° {tampered.pk}, écrite le {when(tampered)}, action « {action} ». "
        f"Son contenu ne correspond plus à son empreinte (enregistrée : {recorded[:16]}…, contenu actuel : "
    )
    assert "cette entrée a été modifiée après son écriture. Les 2 entrées antérieures sont intactes." in err


def test_a_changed_date_is_reported_at_that_entry(entries):
    tampered = entries[3]
    raw_update(tampered, "created_at", tampered.created_at - timedelta(days=3))

    code, _out, err = verify()

    assert code == 1
    assert f"rompue à l'entrée n° {tampered.pk}, écrite le {when(tampered)}," in err
    assert "a été modifiée après son écriture" in err


def test_an_entry_deleted_in_the_middle_is_reported_at_the_next_one(entries):
    raw_delete(entries[2])

    code, _out, err = verify()

    following, previous = entries[3], entries[1]
    assert code == 1
    assert err.strip() == (
        f"Chaîne du journal d'audit rompue à l'entrée n° {following.pk}, écrite le {when(following)}, "
        "action « attachment_added ». "
        f"Elle ne suit pas l'entrée qui la précède (n° {previous.pk}) : elle se rattache à "
        f"{entries[2].entry_hash[:16]}…, l'empreinte de cette entrée est {previous.entry_hash[:16]}…. "
        "Une entrée a été supprimée entre les deux, ou des entrées ont été insérées ou réordonnées. "
        "Les 2 entrées antérieures sont intactes."
    )


def test_the_first_entries_deleted_are_detected(entries):
    raw_delete(entries[0], entries[1])

    code, _out, err = verify()

    assert code == 1
    assert f"rompue à l'entrée n° {entries[2].pk}" in err
    assert "C'est la première entrée restante, mais elle se rattache à une entrée antérieure" in err


def test_the_last_entries_deleted_are_detected(entries):
    raw_delete(entries[3], entries[4])

    code, _out, err = verify()

    assert code == 1
    assert err.strip() == (
        f"Chaîne du journal d'audit rompue après sa dernière entrée (n° {entries[2].pk}, écrite le {when(entries[2])}) : "
        f"la tête de la chaîne indique l'empreinte {entries[4].entry_hash[:16]}…, la dernière entrée porte "
        f"{entries[2].entry_hash[:16]}…. Les entrées écrites après elle ont été supprimées."
    )


def test_every_entry_deleted_is_detected(entries):
    raw_delete(*entries)

    code, _out, err = verify()

    assert code == 1
    assert "le journal est vide, mais la tête de la chaîne indique l'empreinte" in err


def test_a_rewrite_that_recomputes_the_entrys_hash_still_breaks_the_next_link(entries):
    """Changing an entry and its own fingerprint is not enough: the next entry points at the old one."""
    tampered = AuditEntry.objects.get(pk=entries[1].pk)
    tampered.reason = "réécrit"
    raw_update(tampered, "reason", tampered.reason)
    raw_update(tampered, "payload_digest", audit.content_digest(tampered))
    tampered.payload_digest = audit.content_digest(tampered)
    raw_update(tampered, "entry_hash", audit.entry_digest(tampered, tampered.previous_hash))

    code, _out, err = verify()

    assert code == 1
    assert f"rompue à l'entrée n° {entries[2].pk}" in err and "Elle ne suit pas l'entrée qui la précède" in err


def test_the_command_explains_itself_in_french():
    from applications.management.commands.verify_audit_chain import Command

    with translation.override("fr"):  # a fresh `manage.py` process starts in the portal's language
        parser = Command().create_parser("manage.py", "verify_audit_chain")
        text = " ".join(parser.format_help().split())
    assert "Vérifie le chaînage des empreintes du journal d'audit et signale le premier maillon rompu." in text


# --- Erasing texts at the end of retention (audit.redact) -----------------------------------------


def erase_as_retention_does(entries_to_erase, application):
    with transaction.atomic():
        erased = audit.redact(AuditEntry.objects.filter(pk__in=[e.pk for e in entries_to_erase]))
        audit.record(action=audit.REDACTION_RECORD, application=application, changes={audit.REDACTED_KEY: erased})
    return erased


def test_erased_texts_keep_the_chain_intact(entries):
    erased = erase_as_retention_does(entries[:4], entries[0].application)

    assert erased == [e.pk for e in entries[:4]]
    for entry in AuditEntry.objects.filter(pk__in=erased):
        assert entry.reason == "" and entry.changes == {} and entry.redacted_at is not None
        assert entry.action and entry.actor_id and entry.application_id  # who did what, to which dossier
    assert audit.verify_chain().ok
    code, out, _err = verify()
    assert code is None or code == 0, out


def test_texts_erased_outside_retention_are_reported(entries):
    """Erasing an entry's texts by hand — even marking it erased — is tampering: no record names it."""
    raw_update(entries[2], "reason", "")
    raw_update(entries[2], "changes", "{}")
    raw_update(entries[2], "redacted_at", timezone.now())

    report = audit.verify_chain()
    assert report.problem == "redaction" and report.broken_at.pk == entries[2].pk
    code, _out, err = verify()
    assert code == 1
    assert f"rompue à l'entrée n° {entries[2].pk}" in err and "en dehors de la commande de conservation" in err


def test_an_erased_entry_whose_texts_come_back_is_reported(entries):
    erase_as_retention_does(entries[1:2], entries[0].application)
    raw_update(entries[1], "reason", "réécrit après coup")

    report = audit.verify_chain()
    assert report.problem == "content" and report.broken_at.pk == entries[1].pk


def test_changed_texts_of_a_kept_entry_are_reported_with_their_fingerprints(entries):
    raw_update(entries[3], "changes", '{"file": "autre.pdf", "sha256": "00"}')

    code, _out, err = verify()

    assert code == 1
    assert f"rompue à l'entrée n° {entries[3].pk}" in err
    assert entries[3].payload_digest[:16] in err  # the content's own fingerprint, recorded vs now


def test_entries_written_with_the_first_formula_still_verify_and_are_never_erased(entries):
    """Entries written before the content had its own fingerprint: their texts are in the entry's."""
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()
    old = audit.record(action="section_saved", application=entries[0].application, reason="projet", changes={"a": 1})
    raw_update(old, "payload_digest", "")
    old.payload_digest = ""
    first_formula = audit._entry_digest(old, old.previous_hash)
    raw_update(old, "entry_hash", first_formula)
    AuditChainHead.objects.filter(pk=1).update(last_hash=first_formula)
    assert audit.verify_chain().ok

    assert audit.redact(AuditEntry.objects.all()) == []
    assert AuditEntry.objects.get(pk=old.pk).reason == "projet"
    raw_update(old, "reason", "changé")
    assert audit.verify_chain().problem == "content"


def test_what_the_record_names_cannot_be_deleted(entries):
    """The ids are in the fingerprints: deleting the actor would make an intact record look tampered with."""
    carrier = entries[0].actor
    with pytest.raises(ProtectedError):
        carrier.delete()
    assert audit.verify_chain().ok
