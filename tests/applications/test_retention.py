"""Retention: the dossiers of carriers that were not selected are anonymised once their period is
over — personal data and files gone, statistics intact, selected carriers and recent or ongoing
dossiers untouched, a dry run changing nothing, a second run doing nothing more."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Avg, Count, Sum
from django.utils import timezone, translation

from applications import audit, receipts, registration, retention
from applications.models import (
    Application,
    Attachment,
    AuditEntry,
    BudgetLine,
    Call,
    CoFunding,
    InformationRequest,
    Invitation,
    Message,
    Organisation,
    OutgoingEmail,
    Receipt,
)
from review.decision_emails import prepare_decision_emails
from review.decisions import validate_proposal
from review.models import AdmissibilityCheck, Decision, Proposal, Review, Score
from review.selection import propose
from tests.applications.carrier_support import complete_draft
from tests.factories import (
    AdmissibilityCheckFactory,
    CoFundingFactory,
    DecisionFactory,
    InformationRequestFactory,
    MessageFactory,
    ProposalFactory,
    ReviewFactory,
    ScoreFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Application.State
YEAR = timedelta(days=365)
PERSON = "Diallo"  # the name of a person, written wherever a carrier or a reviewer may write one


@pytest.fixture
def call(ami_call):
    """The AMI, closed seven years ago."""
    closes_at = timezone.now() - 7 * YEAR
    Call.objects.filter(pk=ami_call.pk).update(opens_at=closes_at - timedelta(weeks=8), closes_at=closes_at)
    ami_call.refresh_from_db()
    return ami_call


_numbers = iter(range(1, 10_000))


def filed_dossier(call, *, state, acted, seed=1, carrier=None):
    """A dossier with everything a carrier and the reviewers leave behind — files, receipt, message,
    answered request, emails, reviews, admissibility, proposal and decision — in ``state``, its last
    act at ``acted``. Dates are set directly (no workflow), so that the audit log stays as written."""
    carrier, application = complete_draft(call, carrier=carrier, seed=seed)
    Application.objects.filter(pk=application.pk).update(
        title=f"Ateliers coordonnés par Mme {PERSON}",
        summary=f"Fatou {PERSON} (06 12 34 56 78) coordonne le projet.",
        recruitment_channels=f"Réseau de Mme {PERSON}, ancienne ambassadrice.",
        sworn_by=carrier,
        last_edited_by=carrier,
    )
    BudgetLine.objects.filter(application=application).update(label=f"Salaire de Mme {PERSON}")
    CoFundingFactory(application=application, source=f"Fondation {PERSON}")
    number = next(_numbers)
    submitted = state != S.DRAFT
    if submitted:
        Application.objects.filter(pk=application.pk).update(
            reference=f"{call.reference_prefix}-{number:04d}",
            sequence=number,
            submitted_at=call.closes_at - timedelta(days=1),
        )
        application.refresh_from_db()
        # The receipt's row, then its PDF, as a submission does (the PDF right after the commit).
        receipts.complete_receipt(receipt_id=receipts.create_receipt(application=application).pk)
        reviewer = StaffFactory(first_name="Léa", last_name="Instructrice")
        review = ReviewFactory(
            application=application,
            reviewer=reviewer,
            state=Review.State.SUBMITTED,
            score=Decimal("62.500"),
            recommendation=Review.Recommendation.RESERVED,
            comment=f"Mme {PERSON} connaît bien le terrain.",
            submitted_at=acted - 30 * timedelta(days=1),
        )
        ScoreFactory(review=review, criterion=call.criteria.first(), points=6, justification=f"Expérience de {PERSON}.")
        AdmissibilityCheckFactory(
            application=application,
            checked_by=reviewer,
            on_time_comment=f"Déposé par Mme {PERSON}.",
            checked_at=acted - 40 * timedelta(days=1),
            **(
                {"outcome": AdmissibilityCheck.Outcome.INADMISSIBLE, "complete": False, "reasons": "Budget absent."}
                if state == S.INADMISSIBLE
                else {}
            ),
        )
        InformationRequestFactory(
            application=application,
            message=f"Merci d'envoyer le CV de Mme {PERSON}.",
            answer=f"Voici le CV de Fatou {PERSON}.",
            answered_by=carrier,
            answered_at=acted - 50 * timedelta(days=1),
        )
        OutgoingEmail.objects.create(
            kind="submitted",
            application=application,
            to=carrier.email,
            subject="Dossier déposé",
            body=f"Bonjour Fatou {PERSON},",
            attachment_name="attestation.pdf",
            attachment_path=application.receipt.file.name,
        )
    message = MessageFactory(application=application, author=carrier, body=f"Bonjour, c'est Fatou {PERSON}.")
    Message.objects.filter(pk=message.pk).update(created_at=acted - 60 * timedelta(days=1))
    if state in (S.REFUSED, S.AWARDED):
        award = state == S.AWARDED
        ProposalFactory(
            application=application,
            outcome=Proposal.Outcome.SELECTED if award else Proposal.Outcome.REJECTED,
            awarded_amount=application.requested_amount if award else None,
            assessment_summary="Projet solide." if award else "Projet moins abouti que d'autres.",
        )
        decision = DecisionFactory(
            application=application,
            kind=Decision.Kind.AWARD if award else Decision.Kind.REFUSAL,
            amount=application.requested_amount if award else None,
            payment_terms=Decision.PaymentTerms.STAGED if award else "",
            reference=f"{application.reference}-D1",
            signed_at=acted,
            pdf=f"decisions/{call.pk}/{application.pk}.pdf",
            sha256="cd" * 32,
        )
        OutgoingEmail.objects.create(
            kind="decision_award" if award else "decision_refusal",
            application=application,
            to=carrier.email,
            subject="Décision",
            body=f"Madame {PERSON},",
            attachment_name=f"{decision.reference}.pdf",
            attachment_path=decision.pdf.name,
            status=OutgoingEmail.Status.SENT,
        )
    Application.objects.filter(pk=application.pk).update(state=state)
    return Application.objects.get(pk=application.pk)


def stored_files(application) -> list[str]:
    names = list(Attachment.objects.filter(application=application).values_list("file", flat=True))
    names += list(Receipt.objects.filter(application=application).values_list("file", flat=True))
    return names


def file_exists(settings, name) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).is_file()


def snapshot(application) -> dict:
    """Everything stored about ``application`` and its organisation, files' bytes included."""

    def rows(queryset):
        return [tuple(row.values()) for row in queryset.order_by("pk").values()]

    a = application.pk
    return {
        "dossier": rows(Application.objects.filter(pk=a)),
        "organisation": rows(Organisation.objects.filter(pk=application.organisation_id)),
        "budget": rows(BudgetLine.objects.filter(application=a)),
        "cofunding": rows(CoFunding.objects.filter(application=a)),
        "attachments": rows(Attachment.objects.filter(application=a)),
        "receipt": rows(Receipt.objects.filter(application=a)),
        "messages": rows(Message.objects.filter(application=a)),
        "requests": rows(InformationRequest.objects.filter(application=a)),
        "emails": rows(OutgoingEmail.objects.filter(application=a)),
        "reviews": rows(Review.objects.filter(application=a)),
        "scores": rows(Score.objects.filter(review__application=a)),
        "admissibility": rows(AdmissibilityCheck.objects.filter(application=a)),
        "proposal": rows(Proposal.objects.filter(application=a)),
        "decisions": rows(Decision.objects.filter(application=a)),
        "files": [Attachment.file.field.storage.open(name).read() for name in stored_files(application)],
    }


