"""Who reviews which dossier: by hand (several dossiers at once) or automatically.

Automatic assignment gives each admissible dossier of a call ``call.reviewers_per_application``
reviewers, never one who declared a conflict of interest with the dossier's organisation, and
keeps the reviewers' loads balanced: the most constrained dossiers (fewest eligible reviewers)
are served first, each time by the least loaded eligible reviewers. Without conflicts, loads
then differ by at most one.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications import audit, roles, workflow
from applications.models import Application, Call

from .models import Assignment, ConflictOfInterest

S = Application.State
# A dossier can be given reviewers from submission until its admissibility is settled, then for
# scoring while it is admissible.
ASSIGNABLE_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED, S.ADMISSIBLE)


def may_assign(user) -> bool:
    return user is None or bool({roles.COMMITTEE, roles.ADMINISTRATOR} & roles.staff_roles(user))


def reviewers() -> QuerySet:
    """Active staff members of the reviewers' group, the only people who can be assigned."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=roles.GROUP_REVIEWERS)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def assignment_count():
    """Annotation: the number of reviewers assigned to the dossier."""
    counted = (
        Assignment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


@dataclass
class AssignmentReport:
    created: list[Assignment] = field(default_factory=list)
    already: int = 0
    conflicted: list[tuple[Application, object]] = field(default_factory=list)
    not_assignable: list[Application] = field(default_factory=list)
    short: list[tuple[Application, int]] = field(default_factory=list)  # (dossier, reviewers missing)


def _create(*, application: Application, reviewer, actor) -> Assignment:
    assignment = Assignment.objects.create(application=application, reviewer=reviewer, assigned_by=actor)
    audit.record(
        action="assignment_created",
        actor=actor,
        application=application,
        obj=assignment,
        changes={"reviewer": [None, str(reviewer)]},
    )
    if application.state == S.SUBMITTED:
        # The first reviewer starts the review: the carrier sees « en instruction ».
        workflow.transition(application, to=S.UNDER_REVIEW, actor=actor)
    return assignment


def assign_reviewers(*, applications: Iterable[Application], reviewers: Iterable, actor) -> AssignmentReport:
    """Assign every reviewer of ``reviewers`` to every dossier of ``applications`` (by hand).

    Pairs that already exist are counted, pairs with a declared conflict are refused and reported,
    dossiers that can no longer take reviewers (decided, withdrawn, not admissible) are reported.
    """
    if not may_assign(actor):
        raise PermissionDenied(_("Only the selection committee or an administrator may assign reviewers."))
    reviewers = list(reviewers)
    allowed = set(
        get_user_model()
        .objects.filter(pk__in=[r.pk for r in reviewers])
        .filter(pk__in=reviewers_pool_ids())
        .values_list("pk", flat=True)
    )
    report = AssignmentReport()
    with transaction.atomic():
        ids = [a.pk for a in applications]
        locked = list(Application.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk"))
        existing = set(Assignment.objects.filter(application_id__in=ids).values_list("application_id", "reviewer_id"))
        conflicts = set(
            ConflictOfInterest.objects.filter(reviewer__in=[r.pk for r in reviewers]).values_list(
                "reviewer_id", "organisation_id"
            )
        )
        for application in locked:
            if application.state not in ASSIGNABLE_STATES:
                report.not_assignable.append(application)
                continue
            for reviewer in reviewers:
                if reviewer.pk not in allowed:
                    raise PermissionDenied(_("%(person)s is not a reviewer.") % {"person": reviewer})
                if (application.pk, reviewer.pk) in existing:
                    report.already += 1
                elif (reviewer.pk, application.organisation_id) in conflicts:
                    report.conflicted.append((application, reviewer))
                else:
                    report.created.append(_create(application=application, reviewer=reviewer, actor=actor))
    return report


def reviewers_pool_ids() -> QuerySet:
    return reviewers().values("pk")


def unassign(*, assignment: Assignment, actor, reason: str = "") -> None:
    """Remove one assignment (committee, administrators, or the system after a conflict)."""
    if not may_assign(actor):
        raise PermissionDenied(_("Only the selection committee or an administrator may remove an assignment."))
    with transaction.atomic():
        application = assignment.application
        audit.record(
            action="assignment_removed",
            actor=actor,
            application=application,
            obj=assignment,
            reason=reason,
            changes={"reviewer": [str(assignment.reviewer), None]},
        )
        assignment.delete()


def plan_balanced(
    *,
    needs: dict[int, int],
    eligible: dict[int, set[int]],
    loads: dict[int, int],
) -> dict[int, list[int]]:
    """Choose reviewers for dossiers: the pure part of :func:`auto_assign` (tested on its own).

    ``needs`` maps a dossier to how many reviewers it still needs, ``eligible`` to the reviewers
    who may take it (not already assigned, no conflict), ``loads`` gives each reviewer's current
    number of dossiers. Returns the reviewers chosen for each dossier; ``loads`` is updated.
    """
    plan: dict[int, list[int]] = defaultdict(list)
    # Most constrained dossiers first, so that they are not left without eligible reviewers.
    for dossier in sorted(needs, key=lambda d: (len(eligible.get(d, ())) - needs[d], d)):
        candidates = sorted(eligible.get(dossier, ()), key=lambda r: (loads.get(r, 0), r))
        for reviewer in candidates[: needs[dossier]]:
            plan[dossier].append(reviewer)
            loads[reviewer] = loads.get(reviewer, 0) + 1
    return dict(plan)


def auto_assign(*, call: Call, actor) -> AssignmentReport:
    """Top every admissible dossier of ``call`` up to ``call.reviewers_per_application`` reviewers."""
    if not may_assign(actor):
        raise PermissionDenied(_("Only the selection committee or an administrator may assign reviewers."))
    report = AssignmentReport()
    with transaction.atomic():
        # One automatic assignment at a time per call.
        Call.objects.select_for_update(no_key=True).get(pk=call.pk)
        wanted = call.reviewers_per_application
        dossiers = {
            a.pk: a
            for a in Application.objects.filter(call=call, state=S.ADMISSIBLE)
            .select_related("organisation")
            .order_by("pk")
        }
        pool = list(reviewers().values_list("pk", flat=True))
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=pool)}
        assigned: dict[int, set[int]] = defaultdict(set)
        loads: dict[int, int] = dict.fromkeys(pool, 0)
        for application_id, reviewer_id in Assignment.objects.filter(application__call=call).values_list(
            "application_id", "reviewer_id"
        ):
            assigned[application_id].add(reviewer_id)
            if reviewer_id in loads:
                loads[reviewer_id] += 1
        conflicts: dict[int, set[int]] = defaultdict(set)
        for reviewer_id, organisation_id in ConflictOfInterest.objects.filter(reviewer_id__in=pool).values_list(
            "reviewer_id", "organisation_id"
        ):
            conflicts[organisation_id].add(reviewer_id)

        needs, eligible = {}, {}
        for pk, application in dossiers.items():
            missing = wanted - len(assigned[pk])
            if missing <= 0:
                continue
            needs[pk] = missing
            eligible[pk] = set(pool) - assigned[pk] - conflicts[application.organisation_id]
        plan = plan_balanced(needs=needs, eligible=eligible, loads=loads)
        for pk, chosen in sorted(plan.items()):
            for reviewer_id in chosen:
                report.created.append(_create(application=dossiers[pk], reviewer=users[reviewer_id], actor=actor))
        for pk, missing in needs.items():
            still = missing - len(plan.get(pk, []))
            if still > 0:
                report.short.append((dossiers[pk], still))
        if report.created:
            audit.record(
                action="automatic_assignment",
                actor=actor,
                call=call,
                changes={"assignments": [None, len(report.created)], "short": [None, len(report.short)]},
            )
    return report
