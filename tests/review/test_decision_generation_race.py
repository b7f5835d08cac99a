"""Workers finishing a call's decisions at the same moment count each one once and build one ZIP.

PostgreSQL only: SQLite ignores ``SELECT … FOR UPDATE`` (and serialises writers anyway), so the
race these tests exercise only exists where the production database and its workers run.
"""

from django_tasks_db.models import DBTaskResult

from review.decisions import validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import propose
from review.tasks import count_done, finish_generation, generate_call_decisions, render_call_decision
from tests.security.races import POSTGRES_ONLY, run_at_once
from tests.task_support import DATABASE_TASKS

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = POSTGRES_ONLY


def all_at_once(calls):
    """Run each zero-argument callable in its own thread (own connection), released together."""
    outcomes = run_at_once(*calls)
    errors = [outcome.error for outcome in outcomes if not outcome.ok]
    assert not errors, errors
    return [outcome.value for outcome in outcomes]


def test_concurrent_counts_reach_the_total_once(on_postgres):
    call = small_call()
    member, signer = committee_member(), official()
    decisions = [
        validate_proposal(
            proposal=propose(
                application=reviewed_dossier(call),
                outcome=Proposal.Outcome.REJECTED,
                assessment_summary="Moins abouti.",
                by=member,
            ),
            signature=signature(),
            by=signer,
        )
        for _ in range(12)
    ]
    job = GenerationJob.objects.create(call=call, status=GenerationJob.Status.RUNNING, total=12)

    def render_and_count(decision):
        # A worker stores its decision's PDF, then counts: the count is what is done.
        Decision.objects.filter(pk=decision.pk).update(sha256=f"{decision.pk:064x}")
        return count_done(job.pk)

    last = all_at_once([lambda d=d: render_and_count(d) for d in decisions])

    job.refresh_from_db()
    assert job.done == 12
    assert sorted(last) == [False] * 11 + [True]


def test_decisions_rendered_by_concurrent_workers_finish_the_job_once(on_postgres, settings):
    settings.TASKS = DATABASE_TASKS
    call = small_call(max_selected=4, budget_envelope=200_000)
    member, signer = committee_member(), official()
    for _ in range(4):
        proposal = propose(application=reviewed_dossier(call), outcome=Proposal.Outcome.SELECTED, by=member)
        validate_proposal(proposal=proposal, signature=signature(), by=signer)
    job = GenerationJob.objects.create(call=call, requested_by=signer)

    generate_call_decisions.call(job_id=job.pk)  # the job's task: four per-decision tasks queued
    queued = DBTaskResult.objects.filter(task_path="review.tasks.render_call_decision")
    kwargs = [row.args_kwargs["kwargs"] for row in queued]
    assert len(kwargs) == 4

    all_at_once([lambda k=k: render_call_decision.call(**k) for k in kwargs])

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (GenerationJob.Status.RUNNING, 4, 4)
    assert not Decision.objects.filter(call=call, sha256="").exists()
    (finishing,) = DBTaskResult.objects.filter(task_path="review.tasks.finish_generation")
    finish_generation.call(**finishing.args_kwargs["kwargs"])
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and job.zip_file and not job.error
