"""The dossier's steps, what each one needs to be complete, and how a step is saved.

The eight steps are declared once here (the views, the stepper, the summary page, the receipt
and the requests for more information all read them). Completeness is computed from what is
saved, with the same rules (``rules.py``) the forms apply, so that the summary page and the
server-side check at submission can never disagree.

Saving a step goes through :func:`save_section`: it locks the dossier row, refuses the save when
someone else saved in the meantime (``Application.version``, optimistic locking) or when the
dossier may no longer be edited, writes the changes, bumps the version and records the edit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import audit, rules
from .formatting import paris_time
from .models import Application, Attachment, InformationRequest, Organisation

S = Application.State


@dataclass(frozen=True)
class Step:
    number: int
    key: str  # stable identifier, also stored in InformationRequest.sections
    slug: str  # URL segment
    title: str
    required_fields: tuple[str, ...] = ()

    @property
    def is_section(self) -> bool:
        """A part of the dossier's content (every step but the summary)."""
        return self.key != "summary"


STEPS: tuple[Step, ...] = (
    Step(1, "organisation", "organisme", gettext_lazy("Organisation")),
    Step(
        2,
        "project",
        "projet",
        gettext_lazy("The project"),
        ("title", "summary", "themes", "departements", "partners"),
    ),
    Step(
        3,
        "toolkit",
        "support-pedagogique",
        gettext_lazy("Information support and toolkit"),
        (
            "toolkit_content",
            "toolkit_formats",
            "toolkit_languages",
            "toolkit_accessibility",
            "toolkit_licence",
            "toolkit_ambassadrices_involvement",
        ),
    ),
    Step(
        4,
        "ambassadrices",
        "ambassadrices",
        gettext_lazy("The ambassadrices"),
        (
            "ambassadrices_per_departement",
            "recruitment_channels",
            "eligibility_checks",
            "training_hours",
            "training_content",
            "compensation",
            "employment_support",
        ),
    ),
    Step(
        5,
        "workshops",
        "ateliers",
        gettext_lazy("Workshops and beneficiaries"),
        (
            "workshops_per_theme_per_departement",
            "expected_participants",
            "referral_partners",
            "workshop_formats",
            "start_date",
            "end_date",
            "milestones",
            "evaluation_indicators",
        ),
    ),
    Step(6, "budget", "budget", gettext_lazy("Budget"), ("requested_amount",)),
    Step(7, "documents", "pieces", gettext_lazy("Documents")),
    Step(8, "summary", "recapitulatif", gettext_lazy("Summary and submission")),
)
STEP_COUNT = len(STEPS)
BY_KEY = {step.key: step for step in STEPS}
BY_SLUG = {step.slug: step for step in STEPS}
SECTIONS = tuple(step for step in STEPS if step.is_section)
# What staff may ask a carrier to complete in a request for more information.
SECTION_CHOICES = [(step.key, step.title) for step in SECTIONS]


def next_step(step: Step) -> Step | None:
    return STEPS[step.number] if step.number < STEP_COUNT else None


def previous_step(step: Step) -> Step | None:
    return STEPS[step.number - 2] if step.number > 1 else None


# --------------------------------------------------------------------------------------------
# Loading a dossier with everything completeness needs, in a fixed number of queries
# --------------------------------------------------------------------------------------------
def current_attachments():
    """The dossier's current documents (not the files sent with its messages)."""
    return Attachment.objects.filter(superseded_at__isnull=True, message__isnull=True).select_related(
        "required_document"
    )


def with_content(queryset):
    """Prefetch a dossier's whole content (sections, budget, current files, call configuration)."""
    return queryset.select_related(
        "call", "organisation", "organisation__departement", "last_edited_by"
    ).prefetch_related(
        "themes",
        "departements",
        "budget_lines",
        "cofundings",
        Prefetch("attachments", queryset=current_attachments(), to_attr="current_attachments"),
        "call__themes",
        "call__departements",
        "call__required_documents",
    )


# --------------------------------------------------------------------------------------------
# Completeness
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Missing:
    """Something to complete or correct, with the id of the field to link back to."""

    message: str
    anchor: str = ""


@dataclass
class SectionStatus:
    step: Step
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def _is_empty(application: Application, name: str) -> bool:
    value = getattr(application, name)
    if name in ("themes", "departements"):
        return not list(value.all())
    return value is None or (isinstance(value, str) and not value.strip())


