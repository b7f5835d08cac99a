"""Background work of the decisions: every decision PDF of a call, then a ZIP and the email drafts.

Runs in-process by default and in a ``db_worker`` in production (django-tasks). Generation is
idempotent: a decision that already has its PDF keeps it (its fingerprint is published), so a
job can be run again after a failure and only does what is missing. Each failure is recorded on
the job, which staff see in the admin with its progress.
"""

import logging
import tempfile
import zipfile
from datetime import timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from applications import audit
from applications.models import Call

from .decision_emails import prepare_decision_emails
from .documents import attach_pdf, download_name
from .models import Decision, GenerationJob

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=2)  # a job « running » longer than this was interrupted


def active_job(call: Call) -> GenerationJob | None:
    return (
        GenerationJob.objects.filter(
            call=call,
            status__in=[GenerationJob.Status.QUEUED, GenerationJob.Status.RUNNING],
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )


def start_generation(*, call: Call, by) -> GenerationJob:
    """Queue the generation of every missing PDF of ``call``; a job already under way is reused."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        job = active_job(call)
        if job is not None:
            return job
        job = GenerationJob.objects.create(call=call, requested_by=by, total=Decision.objects.filter(call=call).count())
        audit.record(action="decisions_generation_started", actor=by, call=call, obj=job)
        transaction.on_commit(lambda: generate_call_decisions.enqueue(job_id=job.pk))
    return job


@task()
def generate_call_decisions(job_id: int) -> None:
    run_generation(GenerationJob.objects.get(pk=job_id))


def run_generation(job: GenerationJob, *, progress=None) -> GenerationJob:
    """Render what is missing, build the ZIP, prepare the email drafts; record progress and failures.

    ``progress(done, total)`` is called after each decision (the management command draws a bar).
    """
    if job.status == GenerationJob.Status.DONE:
        return job
    decisions = list(
        Decision.objects.filter(call=job.call)
        .select_related("application")
        .order_by("application__reference", "version")
    )
    job.status = GenerationJob.Status.RUNNING
    job.total, job.done, job.error = len(decisions), 0, ""
    job.save(update_fields=["status", "total", "done", "error"])
    failures = []
    for decision in decisions:
        try:
            attach_pdf(decision)
        except Exception as exc:  # noqa: BLE001 - recorded on the job for staff, the others go on
            logger.exception("decision %s: PDF generation failed", decision.reference)
            failures.append(f"{decision.reference} : {type(exc).__name__} : {exc}"[:500])
        job.done += 1
        GenerationJob.objects.filter(pk=job.pk).update(done=job.done)
        if progress:
            progress(job.done, job.total)
    try:
        build_zip(job)
        prepare_decision_emails(call=job.call)
    except Exception as exc:  # noqa: BLE001
        logger.exception("generation job %s: ZIP or emails failed", job.pk)
        failures.append(f"ZIP : {type(exc).__name__} : {exc}"[:500])
    job.status = GenerationJob.Status.FAILED if failures else GenerationJob.Status.DONE
    job.error = "\n".join(failures)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "zip_file"])
    audit.record(
        action="decisions_generation_finished",
        call=job.call,
        obj=job,
        changes={"status": job.status, "done": job.done, "failures": len(failures)},
    )
    return job


def build_zip(job: GenerationJob) -> None:
    """Every decision PDF of the call: valid ones at the top, superseded ones in « remplacees/»."""
    decisions = Decision.objects.filter(call=job.call).exclude(sha256="").order_by("application__reference", "version")
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for decision in decisions.iterator():
                folder = "" if decision.status == Decision.Status.ISSUED else "remplacees/"
                with decision.pdf.open("rb") as pdf:
                    archive.writestr(folder + download_name(decision), pdf.read())
        handle.seek(0)
        if job.zip_file:
            job.zip_file.delete(save=False)
        job.zip_file.save(f"decisions-{job.call.slug}-{job.pk}.zip", File(handle), save=False)
