"""Building blocks for the selection and decision tests: dossiers at the end of their review."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from applications import roles
from applications.models import Application
from review.decisions import Signature
from review.models import AdmissibilityCheck, Review
from tests.factories import (
    AdmissibilityCheckFactory,
    ApplicationFactory,
    CallFactory,
    ReviewFactory,
    StaffFactory,
)

PARIS = ZoneInfo("Europe/Paris")
_sequence = iter(range(1, 10**9))


def reviewed_dossier(call, *, requested="45000.00", scores=(Decimal("70"), Decimal("74")), reviewers=None, **extra):
    """An admissible dossier of ``call`` with its submitted reviews (one per score)."""
    number = next(_sequence)
    application = ApplicationFactory(
        call=call,
        requested_amount=Decimal(requested),
        state=Application.State.ADMISSIBLE,
        submitted_at=timezone.now(),
        reference=f"{call.reference_prefix}-{number:04d}",
        sequence=number,
        **extra,
    )
    AdmissibilityCheckFactory(application=application, outcome=AdmissibilityCheck.Outcome.ADMISSIBLE)
    for index, score in enumerate(scores):
        reviewer = reviewers[index] if reviewers else StaffFactory(role=roles.REVIEWER)
        ReviewFactory(
            application=application,
            reviewer=reviewer,
            state=Review.State.SUBMITTED,
            score=score,
            recommendation=Review.Recommendation.FAVOURABLE,
            submitted_at=timezone.now(),
            comment="Projet solide.",
        )
    return application


def inadmissible_dossier(call, **extra):
    number = next(_sequence)
    return ApplicationFactory(
        call=call,
        state=Application.State.INADMISSIBLE,
        submitted_at=timezone.now(),
        reference=f"{call.reference_prefix}-{number:04d}",
        sequence=number,
        **extra,
    )


def committee_member():
    return StaffFactory(role=roles.COMMITTEE, first_name="Claire", last_name="Comité")


def official():
    return StaffFactory(role=roles.OFFICIAL, first_name="Jeanne", last_name="Martin")


def signature(**changes):
    values = {
        "name": "Jeanne Martin",
        "role": "Directrice de l'intégration et de l'accès à la nationalité",
        "delegation_reference": "Arrêté du 2 janvier 2024 portant délégation de signature",
    }
    values.update(changes)
    return Signature(**values)


def small_call(**changes):
    """A call that closed and whose committee met in 2024: its decisions may be signed today."""
    values = {
        "budget_envelope": Decimal("100000.00"),
        "max_selected": 2,
        "opens_at": datetime(2024, 3, 8, 9, 0, tzinfo=PARIS),
        "closes_at": datetime(2024, 4, 30, 12, 0, tzinfo=PARIS),
        "committee_date": date(2024, 5, 14),
    }
    values.update(changes)
    return CallFactory(**values)
