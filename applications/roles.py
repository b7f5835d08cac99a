"""Who someone is in relation to a dossier.

Staff roles are Django groups created by a migration (``review/migrations``); their names are
the constants below. A person's roles are computed per dossier: being a carrier or an assigned
reviewer depends on the dossier, being committee or official does not.
"""

from .staff_side import staff_side

CARRIER = "carrier"
REVIEWER = "reviewer"
COMMITTEE = "committee"
OFFICIAL = "official"
ADMINISTRATOR = "administrator"
SYSTEM = "system"

GROUP_REVIEWERS = "Instructeurs"
GROUP_COMMITTEE = "Comité de sélection"
GROUP_OFFICIALS = "Signataires"
GROUP_ADMINISTRATORS = "Administrateurs"

GROUP_BY_ROLE = {
    REVIEWER: GROUP_REVIEWERS,
    COMMITTEE: GROUP_COMMITTEE,
    OFFICIAL: GROUP_OFFICIALS,
    ADMINISTRATOR: GROUP_ADMINISTRATORS,
}


def staff_roles(user) -> frozenset[str]:
    """The staff roles a user holds through their groups (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ami_staff_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    roles = {role for role, group in GROUP_BY_ROLE.items() if group in names}
    if user.is_superuser:
        roles.add(ADMINISTRATOR)
    user._ami_staff_roles = frozenset(roles)
    return user._ami_staff_roles


def roles_for(user, application) -> frozenset[str]:
    """Every role ``user`` holds for ``application``; ``None`` is the system (commands, tasks)."""
    if user is None:
        return frozenset({SYSTEM})
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = set(staff_roles(user))
    if user.organisation_id and user.organisation_id == application.organisation_id:
        roles.add(CARRIER)
    roles.discard(REVIEWER)
    if REVIEWER in staff_roles(user) and is_assigned_without_conflict(user, application):
        roles.add(REVIEWER)
    return frozenset(roles)


def is_assigned_without_conflict(user, application) -> bool:
    return staff_side().is_assigned_without_conflict(user, application)
