"""The closing day, compressed: N carriers finish and submit their dossiers in the last minutes while
reviewers and visitors browse, against the production shape on this machine; then every submitted
dossier is checked.

    pip install -r benchmarks/requirements.txt     # locust, for the load benchmarks only
    python benchmarks/rush.py                      # 300 carriers over 18 minutes: what RESULTS.md § 6 records
    python benchmarks/rush.py --carriers 60        # ≈ 6 min

The script starts what the README's « Production » section describes, as
``deploy/try-on-one-machine.sh`` does: moto's S3 server, two gunicorn app servers on loopback
ports, one ``db_worker``, PostgreSQL database ``ami_rush`` (created, then dropped at the end),
the machine's Redis as the shared cache (under a key prefix of its own). It seeds in bulk the
carriers' accounts and complete drafts (``applications.demo.create_demo_dossiers``, without
files), sets the call's deadline a few minutes ahead, then Locust, as a library, drives:

- carriers: sign in, save the six form steps (each page read then posted back as shown, the
  organisation confirmed), upload the six mandatory documents (valid PDFs of 1 to 10 MB made here:
  a small page, then an uncompressed stream of filler), open the summary, then submit in the
  final minutes; a few submit on purpose just after the deadline and must be refused;
- reviewers: sign in with their second factor and browse the staff dossier list;
- visitors: the home page and the call page.

Requests alternate between the two app servers, as a load balancer would, and pass through as
if from a trusted reverse proxy (``X-Forwarded-For``: one address per person, ``X-Forwarded-Proto:
https``, and ``X-Request-Start``, the arrival instant nginx stamps and the deadline is judged by). Then, read from PostgreSQL and from the bucket: one receipt per submitted dossier whose
object hashes to the recorded SHA-256, one reference each, no reference twice, every current file
present in the bucket with its recorded SHA-256 (which the receipt prints), nothing half-written;
and what the carriers were told (accepted / refused) against what the database holds.

Exit status 1 when a target is missed: an error other than the deadline's own refusals, a
submission lost or duplicated, or a p95 of a step save or of a submission at 1 s or more.
``benchmarks/faults.py`` reuses the shape started here for its fault drills.
"""

import sys

if __name__ == "__main__" and not (len(sys.argv) > 1 and sys.argv[1] in {"seed", "deadline", "verify"}):
    # Locust patches the standard library with gevent: before anything else is imported.
    from gevent import monkey

    monkey.patch_all()

import argparse
import hashlib
import hmac
import json
import os
import random
import secrets
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("BIN", ROOT / ".venv" / "bin"))
PYTHON = str(BIN / "python")
MB = 1024 * 1024
PASSWORD = "rush-ami-2026-closing-day"
RUSH_DOMAIN = "rush.example.org"


