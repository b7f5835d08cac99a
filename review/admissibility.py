"""Admissibility: may the dossier be scored at all?

Before scoring, an assigned reviewer (or a committee member) answers each item of
``AdmissibilityCheck.ITEMS`` yes or no with a comment, and records the outcome: admissible (every
item satisfied) or not admissible (with reasons). Recording it moves the dossier through its
state machine (``workflow.transition``); the committee may reopen it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit, roles, workflow
from applications.models import Application

from .models import AdmissibilityCheck

S = Application.State
CHECKABLE_STATES = (S.SUBMITTED, S.UNDER_REVIEW)
TARGET = {
    AdmissibilityCheck.Outcome.ADMISSIBLE: S.ADMISSIBLE,
    AdmissibilityCheck.Outcome.INADMISSIBLE: S.INADMISSIBLE,
}
ITEM_NAMES = [name for name, _label in AdmissibilityCheck.ITEMS]


@dataclass(frozen=True)
class Item:
    satisfied: bool
    comment: str = ""


def may_check(user, application: Application) -> bool:
    held = roles.roles_for(user, application)
    return bool({roles.REVIEWER, roles.COMMITTEE, roles.ADMINISTRATOR} & held)


def validate(*, items: dict[str, Item], outcome: str, reasons: str) -> dict[str, str]:
    """French errors keyed by form field: every item answered, outcome consistent with the items."""
    errors = {}
    for name in ITEM_NAMES:
        if name not in items or items[name].satisfied is None:
            errors[name] = _("Answer yes or no.")
    if outcome not in TARGET:
        errors["outcome"] = _("Choose the outcome.")
    elif outcome == AdmissibilityCheck.Outcome.ADMISSIBLE:
        failing = [
            str(label) for name, label in AdmissibilityCheck.ITEMS if name in items and not items[name].satisfied
        ]
        if failing and not errors:
            errors["outcome"] = _(
                "A dossier is admissible only when every item is satisfied (not satisfied: %(items)s)."
            ) % {"items": ", ".join(failing)}
    elif not (reasons or "").strip():
        errors["reasons"] = _("Give the reasons why the dossier is not admissible.")
    return errors


def record_admissibility(
    *, application: Application, actor, items: dict[str, Item], outcome: str, reasons: str = ""
) -> AdmissibilityCheck:
    """Record the check and move the dossier to admissible or not admissible (audited)."""
    if not may_check(actor, application):
        raise PermissionDenied(_("You may not check the admissibility of this dossier."))
    errors = validate(items=items, outcome=outcome, reasons=reasons)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        state = (
            Application.objects.select_for_update(no_key=True).values_list("state", flat=True).get(pk=application.pk)
        )
        if state not in CHECKABLE_STATES:
            raise ValidationError(
                _("The admissibility of a dossier in state « %(state)s » cannot be recorded.")
                % {"state": S(state).label},
                code="state",
            )
        check = AdmissibilityCheck.objects.filter(application=application).first()
        before = _as_dict(check) if check else {}
        if check is None:
            check = AdmissibilityCheck(application=application)
        for name in ITEM_NAMES:
            setattr(check, name, items[name].satisfied)
            setattr(check, f"{name}_comment", (items[name].comment or "").strip())
        check.outcome = outcome
        check.reasons = (reasons or "").strip() if outcome == AdmissibilityCheck.Outcome.INADMISSIBLE else ""
        check.checked_by = actor
        check.checked_at = timezone.now()
        check.full_clean(exclude=["application", "checked_by"])
        check.save()
        audit.record(
            action="admissibility_checked",
            actor=actor,
            application=application,
            obj=check,
            reason=check.reasons,
            changes=audit.field_changes(before, _as_dict(check)),
        )
        workflow.transition(application, to=TARGET[outcome], actor=actor, reason=check.reasons)
    return check


def _as_dict(check: AdmissibilityCheck) -> dict:
    data = {"outcome": check.outcome, "reasons": check.reasons}
    for name in ITEM_NAMES:
        data[name] = getattr(check, name)
        data[f"{name}_comment"] = getattr(check, f"{name}_comment")
    return data


def may_reopen(user) -> bool:
    return bool({roles.COMMITTEE, roles.ADMINISTRATOR} & roles.staff_roles(user))


def reopen_admissibility(*, application: Application, actor, reason: str) -> Application:
    """The committee sends a settled admissibility back to review (the check can then be redone)."""
    if not may_reopen(actor):
        raise PermissionDenied(_("Only the selection committee may reopen the admissibility of a dossier."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the admissibility is reopened.")})
    return workflow.transition(application, to=S.UNDER_REVIEW, actor=actor, reason=reason)
