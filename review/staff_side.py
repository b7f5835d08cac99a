"""What the staff side supplies to the carrier side (``applications.staff_side``).

``applications`` never imports ``review``: it calls the functions registered here, at start-up,
by ``ReviewConfig.ready``.
"""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from applications import staff_side

from . import access
from .models import AdmissibilityCheck, Assignment, ConflictOfInterest, Decision, Review, Score

ADMISSIBILITY_COMMENTS = (
    "on_time_comment",
    "complete_comment",
    "legal_form_eligible_comment",
    "commitments_signed_comment",
    "ambassadrices_conditions_comment",
)


def issued_decisions() -> QuerySet[Decision]:
    return Decision.objects.filter(status=Decision.Status.ISSUED).order_by("-version")


def is_assigned_without_conflict(user, application) -> bool:
    if ConflictOfInterest.objects.filter(reviewer=user, organisation_id=application.organisation_id).exists():
        return False
    return Assignment.objects.filter(reviewer=user, application=application).exists()


def erase_staff_texts(application: Model) -> None:
    Review.objects.filter(application=application).update(comment="")
    Score.objects.filter(review__application=application).update(
        justification=_("Removed at the end of the retention period.")
    )
    AdmissibilityCheck.objects.filter(application=application).update(**dict.fromkeys(ADMISSIBILITY_COMMENTS, ""))


def register() -> None:
    staff_side.register(
        staff_side.StaffSide(
            issued_decisions=issued_decisions,
            is_assigned_without_conflict=is_assigned_without_conflict,
            sees_every_dossier=access.sees_every_dossier,
            visible_applications=access.visible_applications,
            dossier_acts=((Decision, "signed_at"), (AdmissibilityCheck, "checked_at")),
            erase_staff_texts=erase_staff_texts,
        )
    )
