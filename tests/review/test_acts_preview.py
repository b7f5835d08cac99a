"""Before signing, the official reads the very PDF that will be issued, and signs that document."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from ami_portal import pades
from applications.models import Application
from review import documents, previews
from review.decisions import DecisionRefused, validate_proposal, validate_proposals
from review.models import Decision, DecisionPreview, Proposal
from review.selection import propose

from ..pdf_support import pdf_text
from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED
# A day after the committee of ``small_call`` met: the decisions may be signed.
SIGNING_DAY = datetime(2027, 6, 1, 10, 0, tzinfo=PARIS)


def proposed(call, outcome=SELECTED, summary="Projet trop peu territorialisé."):
    application = reviewed_dossier(call)
    submitted = call.opens_at + (call.closes_at - call.opens_at) / 2
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted)
    return propose(
        application=application,
        outcome=outcome,
        assessment_summary="" if outcome == SELECTED else summary,
        by=committee_member(),
    )


def read(file_field) -> bytes:
    with file_field.open("rb") as handle:
        return handle.read()


def test_the_issued_pdf_is_the_previewed_one_byte_for_byte():
    call = small_call()
    proposal = proposed(call, REJECTED)
    signer = official()
    with time_machine.travel(SIGNING_DAY, tick=False):
        preview = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
        previewed = read(preview.pdf)
        text = pdf_text(previewed)
        assert f"Décision n° {preview.reference}" in text
        assert "Fait à Paris, le 1er juin 2027." in text
        assert "Projet trop peu territorialisé." in text
        # Not a decision yet: nothing is issued, the dossier is unchanged.
        assert not Decision.objects.exists()
        assert Application.objects.get(pk=proposal.application_id).state == Application.State.ADMISSIBLE

    with time_machine.travel(datetime(2027, 6, 1, 17, 45, tzinfo=PARIS), tick=False):  # later the same day
        decision = validate_proposal(proposal=proposal, signature=signature(), by=signer, preview=preview)
    assert decision.preview == preview and decision.verification_code == preview.verification_code
    assert decision.reference == preview.reference
    documents.attach_pdf(decision)
    decision.refresh_from_db()
    assert read(decision.pdf) == previewed  # signing is off in the tests: the file is the preview itself
    preview.refresh_from_db()
    assert preview.used_at is not None


def test_the_sealed_decision_begins_with_the_previewed_bytes_and_validates(sealed):
    call = small_call()
    proposal = proposed(call)
    signer = official()
    with time_machine.travel(SIGNING_DAY, tick=True):
        preview = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
        decision = documents.attach_pdf(
            validate_proposal(proposal=proposal, signature=signature(), by=signer, preview=preview)
        )
        signed = read(decision.pdf)
        verdict = pades.validate(signed)
    previewed = read(preview.pdf)
    assert len(signed) > len(previewed) and signed.startswith(previewed)
    assert verdict.verdict == pades.Verdict.INTACT


def test_a_proposal_changed_after_the_preview_cannot_be_signed_from_it():
    call = small_call()
    proposal = proposed(call, REJECTED)
    signer = official()
    with time_machine.travel(SIGNING_DAY, tick=False):
        preview = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
        Proposal.objects.filter(pk=proposal.pk).update(assessment_summary="Un autre motif, écrit après l'aperçu.")
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(), by=signer, preview=preview)
    assert refused.value.code == "changed_since_preview"
    assert "depuis l'aperçu" in refused.value.messages[0]
    assert not Decision.objects.exists()
    preview.refresh_from_db()
    assert preview.used_at is None


def test_another_signature_than_the_previewed_one_is_refused():
    call = small_call()
    proposal = proposed(call)
    signer = official()
    with time_machine.travel(SIGNING_DAY, tick=False):
        preview = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(name="Paul Durand"), by=signer, preview=preview)
    assert refused.value.code == "changed_since_preview"


def test_a_preview_is_valid_the_day_it_was_made_for_its_official_and_once():
    call = small_call()
    proposal = proposed(call)
    signer, colleague = official(), official()
    with time_machine.travel(datetime(2027, 6, 1, 23, 50, tzinfo=PARIS), tick=False):
        preview = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
    with time_machine.travel(datetime(2027, 6, 2, 0, 5, tzinfo=PARIS), tick=False):  # after midnight in Paris
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(), by=signer, preview=preview)
        assert refused.value.code == "stale_preview"
        fresh = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(), by=colleague, preview=fresh)
        assert refused.value.code == "stale_preview"
        decision = validate_proposal(proposal=proposal, signature=signature(), by=signer, preview=fresh)
    assert documents.paris_time(decision.signed_at).date() == date(2027, 6, 2)
    assert pdf_text(read(fresh.pdf)).squeezed.count("2juin2027") >= 1


def test_a_batch_signed_from_previews_needs_one_for_each_dossier():
    call = small_call()
    first, second = proposed(call), proposed(call, REJECTED)
    signer = official()
    with time_machine.travel(SIGNING_DAY, tick=False):
        batch = previews.prepare_previews(proposals=[first], signature=signature(), by=signer)
        chosen = {preview.application_id: preview for preview in batch.previews}
        result = validate_proposals(proposals=[first, second], signature=signature(), by=signer, previews=chosen)
    assert [decision.application_id for decision in result.issued] == [first.application_id]
    assert result.skipped[0][0].pk == second.application_id
    assert "aperçu" in result.skipped[0][1]


def test_a_preview_before_the_call_closes_reports_why_and_renders_nothing():
    call = small_call(
        opens_at=datetime(2027, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 4, 30, 12, 0, tzinfo=PARIS),
        committee_date=date(2027, 5, 14),
    )
    proposal = proposed(call)
    with time_machine.travel(datetime(2027, 4, 2, 10, 0, tzinfo=PARIS), tick=False):
        batch = previews.prepare_previews(proposals=[proposal], signature=signature(), by=official())
    assert not batch.previews and not DecisionPreview.objects.exists()
    assert "après sa clôture" in batch.skipped[0][1]


def test_a_previews_code_is_unknown_to_the_public_until_signed(client):
    call = small_call()
    proposal = proposed(call)
    signer = official()
    with time_machine.travel(SIGNING_DAY, tick=False):
        preview = previews.prepare_preview(proposal=proposal, signature=signature(), by=signer)
        url = reverse("verify_decision", kwargs={"code": preview.verification_code})
        assert client.get(url).status_code == 404
        validate_proposal(proposal=proposal, signature=signature(), by=signer, preview=preview)
        assert client.get(url).status_code == 200


def test_the_admin_signs_only_what_was_previewed_and_serves_previews_to_their_official(client):
    call = small_call()
    proposal = proposed(call, REJECTED)
    signer, colleague, member = official(), official(), committee_member()
    changelist = reverse("admin:review_proposal_changelist")
    typed = {
        "action": "validate_proposals",
        ACTION_CHECKBOX_NAME: [proposal.pk],
        "signatory_name": "Jeanne Martin",
        "signatory_role": "Directrice",
    }
    with time_machine.travel(SIGNING_DAY, tick=True):
        client.force_login(signer)
        unread = client.post(changelist, {**typed, "sign": "1"})
        assert unread.status_code == 200
        assert "Prévisualisez les décisions et lisez-les avant de les signer." in unread.content.decode()
        assert not Decision.objects.exists()

        shown = client.post(changelist, {**typed, "preview": "1"})
        page = shown.content.decode()
        preview = DecisionPreview.objects.get()
        link = reverse("admin:review_proposal_preview", args=[preview.pk])
        assert link in page and "Signer la décision lue" in page
        download = client.get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == read(preview.pdf)

        for other in (colleague, member):
            client.force_login(other)
            assert client.get(link).status_code == 404

        client.force_login(signer)
        signed = client.post(changelist, {**typed, "sign": "1", "preview_id": [preview.pk]})
    assert signed.status_code == 302
    assert Decision.objects.get().preview == preview
