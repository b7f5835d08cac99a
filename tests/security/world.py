"""One organisation's dossiers at every stage, and a person in every role around them.

The victim organisation has a draft, a submitted dossier under review (assigned to two reviewers,
one of whom declared a conflict of interest) and a decided dossier with its signed decision. The
permission matrix asks, for every URL of the portal, what each role gets on these objects.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import time_machine
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications import attachments, roles, submission
from applications.grants.models import Convention, Grant, Instalment, Report, ReportAttachment
from applications.models import (
    Application,
    Attachment,
    AuditEntry,
    Call,
    Invitation,
    Message,
    OutgoingEmail,
)
from review import decisions, documents, selection
from review.models import (
    AdmissibilityCheck,
    Assignment,
    ConflictOfInterest,
    DecisionPreview,
    GenerationJob,
    Review,
)
from tests.applications.carrier_support import complete_draft, pdf_upload
from tests.factories import (
    AdmissibilityCheckFactory,
    CarrierFactory,
    InformationRequestFactory,
    ReviewFactory,
    StaffFactory,
    UserFactory,
)
from tests.review.decision_helpers import signature

ROLES = (
    "anonymous",
    "other_carrier",
    "owner",
    "colleague",
    "reviewer",
    "assigned_reviewer",
    "conflicted_reviewer",
    "committee",
    "official",
    "administrator",
)
S = Application.State


@dataclass
class World:
    people: dict
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(call) -> World:
    owner, draft = complete_draft(call, seed=11)
    organisation = owner.organisation
    optional = call.required_documents.filter(mandatory=False).order_by("position").first()
    optional_attachment = attachments.store_attachment(
        application=draft, document=optional, uploaded=pdf_upload("soutien.pdf"), user=owner
    )
    _, under_review = complete_draft(call, owner, seed=12)
    submission.submit_application(application=under_review, user=owner, sworn_statement=True)
    under_review.refresh_from_db()

    assigned = StaffFactory(role=roles.REVIEWER, first_name="Ines", last_name="Assignee")
    conflicted = StaffFactory(role=roles.REVIEWER, first_name="Cyril", last_name="Conflit")
    Assignment.objects.create(application=under_review, reviewer=assigned)
    Assignment.objects.create(application=under_review, reviewer=conflicted)
    conflict = ConflictOfInterest.objects.create(
        reviewer=conflicted, organisation=organisation, kind="family", explanation="Sœur de la présidente."
    )
    Application.objects.filter(pk=under_review.pk).update(state=S.ADMISSIBLE)  # admissible, being reviewed
    admissibility = AdmissibilityCheckFactory(application=under_review, checked_by=assigned)
    review = Review.objects.create(application=under_review, reviewer=assigned, comment="Brouillon d'avis.")
    information_request = InformationRequestFactory(application=under_review, requested_by=assigned)
    message = Message.objects.create(application=under_review, author=assigned, from_staff=True, body="Bonjour.")

    committee = StaffFactory(role=roles.COMMITTEE, first_name="Claire", last_name="Comité")
    official = StaffFactory(role=roles.OFFICIAL, first_name="Jeanne", last_name="Martin")
    _, decided = complete_draft(call, owner, seed=13)
    submission.submit_application(application=decided, user=owner, sworn_statement=True)
    Application.objects.filter(pk=decided.pk).update(state=S.ADMISSIBLE)
    decided.refresh_from_db()
    AdmissibilityCheckFactory(application=decided, checked_by=assigned)
    for author in (assigned, StaffFactory(role=roles.REVIEWER)):
        Assignment.objects.create(application=decided, reviewer=author)
        ReviewFactory(
            application=decided,
            reviewer=author,
            state=Review.State.SUBMITTED,
            score=Decimal("55"),
            recommendation=Review.Recommendation.RESERVED,
            submitted_at=timezone.now(),
            comment="Projet à préciser.",
        )
    proposal = selection.propose(
        application=decided, outcome="rejected", by=committee, assessment_summary="Projet trop peu détaillé."
    )
    # A decision is signed after the call's closing and the committee's meeting (review.decisions);
    # the call stays open for the other dossiers of this world, so this one is signed the day after.
    signing_day = call.closes_at + timedelta(days=1)
    Call.objects.filter(pk=call.pk).update(committee_date=timezone.localdate(signing_day))
    call.refresh_from_db()
    with time_machine.travel(signing_day, tick=False):
        decision = decisions.validate_proposal(proposal=proposal, signature=signature(), by=official)
    decision = documents.attach_pdf(decision)
    # A preview of a correction of it, prepared by the official (served to them only).
    decision_preview = DecisionPreview.objects.create(
        application=decided,
        supersedes=decision,
        prepared_by=official,
        reference=f"{decision.reference[:-1]}2",
        html_sha256="0" * 64,
        pdf=ContentFile(b"%PDF-1.4 preview", name="preview.pdf"),
        sha256=hashlib.sha256(b"%PDF-1.4 preview").hexdigest(),
    )
    decided_attachment = Attachment.objects.create(
        application=decided,
        file=ContentFile(b"%PDF-1.4 statuts", name="statuts.pdf"),
        original_name="Statuts.pdf",
        kind="pdf",
        size=16,
        sha256="0" * 64,
    )
    job = GenerationJob.objects.create(call=call, requested_by=official, status=GenerationJob.Status.DONE, total=1)
    job.zip_file.save("decisions.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
    email = OutgoingEmail.objects.create(
        kind="decision_refusal", application=decided, to=organisation.contact_email, subject="Décision", body="Texte."
    )

    # The follow-up of a grant on the decided dossier (rows written directly: the world's decision is a
    # refusal, and only the URLs' answers matter here): a convention sent to the carrier, a report.
    grant = Grant.objects.create(
        application=decided,
        decision=decision,
        amount=Decimal("40000.00"),
        convention_required=True,
        advance_percent=80,
        balance_percent=20,
        advance_amount=Decimal("32000.00"),
        balance_amount=Decimal("8000.00"),
    )
    grant_advance = Instalment.objects.create(grant=grant, kind=Instalment.Kind.ADVANCE)
    convention = Convention.objects.create(
        grant=grant,
        state=Convention.State.SENT,
        reference=f"CONV-{decided.reference}",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + timedelta(days=364),
        interim_report_due=timezone.localdate() + timedelta(days=182),
        final_report_due=timezone.localdate() + timedelta(days=547),
        sent_at=timezone.now(),
        sha256="1" * 64,
        pdf=ContentFile(b"%PDF-1.4 convention", name="convention.pdf"),
    )
    grant_report = Report.objects.create(grant=grant, kind=Report.Kind.FINAL, due_on=convention.final_report_due)
    report_file = ReportAttachment.objects.create(
        report=grant_report,
        file=ContentFile(b"%PDF-1.4 justificatif", name="justificatif.pdf"),
        original_name="justificatif.pdf",
        kind="pdf",
        size=21,
        sha256=hashlib.sha256(b"%PDF-1.4 justificatif").hexdigest(),
    )

    administrator = StaffFactory(role=roles.ADMINISTRATOR, first_name="Alex", last_name="Admin")
    device = TOTPDevice.objects.create(user=administrator, name="Téléphone", confirmed=True)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="nouvelle@asso.example.org",
        token="jeton-d-invitation-de-test-0123456789abcdefghijklmnop",
        invited_by=owner,
        expires_at=timezone.now() + timedelta(days=7),
    )
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult
    from dsfr.models import DsfrConfig

    attempt = AccessAttempt.objects.create(
        username="x@example.org", ip_address="192.0.2.1", user_agent="ua", failures_since_start=1
    )
    access_log = AccessLog.objects.create(username="x@example.org", ip_address="192.0.2.1", user_agent="ua")
    failure_log = AccessFailureLog.objects.create(username="x@example.org", ip_address="192.0.2.1", user_agent="ua")
    from applications.tasks import send_outgoing_email

    send_outgoing_email.enqueue(email_id=email.pk)  # the test runs with the database queue
    task_result = DBTaskResult.objects.order_by("-enqueued_at").first()
    dsfr_config = DsfrConfig.objects.first() or DsfrConfig.objects.create(site_title="Portail AMI")

    other_carrier = CarrierFactory()
    _, other_draft = complete_draft(call, other_carrier, with_documents=False, seed=14)
    # Titles nobody else uses, so that a page leaking them is noticed.
    for application, title in (
        (draft, "Brouillon témoin Q7K"),
        (under_review, "Dossier témoin Z4P"),
        (decided, "Décidé témoin X9M"),
    ):
        Application.objects.filter(pk=application.pk).update(title=title)
        application.refresh_from_db()
    people = {
        "anonymous": None,
        "other_carrier": other_carrier,
        "owner": owner,
        "colleague": UserFactory(organisation=organisation, first_name="Collègue"),
        "reviewer": StaffFactory(role=roles.REVIEWER, first_name="Rémi", last_name="Nonassigné"),
        "assigned_reviewer": assigned,
        "conflicted_reviewer": conflicted,
        "committee": committee,
        "official": official,
        "administrator": administrator,
    }
    objects = {
        "call": call,
        "organisation": organisation,
        "departement": organisation.departement,
        "draft": draft,
        "draft_attachment": optional_attachment,
        "optional_document": optional,
        "other_draft": other_draft,
        "document": call.required_documents.order_by("position").first(),
        "under_review": under_review,
        "attachment": under_review.attachments.filter(superseded_at__isnull=True).first(),
        "information_request": information_request,
        "message": message,
        "review": review,
        "admissibility": admissibility,
        "assignment": Assignment.objects.get(application=under_review, reviewer=assigned),
        "conflict": conflict,
        "decided": decided,
        "decided_attachment": decided_attachment,
        "proposal": proposal,
        "decision": decision,
        "grant": grant,
        "grant_advance": grant_advance,
        "convention": convention,
        "grant_report": grant_report,
        "report_file": report_file,
        "decision_preview": decision_preview,
        "generation_job": job,
        "email": email,
        "audit_entry": AuditEntry.objects.filter(application=under_review).order_by("id").first(),
        "group": Group.objects.get(name=roles.GROUP_REVIEWERS),
        "device": device,
        "invitation": invitation,
        "attempt": attempt,
        "access_log": access_log,
        "failure_log": failure_log,
        "task_result": task_result,
        "dsfr_config": dsfr_config,
        "owner": owner,
    }
    return World(people=people, objects=objects)


def snapshot(world: World) -> dict:
    """What must not change when a refused request is made."""
    return {
        "audit": AuditEntry.objects.count(),
        "states": dict(Application.objects.values_list("pk", "state")),
        "versions": dict(Application.objects.values_list("pk", "version")),
        "attachments": Attachment.objects.count(),
        "messages": Message.objects.count(),
        "reviews": dict(Review.objects.values_list("pk", "state")),
        "assignments": Assignment.objects.count(),
        "conflicts": ConflictOfInterest.objects.count(),
        "admissibility": AdmissibilityCheck.objects.count(),
        "emails": dict(OutgoingEmail.objects.values_list("pk", "status")),
        "jobs": GenerationJob.objects.count(),
    }
