"""``seed_demo --stage reviewed`` carries the demo dossiers through review with the screens' functions."""

import io

import pytest
from django.core.management import call_command

from applications.models import Application, AuditEntry
from review import ranking
from review.demo import DEMO_REVIEWERS
from review.models import AdmissibilityCheck, Assignment, ConflictOfInterest, Review

S = Application.State


@pytest.mark.django_db
def test_seed_demo_reviewed_stage():
    out = io.StringIO()
    call_command("seed_demo", dossiers=8, stage="reviewed", stdout=out)

    checked = AdmissibilityCheck.objects.count()
    assert checked == Application.objects.exclude(state=S.DRAFT).count() > 0
    admissible = Application.objects.filter(state=S.ADMISSIBLE)
    assert admissible.exists()
    for application in admissible:
        submitted = application.reviews.filter(state=Review.State.SUBMITTED).count()
        assert submitted == application.assignments.count() == application.call.reviewers_per_application
    # The harsh reviewer declared a conflict and was kept away from that organisation.
    conflict = ConflictOfInterest.objects.get()
    assert not Assignment.objects.filter(
        reviewer=conflict.reviewer, application__organisation=conflict.organisation
    ).exists()
    # Lenient and harsh reviewers really are: their mean scores differ clearly.
    lenient, harsh = DEMO_REVIEWERS[2].email, DEMO_REVIEWERS[3].email

    def mean(email):
        scores = [float(s) for s in Review.objects.filter(reviewer__email=email).values_list("score", flat=True)]
        return sum(scores) / len(scores)

    assert mean(lenient) > mean(harsh) + 10
    # Everything went through the domain functions: the audit log has each step.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "assignment_created",
        "admissibility_checked",
        "admissible",
        "automatic_assignment",
        "review_submitted",
        "conflict_declared",
    } <= actions
    call = admissible.first().call
    rows = ranking.all_rows(call, basis=ranking.CALIBRATED)[1]
    assert len(rows) == admissible.count()
    assert all(row.calibrated_score is not None for row in rows)
    assert "évaluations soumises" in out.getvalue()
