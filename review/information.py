"""Requests for more information, the staff side: ask the carrier for specific additions.

Staff say what is asked, which sections of the dossier the carrier may edit again, which
documents to upload, and by when. The dossier moves to « information requested » (the carrier is
notified by the workflow); the carrier's answer moves it back under review (carrier side).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit, roles, wizard, workflow
from applications.models import Application, InformationRequest, RequiredDocument

S = Application.State
REQUESTABLE_STATES = (S.SUBMITTED, S.UNDER_REVIEW)
# The carrier wizard's sections, which the carrier may be allowed to edit again.
SECTION_CHOICES = wizard.SECTION_CHOICES
SECTION_KEYS = [key for key, _title in SECTION_CHOICES]


def may_request(user, application: Application) -> bool:
    return bool({roles.REVIEWER, roles.COMMITTEE, roles.ADMINISTRATOR} & roles.roles_for(user, application))


def request_information(
    *,
    application: Application,
    actor,
    message: str,
    due_at: datetime,
    sections: list[str] | None = None,
    documents: list[RequiredDocument] | None = None,
) -> InformationRequest:
    """Create the request and move the dossier to « information requested » (audited, notified)."""
    if not may_request(actor, application):
        raise PermissionDenied(_("You may not ask this carrier for more information."))
    sections = list(dict.fromkeys(sections or []))
    documents = list(documents or [])
    message = (message or "").strip()
    errors = {}
    if not message:
        errors["message"] = _("Say what the carrier must add or correct.")
    if due_at is None or due_at <= timezone.now():
        errors["due_at"] = _("The due date must be in the future.")
    unknown = [s for s in sections if s not in SECTION_KEYS]
    if unknown:
        errors["sections"] = _("Unknown section: %(sections)s.") % {"sections": ", ".join(unknown)}
    if any(d.call_id != application.call_id for d in documents):
        errors["documents"] = _("Choose documents of this dossier's call.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        state = (
            Application.objects.select_for_update(no_key=True).values_list("state", flat=True).get(pk=application.pk)
        )
        if state not in REQUESTABLE_STATES:
            raise ValidationError(
                _("More information cannot be requested on a dossier in state « %(state)s ».")
                % {"state": S(state).label},
                code="state",
            )
        request = InformationRequest.objects.create(
            application=application, requested_by=actor, message=message, sections=sections, due_at=due_at
        )
        request.documents.set(documents)
        audit.record(
            action="information_request_created",
            actor=actor,
            application=application,
            obj=request,
            reason=message,
            changes={
                "sections": [None, sections],
                "documents": [None, [d.label for d in documents]],
                "due_at": [None, due_at],
            },
        )
        workflow.transition(application, to=S.INFO_REQUESTED, actor=actor, reason=message)
    return request
