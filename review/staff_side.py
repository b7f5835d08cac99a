"""What the staff side supplies to the carrier side (``applications.staff_side``).

``applications`` never imports ``review``: it calls the functions registered here, at start-up,
by ``ReviewConfig.ready``.
"""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from applications import roles, staff_side
from applications.models import User

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


def staff_recipients(application) -> list[str]:
    """Who hears of a carrier's message: the dossier's reviewers (without a conflict) and the call's
    service mailbox; the selection committee when the dossier has neither yet."""
    reviewers = (
        Assignment.objects.filter(application=application, reviewer__is_active=True)
        .exclude(
            reviewer__in=ConflictOfInterest.objects.filter(organisation_id=application.organisation_id).values(
                "reviewer"
            )
        )
        .values_list("reviewer__email", flat=True)
    )
    emails = {email.lower() for email in reviewers if email}
    if application.call.service_email:
        emails.add(application.call.service_email.lower())
    if not emails:
        committee = User.objects.filter(is_active=True, groups__name=roles.GROUP_COMMITTEE)
        emails = {email.lower() for email in committee.values_list("email", flat=True) if email}
    return sorted(emails)


def register() -> None:
    staff_side.register(
        staff_side.StaffSide(
            issued_decisions=issued_decisions,
            is_assigned_without_conflict=is_assigned_without_conflict,
            sees_every_dossier=access.sees_every_dossier,
            visible_applications=access.visible_applications,
            dossier_acts=((Decision, "signed_at"), (AdmissibilityCheck, "checked_at")),
            erase_staff_texts=erase_staff_texts,
            staff_recipients=staff_recipients,
        )
    )
