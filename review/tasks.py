"""Background work of the decisions: every decision PDF of a call, then a ZIP and the email drafts.

A whole call's generation fans out so that every worker takes a share. The job's task enqueues one
task per decision still without its PDF; each of them stores its PDF and counts itself done on the
job (counted again from what is done, under the job's row lock), and the one that brings the count to the total
enqueues the finishing task, which builds the ZIP and prepares the email drafts — once.

Every task is retried with backoff when it fails (``ami_portal.tasks.retried_task``): a storage or
database hiccup does not fail the job. A decision that still fails after its last attempt is
recorded on the job and counted as done, so the job always ends — « failed », with the reasons, for
staff to see. Generation is idempotent: a decision that already has its PDF keeps it (its
fingerprint is published), so a job can be run again after a failure and only does what is missing.

With a task queue (``TASKS_BACKEND=database`` and ``db_worker``) the tasks are enqueued in the same
transaction as the job's change of state, all or none. In the embedded profile the same tasks run
inline, each in its own transaction, one after the other. ``run_generation`` does the same work in
the calling process, with a progress callback (the ``generate_decisions`` command).
"""

import logging
import tempfile
import zipfile
from datetime import timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ami_portal.tasks import retried_task
from applications import audit
from applications.models import Call

from .decision_emails import prepare_decision_emails
from .documents import attach_pdf, download_name
from .models import Decision, GenerationJob

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=2)  # a job « running » longer than this was interrupted
Status = GenerationJob.Status


def active_job(call: Call) -> GenerationJob | None:
    return (
        GenerationJob.objects.filter(
            call=call,
            status__in=[Status.QUEUED, Status.RUNNING],
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )


def start_generation(*, call: Call, by) -> GenerationJob:
    """Queue the generation of every missing PDF of ``call``; a job already under way is reused."""
    with transaction.atomic():
        call = Call.objects.select_for_update(no_key=True).get(pk=call.pk)
        job = active_job(call)
        if job is not None:
            return job
        job = GenerationJob.objects.create(call=call, requested_by=by, total=Decision.objects.filter(call=call).count())
        audit.record(action="decisions_generation_started", actor=by, call=call, obj=job)
        transaction.on_commit(lambda: generate_call_decisions.enqueue(job_id=job.pk))
    return job


# --------------------------------------------------------------------------------------------
# The job, fanned out
# --------------------------------------------------------------------------------------------
def _failure(label: str, exception: BaseException) -> str:
    """One line of the job's error list."""
    return " ".join(f"{label} : {type(exception).__name__} : {exception}".split())[:500]


def _enqueue(task, **kwargs) -> None:
    """Enqueue ``task`` inside the current transaction when workers read a queue (all or none);
    after it when the backend runs tasks inline, so that each runs in its own transaction."""
    if task.get_backend().supports_defer:
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


def _begin(job_id: int, *, claimable: tuple[str, ...]) -> tuple[GenerationJob, list[int]] | None:
    """Mark the job running and return the decisions still without their PDF, or None if the job
    is not in one of the ``claimable`` states (someone else runs it, or it is over)."""
    job = GenerationJob.objects.select_for_update(no_key=True).get(pk=job_id)
    if job.status not in claimable:
        return None
    decisions = Decision.objects.filter(call_id=job.call_id)
    missing = list(
        decisions.filter(sha256="").order_by("application__reference", "version").values_list("pk", flat=True)
    )
    job.status, job.total, job.error, job.finished_at = Status.RUNNING, decisions.count(), "", None
    job.done = job.total - len(missing)
    job.save(update_fields=["status", "total", "done", "error", "finished_at"])
    return job, missing


def _job_failed(exception: BaseException, job_id: int) -> None:
    GenerationJob.objects.filter(pk=job_id).exclude(status__in=[Status.DONE, Status.FAILED]).update(
        status=Status.FAILED, error=_failure(_("Generation"), exception), finished_at=timezone.now()
    )


@retried_task(max_attempts=5, on_give_up=_job_failed)
def generate_call_decisions(job_id: int) -> None:
    """The job: one task per decision still without its PDF (or the finishing task at once)."""
    with transaction.atomic():
        started = _begin(job_id, claimable=(Status.QUEUED,))
        if started is None:
            return  # already fanned out (this is a second delivery) or over
        job, missing = started
        for decision_id in missing:
            _enqueue(render_call_decision, job_id=job.pk, decision_id=decision_id)
        if not missing:
            _enqueue(finish_generation, job_id=job.pk)


def count_done(job_id: int, *, failure: str = "") -> bool:
    """Record one more decision done on the job (with its failure, if any); True when this call
    brought the job to its total, for exactly one caller.

    Idempotent, because a task may be delivered again after its worker died between counting and
    recording its own success (``ami_portal.tasks.requeue_stale_tasks``): the count is what is
    done — the job's decisions that have their PDF, plus the failures recorded (one line each,
    recorded once) — not one more than last time.
    """
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update(no_key=True).get(pk=job_id)
        if job.status != Status.RUNNING:
            return False
        failures = job.error.splitlines()
        if failure and failure not in failures:
            failures.append(failure)
        # The job's decisions are the call's first ``total`` ones (decisions are never deleted);
        # a correction issued meanwhile is a later one and has its PDF from the start.
        ids = list(
            Decision.objects.filter(call_id=job.call_id).order_by("pk").values_list("pk", flat=True)[: job.total]
        )
        last_id = ids[-1] if ids else 0
        rendered = Decision.objects.filter(call_id=job.call_id, pk__lte=last_id).exclude(sha256="").count()
        done = min(job.total, rendered + len(failures))
        GenerationJob.objects.filter(pk=job_id).update(done=done, error="\n".join(failures))
        return job.done < job.total and done == job.total


def _decision_failed(exception: BaseException, job_id: int, decision_id: int) -> None:
    reference = Decision.objects.filter(pk=decision_id).values_list("reference", flat=True).first()
    with transaction.atomic():
        if count_done(job_id, failure=_failure(reference or _("decision %(id)s") % {"id": decision_id}, exception)):
            _enqueue(finish_generation, job_id=job_id)


@retried_task(max_attempts=3, on_give_up=_decision_failed)
def render_call_decision(job_id: int, decision_id: int) -> None:
    """One decision's PDF for a job; the last one to be counted enqueues the finishing task."""
    if not GenerationJob.objects.filter(pk=job_id, status=Status.RUNNING).exists():
        return  # the job is over (or abandoned): nothing is waiting for this PDF
    attach_pdf(Decision.objects.get(pk=decision_id))  # idempotent: a retry after this keeps the PDF
    with transaction.atomic():
        if count_done(job_id):
            _enqueue(finish_generation, job_id=job_id)


def _finishing_failed(exception: BaseException, job_id: int) -> None:
    finish(GenerationJob.objects.get(pk=job_id), failure=_failure("ZIP", exception))


@retried_task(max_attempts=5, on_give_up=_finishing_failed)
def finish_generation(job_id: int) -> None:
    """The ZIP and the email drafts, once every decision of the job is counted."""
    job = GenerationJob.objects.select_related("call").get(pk=job_id)
    if job.status != Status.RUNNING:
        return
    build_zip(job)
    prepare_decision_emails(call=job.call)
    finish(job)


def finish(job: GenerationJob, *, failure: str = "") -> GenerationJob:
    """Close the job: done, or failed with the failures recorded on it (and ``failure``)."""
    with transaction.atomic():
        current = GenerationJob.objects.select_for_update(no_key=True).get(pk=job.pk)
        errors = [line for line in (current.error, failure) if line]
        job.error = "\n".join(errors)
        job.status = Status.FAILED if job.error else Status.DONE
        job.done, job.total = current.done, current.total
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "zip_file"])
        audit.record(
            action="decisions_generation_finished",
            call=job.call,
            obj=job,
            changes={"status": job.status, "done": job.done, "failures": len(job.error.splitlines())},
        )
    return job