def texts_about(application) -> list[str]:
    """Every text stored with the dossier (its organisation aside)."""
    found = []
    for part, values in snapshot(application).items():
        if part not in ("organisation", "files"):
            found += [str(value) for row in values for value in row if isinstance(value, str)]
    return found


def statistics(call) -> dict:
    dossiers = Application.objects.filter(call=call)
    return {
        "by_state": dict(dossiers.values_list("state").annotate(n=Count("pk")).order_by()),
        "requested": dossiers.aggregate(total=Sum("requested_amount"))["total"],
        "departements": sorted(dossiers.values_list("departements__code", flat=True)),
        "themes": sorted(dossiers.values_list("themes__position", flat=True)),
        "budget": dict(
            BudgetLine.objects.filter(application__call=call)
            .values_list("category")
            .annotate(s=Sum("amount"))
            .order_by()
        ),
        "cofunding": CoFunding.objects.filter(application__call=call).aggregate(s=Sum("amount"))["s"],
        "scores": Review.objects.filter(application__call=call).aggregate(avg=Avg("score"), n=Count("pk")),
        "points": Score.objects.filter(review__application__call=call).aggregate(s=Sum("points"))["s"],
        "decisions": dict(Decision.objects.filter(call=call).values_list("kind").annotate(n=Count("pk")).order_by()),
        "submitted_at": sorted(dossiers.exclude(submitted_at=None).values_list("submitted_at", flat=True)),
    }


