"""The life of a dossier, declared once as data.

Every state change goes through :func:`transition`, which checks that the move is allowed and
that the person may make it, records it in the audit log and queues the notification. Nothing
else writes ``Application.state``.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit, roles
from .models import Application

S = Application.State

# What the carrier sees: the staff-side states stay internal.
CARRIER_LABELS = {
    S.DRAFT: _("Draft"),
    S.SUBMITTED: _("Submitted"),
    S.UNDER_REVIEW: _("Under review"),
    S.INFO_REQUESTED: _("More information requested"),
    S.ADMISSIBLE: _("Under review"),
    S.INADMISSIBLE: _("Under review"),
    S.AWARDED: _("Grant awarded"),
    S.REFUSED: _("Not selected"),
    S.WITHDRAWN: _("Withdrawn"),
}

# DSFR badge colour per carrier-visible state (text always accompanies colour).
CARRIER_BADGES = {
    S.DRAFT: "new",
    S.SUBMITTED: "info",
    S.UNDER_REVIEW: "info",
    S.INFO_REQUESTED: "warning",
    S.ADMISSIBLE: "info",
    S.INADMISSIBLE: "info",
    S.AWARDED: "success",
    S.REFUSED: "error",
    S.WITHDRAWN: "",
}


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    event: str  # names the audit action and the notification template


def _t(source, target, who, event):
    return Transition(source, target, frozenset(who), event)


STAFF = {roles.COMMITTEE, roles.ADMINISTRATOR, roles.SYSTEM}
BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED, S.ADMISSIBLE, S.INADMISSIBLE)

TRANSITIONS: dict[tuple[str, str], Transition] = {
    (t.source, t.target): t
    for t in [
        _t(S.DRAFT, S.SUBMITTED, {roles.CARRIER, roles.SYSTEM}, "submitted"),
        _t(S.SUBMITTED, S.UNDER_REVIEW, {roles.REVIEWER} | STAFF, "review_started"),
        _t(S.SUBMITTED, S.INFO_REQUESTED, {roles.REVIEWER} | STAFF, "info_requested"),
        _t(S.UNDER_REVIEW, S.INFO_REQUESTED, {roles.REVIEWER} | STAFF, "info_requested"),
        _t(S.INFO_REQUESTED, S.UNDER_REVIEW, {roles.CARRIER, roles.SYSTEM}, "info_provided"),
        _t(S.SUBMITTED, S.ADMISSIBLE, {roles.REVIEWER} | STAFF, "admissible"),
        _t(S.UNDER_REVIEW, S.ADMISSIBLE, {roles.REVIEWER} | STAFF, "admissible"),
        _t(S.SUBMITTED, S.INADMISSIBLE, {roles.REVIEWER} | STAFF, "inadmissible"),
        _t(S.UNDER_REVIEW, S.INADMISSIBLE, {roles.REVIEWER} | STAFF, "inadmissible"),
        _t(S.ADMISSIBLE, S.UNDER_REVIEW, STAFF, "admissibility_reopened"),
        _t(S.INADMISSIBLE, S.UNDER_REVIEW, STAFF, "admissibility_reopened"),
        _t(S.ADMISSIBLE, S.AWARDED, {roles.OFFICIAL, roles.SYSTEM}, "awarded"),
        _t(S.ADMISSIBLE, S.REFUSED, {roles.OFFICIAL, roles.SYSTEM}, "refused"),
        _t(S.INADMISSIBLE, S.REFUSED, {roles.OFFICIAL, roles.SYSTEM}, "refused"),
        # A correction may change the outcome; it always issues a new decision version.
        _t(S.AWARDED, S.REFUSED, {roles.OFFICIAL, roles.SYSTEM}, "decision_corrected"),
        _t(S.REFUSED, S.AWARDED, {roles.OFFICIAL, roles.SYSTEM}, "decision_corrected"),
    ]
    + [_t(source, S.WITHDRAWN, {roles.CARRIER, roles.SYSTEM}, "withdrawn") for source in BEFORE_DECISION]
}


class TransitionNotAllowed(ValidationError):
    pass


def allowed_targets(application: Application, user) -> list[str]:
    held = roles.roles_for(user, application)
    return [t.target for (source, _target), t in TRANSITIONS.items() if source == application.state and t.roles & held]


def can_transition(application: Application, target: str, user) -> bool:
    return target in allowed_targets(application, user)


def transition(application: Application, *, to: str, actor, reason: str = "", notify: bool = True) -> Application:
    """Move ``application`` to state ``to`` on behalf of ``actor`` (``None`` for the system).

    Locks the dossier row, so that two concurrent moves cannot both start from the same state.
    Raises ``TransitionNotAllowed`` (a ValidationError with a French message) when the move does
    not exist from the current state, and ``PermissionDenied`` when ``actor`` may not make it.
    """
    with transaction.atomic():
        current = Application.objects.select_for_update(no_key=True).only("state").get(pk=application.pk).state
        rule = TRANSITIONS.get((current, to))
        if rule is None:
            raise TransitionNotAllowed(
                _("A dossier in state « %(source)s » cannot become « %(target)s ».")
                % {"source": S(current).label, "target": S(to).label},
                code="transition_not_allowed",
            )
        if not (rule.roles & roles.roles_for(actor, application)):
            raise PermissionDenied(_("You may not make this change to this dossier."))
        Application.objects.filter(pk=application.pk).update(state=to)
        application.state = to
        audit.record(
            action=rule.event, actor=actor, application=application, from_state=current, to_state=to, reason=reason
        )
        if notify:
            from .notifications import notify_carrier

            transaction.on_commit(lambda: notify_carrier(event=rule.event, application_id=application.pk))
    return application
