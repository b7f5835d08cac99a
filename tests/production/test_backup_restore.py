"""The backup and restore the README documents, done for real: ``pg_dump -Fc`` of the database,
a copy of the media folder, ``pg_restore`` into a new empty database, then every dossier and every
file is found again, byte for byte, and the audit chain is intact.

PostgreSQL only (the production database; SQLite's embedded profile is one file to copy). The data
must be committed for ``pg_dump`` to see it, hence a transactional test, in a file of its own.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection

from applications import submission
from applications.management.commands.load_ami import load_ami
from applications.models import Application, Attachment, Receipt
from tests.applications.carrier_support import complete_draft

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the backup is a pg_dump of the production database (set DATABASE_URL; CI does)",
    ),
    # serialized_rollback: the départements and staff groups loaded by migrations survive the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a restore must give back whole: the dossiers, their content, files, receipts and the record.
TABLES = [
    "applications_organisation",
    "applications_application",
    "applications_application_departements",
    "applications_application_themes",
    "applications_budgetline",
    "applications_cofunding",
    "applications_attachment",
    "applications_receipt",
    "applications_auditentry",
    "applications_auditchainhead",
]


@pytest.fixture
def postgres_tools():
    tools = {name: shutil.which(name) for name in ("pg_dump", "pg_restore", "rsync")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (apt-get install postgresql-client rsync)")
    return tools


def libpq_environment(database: dict) -> dict:
    """The test database's connection as libpq environment variables (no password on a command line)."""
    environment = {**os.environ}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def connect(database: dict, name: str):
    return psycopg2.connect(
        dbname=name,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )


@pytest.fixture
def empty_database():
    """A new, empty database on the same server, dropped at the end whatever happens."""
    database = connection.settings_dict
    name = f"ami_restore_{uuid.uuid4().hex[:12]}"
    admin = connect(database, "postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def rows(cursor, table) -> list[str]:
    """Every row of ``table`` as PostgreSQL's own JSON text (Django's cursor and a bare psycopg2
    one decode JSON columns differently; the server's text is the same on both sides)."""
    cursor.execute(f'SELECT to_jsonb(t)::text FROM "{table}" t ORDER BY t.id')
    return [row[0] for row in cursor.fetchall()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_dump_restored_into_an_empty_database_finds_every_dossier_and_file(
    on_postgres, postgres_tools, empty_database, tmp_path
):
    call = load_ami()
    submitted = []
    for seed in range(2):
        carrier, draft = complete_draft(call, seed=seed)
        submitted.append(submission.submit_application(application=draft, user=carrier, sworn_statement=True))
    _carrier, draft = complete_draft(call, seed=7)  # a draft too: drafts are data to keep
    media = Path(django_settings.MEDIA_ROOT)
    attachments = list(Attachment.objects.order_by("id"))
    receipts = list(Receipt.objects.order_by("id"))
    assert len(attachments) >= 3 * call.required_documents.filter(mandatory=True).count() > 0
    assert len(receipts) == 2

    database = connection.settings_dict
    environment = libpq_environment(database)
    backup = tmp_path / "backup"

    # Backup: the script the nightly timer runs (deploy/backup.sh): the database first, then the
    # files (a file is always written before its row commits, so files copied after the dump cover
    # every row in it).
    script = Path(django_settings.BASE_DIR) / "deploy" / "backup.sh"
    run = subprocess.run(
        ["sh", str(script)],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
            "DATABASE_URL": restored_database_url(database, database["NAME"]),
            "MEDIA_ROOT": str(media),
            "AMI_BACKUP_DIR": str(backup),
        },
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    (dump,) = backup.glob("ami-*.dump")  # one complete dump, no leftover part
    assert not list(backup.glob("*.part"))
    media_copy = backup / "media"

    # Restore into a new, empty database.
    subprocess.run(
        [
            postgres_tools["pg_restore"],
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            empty_database,
            str(dump),
        ],
        env=environment,
        check=True,
        capture_output=True,
    )

    restored = connect(database, empty_database)
    try:
        with restored.cursor() as after, connection.cursor() as before:
            for table in TABLES:
                assert rows(after, table) == rows(before, table), table
            assert len(rows(after, "applications_application")) == 3
            after.execute(
                "SELECT reference, state, title, requested_amount FROM applications_application "
                "WHERE reference IS NOT NULL ORDER BY reference"
            )
            assert after.fetchall() == [
                (a.reference, "submitted", a.title, a.requested_amount)
                for a in Application.objects.filter(reference__isnull=False).order_by("reference")
            ]
            after.execute("SELECT file, sha256, size FROM applications_attachment ORDER BY id")
            restored_attachments = after.fetchall()
            after.execute("SELECT file, sha256 FROM applications_receipt ORDER BY id")
            restored_receipts = after.fetchall()
    finally:
        restored.close()

    # Every file a restored row names is in the copied media folder, identical to the original.
    assert [row[0] for row in restored_attachments] == [a.file.name for a in attachments]
    for name, digest, size in restored_attachments:
        copy = media_copy / name
        assert copy.is_file(), name
        assert copy.stat().st_size == size
        assert sha256(copy) == digest == sha256(media / name)
    for name, digest in restored_receipts:
        assert sha256(media_copy / name) == digest

    # The check the README gives after a restore: the audit chain of the restored database.
    check = subprocess.run(
        [sys.executable, "manage.py", "verify_audit_chain"],
        cwd=django_settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ami_portal.settings",
            "AMI_ALLOW_DEV_SECRET": "1",
            "DATABASE_URL": restored_database_url(database, empty_database),
            "MEDIA_ROOT": str(media_copy),
        },
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("Chaîne du journal d'audit intacte : ")


def restored_database_url(database: dict, name: str) -> str:
    credentials = quote(database.get("USER") or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database.get("HOST") or "localhost"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"