# --------------------------------------------------------------------------------------------
# What is anonymised
# --------------------------------------------------------------------------------------------
def test_a_refused_dossier_past_its_period_loses_its_personal_data_and_files(call, settings):
    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    files = stored_files(dossier)
    assert len(files) >= 2 and all(file_exists(settings, name) for name in files)
    assert any(PERSON in text for text in texts_about(dossier))
    decision_before = snapshot(dossier)["decisions"]

    report = retention.anonymise_expired()

    assert [d.pk for d in report.dossiers] == [dossier.pk] and report.files == len(files)
    after = Application.objects.get(pk=dossier.pk)
    assert all(getattr(after, name) == "" for name in retention.dossier_text_fields())
    assert (after.created_by, after.last_edited_by, after.sworn_by) == (None, None, None)
    assert not [text for text in texts_about(after) if PERSON in text]
    assert not any(file_exists(settings, name) for name in files)
    assert not Attachment.objects.filter(application=dossier).exists()
    assert not Receipt.objects.filter(application=dossier).exists()
    assert not Message.objects.filter(application=dossier).exists()
    emails = OutgoingEmail.objects.filter(application=dossier).order_by("pk")
    assert [(e.kind, e.to, e.subject, e.body) for e in emails] == [
        ("submitted", "", "", ""),
        ("decision_refusal", "", "", ""),
    ]
    # The decision's email counts as sent: a later generation of the call's decisions prepares none.
    assert [e for e in prepare_decision_emails(call=call) if e.application_id == dossier.pk] == []
    assert Score.objects.get(review__application=dossier).justification == (
        "Supprimé à l'échéance de la durée de conservation."
    )
    # The administration's acts stay: the decision, the proposal, the admissibility outcome.
    assert snapshot(after)["decisions"] == decision_before
    assert Proposal.objects.get(application=dossier).outcome == Proposal.Outcome.REJECTED
    # Its organisation has no other dossier: its contact details go, the legal person stays.
    organisation = Organisation.objects.get(pk=dossier.organisation_id)
    assert [getattr(organisation, name) for name in retention.ORGANISATION_PERSONAL_FIELDS] == [""] * 5
    assert organisation.name and organisation.siret and organisation.rna
    assert [o.pk for o in report.organisations] == [organisation.pk]
    # Recorded, and the chain is whole.
    (entry,) = AuditEntry.objects.filter(application=dossier, action="dossier_anonymised")
    assert entry.actor_label == "système" and entry.reason == "Durée de conservation échue (1827 jours)."
    assert entry.changes["files_deleted"] == len(files)
    assert AuditEntry.objects.filter(action="organisation_anonymised", object_id=str(organisation.pk)).count() == 1
    # The dossier's earlier entries keep who did what and when; their texts (file names, values
    # typed, addresses) are erased, and the anonymisation's entry names them.
    earlier = AuditEntry.objects.filter(application=dossier).exclude(pk=entry.pk)
    assert earlier.count() >= 3
    assert all(e.reason == "" and e.changes == {} and e.redacted_at for e in earlier)
    assert earlier.filter(action="attachment_added", actor__isnull=False).exists()  # who did what stays
    assert sorted(entry.changes["audit_entries_erased"]) == sorted(earlier.values_list("pk", flat=True))
    assert not [e for e in AuditEntry.objects.all() if PERSON in str(e.changes) + e.reason]
    assert audit.verify_chain().ok


@pytest.mark.parametrize("state", [S.INADMISSIBLE, S.WITHDRAWN, S.DRAFT])
def test_not_admissible_withdrawn_and_abandoned_dossiers_are_anonymised_too(call, settings, state):
    dossier = filed_dossier(call, state=state, acted=timezone.now() - 6 * YEAR)
    files = stored_files(dossier)

    retention.anonymise_expired()

    assert AuditEntry.objects.filter(application=dossier, action="dossier_anonymised").count() == 1
    assert not [text for text in texts_about(dossier) if PERSON in text]
    assert files and not any(file_exists(settings, name) for name in files)
    assert Application.objects.get(pk=dossier.pk).state == state
    if state == S.INADMISSIBLE:  # the grounds of the administration's act stay
        assert AdmissibilityCheck.objects.get(application=dossier).reasons == "Budget absent."


# --------------------------------------------------------------------------------------------
# What is never touched
# --------------------------------------------------------------------------------------------
def test_a_refused_dossier_within_its_period_is_untouched(call, settings):
    recent = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 4 * YEAR)
    before = snapshot(recent)

    report = retention.anonymise_expired()

    assert report.dossiers == [] and snapshot(recent) == before
    assert all(file_exists(settings, name) for name in stored_files(recent))


