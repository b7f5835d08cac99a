"""Fault drills: the production shape on this machine loses one piece at a time; each drill prints
what it did and what it verified, and whether anything was lost.

    python benchmarks/faults.py                  # every drill (≈ 5 min)
    python benchmarks/faults.py worker smtp      # some of them

The shape is the one ``benchmarks/rush.py`` starts (moto's S3, two gunicorn app servers, one
db_worker, PostgreSQL database ``ami_faults``), with three differences that let a piece fail
without losing what it held, and without touching what others use on this machine: the database
lives in a throw-away PostgreSQL cluster of its own (``initdb`` in a temporary folder with the
machine's PostgreSQL binaries, trust authentication, a free port on 127.0.0.1, run as the
``postgres`` user when this script runs as root; removed at the end — the machine's cluster on
5432 is never touched); the app servers reach S3 through a gate (a TCP relay this script opens
and closes; moto keeps its objects meanwhile); and they use a Redis server started here on a free
port (the machine's Redis on 6379 is never touched). The drills:

- ``worker``: a worker (``manage.py run_worker``) killed with SIGKILL in the middle of a decision job;
  a new worker starts.
- ``postgres``: the private cluster restarted (``pg_ctl restart``, fast mode: open connections are
  cut, as a failover or an upgrade does) while a carrier and a visitor browse both app servers and
  the carrier saves a step again and again; then: the failed requests answered the portal's error
  page, no save half-written (the dossier's version moved exactly as often as a save was recorded
  in the audit log), the app servers answer again without being restarted, the carrier is still
  signed in, and the db_worker still runs.
- ``s3``: the storage unreachable: upload, download, ``/health/``, then back.
- ``redis``: the cache's Redis stopped under traffic, then back.
- ``smtp``: the SMTP relay refusing connections, then back.
- ``disk``: the embedded profile's media folder full (a 2 MB tmpfs mounted on it).

Exit status 1 when a drill finds something lost or a page that is not the portal's.
"""

import argparse
import json
import os
import pwd
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rush import MB, PASSWORD, PYTHON, ROOT, Shape, free_port, make_pdf, stop_process, wait_for  # noqa: E402

# --------------------------------------------------------------------------------------------
# Pieces that can be switched off: a TCP gate, a Redis, an SMTP sink
# --------------------------------------------------------------------------------------------


