"""Generating a call's decisions in the background, the ZIP, the email drafts and their sending."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applications.models import AuditEntry, OutgoingEmail
from review import documents, tasks
from review.decision_emails import decision_emails, send_drafts
from review.decisions import correct_decision, validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import propose
from review.tasks import generate_call_decisions, run_generation, start_generation
from tests.factories import CarrierFactory
from tests.task_support import run_worker

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED


@pytest.fixture
def call(django_capture_on_commit_callbacks):
    call = small_call()
    member, signer = committee_member(), official()
    winner = reviewed_dossier(call, requested="40000.00")
    CarrierFactory(organisation=winner.organisation, email="presidente@asso.example.org")
    loser = reviewed_dossier(call)
    validate_proposal(
        proposal=propose(application=winner, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    validate_proposal(
        proposal=propose(application=loser, outcome=REJECTED, assessment_summary="Moins abouti.", by=member),
        signature=signature(),
        by=signer,
    )
    call.signer = signer
    return call


def test_background_generation_renders_every_pdf_zips_them_and_prepares_drafts(
    call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and job.done == job.total == 2 and not job.error
    assert all(d.sha256 for d in Decision.objects.filter(call=call))

    with zipfile.ZipFile(job.zip_file.open("rb")) as archive:
        assert sorted(archive.namelist()) == sorted(f"{d.reference}.pdf" for d in Decision.objects.filter(call=call))

    drafts = decision_emails().filter(application__call=call)
    assert drafts.count() == 3  # the winner's contact and member, the other carrier's contact
    assert set(drafts.values_list("status", flat=True)) == {OutgoingEmail.Status.DRAFT}
    award_draft = drafts.filter(kind="decision_award").first()
    assert award_draft.attachment_path and award_draft.attachment_name.endswith("-D1.pdf")
    assert "/v/" in award_draft.body and "/dossiers/" in award_draft.body
    assert not mail.outbox  # nothing leaves before an official sends it


def test_generation_is_idempotent_and_reuses_a_running_job(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = start_generation(call=call, by=call.signer)
        assert start_generation(call=call, by=call.signer).pk == first.pk
    run_generation(first)
    fingerprints = dict(Decision.objects.values_list("pk", "sha256"))
    again = run_generation(GenerationJob.objects.create(call=call))
    assert again.status == GenerationJob.Status.DONE
    assert dict(Decision.objects.values_list("pk", "sha256")) == fingerprints
    assert decision_emails().filter(application__call=call).count() == 3  # no duplicate drafts


def test_a_failure_is_recorded_and_the_others_go_on(call, monkeypatch):
    real = documents.render_decision_pdf
    refusal = Decision.objects.get(call=call, kind=Decision.Kind.REFUSAL)

    def flaky(decision):
        if decision.pk == refusal.pk:
            raise RuntimeError("police introuvable")
        return real(decision)

    monkeypatch.setattr(documents, "render_decision_pdf", flaky)
    job = run_generation(GenerationJob.objects.create(call=call))
    assert job.status == GenerationJob.Status.FAILED
    assert refusal.reference in job.error and "police introuvable" in job.error
    assert Decision.objects.get(call=call, kind=Decision.Kind.AWARD).sha256


def test_sending_the_drafts_sends_and_records_them_but_never_a_superseded_decision(
    call, django_capture_on_commit_callbacks
):
    run_generation(GenerationJob.objects.create(call=call))
    award = Decision.objects.get(call=call, kind=Decision.Kind.AWARD)
    correct_decision(
        decision=award,
        outcome=SELECTED,
        awarded_amount=award.amount - 1000,
        amount_reason="Ajustement",
        correction_reason="Erreur de montant",
        signature=signature(),
        by=call.signer,
    )
    run_generation(GenerationJob.objects.create(call=call))
    drafts = decision_emails().filter(application__call=call, status=OutgoingEmail.Status.DRAFT)
    assert drafts.count() == 5  # one for the refusal, two for each award version

    with django_capture_on_commit_callbacks(execute=True):
        sent, withheld = send_drafts(emails=drafts, by=call.signer)

    assert (sent, withheld) == (3, 2)
    assert len(mail.outbox) == 3
    assert all(message.attachments[0][0].endswith(".pdf") for message in mail.outbox)
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 3
    assert AuditEntry.objects.filter(action="decision_email_sent").count() == 3
    superseded = Decision.objects.get(status=Decision.Status.SUPERSEDED)
    assert set(OutgoingEmail.objects.filter(attachment_path=superseded.pdf.name).values_list("status", flat=True)) == {
        OutgoingEmail.Status.FAILED
    }


def test_command_draws_a_progress_bar(call):
    out = io.StringIO()
    call_command("generate_decisions", "--call", call.slug, stdout=out)
    text = out.getvalue()
    assert "2/2" in text and "#" in text
    assert GenerationJob.objects.get(call=call).status == GenerationJob.Status.DONE


# --------------------------------------------------------------------------------------------
# The job fans out: one task per decision, shared by the workers
# --------------------------------------------------------------------------------------------


def queued(task_name):
    return DBTaskResult.objects.filter(task_path=f"review.tasks.{task_name}")


@pytest.fixture
def zips_built(monkeypatch):
    built = []
    real = tasks.build_zip

    def counted(job):
        built.append(job.pk)
        return real(job)

    monkeypatch.setattr(tasks, "build_zip", counted)
    return built


@pytest.mark.parametrize("order", ["as queued", "reversed"])
def test_the_job_enqueues_one_task_per_missing_pdf_and_the_last_one_finishes_it(
    call, database_tasks, django_capture_on_commit_callbacks, zips_built, order
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    run_worker(max_tasks=1)  # the job's own task: it only fans out

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (GenerationJob.Status.RUNNING, 0, 2)
    per_decision = list(queued("render_call_decision").order_by("enqueued_at"))
    assert sorted(row.args_kwargs["kwargs"]["decision_id"] for row in per_decision) == sorted(
        Decision.objects.filter(call=call).values_list("pk", flat=True)
    )
    generate_call_decisions.call(job_id=job.pk)  # delivered twice: nothing more is queued
    assert queued("render_call_decision").count() == 2

    # The worker takes the highest priority first: run them in the order under test.
    if order == "reversed":
        per_decision.reverse()
    for priority, row in enumerate(reversed(per_decision)):
        DBTaskResult.objects.filter(pk=row.pk).update(priority=priority)
    run_worker(max_tasks=1)
    job.refresh_from_db()
    assert (job.status, job.done) == (GenerationJob.Status.RUNNING, 1)
    assert not queued("finish_generation").exists() and not zips_built
    first_id = per_decision[0].args_kwargs["kwargs"]["decision_id"]
    assert list(Decision.objects.exclude(sha256="").values_list("pk", flat=True)) == [first_id]

    run_worker()  # the other decision, then the finishing task it enqueued
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and job.done == job.total == 2 and not job.error
    assert queued("finish_generation").count() == 1 and zips_built == [job.pk]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    with zipfile.ZipFile(job.zip_file.open("rb")) as archive:
        assert sorted(archive.namelist()) == sorted(f"{d.reference}.pdf" for d in Decision.objects.filter(call=call))
    assert decision_emails().filter(application__call=call).count() == 3


def test_only_the_missing_pdfs_are_queued_and_a_complete_call_just_finishes(
    call, database_tasks, django_capture_on_commit_callbacks, zips_built
):
    award = Decision.objects.get(call=call, kind=Decision.Kind.AWARD)
    documents.attach_pdf(award)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    run_worker(max_tasks=1)
    assert [row.args_kwargs["kwargs"]["decision_id"] for row in queued("render_call_decision")] == [
        Decision.objects.get(call=call, kind=Decision.Kind.REFUSAL).pk
    ]
    job.refresh_from_db()
    assert (job.done, job.total) == (1, 2)
    run_worker()
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and zips_built == [job.pk]

    with django_capture_on_commit_callbacks(execute=True):
        again = start_generation(call=call, by=call.signer)
    run_worker()
    again.refresh_from_db()
    assert again.status == GenerationJob.Status.DONE and (again.done, again.total) == (2, 2)
    assert queued("render_call_decision").count() == 1  # nothing new to render


def test_a_decision_that_keeps_failing_is_retried_then_recorded_and_the_job_ends(
    call, database_tasks, django_capture_on_commit_callbacks, monkeypatch, zips_built
):
    refusal = Decision.objects.get(call=call, kind=Decision.Kind.REFUSAL)
    real = documents.render_decision_pdf
    attempts = []

    def broken(decision):
        if decision.pk == refusal.pk:
            attempts.append(decision.pk)
            raise OSError("stockage indisponible")
        return real(decision)

    monkeypatch.setattr(documents, "render_decision_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    while DBTaskResult.objects.filter(status="READY").exists():
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # skip the backoff
        run_worker()

    job.refresh_from_db()
    assert len(attempts) == 3  # retried, then given up
    assert job.status == GenerationJob.Status.FAILED and job.done == job.total == 2
    assert job.error == f"{refusal.reference} : OSError : stockage indisponible"
    assert zips_built == [job.pk]
    with zipfile.ZipFile(job.zip_file.open("rb")) as archive:
        assert archive.namelist() == [f"{Decision.objects.get(call=call, kind=Decision.Kind.AWARD).reference}.pdf"]


def test_in_process_the_same_tasks_run_inline_and_record_a_failure(
    call, django_capture_on_commit_callbacks, monkeypatch
):
    refusal = Decision.objects.get(call=call, kind=Decision.Kind.REFUSAL)
    real = documents.render_decision_pdf

    def broken(decision):
        if decision.pk == refusal.pk:
            raise RuntimeError("police introuvable")
        return real(decision)

    monkeypatch.setattr(documents, "render_decision_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.FAILED and job.done == job.total == 2
    assert refusal.reference in job.error and "police introuvable" in job.error
    assert Decision.objects.get(call=call, kind=Decision.Kind.AWARD).sha256 and job.zip_file
    finished = AuditEntry.objects.get(action="decisions_generation_finished")
    assert finished.changes == {"status": "failed", "done": 2, "failures": 1}
