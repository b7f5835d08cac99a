"""Decision and waiting-list emails: drafts untouched until an official sends them, sent once, in
the background, failures visible and sent again; both decisions carry the appeal routes in full."""

import smtplib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applications.models import AuditEntry, OutgoingEmail
from review.decision_emails import (
    WAITING_LIST,
    decision_emails,
    prepare_decision_emails,
    retry_failed,
    send_drafts,
    sending_progress,
)
from review.decisions import validate_proposal
from review.models import GenerationJob, Proposal
from review.selection import propose
from review.tasks import run_generation
from tests.task_support import run_worker

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED
Status = OutgoingEmail.Status

APPEAL_ROUTES = (
    "Si vous entendez contester la présente décision, vous pouvez, dans un délai de deux mois à compter de sa "
    "notification :\n\n– former un recours gracieux auprès de son auteur",
    "– former un recours hiérarchique auprès du ministre dont relève l'auteur de la décision",
    "– former un recours contentieux devant le tribunal administratif territorialement compétent, en application "
    "des articles R. 421-1 et R. 421-5 du code de justice administrative",
    "Télérecours citoyens",
    "Un recours gracieux ou hiérarchique formé dans le délai de deux mois proroge le délai du recours contentieux",
)


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers « service not available »."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("421 service non disponible")


@pytest.fixture
def decided_call():
    """A call of one seat: a winner (45 000 €), a refused dossier and one on the waiting list."""
    call = small_call(max_selected=1)
    member, signer = committee_member(), official()
    winner = reviewed_dossier(call, requested="45000.00", scores=(Decimal(90), Decimal(92)))
    loser = reviewed_dossier(call, scores=(Decimal(50), Decimal(52)))
    waiting = reviewed_dossier(call, requested="30000.00")
    propose(application=waiting, outcome=WAITING, by=member)
    for dossier, outcome in ((winner, SELECTED), (loser, REJECTED)):
        proposal = propose(application=dossier, outcome=outcome, by=member, assessment_summary="Moins abouti.")
        validate_proposal(proposal=proposal, signature=signature(), by=signer)
    run_generation(GenerationJob.objects.create(call=call))
    call.member, call.signer = member, signer
    call.winner, call.loser, call.waiting = winner, loser, waiting
    return call


def test_drafts_for_each_outcome_stay_drafts_until_an_official_sends_them(decided_call):
    drafts = decision_emails().filter(application__call=decided_call)
    assert sorted(drafts.values_list("kind", flat=True)) == ["decision_award", "decision_refusal", WAITING_LIST]
    assert set(drafts.values_list("status", flat=True)) == {Status.DRAFT}
    assert not mail.outbox
    prepare_decision_emails(call=decided_call)  # again: nothing new, nothing touched
    assert drafts.count() == 3 and set(drafts.values_list("status", flat=True)) == {Status.DRAFT}
    assert not mail.outbox


def test_both_decision_emails_carry_the_appeal_routes_in_full_and_the_same(decided_call):
    award = decision_emails().get(kind="decision_award")
    refusal = decision_emails().get(kind="decision_refusal")
    for email in (award, refusal):
        for words in APPEAL_ROUTES:
            assert words in email.body, words
        assert "<" not in email.body and "&#" not in email.body  # plain text, not HTML
    routes = [
        email.body[email.body.index(APPEAL_ROUTES[0]) :].split("\n\nCe courriel")[0] for email in (award, refusal)
    ]
    assert routes[0] == routes[1]


def test_the_award_email_says_what_happens_next_and_the_waiting_email_what_it_means(decided_call):
    award = decision_emails().get(kind="decision_award").body.replace("\xa0", " ")
    for words in ("au-delà de 23 000 €", "Avance (80 %) : 36 000,00 €", "Solde (20 %) : 9 000,00 €", "CERFA n° 15059"):
        assert words in award, words
    assert "liste d'attente" not in award
    waiting = decision_emails().get(kind=WAITING_LIST)
    assert waiting.application == decided_call.waiting and not waiting.attachment_path
    assert "liste d'attente" in waiting.subject
    for words in ("au rang 1 sur 1", "se désiste", "la liste est close", decided_call.waiting.get_absolute_url()):
        assert words in waiting.body, words
    refusal = decision_emails().get(kind="decision_refusal").body
    assert "liste d'attente" not in refusal and "Avance" not in refusal


