"""Builders shared by the review tests: calls with a grid, submitted dossiers, staff, reviews."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications import roles
from applications.models import Application
from review import scoring
from review.models import Assignment, Review
from tests.factories import ApplicationFactory, CallFactory, CriterionFactory, StaffFactory

_references = itertools.count(1)


def call_with_grid(grid=((Decimal("3"), 10), (Decimal("2"), 10), (Decimal("1"), 5)), **fields):
    call = CallFactory(**fields)
    for position, (weight, max_points) in enumerate(grid, start=1):
        CriterionFactory(
            call=call, position=position, weight=weight, max_points=max_points, help_text=f"Aide du critère {position}"
        )
    return call


def dossier(call, *, state=Application.State.SUBMITTED, **fields):
    """A dossier already submitted (state set directly: test setup only)."""
    application = ApplicationFactory(call=call, **fields)
    number = next(_references)
    Application.objects.filter(pk=application.pk).update(
        state=state,
        reference=f"{call.reference_prefix}-{number:04d}",
        sequence=number,
        submitted_at=timezone.now() - timedelta(days=1),
    )
    application.refresh_from_db()
    return application


def staff(role):
    return StaffFactory(role=role)


def reviewer():
    return staff(roles.REVIEWER)


def committee():
    return staff(roles.COMMITTEE)


def official():
    return staff(roles.OFFICIAL)


def administrator():
    return staff(roles.ADMINISTRATOR)


def assign(application, user):
    return Assignment.objects.get_or_create(application=application, reviewer=user)[0]


def entries_for(application, points, justification="Justification détaillée."):
    criteria = scoring.criteria_of(application)
    return {c.pk: scoring.ScoreEntry(p, justification) for c, p in zip(criteria, points, strict=True)}


def submitted_review(application, user, points, recommendation=Review.Recommendation.FAVOURABLE):
    """Assign ``user`` if needed and submit a complete review through the domain functions."""
    assign(application, user)
    review = scoring.start_review(application=application, reviewer=user)
    return scoring.save_review(
        review=review,
        actor=user,
        entries=entries_for(application, points),
        recommendation=recommendation,
        comment="Avis global argumenté.",
        submit=True,
    )
