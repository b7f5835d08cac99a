"""Generating a call's decisions in the background, the ZIP, the email drafts and their sending."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command

from applications.models import AuditEntry, OutgoingEmail
from review import documents
from review.decision_emails import decision_emails, send_drafts
from review.decisions import correct_decision, validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import propose
from review.tasks import run_generation, start_generation
from tests.factories import CarrierFactory

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED


@pytest.fixture
def call(django_capture_on_commit_callbacks):
    call = small_call()
    member, signer = committee_member(), official()
    winner = reviewed_dossier(call, requested="40000.00")
    CarrierFactory(organisation=winner.organisation, email="presidente@asso.example.org")
    loser = reviewed_dossier(call)
    validate_proposal(
        proposal=propose(application=winner, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    validate_proposal(
        proposal=propose(application=loser, outcome=REJECTED, assessment_summary="Moins abouti.", by=member),
        signature=signature(),
        by=signer,
    )
    call.signer = signer
    return call


def test_background_generation_renders_every_pdf_zips_them_and_prepares_drafts(
    call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_generation(call=call, by=call.signer)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.DONE and job.done == job.total == 2 and not job.error
    assert all(d.sha256 for d in Decision.objects.filter(call=call))

    with zipfile.ZipFile(job.zip_file.open("rb")) as archive:
        assert sorted(archive.namelist()) == sorted(f"{d.reference}.pdf" for d in Decision.objects.filter(call=call))

    drafts = decision_emails().filter(application__call=call)
    assert drafts.count() == 3  # the winner's contact and member, the other carrier's contact
    assert set(drafts.values_list("status", flat=True)) == {OutgoingEmail.Status.DRAFT}
    award_draft = drafts.filter(kind="decision_award").first()
    assert award_draft.attachment_path and award_draft.attachment_name.endswith("-D1.pdf")
    assert "/v/" in award_draft.body and "/dossiers/" in award_draft.body
    assert not mail.outbox  # nothing leaves before an official sends it


def test_generation_is_idempotent_and_reuses_a_running_job(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = start_generation(call=call, by=call.signer)
        assert start_generation(call=call, by=call.signer).pk == first.pk
    run_generation(first)
    fingerprints = dict(Decision.objects.values_list("pk", "sha256"))
    again = run_generation(GenerationJob.objects.create(call=call))
    assert again.status == GenerationJob.Status.DONE
    assert dict(Decision.objects.values_list("pk", "sha256")) == fingerprints
    assert decision_emails().filter(application__call=call).count() == 3  # no duplicate drafts


def test_a_failure_is_recorded_and_the_others_go_on(call, monkeypatch):
    real = documents.render_decision_pdf
    refusal = Decision.objects.get(call=call, kind=Decision.Kind.REFUSAL)

    def flaky(decision):
        if decision.pk == refusal.pk:
            raise RuntimeError("police introuvable")
        return real(decision)

    monkeypatch.setattr(documents, "render_decision_pdf", flaky)
    job = run_generation(GenerationJob.objects.create(call=call))
    assert job.status == GenerationJob.Status.FAILED
    assert refusal.reference in job.error and "police introuvable" in job.error
    assert Decision.objects.get(call=call, kind=Decision.Kind.AWARD).sha256


def test_sending_the_drafts_sends_and_records_them_but_never_a_superseded_decision(
    call, django_capture_on_commit_callbacks
):
    run_generation(GenerationJob.objects.create(call=call))
    award = Decision.objects.get(call=call, kind=Decision.Kind.AWARD)
    correct_decision(
        decision=award,
        outcome=SELECTED,
        awarded_amount=award.amount - 1000,
        amount_reason="Ajustement",
        correction_reason="Erreur de montant",
        signature=signature(),
        by=call.signer,
    )
    run_generation(GenerationJob.objects.create(call=call))
    drafts = decision_emails().filter(application__call=call, status=OutgoingEmail.Status.DRAFT)
    assert drafts.count() == 5  # one for the refusal, two for each award version

    with django_capture_on_commit_callbacks(execute=True):
        sent, withheld = send_drafts(emails=drafts, by=call.signer)

    assert (sent, withheld) == (3, 2)
    assert len(mail.outbox) == 3
    assert all(message.attachments[0][0].endswith(".pdf") for message in mail.outbox)
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 3
    assert AuditEntry.objects.filter(action="decision_email_sent").count() == 3
    superseded = Decision.objects.get(status=Decision.Status.SUPERSEDED)
    assert set(OutgoingEmail.objects.filter(attachment_path=superseded.pdf.name).values_list("status", flat=True)) == {
        OutgoingEmail.Status.FAILED
    }


def test_command_draws_a_progress_bar(call):
    out = io.StringIO()
    call_command("generate_decisions", "--call", call.slug, stdout=out)
    text = out.getvalue()
    assert "2/2" in text and "#" in text
    assert GenerationJob.objects.get(call=call).status == GenerationJob.Status.DONE