def test_sending_sends_each_email_once_even_when_asked_twice(decided_call, django_capture_on_commit_callbacks):
    drafts = decision_emails().filter(application__call=decided_call)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_drafts(emails=drafts, by=decided_call.signer) == (3, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_drafts(emails=decision_emails(), by=decided_call.signer) == (0, 0)
        assert retry_failed(emails=decision_emails(), by=decided_call.signer) == (0, 0)
    assert len(mail.outbox) == 3
    assert sorted(m.subject for m in mail.outbox) == sorted(drafts.values_list("subject", flat=True))
    assert set(decision_emails().values_list("status", flat=True)) == {Status.SENT}
    assert sending_progress(decision_emails()).sent == 3
    assert AuditEntry.objects.filter(action="decision_email_sent").count() == 3


def test_a_failure_is_visible_never_marked_sent_and_sent_again_once(
    decided_call, database_tasks, settings, django_capture_on_commit_callbacks
):
    drafts = decision_emails().filter(application__call=decided_call)
    with django_capture_on_commit_callbacks(execute=True):
        send_drafts(emails=drafts, by=decided_call.signer)
    progress = sending_progress(drafts)
    assert (progress.queued, progress.sent, progress.draft) == (3, 0, 0)  # in the background: the worker sends

    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    run_worker()
    assert not mail.outbox
    failed = decision_emails().filter(status=Status.FAILED)
    assert failed.count() == 3 and all("421" in email.error for email in failed)
    assert sending_progress(drafts).failed == 3 and not decision_emails().filter(sent_at__isnull=False).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(emails=decision_emails(), by=decided_call.signer) == (3, 0)
    run_worker()
    assert len(mail.outbox) == 3
    assert set(decision_emails().values_list("status", flat=True)) == {Status.SENT}
    assert AuditEntry.objects.filter(action="decision_email_retried").count() == 3

    # The automatic retries the failures had scheduled come due: the emails are not sent again.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(hours=1))
    run_worker()
    assert len(mail.outbox) == 3


def test_a_waiting_email_is_withheld_when_the_dossier_left_the_list(decided_call, django_capture_on_commit_callbacks):
    propose(
        application=decided_call.waiting, outcome=REJECTED, assessment_summary="Liste close.", by=decided_call.member
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent, withheld = send_drafts(emails=decision_emails(), by=decided_call.signer)
    assert (sent, withheld) == (2, 1)
    email = decision_emails().get(kind=WAITING_LIST)
    assert email.status == Status.FAILED and "liste d'attente" in email.error
    assert all(m.to != [email.to] or "attente" not in m.subject for m in mail.outbox)


def test_promotion_and_closing_reach_the_carrier_by_their_decision_emails(decided_call):
    member, signer = decided_call.member, decided_call.signer
    other = reviewed_dossier(decided_call, requested="20000.00")
    propose(application=other, outcome=WAITING, by=member)
    prepare_decision_emails(call=decided_call)
    # The seat frees (a correction turns the award into a refusal), the first on the list is promoted.
    from review.decisions import correct_decision

    correct_decision(
        decision=decided_call.winner.decisions.get(),
        outcome=REJECTED,
        assessment_summary="Le porteur a renoncé.",
        correction_reason="Renonciation du porteur",
        signature=signature(),
        by=signer,
    )
    proposal = propose(application=decided_call.waiting, outcome=SELECTED, by=member)
    validate_proposal(proposal=proposal, signature=signature(), by=signer)
    closing = propose(application=other, outcome=REJECTED, assessment_summary="Liste close.", by=member)
    validate_proposal(proposal=closing, signature=signature(), by=signer)
    run_generation(GenerationJob.objects.create(call=decided_call))

    promoted = decision_emails().get(application=decided_call.waiting, kind="decision_award")
    assert "Votre dossier figurait sur la liste d'attente" in promoted.body and "repêché" in promoted.body
    closed = decision_emails().get(application=other, kind="decision_refusal")
    assert "la liste est désormais close" in closed.body
    for words in APPEAL_ROUTES:
        assert words in closed.body


# --------------------------------------------------------------------------------------------
# The official's screen: read the exact email, send it, see the progress, send failures again
# --------------------------------------------------------------------------------------------
def test_the_official_reads_the_exact_email_then_sends_it_from_its_page(
    client, decided_call, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    client.force_login(decided_call.signer)
    waiting = decision_emails().get(kind=WAITING_LIST)
    page = client.get(reverse("admin:review_decisionemail_change", args=[waiting.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert waiting.to in html and "au rang 1 sur 1" in html and "Envoyer ce courriel" in html
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:review_decisionemail_send", args=[waiting.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[waiting.to]]
    waiting.refresh_from_db()
    assert waiting.status == Status.SENT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:review_decisionemail_send", args=[waiting.pk]))  # again: nothing
    assert len(mail.outbox) == 1
    assert client.get(reverse("admin:review_decisionemail_send", args=[waiting.pk])).status_code == 404

    listing = client.get(reverse("admin:review_decisionemail_changelist"))
    text = listing.content.decode()
    assert "1 courriel(s) envoyé(s) sur 3" in text and "2 brouillons à relire et envoyer" in text


def test_the_screen_lists_failures_and_sends_them_again(client, decided_call, django_capture_on_commit_callbacks):
    from django.contrib.admin import helpers
    from django.urls import reverse

    decision_emails().update(status=Status.FAILED, error="421 service non disponible")
    client.force_login(decided_call.signer)
    listing = reverse("admin:review_decisionemail_changelist")
    text = client.get(listing).content.decode()
    assert "3 en échec" in text and "421 service non disponible" in text
    ids = list(decision_emails().values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(listing, {"action": "retry_failed", helpers.ACTION_CHECKBOX_NAME: ids})
    assert len(mail.outbox) == 3
    assert set(decision_emails().values_list("status", flat=True)) == {Status.SENT}


def test_only_an_official_sees_or_sends_them(client, decided_call):
    from django.urls import reverse

    email = decision_emails().first()
    client.force_login(decided_call.member)
    assert client.get(reverse("admin:review_decisionemail_change", args=[email.pk])).status_code == 404
    assert client.post(reverse("admin:review_decisionemail_send", args=[email.pk])).status_code == 404
    assert not mail.outbox and decision_emails().get(pk=email.pk).status == Status.DRAFT


@pytest.mark.parametrize("extra", [0, 20])
def test_the_email_list_query_count_does_not_grow(client, decided_call, django_assert_max_num_queries, extra):
    from django.urls import reverse

    email = decision_emails().first()
    for index in range(extra):
        OutgoingEmail.objects.create(
            kind=WAITING_LIST,
            application=email.application,
            to=f"p{index}@example.org",
            subject="S",
            body="B",
            status=[Status.DRAFT, Status.FAILED, Status.SENT][index % 3],
        )
    client.force_login(decided_call.signer)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("admin:review_decisionemail_changelist")).status_code == 200


def test_the_demo_stage_decided_sends_the_decision_and_waiting_list_emails(django_capture_on_commit_callbacks):
    import io

    from applications.demo import ensure_accounts
    from review.demo_decisions import OFFICIAL, decide_demo_dossiers

    call = small_call()
    accounts = ensure_accounts(password="demo-ami-2024-secret", call=call)
    dossiers = [
        reviewed_dossier(call, requested=amount, scores=[Decimal(90 - 5 * i), Decimal(85 - 5 * i)])
        for i, amount in enumerate(["30000", "45000", "60000", "25000", "80000", "50000", "35000"])
    ]
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the command runs outside any transaction
        decide_demo_dossiers(call=call, application_ids=[d.pk for d in dossiers], accounts=accounts, stdout=out)

    emails = decision_emails().filter(application__call=call)
    kinds = sorted(set(emails.values_list("kind", flat=True)))
    assert kinds == ["decision_award", "decision_refusal", WAITING_LIST]
    assert set(emails.values_list("status", flat=True)) == {Status.SENT}
    assert len(mail.outbox) == emails.count()
    assert {a.application_id for a in emails} == {d.pk for d in dossiers}
    assert AuditEntry.objects.filter(action="decision_email_sent", actor__email=OFFICIAL).count() == emails.count()
    assert "envoyé(s) par signataire@" in out.getvalue()
