"""Conflicts of interest: a reviewer declares a tie with an organisation, before or after assignment.

From then on the reviewer cannot open that organisation's dossiers (``access`` filters them out),
is removed from them, and any review they submitted on them stops counting. The dossiers are left
with fewer reviewers than the call wants, which flags them for reassignment
(:func:`needs_reviewers`). The committee sees every declaration.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from applications import audit, roles
from applications.models import Application, Organisation

from . import assignments, scoring
from .models import Assignment, ConflictOfInterest, Review


def may_declare(*, actor, reviewer) -> bool:
    held = roles.staff_roles(actor)
    return (actor.pk == reviewer.pk and roles.REVIEWER in held) or roles.ADMINISTRATOR in held


def declare_conflict(*, reviewer, organisation: Organisation, kind: str, explanation: str, actor) -> ConflictOfInterest:
    """Record the declaration, unassign the reviewer and take their reviews out of the scores."""
    if not may_declare(actor=actor, reviewer=reviewer):
        raise PermissionDenied(_("Only the reviewer concerned may declare a conflict of interest."))
    explanation = (explanation or "").strip()
    errors = {}
    if kind not in ConflictOfInterest.Kind.values:
        errors["kind"] = _("Choose the kind of conflict.")
    if not explanation:
        errors["explanation"] = _("Explain the conflict of interest.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if (
            ConflictOfInterest.objects.select_for_update(no_key=True)
            .filter(reviewer=reviewer, organisation=organisation)
            .exists()
        ):
            raise ValidationError(
                {"organisation": _("You have already declared a conflict of interest with this organisation.")}
            )
        conflict = ConflictOfInterest.objects.create(
            reviewer=reviewer, organisation=organisation, kind=kind, explanation=explanation
        )
        dossiers = list(
            Application.objects.filter(organisation=organisation, submitted_at__isnull=False).select_related("call")
        )
        reason = _("Conflict of interest declared by %(reviewer)s.") % {"reviewer": reviewer}
        changes = {"organisation": [None, str(organisation)], "kind": [None, kind]}
        if not dossiers:
            audit.record(action="conflict_declared", actor=actor, obj=conflict, changes=changes)
        for application in dossiers:
            audit.record(
                action="conflict_declared", actor=actor, application=application, obj=conflict, changes=changes
            )
            for assignment in Assignment.objects.filter(application=application, reviewer=reviewer).select_related(
                "reviewer", "application"
            ):
                assignments.unassign(assignment=assignment, actor=None, reason=reason)
            for review in Review.objects.filter(application=application, reviewer=reviewer):
                scoring.void_review(review=review, actor=None, reason=reason)
    return conflict


def needs_reviewers() -> Q:
    """Filter for dossiers annotated with ``assignment_count`` (``assignments.assignment_count()``):
    those with fewer reviewers than the call wants.

    Only dossiers still to be scored count (admissible); before admissibility one reviewer is
    enough, so those are flagged only when nobody is assigned.
    """
    return Q(state=Application.State.ADMISSIBLE, assignment_count__lt=F("call__reviewers_per_application")) | Q(
        state__in=[Application.State.SUBMITTED, Application.State.UNDER_REVIEW], assignment_count=0
    )
