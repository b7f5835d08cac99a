"""A decision is dated the day it is signed, by the server's clock, and never precedes the facts it cites."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from applications.models import Application, Call
from review import documents
from review.decisions import DecisionRefused, correct_decision, validate_proposal, validate_proposals
from review.forms_decisions import SignatureForm
from review.models import Decision, Proposal
from review.selection import propose

from ..pdf_support import pdf_text
from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SELECTED, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED


def proposed(call, outcome=SELECTED, **extra):
    application = reviewed_dossier(call, **extra)
    # Submitted during the call's opening, whatever the clock the suite runs at.
    submitted = call.opens_at + (call.closes_at - call.opens_at) / 2
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted)
    application.submitted_at = submitted
    return propose(
        application=application,
        outcome=outcome,
        assessment_summary="" if outcome == SELECTED else "Projet trop peu territorialisé.",
        by=committee_member(),
    )


def test_the_decision_is_dated_by_the_server_clock_in_paris():
    call = small_call()
    proposal = proposed(call)
    # 23:30 UTC on 31 May is already 1 June in Paris.
    with time_machine.travel(datetime(2027, 5, 31, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        decision = validate_proposal(proposal=proposal, signature=signature(), by=official())
    signed = documents.paris_time(decision.signed_at)
    assert signed.date() == date(2027, 6, 1)
    text = pdf_text(documents.render_decision_pdf(decision))
    assert "Paris, le 1er juin 2027" in text and "Fait à Paris, le 1er juin 2027." in text


def test_the_signing_form_has_no_date_to_choose_and_a_posted_date_is_ignored():
    form = SignatureForm(
        data={"signatory_name": "Jeanne Martin", "signatory_role": "Directrice", "signed_on": "2024-01-02"}
    )
    assert "signed_on" not in form.fields
    assert form.is_valid()
    assert not hasattr(form.signature(), "signed_on")


def test_no_decision_before_the_call_closes():
    call = small_call(
        opens_at=datetime(2027, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 4, 30, 12, 0, tzinfo=PARIS),
        committee_date=date(2027, 5, 14),
    )
    proposal = proposed(call)
    with time_machine.travel(datetime(2027, 4, 30, 11, 59, tzinfo=PARIS), tick=False):
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert refused.value.code == "before_closing"
    assert "30 avril 2027 à 12:00" in refused.value.messages[0]
    assert not Decision.objects.exists()


def test_no_decision_before_the_committee_met_or_without_its_date():
    call = small_call(
        opens_at=datetime(2027, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 4, 30, 12, 0, tzinfo=PARIS),
        committee_date=date(2027, 5, 14),
    )
    proposal = proposed(call)
    with time_machine.travel(datetime(2027, 5, 13, 18, 0, tzinfo=PARIS), tick=False):
        with pytest.raises(DecisionRefused) as refused:
            validate_proposals(proposals=[proposal], signature=signature(), by=official())
        assert refused.value.code == "before_committee"
        assert "14 mai 2027" in refused.value.messages[0]

    Call.objects.filter(pk=call.pk).update(committee_date=None)
    with time_machine.travel(datetime(2027, 6, 1, 10, 0, tzinfo=PARIS), tick=False):
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert refused.value.code == "no_committee"

    Call.objects.filter(pk=call.pk).update(committee_date=date(2027, 4, 1))  # before the closing: a typo
    with time_machine.travel(datetime(2027, 6, 1, 10, 0, tzinfo=PARIS), tick=False):
        with pytest.raises(DecisionRefused) as refused:
            validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert refused.value.code == "committee_before_closing"

    Call.objects.filter(pk=call.pk).update(committee_date=date(2027, 5, 14))
    with time_machine.travel(datetime(2027, 5, 14, 9, 0, tzinfo=PARIS), tick=False):
        decision = validate_proposal(proposal=proposal, signature=signature(), by=official())
    assert documents.paris_time(decision.signed_at).date() == date(2027, 5, 14)


def test_a_correction_is_dated_by_the_clock_too_and_follows_the_same_rules():
    call = small_call()
    with time_machine.travel(datetime(2027, 6, 1, 10, 0, tzinfo=PARIS), tick=False):
        decision = validate_proposal(proposal=proposed(call, outcome=REJECTED), signature=signature(), by=official())
    with time_machine.travel(datetime(2028, 2, 1, 10, 0, tzinfo=PARIS), tick=False):
        corrected = correct_decision(
            decision=decision,
            outcome=SELECTED,
            correction_reason="Erreur matérielle dans le classement.",
            signature=signature(),
            by=official(),
        )
    assert documents.paris_time(corrected.signed_at).date() == date(2028, 2, 1)
    assert corrected.signed_at > decision.signed_at
    text = pdf_text(documents.render_decision_pdf(corrected))
    assert "Fait à Paris, le 1er février 2028." in text


def test_the_admin_sign_screen_says_why_signing_must_wait(client):
    call = small_call(
        opens_at=datetime(2027, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 4, 30, 12, 0, tzinfo=PARIS),
        committee_date=date(2027, 5, 14),
    )
    proposal = proposed(call)
    signer = official()
    url = reverse("admin:review_proposal_changelist")
    with time_machine.travel(datetime(2027, 4, 2, 10, 0, tzinfo=PARIS), tick=False):
        client.force_login(signer)  # a session opened on that day
        shown = client.post(url, {"action": "validate_proposals", "_selected_action": [proposal.pk]})
        assert shown.status_code == 200
        page = shown.content.decode()
        assert "Ces décisions ne peuvent pas encore être signées" in page
        assert "ne peuvent être signées qu&#x27;après sa clôture" in page
        assert 'name="signed_on"' not in page
        assert "Date de signature : 2 avril 2027" in page

        refused = client.post(
            url,
            {
                "action": "validate_proposals",
                "_selected_action": [proposal.pk],
                "sign": "1",
                "signatory_name": "Jeanne Martin",
                "signatory_role": "Directrice",
            },
        )
    assert refused.status_code == 200
    assert "après sa clôture" in refused.content.decode()
    assert not Decision.objects.exists()


def test_the_selection_screen_tells_the_official_why_signing_must_wait(client):
    call = small_call(
        opens_at=datetime(2027, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 4, 30, 12, 0, tzinfo=PARIS),
        committee_date=None,
    )
    proposed(call)
    url = reverse("admin:review_selectioncall_change", args=[call.pk])
    with time_machine.travel(datetime(2027, 5, 20, 10, 0, tzinfo=PARIS), tick=False):
        client.force_login(official())
        page = client.get(url).content.decode()
    assert "La date du comité de sélection n&#x27;est pas renseignée" in page

    Call.objects.filter(pk=call.pk).update(committee_date=date(2027, 5, 14))
    with time_machine.travel(datetime(2027, 5, 20, 10, 0, tzinfo=PARIS), tick=False):
        client.force_login(official())
        page = client.get(url).content.decode()
    assert "ami-signing-blocked" not in page