def test_a_selected_carriers_dossier_is_never_touched(call):
    awarded = filed_dossier(call, state=S.AWARDED, acted=timezone.now() - 6 * YEAR)
    before = snapshot(awarded)

    report = retention.anonymise_expired(after_days=1)

    assert report.dossiers == [] and report.organisations == []
    assert snapshot(awarded) == before


@pytest.mark.parametrize("state", [S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED, S.ADMISSIBLE])
def test_dossiers_still_in_progress_are_never_touched(call, state):
    waiting = filed_dossier(call, state=state, acted=timezone.now() - 6 * YEAR)
    before = snapshot(waiting)

    assert retention.anonymise_expired(after_days=1).dossiers == []
    assert snapshot(waiting) == before


def test_a_message_after_the_decision_starts_the_period_again(call):
    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    MessageFactory(application=dossier, body="Je conteste la décision.")  # today
    before = snapshot(dossier)

    assert retention.anonymise_expired().dossiers == []
    assert snapshot(dossier) == before


def test_an_organisation_that_still_has_a_selected_dossier_keeps_its_contact_details(call):
    refused = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    carrier = UserFactory(organisation=refused.organisation)
    awarded = filed_dossier(call, state=S.AWARDED, acted=timezone.now() - 6 * YEAR, seed=2, carrier=carrier)
    before = snapshot(awarded)

    report = retention.anonymise_expired()

    assert [d.pk for d in report.dossiers] == [refused.pk] and report.organisations == []
    assert not [text for text in texts_about(refused) if PERSON in text]
    assert snapshot(awarded) == before  # its organisation included: contact details kept


def test_the_log_s_entries_about_an_organisation_s_past_invitations_lose_the_address(call):
    refused = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    inviter = refused.created_by or UserFactory(organisation=refused.organisation)
    accepted = registration.invite_colleague(
        organisation=refused.organisation, email="collegue.partie@example.org", invited_by=inviter, base_url=""
    )
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now() - 6 * YEAR)
    live = registration.invite_colleague(
        organisation=refused.organisation, email="nouvelle.recrue@example.org", invited_by=inviter, base_url=""
    )

    report = retention.anonymise_expired()

    assert [o.pk for o in report.organisations] == [refused.organisation_id]
    gone = AuditEntry.objects.get(object_type="applications.invitation", object_id=str(accepted.pk))
    assert gone.changes == {} and gone.redacted_at and gone.action == "colleague_invited"
    pending = AuditEntry.objects.get(object_type="applications.invitation", object_id=str(live.pk))
    assert pending.changes == {"email": "nouvelle.recrue@example.org"}  # a live invitation stays whole
    record = AuditEntry.objects.get(action="organisation_anonymised")
    assert record.changes["audit_entries_erased"] == [gone.pk]
    assert audit.verify_chain().ok


# --------------------------------------------------------------------------------------------
# Statistics, dry run, idempotence
# --------------------------------------------------------------------------------------------
def test_statistics_are_the_same_after_anonymisation(call):
    now = timezone.now()
    filed_dossier(call, state=S.REFUSED, acted=now - 6 * YEAR, seed=1)
    filed_dossier(call, state=S.INADMISSIBLE, acted=now - 6 * YEAR, seed=2)
    filed_dossier(call, state=S.AWARDED, acted=now - 6 * YEAR, seed=3)
    filed_dossier(call, state=S.REFUSED, acted=now - 2 * YEAR, seed=4)
    before = statistics(call)
    assert before["by_state"] == {"refused": 2, "inadmissible": 1, "awarded": 1}

    assert len(retention.anonymise_expired().dossiers) == 2

    assert statistics(call) == before


def test_a_dry_run_lists_what_would_go_and_changes_nothing(call, settings):
    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    before, entries = snapshot(dossier), AuditEntry.objects.count()

    report = retention.anonymise_expired(dry_run=True)

    assert [d.pk for d in report.dossiers] == [dossier.pk]
    assert report.files == len(stored_files(dossier)) and len(report.organisations) == 1
    assert snapshot(dossier) == before and AuditEntry.objects.count() == entries


def test_running_again_changes_nothing_more(call):
    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    retention.anonymise_expired()
    after_first, entries = snapshot(dossier), AuditEntry.objects.count()

    report = retention.anonymise_expired()

    assert report.dossiers == [] and report.organisations == []
    assert snapshot(dossier) == after_first and AuditEntry.objects.count() == entries