# --------------------------------------------------------------------------------------------
# The production shape on this machine
# --------------------------------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Shape:
    """moto's S3, PostgreSQL database ``name``, two gunicorn app servers and one db_worker."""

    def __init__(self, *, name: str = "ami_rush", workers_per_server: int = 2, extra_env: dict | None = None):
        self.name = name
        self.var = ROOT / "var" / name
        self.s3_port = free_port()
        self.ports = [free_port(), free_port()]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ami_portal.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://ami.example.gouv.fr",  # what acts and emails link to
            "SECURE_SSL_REDIRECT": "0",
            "AMI_TRUSTED_PROXIES": "127.0.0.1,::1",
            "AMI_CLAMAV_SOCKET": os.environ.get("AMI_CLAMAV_SOCKET", "off"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "TASKS_BACKEND": "database",
            "AMI_VAR_DIR": str(self.var),
            "AWS_STORAGE_BUCKET_NAME": name.replace("_", "-"),
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_ACCESS_KEY_ID": "rush",
            "AWS_SECRET_ACCESS_KEY": "rush",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "CACHE_KEY_PREFIX": f"{name}-{os.getpid()}",
            "WEB_CONCURRENCY": str(workers_per_server),
            "GUNICORN_TIMEOUT": "120",
            "REQUEST_LOG_LEVEL": "WARNING",
            "LOG_LEVEL": "WARNING",
        }
        for variable in ("AMI_ALLOW_DEV_SECRET", "DEBUG", "EMAIL_HOST"):
            self.env.pop(variable, None)
        self.env.update(extra_env or {})
        self.moto = None
        self.servers: dict[int, subprocess.Popen] = {}
        self.worker = None
        self.logs = self.var / "logs"

    # -- pieces -------------------------------------------------------------------------------
    def manage(self, *args, env=None, check=True, capture=False) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            check=check,
            text=True,
            capture_output=capture,
        )

    def django(self, command: str, *args: str, env=None, check=True) -> subprocess.CompletedProcess:
        """Run one of this script's Django-side commands (seed, deadline, verify) in a subprocess:
        Locust's gevent patches this process, Django's work is done outside it."""
        result = subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), command, *args],
            cwd=ROOT,
            env=env or self.env,
            check=False,
            text=True,
            capture_output=True,
        )
        if check and result.returncode != 0:
            raise SystemExit(f"{command} failed:\n{result.stderr[-3000:]}")
        return result

    def start_moto(self) -> None:
        self.moto = subprocess.Popen(
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(f"http://127.0.0.1:{self.s3_port}/", what="moto's S3 server", accept_any_status=True)

    def stop_moto(self) -> None:
        stop_process(self.moto)
        self.moto = None

    def create_database_and_bucket(self) -> None:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-c",
                f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
            ],
            check=True,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f'CREATE DATABASE "{self.name}"'], check=True
        )
        self.create_bucket()

    def create_bucket(self) -> None:
        s3 = self.s3()
        bucket = self.env["AWS_STORAGE_BUCKET_NAME"]
        if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.env["AWS_S3_ENDPOINT_URL"],
            region_name="eu-west-3",
            aws_access_key_id="rush",
            aws_secret_access_key="rush",
        )

    def start_server(self, port: int) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = open(self.logs / f"web-{port}.log", "ab")  # noqa: SIM115 - kept open for the process's life
        self.servers[port] = subprocess.Popen(
            [str(BIN / "gunicorn"), "ami_portal.wsgi"],
            cwd=ROOT,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_PROC_NAME": f"{self.name}-web-{port}"},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def start_worker(self, env: dict | None = None) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = open(self.logs / "worker.log", "ab")  # noqa: SIM115
        self.worker = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "run_worker",  # db_worker that gives back a dead worker's tasks and waits out PostgreSQL
                "--queue-name=*",
                "--interval",
                "1",
                "--no-reload",
                "--worker-id",
                f"{self.name}-1",
            ],
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def start(self, *, seed_args: list[str]) -> None:
        shutil.rmtree(self.var, ignore_errors=True)
        self.var.mkdir(parents=True, exist_ok=True)
        self.start_moto()
        self.create_database_and_bucket()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        seeded = self.django("seed", *seed_args)
        print(seeded.stdout.strip())
        self.manifest = json.loads((self.var / "manifest.json").read_text())
        for port in self.ports:
            self.start_server(port)
        self.start_worker()
        for port in self.ports:
            wait_for(f"http://127.0.0.1:{port}/health/", what=f"app server :{port}")

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def server_pids(self) -> list[int]:
        """The gunicorn worker processes (children of each master)."""
        import psutil

        pids = []
        for master in self.servers.values():
            try:
                pids += [child.pid for child in psutil.Process(master.pid).children()]
            except psutil.NoSuchProcess:
                pass
        return pids

    def stop(self, *, drop: bool = True) -> None:
        for process in [*self.servers.values(), self.worker]:
            stop_process(process)
        self.servers = {}
        self.worker = None
        self.stop_moto()
        if drop:
            subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-q",
                    "-c",
                    f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                ],
                check=False,
            )
            shutil.rmtree(self.var, ignore_errors=True)


def stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """SIGTERM to the process group this script started, SIGKILL when it does not leave in time."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


def wait_for(url: str, *, what: str, timeout: float = 90, accept_any_status: bool = False) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            if accept_any_status:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{what} did not answer on {url} within {timeout:.0f} s")


# --------------------------------------------------------------------------------------------
# Files: valid PDFs of a chosen size
# --------------------------------------------------------------------------------------------
def make_pdf(size: int, label: str) -> bytes:
    """A one-page PDF of about ``size`` bytes: the page's text, then an uncompressed stream of filler
    (an unused form XObject: no active content, nothing after %%EOF), with a correct xref table."""
    text = f"BT /F1 18 Tf 72 720 Td ({label}) Tj ET".encode()
    filler_length = max(0, size - 900)
    filler = (b"% filler line of an uncompressed PDF stream, for the closing-day rush.\n" * (filler_length // 72 + 1))[
        :filler_length
    ]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
        b"/XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n" % len(filler)
        + filler
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def file_pool(directory: Path, documents: list[dict], rng: random.Random, per_document: int = 4) -> dict:
    """A few PDFs per required document, sized 1 MB to the document's cap (most of them small, as
    scans and exports are), written once: {document id: [paths]}."""
    directory.mkdir(parents=True, exist_ok=True)
    pool = {}
    for document in documents:
        cap = min(document["max_size"], 10 * MB)
        paths = []
        for index in range(per_document):
            size = int(min(cap - 64 * 1024, MB * (1 + rng.random() * 2 if index < per_document - 1 else cap / MB - 1)))
            path = directory / f"piece-{document['id']}-{index}.pdf"
            path.write_bytes(make_pdf(size, f"Piece {document['id']} n. {index}"))
            paths.append(str(path))
        pool[document["id"]] = paths
    return pool


# --------------------------------------------------------------------------------------------
# Django side (subprocesses): seed, move the deadline, verify
# --------------------------------------------------------------------------------------------
def django_setup():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def command_seed(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--carriers", type=int, required=True)
    parser.add_argument("--reviewers", type=int, required=True)
    args = parser.parse_args(argv)
    django_setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from applications import roles, wizard
    from applications.demo import create_demo_dossiers
    from applications.management.commands.load_ami import load_ami
    from applications.models import Application, Organisation, User

    started = time.perf_counter()
    now = timezone.now()
    call = load_ami(opens=now - timedelta(days=27), closes=now + timedelta(days=1))
    ids = create_demo_dossiers(call=call, count=args.carriers, seed=2026)
    applications = list(Application.objects.filter(pk__in=ids).select_related("organisation").order_by("pk"))
    # The demo draws a few organisations of a legal form this call does not accept: they could not
    # submit at all, which is not what is measured here.
    Organisation.objects.filter(pk__in=[a.organisation_id for a in applications]).exclude(
        legal_form__in=call.eligible_legal_forms or [Organisation.LegalForm.FOUNDATION]
    ).update(legal_form=Organisation.LegalForm.FOUNDATION)
    password = make_password(PASSWORD)  # one hash for everyone: 300 PBKDF2 runs are not what is measured
    users = User.objects.bulk_create(
        [
            User(
                email=f"porteuse{index}@{RUSH_DOMAIN}",
                first_name="Porteuse",
                last_name=f"n° {index}",
                organisation=application.organisation,
                email_verified_at=now,
                password=password,
            )
            for index, application in enumerate(applications)
        ]
    )
    Application.objects.filter(pk__in=ids).update(created_by=None)
    group = Group.objects.get(name=roles.GROUP_REVIEWERS)
    reviewers = []
    for index in range(args.reviewers):
        reviewer = User.objects.create(
            email=f"instructrice{index}@{RUSH_DOMAIN}",
            first_name="Instructrice",
            last_name=f"n° {index}",
            is_staff=True,
            email_verified_at=now,
            password=password,
        )
        reviewer.groups.add(group)
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=reviewer, name="Téléphone", key=key, confirmed=True)
        reviewers.append({"email": reviewer.email, "totp_key": key})
    manifest = {
        "call_slug": call.slug,
        "steps": [step.slug for step in wizard.STEPS],
        "documents": [
            {"id": d.pk, "max_size": min(d.max_size, call.max_file_size), "label": d.label}
            for d in call.required_documents.filter(mandatory=True).order_by("position")
        ],
        "carriers": [
            {"email": user.email, "public_id": str(application.public_id)}
            for user, application in zip(users, applications, strict=True)
        ],
        "reviewers": reviewers,
        "password": PASSWORD,
    }
    Path(os.environ["AMI_VAR_DIR"], "manifest.json").write_text(json.dumps(manifest))
    print(
        f"seeded {len(users)} carriers with complete drafts (files to upload) and {len(reviewers)} reviewers "
        f"in {time.perf_counter() - started:.1f} s"
    )


def command_deadline(argv: list[str]) -> None:
    """Set the call's deadline to the ISO moment given (and forget the cached call pages)."""
    django_setup()
    from django.core.cache import cache

    from applications.models import Call

    moment = datetime.fromisoformat(argv[0])
    Call.objects.filter(
        slug=json.loads(Path(os.environ["AMI_VAR_DIR"], "manifest.json").read_text())["call_slug"]
    ).update(closes_at=moment)
    cache.clear()
    print(f"deadline set to {moment.isoformat()}")


def sha256_of_object(s3, bucket: str, key: str) -> str | None:
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
    except s3.exceptions.NoSuchKey:
        return None
    digest = hashlib.sha256()
    for chunk in iter(lambda: body.read(MB), b""):
        digest.update(chunk)
    return digest.hexdigest()