def _field_label(name: str) -> str:
    return capfirst(str(Application._meta.get_field(name).verbose_name))


def _missing_field(name: str) -> Missing:
    return Missing(_("%(field)s: to be completed.") % {"field": _field_label(name)}, f"id_{name}")


def organisation_missing(application: Application) -> list[Missing]:
    organisation = application.organisation
    missing = [Missing(p.message, f"id_{p.field}") for p in rules.legal_form_problems(application.call, organisation)]
    if not organisation.republican_commitment:
        missing.append(
            Missing(
                _("Your organisation must commit to the contrat d'engagement républicain."), "id_republican_commitment"
            )
        )
    if application.organisation_confirmed_at is None:
        missing.append(Missing(_("Confirm your organisation's details."), "id_confirmed"))
    elif organisation.updated_at and organisation.updated_at > application.organisation_confirmed_at:
        missing.append(
            Missing(
                _("Your organisation's details changed since you confirmed them: confirm them again."), "id_confirmed"
            )
        )
    return missing


def project_rule_problems(application: Application) -> list[rules.Problem]:
    call = application.call
    return rules.theme_problems(
        call, chosen=len(application.themes.all()), available=len(call.themes.all())
    ) + rules.departement_problems(call, chosen=len(application.departements.all()))


def budget_rule_problems(application: Application) -> list[rules.Problem]:
    lines = list(application.budget_lines.all())
    cofundings = list(application.cofundings.all())
    return rules.budget_problems(
        application.call,
        requested=application.requested_amount,
        total_cost=sum((line.amount for line in lines), 0),
        cofunding=sum((c.amount for c in cofundings), 0),
        line_count=len(lines),
        cofunding_count=len(cofundings),
    )


def documents_missing(application: Application) -> list[Missing]:
    present = {a.required_document_id for a in current_attachments_of(application)}
    return [
        Missing(_("« %(document)s »: to be uploaded.") % {"document": document.label}, f"document-{document.pk}")
        for document in application.call.required_documents.all()
        if document.mandatory and document.pk not in present
    ]


def current_attachments_of(application: Application) -> list[Attachment]:
    prefetched = getattr(application, "current_attachments", None)
    if prefetched is not None:
        return prefetched
    return list(current_attachments().filter(application=application))


PROBLEM_ANCHORS = {"budget": "id_budget-0-category", "cofunding": "id_cofunding-0-source"}


def section_status(application: Application, step: Step) -> SectionStatus:
    if step.key == "organisation":
        return SectionStatus(step, organisation_missing(application))
    if step.key == "documents":
        return SectionStatus(step, documents_missing(application))
    missing = []
    skip = set()
    if step.key == "project":
        problems = project_rule_problems(application)
        skip = {"themes", "departements"}  # the rules say what is missing, with the numbers
    elif step.key == "budget":
        problems = budget_rule_problems(application)
        skip = {"requested_amount"}
    else:
        problems = []
    for name in step.required_fields:
        if name not in skip and _is_empty(application, name):
            missing.append(_missing_field(name))
    missing += [Missing(p.message, PROBLEM_ANCHORS.get(p.field, f"id_{p.field}")) for p in problems]
    return SectionStatus(step, missing)


def dossier_status(application: Application) -> list[SectionStatus]:
    """The completeness of every section (load the dossier with :func:`with_content` first)."""
    return [section_status(application, step) for step in SECTIONS]


def is_complete(application: Application) -> bool:
    return all(status.complete for status in dossier_status(application))


# --------------------------------------------------------------------------------------------
# Who may edit what
# --------------------------------------------------------------------------------------------
def open_requests(application: Application) -> list[InformationRequest]:
    return [r for r in application.information_requests.all() if r.answered_at is None]


def draft_closed_reason(application: Application, now=None) -> str | None:
    """Why a draft can no longer be changed (its call's deadline has passed), or ``None``.

    A draft cannot be submitted after the deadline; letting the carrier go on typing into it
    would let them believe otherwise. It stays readable, for their records.
    """
    if application.state != S.DRAFT:
        return None
    call = application.call
    if (now or timezone.now()) < call.closes_at and call.status not in (call.Status.CLOSED, call.Status.DECIDED):
        return None
    closed = paris_time(call.closes_at)
    return _(
        "The call closed on %(date)s at %(time)s (Paris time): this draft can no longer be changed nor "
        "submitted. It stays here, read-only, for your records."
    ) % {"date": closed.strftime("%d/%m/%Y"), "time": closed.strftime("%H:%M")}