# --------------------------------------------------------------------------------------------
# The same work in this process (the management command)
# --------------------------------------------------------------------------------------------
def run_generation(job: GenerationJob, *, progress=None) -> GenerationJob:
    """Render what is missing, build the ZIP, prepare the email drafts, in this process; record
    progress and failures on the job as the tasks do.

    ``progress(done, total)`` is called after each decision (the management command draws a bar).
    """
    if job.status == Status.DONE:
        return job
    with transaction.atomic():
        job, missing = _begin(job.pk, claimable=(Status.QUEUED, Status.RUNNING, Status.FAILED))
    for decision_id in missing:
        failure = ""
        try:
            attach_pdf(Decision.objects.get(pk=decision_id))
        except Exception as exc:  # noqa: BLE001 - recorded on the job for staff, the others go on
            reference = Decision.objects.filter(pk=decision_id).values_list("reference", flat=True).first()
            logger.exception("decision %s: PDF generation failed", reference)
            failure = _failure(reference or _("decision %(id)s") % {"id": decision_id}, exc)
        count_done(job.pk, failure=failure)
        job.refresh_from_db(fields=["done", "total"])
        if progress:
            progress(job.done, job.total)
    job = GenerationJob.objects.select_related("call").get(pk=job.pk)
    try:
        build_zip(job)
        prepare_decision_emails(call=job.call)
    except Exception as exc:  # noqa: BLE001
        logger.exception("generation job %s: ZIP or emails failed", job.pk)
        return finish(job, failure=_failure("ZIP", exc))
    return finish(job)


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