class Gate:
    """A TCP relay on ``port`` to ``target``; ``close()`` refuses connections (and cuts open ones)
    as an unreachable service does, ``open()`` lets them through again."""

    def __init__(self, target: int):
        self.port = free_port()
        self.target = target
        self.listener = None
        self.connections: list[socket.socket] = []
        self.open()

    def open(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def close(self) -> None:
        listener, self.listener = self.listener, None
        listener.close()
        for connection in self.connections:
            try:
                connection.close()
            except OSError:
                pass
        self.connections = []

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class SmtpSink(socketserver.ThreadingTCPServer):
    """The least an SMTP relay does: accept every message and keep it (``messages``)."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int):
        self.messages: list[str] = []
        super().__init__(("127.0.0.1", port), SmtpHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        data = None
        while line := self.rfile.readline():
            if data is not None:
                if line in (b".\r\n", b".\n"):
                    self.server.messages.append(b"".join(data).decode(errors="replace"))
                    data = None
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                data = []
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


# --------------------------------------------------------------------------------------------
# An HTTP client that stands behind the trusted proxy, as rush.py's users do
# --------------------------------------------------------------------------------------------
class Browser:
    def __init__(self, base: str, address: str = "10.9.0.1"):
        import requests

        self.session = requests.Session()
        self.base = base
        self.address = address

    def headers(self, path: str) -> dict:
        origin = self.base.replace("http://", "https://")
        return {
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + path,
        }

    def _cookies(self) -> None:
        for cookie in self.session.cookies:
            cookie.secure = False  # TLS ends at the proxy: see rush.py

    def get(self, path: str, **kwargs):
        self._cookies()
        return self.session.get(self.base + path, headers=self.headers(path), timeout=60, **kwargs)

    def post(self, path: str, data=None, files=None):
        self._cookies()
        data = dict(data or {}, csrfmiddlewaretoken=self.session.cookies.get("__Host-csrftoken", ""))
        return self.session.post(
            self.base + path, data=data, files=files, headers=self.headers(path), timeout=60, allow_redirects=False
        )

    def sign_in(self, email: str) -> None:
        self.get("/compte/connexion/")
        response = self.post("/compte/connexion/", {"username": email, "password": PASSWORD})
        assert response.status_code == 302, f"sign-in refused ({response.status_code})"


def text_of(html: str, pattern: str = r'class="fr-(?:error-text|alert[^"]*)"[^>]*>(.*?)</(?:p|div)>') -> str:
    found = re.findall(pattern, html, flags=re.S)
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found)[:400]


def is_portal_error_page(response) -> bool:
    return "Erreur inattendue" in response.text and "Traceback" not in response.text


class Drills:
    def __init__(self):
        self.results: list[tuple[str, bool, str]] = []

    def verdict(self, drill: str, ok: bool, detail: str) -> None:
        self.results.append((drill, ok, detail))
        print(f"   => {'OK' if ok else 'DEFECT'}: {detail}")


def say(text: str) -> None:
    print(f"-- {text}", flush=True)


# --------------------------------------------------------------------------------------------
# Django side (subprocess): decisions for the worker drill, and what the database holds
# --------------------------------------------------------------------------------------------
def command_decisions(argv: list[str]) -> None:
    """Make ``count`` of the seeded dossiers admissible with an issued decision each; start the job."""
    from rush import django_setup

    django_setup()
    from django.utils import timezone

    from applications.demo import ensure_accounts
    from applications.models import Application, Call
    from review.decisions import payment_terms_for
    from review.models import Decision
    from review.tasks import start_generation

    count = int(argv[0])
    call = Call.objects.get(slug=json.loads(Path(os.environ["AMI_VAR_DIR"], "manifest.json").read_text())["call_slug"])
    accounts = ensure_accounts(password=PASSWORD, call=call)
    official = next(user for email, user in accounts.items() if email.startswith("signataire@"))
    applications = list(Application.objects.filter(call=call, state="draft").order_by("pk")[:count])
    decisions = []
    for index, application in enumerate(applications, start=1):
        application.state, application.sequence = "admissible", 9000 + index
        application.reference = f"{call.reference_prefix}-{9000 + index}"
        application.submitted_at = timezone.now() - timedelta(days=30)
        application.save(update_fields=["state", "sequence", "reference", "submitted_at"])
        decisions.append(
            Decision(
                application=application,
                call=call,
                kind=Decision.Kind.AWARD,
                reference=f"FAULTS-{application.reference}",
                amount=application.requested_amount,
                payment_terms=payment_terms_for(application.requested_amount),
                assessment_summary="Projet solide, partenariats établis, budget cohérent.",
                signatory_name="Claire Dupont",
                signatory_role="Directrice, par délégation",
                delegation_reference="Arrêté du 2 janvier 2024 portant délégation de signature",
                signed_by=official,
                signed_at=timezone.now(),
            )
        )
    Decision.objects.bulk_create(decisions)
    job = start_generation(call=call, by=official)
    print(json.dumps({"job": job.pk, "decisions": len(decisions)}))


def command_dossier(argv: list[str]) -> None:
    """One dossier as the database holds it (version, title, its step saves in the audit log) and
    whether the audit chain is intact, as JSON: the PostgreSQL drill compares it with what the
    carrier was told."""
    from rush import django_setup

    django_setup()
    from applications.audit import verify_chain
    from applications.models import Application, AuditEntry

    application = Application.objects.get(public_id=argv[0])
    chain = verify_chain()
    print(
        json.dumps(
            {
                "version": application.version,
                "title": application.title,
                "saves": AuditEntry.objects.filter(
                    application=application, action__in=["section_saved", "section_completed"]
                ).count(),
                "chain_ok": chain.ok,
                "chain_checked": chain.checked,
                "chain_problem": chain.problem,
            }
        )
    )


def command_task(argv: list[str]) -> None:
    """``task enqueue``: queue a task that touches nothing (a password reset for an address with no
    account); ``task <id>``: its status. JSON, for the drills to see the worker run one."""
    from rush import django_setup

    django_setup()
    from django_tasks_db.models import DBTaskResult

    from ami_portal.security import send_password_reset

    if argv[0] == "enqueue":
        result = send_password_reset.enqueue(
            email="exercice-de-panne@invalid.example",
            domain="ami.example.gouv.fr",
            use_https=True,
            language="fr",
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
        )
        print(json.dumps({"id": str(result.id)}))
    else:
        print(json.dumps({"status": DBTaskResult.objects.get(pk=argv[0]).status}))


def command_state(argv: list[str]) -> None:
    """What the database holds now, as JSON (for the drill to compare)."""
    from rush import django_setup

    django_setup()
    import hashlib

    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from applications.models import OutgoingEmail
    from review.models import Decision, GenerationJob

    job = GenerationJob.objects.order_by("-pk").first()
    decisions = list(Decision.objects.filter(reference__startswith="FAULTS-"))
    pdf_ok = 0
    for decision in decisions:
        if decision.pdf and decision.sha256:
            with decision.pdf.open("rb") as handle:
                pdf_ok += hashlib.sha256(handle.read()).hexdigest() == decision.sha256
    renders = [
        (args or {}).get("kwargs", {}).get("decision_id")
        for args in DBTaskResult.objects.filter(
            task_path__endswith="render_call_decision", status="SUCCESSFUL"
        ).values_list("args_kwargs", flat=True)
    ]
    tasks = dict(DBTaskResult.objects.values("status").annotate(n=Count("id")).values_list("status", "n"))
    print(
        json.dumps(
            {
                "job": job and {"status": job.status, "done": job.done, "total": job.total, "error": job.error},
                "decisions": len(decisions),
                "pdfs_matching": pdf_ok,
                "renders_per_decision_max": max([renders.count(r) for r in set(renders)] or [0]),
                "tasks": tasks,
                "running_tasks": list(
                    DBTaskResult.objects.filter(status="RUNNING").values_list("task_path", flat=True)
                ),
                "emails": dict(
                    OutgoingEmail.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
                ),
                "emails_failed_attempts": DBTaskResult.objects.filter(
                    task_path__endswith="send_outgoing_email", status="FAILED"
                ).count(),
            }
        )
    )


# --------------------------------------------------------------------------------------------
# The drills
# --------------------------------------------------------------------------------------------
def state(shape: Shape) -> dict:
    return json.loads(shape.django_faults("state").stdout.strip().splitlines()[-1])


def drill_worker(shape: Shape, drills: Drills) -> None:
    say("worker: a decision job for 12 decisions, the worker killed with SIGKILL while it renders one")
    started = json.loads(shape.django_faults("decisions", "12").stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline:
        running = state(shape)["running_tasks"]
        if any(path.endswith("render_call_decision") for path in running):
            os.killpg(shape.worker.pid, signal.SIGKILL)
            shape.worker.wait()
            killed = True
            break
        time.sleep(0.2)
    now = state(shape)
    say(f"killed: {killed}; job {now['job']}; tasks left RUNNING by the dead worker: {now['running_tasks']}")
    shape.start_worker()
    say("a new worker started; waiting up to 90 s for the job to finish")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        now = state(shape)
        if now["job"]["status"] in ("done", "failed"):
            break
        time.sleep(2)
    say(f"job {now['job']}; {now['pdfs_matching']}/{now['decisions']} PDFs whose object hashes to the recorded SHA-256")
    finished = now["job"]["status"] == "done" and now["pdfs_matching"] == started["decisions"]
    drills.verdict(
        "worker killed mid-job",
        finished and now["renders_per_decision_max"] <= 1,
        "the job completed after a worker came back, every PDF present, none rendered twice"
        if finished
        else f"the job did not complete ({now['job']['status']}, {now['job']['done']}/{now['job']['total']}): the "
        f"task the killed worker held stays RUNNING in django-tasks' queue ({now['running_tasks']}) and nothing "
        "hands it to another worker",
    )
    if not finished:
        say("recovery by hand: manage.py generate_decisions runs what is missing in-process")
        shape.manage("generate_decisions", "--call", shape.manifest["call_slug"], check=False, capture=True)
        now = state(shape)
        say(f"after generate_decisions: job {now['job']['status']}, {now['pdfs_matching']}/{now['decisions']} PDFs")


def traffic(browser: Browser, paths: list[str], seconds: float, log: list) -> None:
    """GET ``paths`` in turn for ``seconds``; each answer logged as (time, path, status, the
    portal's error page?, still signed in?)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for path in paths:
            try:
                response = browser.get(path)
                signed_out = any("/compte/connexion/" in r.headers.get("Location", "") for r in response.history)
                log.append(
                    (time.monotonic(), path, response.status_code, is_portal_error_page(response), not signed_out)
                )
            except Exception as exc:  # noqa: BLE001 - a connection cut is what is observed
                log.append((time.monotonic(), path, type(exc).__name__, False, True))
        time.sleep(0.1)


def saves(browser: Browser, pid: str, seconds: float, log: list) -> None:
    """Save the project step again and again for ``seconds``, a new title each time (read the
    form, change the title, « Enregistrer le brouillon »); each attempt logged as (time, title,
    status, the portal's error page?)."""
    from rush import form_fields

    path = f"/dossiers/{pid}/etapes/projet/"
    end = time.monotonic() + seconds
    number = 0
    while time.monotonic() < end:
        number += 1
        title = f"Projet enregistré pendant l'exercice n° {number}"
        try:
            page = browser.get(path)
            if page.status_code != 200:
                log.append((time.monotonic(), None, page.status_code, is_portal_error_page(page)))
                time.sleep(0.1)
                continue
            _, fields = form_fields(page.text, form_id="formulaire-etape")
            data: dict = {}
            for key, value in fields:
                data.setdefault(key, []).append(value)
            data["title"], data["action"] = title, "draft"
            response = browser.post(path, data)
            log.append((time.monotonic(), title, response.status_code, is_portal_error_page(response)))
        except Exception as exc:  # noqa: BLE001 - a connection cut is what is observed
            log.append((time.monotonic(), title, type(exc).__name__, False))
        time.sleep(0.05)


def drill_postgres(shape: "FaultShape", drills: Drills, carrier: dict) -> None:
    cluster = shape.cluster
    say(
        f"postgres: the private cluster (127.0.0.1:{cluster.port}) restarted while a carrier saves a step and a "
        "visitor browses, on both app servers"
    )
    pid = carrier["public_id"]
    before = json.loads(shape.django_faults("dossier", pid).stdout.strip().splitlines()[-1])
    reads: list = []
    writes: list = []
    threads = []
    for number, base in enumerate(shape.urls()):
        browser = Browser(base, f"10.9.1.{number + 1}")
        browser.sign_in(carrier["email"])
        paths = ["/mes-dossiers/", f"/dossiers/{pid}/etapes/budget/", "/"]
        threads.append(threading.Thread(target=traffic, args=(browser, paths, 25, reads)))
    writer = Browser(shape.urls()[0], "10.9.1.9")
    writer.sign_in(carrier["email"])
    threads.append(threading.Thread(target=saves, args=(writer, pid, 25, writes)))
    for thread in threads:
        thread.start()
    time.sleep(5)
    restart_at = time.monotonic()
    restarted = cluster.restart()
    up_at = time.monotonic()
    for thread in threads:
        thread.join()
    logs = reads + [(at, "save " + str(title), status, portal) for at, title, status, portal in writes]
    during = [entry for entry in logs if restart_at - 0.5 <= entry[0] <= up_at + 2]
    after = sorted((entry for entry in logs if entry[0] > up_at + 2), key=lambda entry: entry[0])
    failures = [entry for entry in logs if entry[2] not in (200, 302)]
    foreign = [entry for entry in failures if not entry[3]]
    signed_out = [entry for entry in reads if entry[2] == 200 and not entry[4]]
    window = (
        f"from {min(e[0] for e in failures) - restart_at:+.1f} s to {max(e[0] for e in failures) - restart_at:+.1f} s "
        f"after the restart began (the cluster was back at {up_at - restart_at:+.1f} s)"
        if failures
        else "none"
    )
    say(
        f"restart ({'done' if restarted else 'FAILED'}) took {up_at - restart_at:.1f} s; {len(logs)} requests, "
        f"{len(during)} around the restart: {len(failures)} failed ({sorted({str(e[2]) for e in failures})}), "
        f"{len(foreign)} of them not the portal's error page; failures {window}; "
        f"{sum(1 for e in after if e[2] in (200, 302))}/{len(after)} answered after it (no app server restarted)"
    )
    saved = [entry for entry in writes if entry[2] == 302]
    failed_saves = [entry for entry in writes if entry[2] != 302]
    now = json.loads(shape.django_faults("dossier", pid).stdout.strip().splitlines()[-1])
    moved = now["version"] - before["version"]
    recorded = now["saves"] - before["saves"]
    titles = [entry[1] for entry in writes if entry[1]]
    last_saved = saved[-1][1] if saved else before["title"]
    # A save whose answer was lost may still have committed (PostgreSQL went down after the
    # COMMIT): then the title is a later one than the last the carrier was told was saved.
    title_ok = now["title"] == last_saved or (
        now["title"] in titles and titles.index(now["title"]) > titles.index(last_saved)
        if last_saved in titles
        else now["title"] in titles
    )
    whole = moved == recorded and len(saved) <= moved <= len(saved) + len(failed_saves) and title_ok
    say(
        f"the step saves: {len(saved)} answered « saved », {len(failed_saves)} failed; the dossier's version moved by "
        f"{moved}, the audit log recorded {recorded} saves; its title is the one of "
        f"{'the last save the carrier was told about' if now['title'] == last_saved else repr(now['title'])}; "
        f"audit chain intact: {now['chain_ok']} ({now['chain_checked']} entries)"
    )
    time.sleep(3)
    worker_alive = shape.worker.poll() is None
    say(f"the db_worker after the restart: {'still running' if worker_alive else 'exited'}; {worker_tail(shape)}")
    worker_works = False
    if worker_alive:
        task = json.loads(shape.django_faults("task", "enqueue").stdout.strip().splitlines()[-1])["id"]
        deadline = time.monotonic() + 60
        status = "READY"
        while time.monotonic() < deadline and status in ("READY", "RUNNING"):
            time.sleep(1)
            status = json.loads(shape.django_faults("task", task).stdout.strip().splitlines()[-1])["status"]
        worker_works = status == "SUCCESSFUL"
        say(f"a task queued after the restart: {status} (run by the same db_worker)")
    else:
        shape.start_worker()
        say("a new db_worker started for the next drills")
    recovered = bool(after) and all(entry[2] in (200, 302) for entry in after[len(after) // 4 :])
    drills.verdict(
        "PostgreSQL restarted",
        restarted
        and recovered
        and not foreign
        and not signed_out
        and whole
        and now["chain_ok"]
        and worker_alive
        and worker_works,
        f"restart of the private cluster: {up_at - restart_at:.1f} s; requests around it: {len(during)}, failed with "
        f"the portal's error page: {len(failures) - len(foreign)}, other failures: "
        f"{[(e[1], e[2]) for e in foreign][:5]}; recovered without restarting the app servers: {recovered}; "
        f"signed out by it: {len(signed_out)}; step saves: {len(saved)} saved + {len(failed_saves)} failed, "
        f"version +{moved} = audit +{recorded}, no half-written save: {whole}; audit chain intact: "
        f"{now['chain_ok']}; the db_worker survived: {worker_alive} and ran a task queued after: {worker_works}",
    )


def worker_tail(shape: Shape) -> str:
    lines = (shape.logs / "worker.log").read_text(errors="replace").strip().splitlines()
    errors = [line for line in lines if "Error" in line or "error" in line]
    return f"its last error line: {errors[-1][:300]}" if errors else "no error in its log"


class PrivateCluster:
    """A throw-away PostgreSQL cluster: ``initdb`` in a temporary folder with the machine's
    PostgreSQL binaries, trust authentication, listening on 127.0.0.1 on a free port (its socket
    in the folder, not in /var/run). PostgreSQL refuses to run as root: as root, the cluster runs
    as the ``postgres`` user (Debian's packages create it). ``remove()`` stops it and deletes the
    folder. The machine's own cluster is never touched."""

    def __init__(self):
        self.bindir = self._bindir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="ami-faults-pg-"))
        self.data = self.folder / "data"
        self.user = "postgres" if os.geteuid() == 0 else None
        self.started = False

    @staticmethod
    def _bindir() -> Path:
        found = shutil.which("pg_config")
        if found:
            result = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
            candidate = Path(result.stdout.strip())
            if result.returncode == 0 and (candidate / "initdb").exists():
                return candidate
        candidates = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]), reverse=True
        )
        if not candidates:
            raise SystemExit("no PostgreSQL server binaries (initdb) on this machine")
        return candidates[0].parent

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run one of the cluster's binaries (as ``postgres`` under root). Its output goes to a
        file, not a pipe: the server ``pg_ctl`` starts would inherit the pipe and keep it open."""
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        with open(self.folder / "commands.log", "a+") as log:  # noqa: PTH123
            start = log.tell()
            result = subprocess.run(
                command, stdout=log, stderr=log, text=True, check=False, timeout=timeout, cwd=self.folder
            )
            log.seek(start)
            result.stdout, result.stderr = log.read(), ""
        return result

    def start(self) -> None:
        if self.user:
            try:
                account = pwd.getpwnam(self.user)
            except KeyError:
                raise SystemExit(
                    "PostgreSQL does not run as root and there is no « postgres » user here: run this script as "
                    "an ordinary user, or create that user"
                ) from None
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        created = self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        if created.returncode != 0:
            raise SystemExit(f"initdb failed: {created.stdout[-2000:]}")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60"
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "postgres.log"), "-o", options, "-w", "start"
        )
        if started.returncode != 0:
            raise SystemExit(f"the private PostgreSQL did not start: {started.stdout[-2000:]}")
        self.started = True

    def restart(self) -> bool:
        """``pg_ctl restart`` in fast mode (what a failover or a minor upgrade does to clients:
        every open connection is cut); True once the cluster accepts connections again."""
        result = self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "restart",
        )
        return result.returncode == 0 and self.ready()

    def ready(self) -> bool:
        for _ in range(60):
            probe = [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"]
            if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
                return True
            time.sleep(0.5)
        return False

    def psql(self, sql: str) -> None:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-c", sql],
            check=True,
        )

    def remove(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)


def drill_s3(shape: Shape, drills: Drills, carrier: dict, pdf: bytes) -> None:
    say("s3: the storage unreachable (the gate in front of moto closed)")
    browser = Browser(shape.urls()[0], "10.9.2.1")
    browser.sign_in(carrier["email"])
    pid = carrier["public_id"]
    document = shape.manifest["documents"][0]["id"]
    upload = f"/dossiers/{pid}/pieces/{document}/"
    files = {f"doc{document}-file": ("statuts.pdf", pdf, "application/pdf")}
    response = browser.post(upload, files=files)
    assert response.status_code == 302, "the first upload (storage up) failed"
    documents_page = browser.get(f"/dossiers/{pid}/etapes/pieces/").text
    download = re.search(rf'href="(/dossiers/{pid}/fichiers/[^"]+)"', documents_page)
    title_before = re.search(r'name="title"[^>]*value="([^"]*)"', browser.get(f"/dossiers/{pid}/etapes/projet/").text)
    shape.gate_s3.close()
    try:
        refused = browser.post(upload, files={f"doc{document}-file": ("bilan.pdf", pdf, "application/pdf")})
        message = text_of(refused.text)
        say(f"upload while S3 is down: {refused.status_code}; the page says: {message or refused.text[:200]!r}")
        got = browser.get(download.group(1)) if download else None
        say(
            f"download while S3 is down: {got.status_code if got is not None else 'no link'}; "
            f"{(text_of(got.text, r'<(?:h1|p)[^>]*>(.*?)</(?:h1|p)>') if got is not None else '')[:200]}"
        )
        health = browser.get("/health/")
        say(f"/health/ while S3 is down: {health.status_code} {health.text[:300]}")
        step = browser.get(f"/dossiers/{pid}/etapes/projet/")
        title_during = re.search(r'name="title"[^>]*value="([^"]*)"', step.text)
        kept = (
            step.status_code == 200 and title_during and title_before and title_during.group(1) == title_before.group(1)
        )
    finally:
        shape.gate_s3.open()
    time.sleep(1)
    again = browser.post(upload, files={f"doc{document}-file": ("bilan.pdf", pdf, "application/pdf")})
    health_after = browser.get("/health/")
    say(f"S3 back: upload {again.status_code}, /health/ {health_after.status_code}")
    clear_upload = refused.status_code == 200 and bool(message) and "Traceback" not in refused.text
    clear_download = got is not None and got.status_code in (502, 503, 504) and "Traceback" not in got.text
    named = health.status_code == 503 and "storage" in health.text
    drills.verdict(
        "S3 unavailable",
        clear_upload
        and clear_download
        and named
        and kept
        and again.status_code == 302
        and health_after.status_code == 200,
        f"upload refused with a French message: {clear_upload}; download a clear error: {clear_download} "
        f"({got.status_code if got is not None else '–'}); /health/ 503 naming the storage: {named}; the draft kept "
        f"its content: {bool(kept)}; works again after: {again.status_code == 302 and health_after.status_code == 200}",
    )


def drill_redis(shape: Shape, drills: Drills, carrier: dict) -> None:
    say("redis: the cache's Redis stopped while people browse and a carrier saves a step")
    browser = Browser(shape.urls()[1], "10.9.3.1")
    browser.sign_in(carrier["email"])
    stop_process(shape.redis)
    results = {}
    try:
        for label, call in [
            (
                "call page (anonymous)",
                lambda: Browser(shape.urls()[0], "10.9.3.2").get(f"/appels/{shape.manifest['call_slug']}/"),
            ),
            ("home page", lambda: browser.get("/")),
            ("my dossiers (signed in before)", lambda: browser.get("/mes-dossiers/")),
            ("sign in (new session)", lambda: sign_in_status(shape.urls()[0], carrier["email"])),
        ]:
            started = time.monotonic()
            try:
                response = call()
                status = response if isinstance(response, int) else response.status_code
            except Exception as exc:  # noqa: BLE001
                status = type(exc).__name__
            results[label] = (status, round(time.monotonic() - started, 1))
        say(f"with Redis stopped: {results}")
    finally:
        shape.start_redis()
    time.sleep(1)
    back = browser.get("/mes-dossiers/").status_code
    ok = all(status in (200, 302) for status, _ in results.values())
    drills.verdict(
        "Redis unavailable",
        ok and back == 200,
        f"the portal kept serving: {ok} ({results}); after Redis came back: {back}",
    )


def sign_in_status(base: str, email: str) -> int:
    browser = Browser(base, "10.9.3.3")
    browser.get("/compte/connexion/")
    return browser.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code


def drill_smtp(shape: Shape, drills: Drills, carrier: dict, pdf: bytes) -> None:
    say(f"smtp: the relay (127.0.0.1:{shape.smtp_port}) refuses connections; a carrier submits (receipt email)")
    browser = Browser(shape.urls()[0], "10.9.4.1")
    browser.sign_in(carrier["email"])
    pid = carrier["public_id"]
    for document in shape.manifest["documents"]:
        response = browser.post(
            f"/dossiers/{pid}/pieces/{document['id']}/",
            files={f"doc{document['id']}-file": ("piece.pdf", pdf, "application/pdf")},
        )
        assert response.status_code == 302, f"upload refused: {text_of(response.text)}"
    for slug in ("organisme",):
        page = browser.get(f"/dossiers/{pid}/etapes/{slug}/").text
        from rush import form_fields

        _, fields = form_fields(page, form_id="formulaire-etape")
        data = {}
        for key, value in fields:
            data.setdefault(key, []).append(value)
        data["action"] = "draft"
        browser.post(f"/dossiers/{pid}/etapes/{slug}/", data)
    summary = browser.get(f"/dossiers/{pid}/etapes/recapitulatif/").text
    version = re.search(r'name="version" value="(\d+)"', summary).group(1)
    submitted = browser.post(f"/dossiers/{pid}/deposer/", {"version": version, "sworn_statement": "on"})
    say(f"submission: {submitted.status_code} {submitted.headers.get('Location', '')} {text_of(submitted.text)[:150]}")
    time.sleep(8)
    down = state(shape)
    say(
        f"after 8 s with the relay down: emails {down['emails']}, failed send attempts recorded {down['emails_failed_attempts']}"
    )
    sink = SmtpSink(shape.smtp_port)
    say("the relay is back (an SMTP sink on the same port); waiting up to 150 s for the retry")
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        up = state(shape)
        if up["emails"].get("sent") and not up["emails"].get("queued"):
            break
        time.sleep(3)
    sink.shutdown()
    sink.server_close()
    say(f"emails {up['emails']}; messages the relay received: {len(sink.messages)}")
    never_falsely_sent = not down["emails"].get("sent")
    drills.verdict(
        "SMTP failing",
        submitted.status_code == 302
        and never_falsely_sent
        and down["emails_failed_attempts"] >= 1
        and up["emails"].get("sent", 0) == len(sink.messages) >= 1,
        f"the submission went through with the relay down: {submitted.status_code == 302}; nothing marked sent "
        f"while it was down: {never_falsely_sent}; attempts failed then retried: {down['emails_failed_attempts']}; "
        f"sent once it was back: {up['emails'].get('sent', 0)} (relay received {len(sink.messages)})",
    )


def drill_disk(shape: Shape, drills: Drills, carrier: dict, pdf: bytes) -> None:
    say("disk: an app server on the embedded storage whose media folder is a 2 MB tmpfs; a 3 MB upload")
    media = shape.var / "tiny-media"
    media.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(media)], capture_output=True)
    if mounted.returncode != 0:
        drills.verdict("media disk full", False, f"could not mount a tmpfs: {mounted.stderr.decode().strip()}")
        return
    port = free_port()
    env = {k: v for k, v in shape.env.items() if not k.startswith("AWS_")}
    env.update(MEDIA_ROOT=str(media), GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    log = open(shape.logs / "web-disk.log", "ab")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "ami_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", what="the embedded-storage app server")
        # Fill the folder first, as a disk nearly full is.
        (media / "filler").write_bytes(b"\0" * int(1.5 * MB))
        browser = Browser(f"http://127.0.0.1:{port}", "10.9.5.1")
        browser.sign_in(carrier["email"])
        document = shape.manifest["documents"][0]["id"]
        response = browser.post(
            f"/dossiers/{carrier['public_id']}/pieces/{document}/",
            files={f"doc{document}-file": ("statuts.pdf", pdf, "application/pdf")},
        )
        message = text_of(response.text)
        say(f"upload on a full disk: {response.status_code}; the page says: {message or response.text[:200]!r}")
        health = browser.get("/health/")
        say(f"/health/: {health.status_code} {health.text[:200]}")
        leftovers = [p.name for p in media.rglob("*") if p.is_file() and p.name != "filler"]
        page = browser.get(f"/dossiers/{carrier['public_id']}/etapes/pieces/")
        clean = response.status_code == 200 and bool(message) and "Traceback" not in response.text
        drills.verdict(
            "media disk full",
            clean and not leftovers and page.status_code == 200,
            f"upload refused with a message: {clean} ({response.status_code}: {message[:160]}); partial files left: "
            f"{leftovers}; the documents page still answers: {page.status_code}",
        )
    finally:
        stop_process(server)
        subprocess.run(["umount", str(media)], check=False)


# --------------------------------------------------------------------------------------------
class FaultShape(Shape):
    """rush.py's shape, with S3 behind a gate, its own Redis, an SMTP port nobody listens on."""

    def __init__(self):
        self.redis_port = free_port()
        self.smtp_port = free_port()
        super().__init__(name="ami_faults")
        self.gate_s3 = None
        self.redis = None
        self.cluster = PrivateCluster()
        self.env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.cluster.port}/{self.name}",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="5",
        )

    def start_moto(self) -> None:
        super().start_moto()
        self.gate_s3 = Gate(self.s3_port)
        self.env["AWS_S3_ENDPOINT_URL"] = f"http://127.0.0.1:{self.gate_s3.port}"

    def create_database_and_bucket(self) -> None:
        """The database in the private cluster (started here), not in the machine's."""
        self.cluster.start()
        self.cluster.psql(f'CREATE DATABASE "{self.name}"')
        self.create_bucket()

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(0.5)

    def django_faults(self, command: str, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), command, *args],
            cwd=ROOT,
            env=self.env,
            text=True,
            capture_output=True,
        )
        if result.returncode != 0:
            print(result.stderr[-2000:])
            raise SystemExit(f"{command} failed")
        return result

    def stop(self, *, drop: bool = True) -> None:
        stop_process(self.redis)
        if self.gate_s3 and self.gate_s3.listener:
            self.gate_s3.close()
        super().stop(drop=False)  # the database goes with its cluster
        self.cluster.remove()
        if drop:
            shutil.rmtree(self.var, ignore_errors=True)