def command_verify(argv: list[str]) -> None:
    """Check every dossier of the call against the database and the bucket; print a JSON report."""
    told = json.loads(Path(argv[0]).read_text())  # what the carriers were told, by public_id
    django_setup()
    import io

    import boto3
    from django.conf import settings
    from django.db.models import Count
    from pypdf import PdfReader

    from applications.models import Application, Attachment, AuditEntry, Receipt

    storage_options = settings.STORAGES["default"].get("OPTIONS", {})
    location = storage_options.get("location", "")
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
        region_name="eu-west-3",
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    )
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]

    def key_of(name: str) -> str:
        return f"{location.strip('/')}/{name}" if location else name

    problems: list[str] = []
    # The receipts are rendered, sealed and emailed by the task worker (``receipts.create_receipt``):
    # wait until it has caught up (ten minutes at most; a receipt still missing then is reported).
    waited_from = time.monotonic()
    while time.monotonic() - waited_from < 600:
        pending = Receipt.objects.filter(sha256="", application__submitted_at__isnull=False).count()
        if not pending:
            break
        time.sleep(1)
    receipts_waited = time.monotonic() - waited_from
    submitted = list(
        Application.objects.filter(submitted_at__isnull=False).select_related("receipt").order_by("sequence")
    )
    receipt_lags: list[float] = []
    references = [a.reference for a in submitted]
    if len(set(references)) != len(references):
        problems.append(f"duplicate references: {len(references) - len(set(references))}")
    submitted_entries = dict(
        AuditEntry.objects.filter(action="submitted")
        .values("application")
        .annotate(n=Count("id"))
        .values_list("application", "n")
    )
    files_checked = 0
    bytes_checked = 0
    for application in submitted:
        label = application.reference or application.public_id
        if application.state != Application.State.SUBMITTED:
            problems.append(f"{label}: state {application.state} with a submission date")
        if not application.reference or not application.sequence:
            problems.append(f"{label}: submitted without a reference")
        if submitted_entries.get(application.pk, 0) != 1:
            problems.append(f"{label}: {submitted_entries.get(application.pk, 0)} « submitted » audit entries")
        receipt = getattr(application, "receipt", None)
        if receipt is None:
            problems.append(f"{label}: no receipt")
            continue
        if not receipt.sha256:
            problems.append(f"{label}: the receipt has no PDF ten minutes after the load")
            continue
        stored = s3.get_object(Bucket=bucket, Key=key_of(receipt.file.name))
        # From the submission to the receipt in the bucket (the object's time, to the second):
        # how long the carrier waits for the acknowledgement's email.
        receipt_lags.append((stored["LastModified"] - application.submitted_at).total_seconds())
        receipt_bytes = stored["Body"].read()
        if hashlib.sha256(receipt_bytes).hexdigest() != receipt.sha256:
            problems.append(f"{label}: the receipt's object does not hash to its recorded SHA-256")
        receipt_text = "".join(
            "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(receipt_bytes)).pages
        )
        current = list(Attachment.objects.filter(application=application, superseded_at__isnull=True))
        if len(current) < 6:
            problems.append(f"{label}: only {len(current)} current files")
        for attachment in current:
            files_checked += 1
            bytes_checked += attachment.size
            if attachment.sha256 not in receipt_text:
                problems.append(f"{label}: the receipt does not state the SHA-256 of {attachment.original_name}")
            actual = sha256_of_object(s3, bucket, key_of(attachment.file.name))
            if actual is None:
                problems.append(f"{label}: {attachment.file.name} missing from the bucket")
            elif actual != attachment.sha256:
                problems.append(
                    f"{label}: {attachment.file.name} hashes to {actual[:12]}…, recorded {attachment.sha256[:12]}…"
                )
    half_written = Application.objects.filter(state=Application.State.DRAFT).exclude(reference__isnull=True).count()
    half_written += Application.objects.filter(state=Application.State.DRAFT, submitted_at__isnull=False).count()
    half_written += Receipt.objects.filter(application__state=Application.State.DRAFT).count()
    if half_written:
        problems.append(f"{half_written} drafts carry a reference, a submission date or a receipt")
    missing_files = 0
    for attachment in Attachment.objects.filter(application__state=Application.State.DRAFT).iterator():
        try:
            s3.head_object(Bucket=bucket, Key=key_of(attachment.file.name))
        except Exception:  # noqa: BLE001 - botocore's 404
            missing_files += 1
    if missing_files:
        problems.append(f"{missing_files} files of drafts named in the database are missing from the bucket")
    in_database = {str(a.public_id) for a in submitted}
    told_accepted = {pid for pid, outcome in told.items() if outcome == "accepted"}
    lost = told_accepted - in_database  # the carrier was told « déposé », the database does not have it
    unexpected = in_database - told_accepted  # submitted, but the carrier was told otherwise (or nothing)
    if lost:
        problems.append(f"{len(lost)} submissions confirmed to the carrier are not in the database")
    rows = Attachment.objects.count() + Receipt.objects.count()
    objects = sum(page.get("KeyCount", 0) for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))
    print(
        json.dumps(
            {
                "submitted": len(submitted),
                "told_accepted": len(told_accepted),
                "lost": len(lost),
                "submitted_but_not_confirmed": len(unexpected),
                "duplicates": len(references) - len(set(references)),
                "files_checked": files_checked,
                "bytes_checked": bytes_checked,
                "rows_with_files": rows,
                "objects_in_bucket": objects,
                "problems": problems[:30],
                "problem_count": len(problems),
                "receipt_lags": sorted(receipt_lags),
                "receipts_waited": receipts_waited,
            }
        )
    )


# --------------------------------------------------------------------------------------------
# The load: Locust as a library
# --------------------------------------------------------------------------------------------
def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), as an authenticator app shows it."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def form_fields(html: str, *, form_id: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The POST form ``form_id``: its action and what a browser would send without touching
    anything (checked boxes, selected options, texts), the organisation's confirmation ticked."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found = None
            self.inside = False
            self.done = False
            self.fields: list[tuple[str, str]] = []
            self.select = None
            self.textarea = None
            self.text = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if self.done:
                return
            if tag == "form" and not self.inside:
                if (attrs.get("method") or "").lower() == "post" and attrs.get("id") == form_id:
                    self.inside, self.found = True, attrs.get("action") or ""
                return
            if not self.inside:
                return
            if tag == "option":
                if self.select and "selected" in attrs:
                    self.fields.append((self.select, attrs.get("value") or ""))
                return
            if "name" not in attrs or "disabled" in attrs:
                return
            name = attrs.get("name")
            if tag == "input":
                kind = (attrs.get("type") or "text").lower()
                if kind in {"submit", "button", "file", "image", "reset"}:
                    return
                if kind in {"checkbox", "radio"}:
                    if "checked" in attrs or (kind == "checkbox" and name.endswith("confirmed")):
                        self.fields.append((name, attrs.get("value", "on")))
                    return
                if "disabled" not in attrs:
                    self.fields.append((name, attrs.get("value", "")))
            elif tag == "select":
                self.select = name
            elif tag == "textarea":
                self.textarea, self.text = name, []

        def handle_endtag(self, tag):
            if tag == "form" and self.inside:
                self.inside, self.done = False, True
            elif tag == "select":
                self.select = None
            elif tag == "textarea" and self.textarea:
                self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.text.append(data)

    reader = Reader()
    reader.feed(html)
    return reader.found, reader.fields