def editable_sections(application: Application) -> set[str]:
    """The sections the carrier may change now: all of a draft while its call is open, only what
    staff asked for later."""
    if application.state == S.DRAFT:
        if draft_closed_reason(application):
            return set()
        return {step.key for step in SECTIONS}
    if application.state == S.INFO_REQUESTED:
        keys = set()
        for request in open_requests(application):
            keys.update(request.sections or [])
            if request.documents.exists():
                keys.add("documents")
        return keys & {step.key for step in SECTIONS}
    return set()


def editable_documents(application: Application) -> set[int] | None:
    """The required documents the carrier may upload now (``None`` means all of them)."""
    if application.state == S.DRAFT:
        # After the deadline the views refuse uploads to a draft (``draft_closed_reason``).
        return None
    if application.state != S.INFO_REQUESTED:
        return set()
    allowed: set[int] = set()
    for request in open_requests(application):
        if "documents" in (request.sections or []):
            return None
        allowed.update(request.documents.values_list("pk", flat=True))
    return allowed


# --------------------------------------------------------------------------------------------
# Saving a step
# --------------------------------------------------------------------------------------------
class SectionNotEditable(Exception):
    """The dossier (or this section of it) can no longer be changed by the carrier."""


class VersionConflict(Exception):
    """Someone saved the dossier since the carrier opened the page."""

    def __init__(self, current: Application):
        super().__init__("version conflict")
        self.current = current


def save_section(
    *,
    application: Application,
    section: str,
    user,
    expected_version: int,
    write: Callable[[], dict | None],
) -> Application:
    """Run ``write`` (which saves the step's forms and returns what changed) under the dossier lock.

    Raises ``VersionConflict`` when the dossier's version is no longer ``expected_version`` and
    ``SectionNotEditable`` when the carrier may not change this section any more; in both cases
    nothing is written. On success the version is bumped and the edit is recorded.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        if section not in editable_sections(locked):
            raise SectionNotEditable(section)
        if locked.version != expected_version:
            raise VersionConflict(Application.objects.select_related("last_edited_by").get(pk=locked.pk))
        changes = write() or {}
        now = timezone.now()
        Application.objects.filter(pk=locked.pk).update(version=F("version") + 1, last_edited_by=user, updated_at=now)
        application.version = locked.version + 1
        application.last_edited_by = user
        application.updated_at = now
        audit.record(
            action="section_saved" if locked.state == S.DRAFT else "section_completed",
            actor=user,
            application=application,
            reason=section,
            changes=changes,
        )
    return application


# --------------------------------------------------------------------------------------------
# Starting a draft
# --------------------------------------------------------------------------------------------
MAX_DRAFTS_PER_CALL = 3  # default of settings.AMI_MAX_DRAFTS_PER_CALL


class TooManyDrafts(ValidationError):
    """The organisation already has as many drafts for the call as allowed."""


def draft_limit_reason(*, call, organisation: Organisation) -> str | None:
    """Why ``organisation`` may not start another draft for ``call`` now, or ``None``.

    An organisation submits one project per call as a rule; a few drafts let it compare
    versions, a hundred would only fill the ministry's lists and the storage.
    """
    limit = getattr(settings, "AMI_MAX_DRAFTS_PER_CALL", MAX_DRAFTS_PER_CALL)
    drafts = Application.objects.filter(call=call, organisation=organisation, state=S.DRAFT).count()
    if drafts < limit:
        return None
    return ngettext(
        "Your organisation already has %(count)d draft for this call, the most allowed. Continue it, or "
        "withdraw it from its page if you no longer need it.",
        "Your organisation already has %(count)d drafts for this call, the most allowed. Continue one of them, or "
        "withdraw one you no longer need from its page.",
        drafts,
    ) % {"count": drafts}


def start_draft(*, call, organisation: Organisation, create: Callable[[], Application]) -> Application:
    """Run ``create`` (which creates the draft) unless the organisation has reached its limit.

    The organisation's row is locked so that two colleagues starting a draft at the same moment
    cannot both pass the count. Raises ``TooManyDrafts``.
    """
    with transaction.atomic():
        list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk", flat=True))
        reason = draft_limit_reason(call=call, organisation=organisation)
        if reason:
            raise TooManyDrafts(reason, code="too_many_drafts")
        return create()
