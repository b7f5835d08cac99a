"""Benchmark-only task: store one decision's PDF, as a whole-call generation fans out to workers."""

from ami_portal.tasks import retried_task


@retried_task(max_attempts=3)
def attach_decision_pdf(decision_id: int) -> str:
    from review.documents import attach_pdf
    from review.models import Decision

    return attach_pdf(Decision.objects.get(pk=decision_id)).sha256
