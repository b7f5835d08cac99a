"""The selection, decision, generation and email screens in the admin, as each role uses them."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from applications import roles
from applications.models import Application, OutgoingEmail
from review import documents
from review.decisions import validate_proposal
from review.models import Decision, GenerationJob, Proposal
from review.selection import gauge, propose
from review.tasks import run_generation
from tests.factories import StaffFactory
from tests.pdf_support import pdf_text

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED, WAITING, REJECTED = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING, Proposal.Outcome.REJECTED


@pytest.fixture
def call():
    return small_call()


@pytest.fixture
def member(client):
    return committee_member()


@pytest.fixture
def signer():
    return official()


def selection_url(call):
    return reverse("admin:review_selectioncall_change", args=[call.pk])


def proposal_url(call, dossier):
    return reverse("admin:review_selectioncall_proposal", args=[call.pk, dossier.pk])


def post_proposal(client, call, dossier, **data):
    values = {
        "outcome": SELECTED,
        "awarded_amount": "",
        "amount_reason": "",
        "waiting_rank": "",
        "assessment_summary": "",
    }
    values.update(data)
    return client.post(proposal_url(call, dossier), values)


def test_committee_selects_two_then_is_told_why_a_third_and_an_overspend_are_refused(client, call, member):
    first = reviewed_dossier(call, requested="60000.00", scores=[Decimal("90"), Decimal("90")])
    second = reviewed_dossier(call, requested="40000.00", scores=[Decimal("80"), Decimal("80")])
    third = reviewed_dossier(call, requested="10000.00", scores=[Decimal("70"), Decimal("70")])
    client.force_login(member)

    response = client.get(selection_url(call))
    assert response.status_code == 200
    assert b"<meter" in response.content and response.context["gauge"].selected == 0
    assert response.context["report"].suggestion.keys == [first.pk, second.pk]

    assert (
        post_proposal(client, call, first, awarded_amount="50 000,00", amount_reason="Budget ajusté").status_code == 302
    )
    response = post_proposal(client, call, second, awarded_amount="45 000,00", amount_reason="x")
    assert response.status_code == 200  # above the request: refused, next to the amount field
    assert response.context["form"].errors["awarded_amount"]
    assert post_proposal(client, call, second).status_code == 302

    response = post_proposal(client, call, third, awarded_amount="5000", amount_reason="Réduit")
    assert response.status_code == 200
    assert "2" in " ".join(response.context["form"].non_field_errors())
    assert not Proposal.objects.filter(application=third).exists()

    propose(application=first, outcome=REJECTED, assessment_summary="Revu.", by=member)
    response = post_proposal(client, call, third)
    assert response.status_code == 302
    propose(application=first, outcome=WAITING, by=member)
    current = gauge(call)
    assert current.selected == 2 and current.awarded == Decimal("50000.00")

    response = client.get(selection_url(call))
    assert response.context["report"].comparison.identical is False


def test_the_proposal_form_carries_the_live_gauge_data(client, call, member):
    dossier = reviewed_dossier(call, requested="45000.00")
    client.force_login(member)
    response = client.get(proposal_url(call, dossier))
    page = response.content.decode()
    assert 'data-envelope="100000.00"' in page and 'data-requested="45000.00"' in page
    assert 'data-others-awarded="0"' in page and 'data-others-selected="0"' in page
    assert "<meter" in page and "style=" not in page.split("<body")[1]


def test_officials_see_but_do_not_propose_and_reviewers_see_nothing(client, call, signer):
    dossier = reviewed_dossier(call)
    client.force_login(signer)
    assert client.get(selection_url(call)).status_code == 200
    assert client.get(proposal_url(call, dossier)).status_code == 404
    assert post_proposal(client, call, dossier).status_code == 404

    client.force_login(StaffFactory(role=roles.REVIEWER))
    for url in (
        selection_url(call),
        proposal_url(call, dossier),
        reverse("admin:review_selectioncall_csv", args=[call.pk]),
        reverse("admin:review_selectioncall_report", args=[call.pk]),
        reverse("admin:review_selectioncall_bundle", args=[call.pk, dossier.pk]),
        reverse("admin:review_decision_changelist"),
    ):
        assert client.get(url).status_code == 404, url


def test_an_official_signs_in_batch_downloads_the_pdf_and_sends_the_emails(
    client, call, member, signer, django_capture_on_commit_callbacks
):
    winner = reviewed_dossier(call, requested="45000.00")
    loser = reviewed_dossier(call)
    propose(application=winner, outcome=SELECTED, by=member)
    propose(application=loser, outcome=REJECTED, assessment_summary="Moins abouti.", by=member)
    client.force_login(signer)
    changelist = reverse("admin:review_proposal_changelist")
    ids = list(Proposal.objects.values_list("pk", flat=True))

    response = client.post(changelist, {"action": "validate_proposals", ACTION_CHECKBOX_NAME: ids})
    assert response.status_code == 200 and response.context["form"].initial["signatory_name"]

    typed = {
        "action": "validate_proposals",
        ACTION_CHECKBOX_NAME: ids,
        "signatory_name": "Jeanne Martin",
        "signatory_role": "Directrice de l'intégration",
        "delegation_reference": "Arrêté du 2 janvier 2024",
    }
    previewed = client.post(changelist, {**typed, "preview": "1"})
    assert previewed.status_code == 200
    preview_ids = [preview.pk for preview in previewed.context["batch"].previews]
    assert len(preview_ids) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {**typed, "sign": "1", "preview_id": preview_ids})
    assert response.status_code == 302
    assert Decision.objects.filter(status=Decision.Status.ISSUED).count() == 2
    assert GenerationJob.objects.get(call=call).status == GenerationJob.Status.DONE

    award = Decision.objects.get(kind=Decision.Kind.AWARD)
    response = client.get(reverse("admin:review_decision_pdf", args=[award.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    pdf = b"".join(response.streaming_content)
    text = pdf_text(pdf, pages=slice(0, 1))
    assert "45 000,00 €" in text and winner.organisation.name in text

    job = GenerationJob.objects.get(call=call)
    response = client.get(reverse("admin:review_generationjob_zip", args=[job.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert len(archive.namelist()) == 2

    drafts = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.DRAFT, kind__startswith="decision_")
    assert drafts.count() == 2
    email_list = reverse("admin:review_decisionemail_changelist")
    assert client.get(reverse("admin:review_decisionemail_change", args=[drafts[0].pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            email_list, {"action": "send_drafts", ACTION_CHECKBOX_NAME: list(drafts.values_list("pk", flat=True))}
        )
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2


def test_decisions_are_read_only_and_corrected_by_a_new_version(client, call, member, signer):
    dossier = reviewed_dossier(call, requested="60000.00")
    decision = validate_proposal(
        proposal=propose(application=dossier, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    client.force_login(signer)
    page = client.get(reverse("admin:review_decision_change", args=[decision.pk]))
    assert page.status_code == 200 and b"<form" not in page.content.split(b'id="content-main"')[1]
    assert client.post(reverse("admin:review_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 404
    assert client.get(reverse("admin:review_decision_add")).status_code == 404

    correct = reverse("admin:review_decision_correct", args=[decision.pk])
    response = client.post(
        correct,
        {
            "outcome": SELECTED,
            "awarded_amount": "70000",
            "amount_reason": "",
            "assessment_summary": "",
            "correction_reason": "Erreur",
            "signatory_name": "Jeanne Martin",
            "signatory_role": "Directrice",
            "delegation_reference": "",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["awarded_amount"]

    typed = {
        "outcome": SELECTED,
        "awarded_amount": "55000",
        "amount_reason": "Ajustement",
        "assessment_summary": "",
        "correction_reason": "Erreur de montant",
        "signatory_name": "Jeanne Martin",
        "signatory_role": "Directrice",
        "delegation_reference": "",
    }
    unread = client.post(correct, {**typed, "sign": "1"})
    assert unread.status_code == 200 and "lisez-la avant de la signer" in unread.content.decode()
    shown = client.post(correct, {**typed, "preview": "1"})
    preview = shown.context["preview"]
    assert preview.supersedes_id == decision.pk and Decision.objects.count() == 1  # the dry run left nothing
    assert "55 000,00 €" in pdf_text(
        b"".join(client.get(reverse("admin:review_proposal_preview", args=[preview.pk])).streaming_content)
    )
    response = client.post(correct, {**typed, "sign": "1", "preview_id": preview.pk})
    assert response.status_code == 302
    decision.refresh_from_db()
    new = Decision.objects.get(status=Decision.Status.ISSUED)
    assert decision.status == Decision.Status.SUPERSEDED and new.supersedes_id == decision.pk and new.sha256
    assert new.preview == preview and new.verification_code == preview.verification_code
    assert client.get(correct).status_code == 404  # a superseded decision is not corrected again

    client.force_login(member)  # the committee sees decisions but does not sign or correct
    assert client.get(reverse("admin:review_decision_change", args=[new.pk])).status_code == 200
    assert client.get(reverse("admin:review_decision_correct", args=[new.pk])).status_code == 404


def test_exports_and_reports_download_as_attachments(client, call, member, signer):
    dossier = reviewed_dossier(call, requested="45000.00", title="=1+1")
    validate_proposal(
        proposal=propose(application=dossier, outcome=SELECTED, by=member), signature=signature(), by=signer
    )
    call.issuing_siret = "35600000000048"
    call.save()
    client.force_login(signer)
    for name, content_type in [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats"),
        ("report", "application/pdf"),
        ("scdl", "text/csv"),
    ]:
        response = client.get(reverse(f"admin:review_selectioncall_{name}", args=[call.pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(reverse("admin:review_selectioncall_bundle", args=[call.pk, dossier.pk]))
    assert response.status_code == 200
    other_call = small_call()
    assert client.get(reverse("admin:review_selectioncall_bundle", args=[other_call.pk, dossier.pk])).status_code == 404


def many_decided(call, count, member, signer):
    dossiers = [reviewed_dossier(call, requested="1000.00") for _ in range(count)]
    for index, dossier in enumerate(dossiers):
        outcome = SELECTED if index < call.max_selected else REJECTED
        proposal = propose(application=dossier, outcome=outcome, assessment_summary="Non retenu.", by=member)
        validate_proposal(proposal=proposal, signature=signature(), by=signer)
    run_generation(GenerationJob.objects.create(call=call))
    return dossiers


@pytest.mark.parametrize(
    "url_name,needs_object",
    [
        ("admin:review_selectioncall_changelist", False),
        ("admin:review_selectioncall_change", True),
        ("admin:review_proposal_changelist", False),
        ("admin:review_decision_changelist", False),
        ("admin:review_generationjob_changelist", False),
        ("admin:review_decisionemail_changelist", False),
    ],
)
def test_list_screens_do_not_grow_their_queries_with_their_rows(
    client, django_assert_max_num_queries, member, signer, url_name, needs_object, monkeypatch
):
    # The PDFs' content does not matter here: a stand-in keeps 60 renders out of the test's time.
    monkeypatch.setattr(documents, "render_decision_pdf", lambda decision: b"%PDF-1.7 " + decision.reference.encode())
    client.force_login(signer)
    small = small_call(max_selected=1)
    many_decided(small, 1, member, signer)
    url = reverse(url_name, args=[small.pk]) if needs_object else reverse(url_name)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    baseline = len(few.captured_queries)

    large = small_call(max_selected=5)
    many_decided(large, 30, member, signer)
    for _ in range(3):
        GenerationJob.objects.create(call=large)
    url = reverse(url_name, args=[large.pk]) if needs_object else reverse(url_name)
    with django_assert_max_num_queries(baseline) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) <= baseline


def test_promotion_after_a_withdrawal_from_the_screen(client, call, member):
    from applications import workflow

    first = reviewed_dossier(call, requested="60000.00")
    second = reviewed_dossier(call, requested="40000.00")
    waiting = reviewed_dossier(call, requested="55000.00")
    propose(application=first, outcome=SELECTED, by=member)
    propose(application=second, outcome=SELECTED, by=member)
    propose(application=waiting, outcome=WAITING, by=member)
    workflow.transition(first, to=Application.State.WITHDRAWN, actor=None)
    client.force_login(member)
    client.post(reverse("admin:review_selectioncall_promote", args=[call.pk]))
    assert Proposal.objects.get(application=waiting).outcome == SELECTED
    assert client.get(reverse("admin:review_selectioncall_promote", args=[call.pk])).status_code == 404


def test_a_dossier_found_not_admissible_is_refused_from_the_screen(client, call, member):
    from review.models import AdmissibilityCheck
    from tests.factories import AdmissibilityCheckFactory

    from .decision_helpers import inadmissible_dossier

    dossier = inadmissible_dossier(call)
    AdmissibilityCheckFactory(
        application=dossier,
        outcome=AdmissibilityCheck.Outcome.INADMISSIBLE,
        complete=False,
        reasons="Statuts non signés.",
    )
    client.force_login(member)
    assert dossier.reference in client.get(selection_url(call)).content.decode()
    form = client.get(proposal_url(call, dossier)).context["form"]
    assert form.initial["outcome"] == REJECTED and "Statuts non signés." in form.initial["assessment_summary"]

    assert post_proposal(client, call, dossier).status_code == 200  # selecting it is refused
    response = post_proposal(
        client, call, dossier, outcome=REJECTED, assessment_summary=form.initial["assessment_summary"]
    )
    assert response.status_code == 302
    assert Proposal.objects.get(application=dossier).outcome == REJECTED