def test_the_real_journey_five_years_after_the_refusal(db, settings):
    """Refused through the committee's and the official's screens' functions, then the period."""
    from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

    call = small_call()
    refused = reviewed_dossier(call)
    awarded = reviewed_dossier(call)
    member, signer = committee_member(), official()
    propose(application=awarded, outcome=Proposal.Outcome.SELECTED, by=member)
    rejected = propose(
        application=refused, outcome=Proposal.Outcome.REJECTED, assessment_summary="Moins abouti.", by=member
    )
    decision = validate_proposal(proposal=rejected, signature=signature(), by=signer)
    validate_proposal(proposal=Proposal.objects.get(application=awarded), signature=signature(), by=signer)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(days=1))
    period = timedelta(days=settings.AMI_RETENTION_DAYS)

    assert retention.anonymise_expired(now=decision.signed_at + period - timedelta(days=1)).dossiers == []
    later = retention.anonymise_expired(now=decision.signed_at + period + timedelta(days=1))

    assert [d.pk for d in later.dossiers] == [refused.pk]
    assert Application.objects.get(pk=refused.pk).title == ""
    assert Application.objects.get(pk=awarded.pk).title != ""
    assert audit.verify_chain().ok


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------
def run(*args) -> str:
    out = StringIO()
    call_command("anonymise_expired", *args, stdout=out, no_color=True)
    return out.getvalue()


def test_the_command_says_what_it_did_in_french(call):
    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    files = len(stored_files(dossier))
    cutoff = (timezone.localtime() - timedelta(days=1827)).strftime("%d/%m/%Y")
    decided = timezone.localtime(Decision.objects.get(application=dossier).signed_at).strftime("%d/%m/%Y")

    simulated = run("--dry-run")
    assert simulated.splitlines() == [
        f"  {dossier.reference} — Refusé, dernier acte le {decided}",
        f"Simulation, rien n'a été modifié : 1 dossier serait anonymisé, {files} fichiers seraient supprimés, "
        "les coordonnées de 1 organisation seraient retirées "
        f"(durée de conservation : 1827 jours, dernier acte avant le {cutoff}).",
    ]
    assert not AuditEntry.objects.filter(action="dossier_anonymised").exists()

    done = run()
    assert done.splitlines()[-1] == (
        f"1 dossier anonymisé, {files} fichiers supprimés, coordonnées de 1 organisation retirées "
        f"(durée de conservation : 1827 jours, dernier acte avant le {cutoff})."
    )
    assert (
        run() == f"Aucun dossier à anonymiser (durée de conservation : 1827 jours, dernier acte avant le {cutoff}).\n"
    )


def test_the_command_takes_another_period(call):
    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 4 * YEAR)
    assert run().startswith("Aucun dossier à anonymiser")
    assert f"  {dossier.reference} — Refusé" in run("--after-days", "1000")


def test_the_command_refuses_a_period_under_a_day(db):
    with pytest.raises(CommandError, match="La durée de conservation doit être d'au moins un jour."):
        run("--after-days", "0")


def test_the_command_explains_itself_in_french():
    from applications.management.commands.anonymise_expired import Command

    with translation.override("fr"):  # a fresh `manage.py` process starts in the portal's language
        parser = Command().create_parser("manage.py", "anonymise_expired")
        text = " ".join(parser.format_help().split())
    assert "Anonymise les dossiers des porteurs non retenus une fois leur durée de conservation échue" in text
    assert "Liste ce qui serait anonymisé, sans rien modifier." in text


def test_an_anonymised_dossier_still_opens_for_its_carrier_and_for_staff(call, client):
    from django.urls import reverse

    from applications import roles

    dossier = filed_dossier(call, state=S.REFUSED, acted=timezone.now() - 6 * YEAR)
    carrier = UserFactory(organisation=dossier.organisation)
    retention.anonymise_expired()

    client.force_login(carrier)
    assert client.get(reverse("applications:my_applications")).status_code == 200
    page = client.get(reverse("applications:application_detail", kwargs={"public_id": dossier.public_id}))
    assert page.status_code == 200 and dossier.reference in page.content.decode()
    receipt = reverse("applications:receipt_download", kwargs={"public_id": dossier.public_id})
    assert client.get(receipt).status_code == 404
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR))
    admin_page = client.get(reverse("admin:applications_application_change", args=[dossier.pk]))
    assert admin_page.status_code == 200 and PERSON not in admin_page.content.decode()
