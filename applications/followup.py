"""What a carrier does after submission: answer requests for more information, withdraw the
dossier (writing to the ministry is the dossier's conversation: ``conversation``). Every step is
dated and kept (the request's answer, the audit log, the workflow's transitions)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, roles, workflow
from .models import Application, InformationRequest

S = Application.State


def _require_carrier(user, application: Application) -> None:
    if roles.CARRIER not in roles.roles_for(user, application):
        raise PermissionDenied(_("You may not act on this dossier."))


def answer_information_request(*, request: InformationRequest, user, answer: str) -> InformationRequest:
    """Record the carrier's answer; when no other request is open, the dossier goes back to review."""
    with transaction.atomic():
        application = Application.objects.select_for_update(no_key=True).get(pk=request.application_id)
        _require_carrier(user, application)
        locked = InformationRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
        if locked.answered_at is not None:
            raise ValidationError(_("This request has already been answered."), code="answered")
        if application.state != S.INFO_REQUESTED:
            raise ValidationError(_("This dossier is not waiting for information from you."), code="state")
        locked.answer = answer.strip()
        locked.answered_at = timezone.now()
        locked.answered_by = user
        locked.save(update_fields=["answer", "answered_at", "answered_by"])
        audit.record(
            action="info_answered",
            actor=user,
            application=application,
            obj=locked,
            reason=locked.answer[:2000],
        )
        still_open = application.information_requests.filter(answered_at__isnull=True).exists()
        if not still_open:
            workflow.transition(application, to=S.UNDER_REVIEW, actor=user, reason=_("Information provided"))
    return locked


def withdraw_application(*, application: Application, user, reason: str = "") -> Application:
    """Withdraw the dossier before any decision; it stays visible as withdrawn."""
    _require_carrier(user, application)
    return workflow.transition(application, to=S.WITHDRAWN, actor=user, reason=reason.strip())