def page_errors(html: str) -> str:
    """The messages a carrier reads on a page that refused something (error texts, notices)."""
    import re

    found = re.findall(r'class="fr-(?:error-text|alert[^"]*)"[^>]*>(.*?)</(?:p|div)>', html, flags=re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found]
    return " | ".join(text for text in texts if text)[:300]


def run_load(shape: Shape, args, told: dict, memory: dict) -> dict:
    import gevent
    from locust import HttpUser, between, constant, events, task
    from locust.env import Environment
    from locust.exception import StopUser

    manifest = shape.manifest
    bases = shape.urls()
    rng = random.Random(7)
    pool = file_pool(shape.var / "files", manifest["documents"], rng)
    blobs = {path: Path(path).read_bytes() for paths in pool.values() for path in paths}
    carriers = iter(manifest["carriers"])
    reviewer_accounts = iter(manifest["reviewers"])
    t0 = time.time()
    closes = t0 + args.closes_in
    outcome_counts = {"accepted": 0, "refused_deadline": 0, "refused_deadline_on_time": 0, "refused_other": 0}
    errors: list[str] = []
    step_slugs = manifest["steps"]
    form_slugs, documents_slug, summary_slug = step_slugs[:6], step_slugs[6], step_slugs[7]
    address_counter = iter(range(1, 10**6))
    finished = {"carriers": 0}

    class Person(HttpUser):
        abstract = True
        host = bases[0]

        def on_start(self):
            index = next(address_counter)
            self.address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
            self.turn = random.randrange(len(bases))

        def base(self) -> str:
            """The next app server, as a round-robin load balancer would pick it."""
            # The portal's cookies are Secure (__Host-…): TLS ends at the proxy, which this client
            # stands behind, so they go back over the loopback's plain HTTP.
            for cookie in self.client.cookies:
                cookie.secure = False
            self.turn += 1
            self.current = bases[self.turn % len(bases)]
            return self.current

        def headers(self, path: str = "/") -> dict:
            # What the reverse proxy adds; Origin and Referer are what a browser sends (CSRF checks
            # them on HTTPS), for the host the request goes to.
            origin = self.current.replace("http://", "https://")
            return {
                "X-Forwarded-For": self.address,
                "X-Forwarded-Proto": "https",
                # The arrival instant nginx stamps (deploy/nginx.conf): the deadline is judged by it.
                # Sent as the request leaves this client, on the same machine and clock.
                "X-Request-Start": f"t={time.time():.3f}",
                "Referer": f"{origin}{path}",
                "Origin": origin,
            }

        def get(self, path: str, name: str, expect: str | None = None):
            url = self.base() + path
            with self.client.get(
                url, name=name, headers=self.headers(path), catch_response=True, allow_redirects=True
            ) as response:
                if response.status_code != 200 or (expect and expect not in response.text):
                    response.failure(f"{response.status_code} on {path}")
                    errors.append(f"{name}: {response.status_code} {path}")
                return response

        def post(self, path: str, name: str, data, files=None, check=None):
            data = list(data) + [("csrfmiddlewaretoken", self.client.cookies.get("__Host-csrftoken", ""))]
            url = self.base() + path
            with self.client.post(
                url,
                name=name,
                data=data,
                files=files,
                headers=self.headers(path),
                catch_response=True,
                allow_redirects=False,
            ) as response:
                problem = check(response) if check else (None if response.status_code in (200, 302) else "status")
                if problem and response.status_code >= 400:
                    title = response.text.split("<title>")[-1].split("</title>")[0].strip()[:80]
                    problem = f"{problem} ({title})"
                if problem:
                    response.failure(f"{response.status_code}: {problem}")
                    errors.append(f"{name}: {response.status_code} {problem} {path}")
                return response

        def sign_in(self, email: str) -> bool:
            self.get("/compte/connexion/", "sign-in page")
            response = self.post(
                "/compte/connexion/",
                "sign in",
                [("username", email), ("password", manifest["password"])],
                check=lambda r: None if r.status_code == 302 else "not signed in",
            )
            return response.status_code == 302

    class Carrier(Person):
        fixed_count = args.carriers
        wait_time = between(0.3, 1.5)

        @task
        def closing_day(self):
            try:
                account = next(carriers)
            except StopIteration:
                raise StopUser() from None
            try:
                self.journey(account)
            except StopUser:
                raise
            except Exception as exc:  # noqa: BLE001 - counted as an error, the carrier gives up
                errors.append(f"carrier {account['email']}: {exc!r}")
            finally:
                finished["carriers"] += 1
            raise StopUser()

        def journey(self, account):
            pid = account["public_id"]
            late = rng.random() < args.late_share
            if not self.sign_in(account["email"]):
                told[pid] = "error"
                return
            self.get("/mes-dossiers/", "my dossiers")
            for slug in form_slugs:
                path = f"/dossiers/{pid}/etapes/{slug}/"
                page = self.get(path, "step page")
                _, fields = form_fields(page.text, form_id="formulaire-etape")
                fields = [(k, v) for k, v in fields if k not in {"csrfmiddlewaretoken", "action"}] + [
                    ("action", "continue")
                ]
                self.post(
                    path,
                    "step save",
                    fields,
                    check=lambda r: (
                        None
                        if r.status_code == 302 and "/etapes/" in r.headers.get("Location", "")
                        else f"not saved: {page_errors(r.text)}"
                    ),
                )
                gevent.sleep(random.uniform(0.2, 1.0))
            self.get(f"/dossiers/{pid}/etapes/{documents_slug}/", "documents page")
            for document in manifest["documents"]:
                path = random.choice(pool[document["id"]])
                name = f"{document['label'][:40]}.pdf".replace("/", "-")
                self.post(
                    f"/dossiers/{pid}/pieces/{document['id']}/",
                    "upload",
                    [],
                    files={f"doc{document['id']}-file": (name, blobs[path], "application/pdf")},
                    check=lambda r: None if r.status_code == 302 else f"refused: {page_errors(r.text)}",
                )
            summary = self.get(f"/dossiers/{pid}/etapes/{summary_slug}/", "summary page")
            _, fields = form_fields(summary.text, form_id="depot")
            version = dict(fields).get("version", "")
            # The final minutes: most submit before the deadline, a few just after it, on purpose.
            if late:
                moment = closes + random.uniform(0.5, 4)
            else:
                moment = random.uniform(max(time.time(), closes - args.submit_window), closes - 2)
            gevent.sleep(max(0, moment - time.time()))
            if "uploads_only" not in memory:  # the peak while only pages and uploads were served
                memory["uploads_only"] = {pid: peak for pid, peak in memory.items() if isinstance(pid, int)}
            submitted_at = time.time()

            def judged(response):
                if response.status_code == 302 and response.headers.get("Location", "").endswith(f"/dossiers/{pid}/"):
                    told[pid] = "accepted"
                    outcome_counts["accepted"] += 1
                    return None
                if response.status_code == 200 and "Cet appel a été clos le" in response.text:
                    told[pid] = "refused_deadline"
                    if submitted_at >= closes:
                        outcome_counts["refused_deadline"] += 1
                        return None  # the deadline's own refusal
                    outcome_counts["refused_deadline_on_time"] += 1
                    return "refused by the deadline although sent before it"
                told[pid] = "refused_other"
                outcome_counts["refused_other"] += 1
                return f"not submitted: {page_errors(response.text)}"

            url = self.base() + f"/dossiers/{pid}/deposer/"
            with self.client.post(
                url,
                name="submit (late, refused)" if late else "submit",
                data={
                    "version": version,
                    "sworn_statement": "on",
                    "csrfmiddlewaretoken": self.client.cookies.get("__Host-csrftoken", ""),
                },
                headers=self.headers(f"/dossiers/{pid}/etapes/{summary_slug}/"),
                catch_response=True,
                allow_redirects=False,
            ) as response:
                problem = judged(response)
                if problem:
                    response.failure(problem)
                    errors.append(f"submit {pid}: {response.status_code} {problem}")
                elif late:
                    response.success()
            if told.get(pid) == "accepted":
                self.get(f"/dossiers/{pid}/", "dossier page", expect="Votre dossier est déposé sous la référence")

    class Reviewer(Person):
        fixed_count = args.reviewers
        wait_time = between(2, 6)

        def on_start(self):
            super().on_start()
            account = next(reviewer_accounts)
            self.signed_in = self.sign_in(account["email"])
            if self.signed_in:
                self.post(
                    "/compte/double-authentification/",
                    "second factor",
                    [("token", totp(account["totp_key"]))],
                    check=lambda r: None if r.status_code == 302 else "code refused",
                )

        @task(3)
        def dossier_list(self):
            self.get("/gestion/applications/application/", "staff: dossier list")

        @task(1)
        def staff_home(self):
            self.get("/gestion/", "staff: home")

    class Visitor(Person):
        fixed_count = args.visitors
        wait_time = constant(3)

        @task(2)
        def call_page(self):
            self.get(f"/appels/{manifest['call_slug']}/", "call page")

        @task(1)
        def home(self):
            self.get("/", "home page")

    environment = Environment(user_classes=[Carrier, Reviewer, Visitor], events=events)
    runner = environment.create_local_runner()
    total = args.carriers + args.reviewers + args.visitors
    sampling = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(shape, memory, sampling), daemon=True)
    sampler.start()
    print(f"load: {args.carriers} carriers spawned over {args.spawn_seconds} s; deadline in {args.closes_in} s")
    runner.start(total, spawn_rate=max(1, total / args.spawn_seconds))
    hard_stop = closes + 30
    while time.time() < hard_stop:
        gevent.sleep(2)
        if time.time() > closes + 6 and finished["carriers"] >= args.carriers:
            break
    runner.quit()
    sampling.set()
    sampler.join(timeout=5)
    return {
        "stats": environment.stats,
        "outcomes": outcome_counts,
        "errors": errors,
        "duration": time.time() - t0,
        "closes": closes,
        "t0": t0,
        "pool_sizes": sorted(len(b) for b in blobs.values()),
    }


