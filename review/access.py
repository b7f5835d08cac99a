"""What each staff member may see, as querysets scoped to the user.

Every staff screen and download starts from these functions, so that a forbidden object is simply
not found (404), never shown. The rules:

- committee members, officials and administrators see every submitted dossier of every call;
- a reviewer sees only the dossiers assigned to them, and none of an organisation they declared
  a conflict of interest with;
- nobody sees a dossier still in draft (it is the carrier's private work);
- a reviewer sees their own review, and the other reviews of a dossier only once theirs is
  submitted (independent review); the committee, officials and administrators see all reviews.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from applications import roles
from applications.models import Application, Attachment, InformationRequest

from .models import AdmissibilityCheck, Assignment, ConflictOfInterest, Review

OVERSEERS = frozenset({roles.COMMITTEE, roles.OFFICIAL, roles.ADMINISTRATOR})


def sees_every_dossier(user) -> bool:
    return bool(OVERSEERS & roles.staff_roles(user))


def is_reviewer(user) -> bool:
    return roles.REVIEWER in roles.staff_roles(user)


def is_staff_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff and roles.staff_roles(user))


def _submitted(queryset):
    return queryset.filter(submitted_at__isnull=False)


def assigned_without_conflict(user) -> Q:
    """Dossiers assigned to ``user`` whose organisation ``user`` has no conflict with."""
    assigned = Assignment.objects.filter(application=OuterRef("pk"), reviewer=user)
    conflicted = ConflictOfInterest.objects.filter(organisation=OuterRef("organisation_id"), reviewer=user)
    return Q(Exists(assigned)) & ~Q(Exists(conflicted))


def visible_applications(user) -> QuerySet[Application]:
    if not is_staff_member(user):
        return Application.objects.none()
    queryset = _submitted(Application.objects.all())
    if sees_every_dossier(user):
        return queryset
    if is_reviewer(user):
        return queryset.filter(assigned_without_conflict(user))
    return Application.objects.none()


def visible_application_or_404(user, **lookup) -> Application:
    application = visible_applications(user).select_related("call", "organisation").filter(**lookup).first()
    if application is None:
        raise Http404
    return application


def visible_reviews(user) -> QuerySet[Review]:
    if not is_staff_member(user):
        return Review.objects.none()
    if sees_every_dossier(user):
        return Review.objects.filter(application__submitted_at__isnull=False)
    if not is_reviewer(user):
        return Review.objects.none()
    own_submitted = Review.objects.filter(
        application=OuterRef("application_id"), reviewer=user, state=Review.State.SUBMITTED
    )
    dossiers = visible_applications(user).values("pk")
    return Review.objects.filter(application__in=dossiers).filter(
        Q(reviewer=user) | Q(state=Review.State.SUBMITTED) & Q(Exists(own_submitted))
    )


def visible_attachments(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(application__in=visible_applications(user).values("pk"))


def visible_assignments(user) -> QuerySet[Assignment]:
    if sees_every_dossier(user):
        return Assignment.objects.all()
    if is_staff_member(user) and is_reviewer(user):
        # Not even the reference of a dossier of an organisation they declared a conflict with.
        conflicted = ConflictOfInterest.objects.filter(
            reviewer=user, organisation=OuterRef("application__organisation_id")
        )
        return Assignment.objects.filter(reviewer=user).exclude(Exists(conflicted))
    return Assignment.objects.none()


def visible_conflicts(user) -> QuerySet[ConflictOfInterest]:
    """Every declaration for the committee, officials and administrators; one's own otherwise."""
    if sees_every_dossier(user):
        return ConflictOfInterest.objects.all()
    if is_staff_member(user) and is_reviewer(user):
        return ConflictOfInterest.objects.filter(reviewer=user)
    return ConflictOfInterest.objects.none()


def visible_admissibility_checks(user) -> QuerySet[AdmissibilityCheck]:
    return AdmissibilityCheck.objects.filter(application__in=visible_applications(user).values("pk"))


def visible_information_requests(user) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(application__in=visible_applications(user).values("pk"))