DRILLS = ["worker", "postgres", "s3", "redis", "smtp", "disk"]


def main() -> int:
    commands = {
        "decisions": command_decisions,
        "state": command_state,
        "dossier": command_dossier,
        "task": command_task,
    }
    if len(sys.argv) > 1 and sys.argv[1] in commands:
        commands[sys.argv[1]](sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drills", nargs="*", help=f"some of: {' '.join(DRILLS)} (all by default)")
    args = parser.parse_args()
    chosen = args.drills or DRILLS
    if unknown := set(chosen) - set(DRILLS):
        parser.error(f"unknown drills: {', '.join(sorted(unknown))}")
    shape = FaultShape()
    drills = Drills()
    pdf = make_pdf(3 * MB, "Piece des exercices de panne")
    try:
        shape.start_redis()
        shape.start(seed_args=["--carriers", "20", "--reviewers", "0"])
        carriers = iter(shape.manifest["carriers"][12:])  # the first 12 become decisions in the worker drill
        print(
            f"shape up: app servers {shape.urls()}, S3 gate :{shape.gate_s3.port} → moto :{shape.s3_port}, "
            f"Redis :{shape.redis_port}, SMTP :{shape.smtp_port} (nobody listening)"
        )
        for name in chosen:
            try:
                if name == "worker":
                    drill_worker(shape, drills)
                elif name == "postgres":
                    drill_postgres(shape, drills, next(carriers))
                elif name == "s3":
                    drill_s3(shape, drills, next(carriers), pdf)
                elif name == "redis":
                    drill_redis(shape, drills, next(carriers))
                elif name == "smtp":
                    drill_smtp(shape, drills, next(carriers), pdf)
                elif name == "disk":
                    drill_disk(shape, drills, next(carriers), pdf)
            except Exception as exc:  # noqa: BLE001 - one drill's crash is reported, the others run
                drills.verdict(name, False, f"the drill itself failed: {exc!r}")
    finally:
        shape.stop()
    print()
    print("| drill | result | what was verified |")
    print("| --- | --- | --- |")
    for drill, ok, detail in drills.results:
        print(f"| {drill} | {'OK' if ok else 'DEFECT'} | {detail} |")
    return 0 if all(ok for _, ok, _ in drills.results) else 1


if __name__ == "__main__":
    sys.exit(main())