def sample_memory(shape: Shape, memory: dict, stop: threading.Event) -> None:
    """Peak resident memory of each app-server worker process while the load runs."""
    import psutil

    while not stop.is_set():
        for pid in shape.server_pids():
            try:
                rss = psutil.Process(pid).memory_info().rss
            except psutil.NoSuchProcess:
                continue
            memory.setdefault("baseline", {}).setdefault(pid, rss)
            memory[pid] = max(memory.get(pid, 0), rss)
        stop.wait(0.2)


def cpu_of(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def web_cpu(shape: Shape) -> float:
    """CPU of the app servers: the masters, their live workers, and the workers that exited since
    they started (gunicorn replaces a worker after ``max_requests``: the master reaped it, so its
    time is in the master's children's times, not in any live process)."""
    import psutil

    total = cpu_of(shape.server_pids())
    for master in shape.servers.values():
        try:
            times = psutil.Process(master.pid).cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def postgres_cpu() -> float:
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] and process.info["name"].startswith("postgres"):
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
    return total


def lock_waits(shape: Shape) -> int:
    """Sessions of ami_rush waiting on a lock right now."""
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            shape.name,
            "-Atc",
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return int(result.stdout.strip() or 0)


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------
def ms(value) -> str:
    return f"{value:.0f}" if value is not None else "–"


def report(result: dict, verified: dict, memory: dict, resources: dict, args) -> bool:
    stats = result["stats"]
    print()
    print(
        f"## Closing-day rush — {args.carriers} carriers, {args.reviewers} reviewers, {args.visitors} visitors"
        f" (2 app servers × {args.workers} gunicorn workers × {args.threads} threads)"
    )
    print()
    print(
        f"load average at the start: {resources['uptime']}, highest 1-minute load average during the load: "
        f"{resources['max_load']:.1f} (the machine is shared: absolute figures are noisy)"
    )
    print()
    print("| request | count | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for entry in sorted(stats.entries.values(), key=lambda e: -e.num_requests):
        print(
            f"| {entry.method} {entry.name} | {entry.num_requests} | {entry.num_failures} | "
            f"{ms(entry.get_response_time_percentile(0.5))} | {ms(entry.get_response_time_percentile(0.95))} | "
            f"{ms(entry.get_response_time_percentile(0.99))} | {ms(entry.max_response_time)} |"
        )
    total = stats.total
    print(
        f"| **all** | {total.num_requests} | {total.num_failures} | {ms(total.get_response_time_percentile(0.5))} | "
        f"{ms(total.get_response_time_percentile(0.95))} | {ms(total.get_response_time_percentile(0.99))} | "
        f"{ms(total.max_response_time)} |"
    )
    outcomes = result["outcomes"]
    attempted = sum(outcomes.values())
    print()
    print(
        f"submissions: {attempted} attempted, {outcomes['accepted']} accepted, {outcomes['refused_deadline']} refused "
        f"by the deadline (sent after it, on purpose), {outcomes['refused_deadline_on_time']} refused by the deadline "
        f"although sent before it, {outcomes['refused_other']} refused otherwise"
    )
    print(
        f"checked afterwards: {verified['submitted']} submitted dossiers in the database, "
        f"{verified['told_accepted']} confirmed to carriers, {verified['lost']} lost, {verified['duplicates']} "
        f"duplicated references, {verified['submitted_but_not_confirmed']} submitted without the carrier being told; "
        f"{verified['files_checked']} files ({verified['bytes_checked'] / MB:.0f} MB) read back from the bucket and "
        f"hashed; {verified['objects_in_bucket']} objects for {verified['rows_with_files']} rows naming a file"
    )
    lags = verified.get("receipt_lags") or []
    if lags:
        print(
            f"receipts (rendered, sealed and stored by the task worker): from the submission to the PDF in the "
            f"bucket p50 {lags[len(lags) // 2]:.0f} s, p95 {lags[min(len(lags) - 1, int(len(lags) * 0.95))]:.0f} s, "
            f"max {lags[-1]:.0f} s (to the second); the worker was still busy {verified['receipts_waited']:.0f} s "
            f"after the load ended"
        )
    for problem in verified["problems"]:
        print(f"  - {problem}")
    errors = result["errors"]
    print(f"errors other than the deadline's own refusals: {len(errors)}")
    for line in errors[:15]:
        print(f"  - {line}")
    peaks = {pid: peak for pid, peak in memory.items() if isinstance(pid, int)}
    uploads_only = memory.get("uploads_only", {})
    baseline = memory.get("baseline", {})
    if peaks:
        worst = max(peaks, key=peaks.get)
        print(
            f"app-server workers' memory: {len(peaks)} processes, peak RSS {peaks[worst] / MB:.0f} MiB "
            f"(that process started the load at {baseline.get(worst, 0) / MB:.0f} MiB; largest file uploaded "
            f"{result['pool_sizes'][-1] / MB:.1f} MB); peak before the first submission (pages and uploads "
            f"only): {max(uploads_only.values(), default=0) / MB:.0f} MiB"
        )
    print(
        f"CPU seconds during the load ({result['duration']:.0f} s wall, 2 cores = {2 * result['duration']:.0f} "
        f"core-seconds): app servers {resources['web_cpu']:.0f}, worker {resources['worker_cpu']:.0f}, "
        f"PostgreSQL (all databases) {resources['pg_cpu']:.0f}, moto {resources['moto_cpu']:.0f}, this script "
        f"(Locust) {resources['self_cpu']:.0f}; most sessions waiting on a lock at once: {resources['max_lock_waits']}"
    )

    def p95(name):
        entry = stats.entries.get((name, "POST"))
        return entry.get_response_time_percentile(0.95) if entry and entry.num_requests else None

    checks = [
        ("no error other than the deadline's own refusals", len(errors) == 0 and verified["problem_count"] == 0),
        ("no submission lost or duplicated", verified["lost"] == 0 and verified["duplicates"] == 0),
        ("p95 of a step save < 1 s", (p95("step save") or 1e9) < 1000),
        ("p95 of a submission < 1 s", (p95("submit") or 1e9) < 1000),
    ]
    print()
    print("| target | result |")
    print("| --- | --- |")
    for label, ok in checks:
        print(f"| {label} | {'met' if ok else 'MISSED'} |")
    return all(ok for _, ok in checks)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in {"seed", "deadline", "verify"}:
        {"seed": command_seed, "deadline": command_deadline, "verify": command_verify}[sys.argv[1]](sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carriers", type=int, default=300)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--spawn-seconds", type=float, default=None, help="carriers arrive over this time")
    parser.add_argument("--closes-in", type=float, default=None, help="seconds from the start to the deadline")
    parser.add_argument("--submit-window", type=float, default=None, help="submissions happen in these last seconds")
    parser.add_argument("--late-share", type=float, default=0.03, help="share of carriers submitting just too late")
    parser.add_argument("--keep", action="store_true", help="leave the database and files (not the processes)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker (GUNICORN_THREADS)")
    args = parser.parse_args()
    # The last hour compressed about 3.3 times: carriers arrive over 3 s each (15 minutes for 300),
    # the deadline 3 minutes after the last, submissions in its last 150 s. A carrier's journey costs
    # ≈ 1.6 core-seconds (sign-in hashing, uploads checked, the receipt): 300 of them in 18 minutes
    # leave 2 cores room; the former 5.5 minutes asked more than 2 cores have.
    args.spawn_seconds = args.spawn_seconds or max(30, args.carriers * 3.0)
    args.closes_in = args.closes_in or args.spawn_seconds + 180
    args.submit_window = args.submit_window or 150

    shape = Shape(workers_per_server=args.workers, extra_env={"GUNICORN_THREADS": str(args.threads)})
    told: dict = {}
    memory: dict = {}
    try:
        import psutil

        shape.start(seed_args=["--carriers", str(args.carriers), "--reviewers", str(args.reviewers)])
        deadline = datetime.now(UTC) + timedelta(seconds=args.closes_in)
        print(shape.django("deadline", deadline.isoformat()).stdout.strip())
        uptime = Path("/proc/loadavg").read_text().split()[:3]
        before = {
            "web": web_cpu(shape),
            "worker": cpu_of([shape.worker.pid]),
            "pg": postgres_cpu(),
            "moto": cpu_of([shape.moto.pid]),
            "self": sum(psutil.Process().cpu_times()[:2]),
        }
        max_waits = {"value": 0, "load": 0.0}
        stop_watch = threading.Event()

        def watch_locks():
            while not stop_watch.is_set():
                max_waits["value"] = max(max_waits["value"], lock_waits(shape))
                # The machine is shared: the highest 1-minute load average seen says how much.
                max_waits["load"] = max(max_waits["load"], float(Path("/proc/loadavg").read_text().split()[0]))
                stop_watch.wait(0.5)

        watcher = threading.Thread(target=watch_locks, daemon=True)
        watcher.start()
        result = run_load(shape, args, told, memory)
        stop_watch.set()
        resources = {
            "uptime": " ".join(uptime),
            "web_cpu": web_cpu(shape) - before["web"],
            "worker_cpu": cpu_of([shape.worker.pid]) - before["worker"],
            "pg_cpu": postgres_cpu() - before["pg"],
            "moto_cpu": cpu_of([shape.moto.pid]) - before["moto"],
            "self_cpu": sum(psutil.Process().cpu_times()[:2]) - before["self"],
            "max_lock_waits": max_waits["value"],
            "max_load": max_waits["load"],
        }
        told_path = Path(tempfile.mkstemp(suffix=".json")[1])
        told_path.write_text(json.dumps(told))
        checked = shape.django("verify", str(told_path), check=False)
        told_path.unlink()
        if checked.returncode != 0:
            print(checked.stderr[-3000:])
            return 1
        verified = json.loads(checked.stdout.strip().splitlines()[-1])
        ok = report(result, verified, memory, resources, args)
        return 0 if ok else 1
    finally:
        shape.stop(drop=not args.keep)


if __name__ == "__main__":
    sys.exit(main())
