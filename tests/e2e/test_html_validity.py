"""The Nu HTML Checker (vnu.jar, the W3C's validator) on the HTML the server sends, page by page.

Pages are fetched with Django's test client (the HTML as served, before any script runs), in their
empty, filled and error states, then checked in one Java run per test: starting the JVM costs
seconds, checking a page milliseconds.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from applications import roles, submission, wizard, workflow
from applications.forms_wizard import STEP_FORMS
from applications.models import Application, OutgoingEmail
from applications.views import errors
from review import documents
from review.decisions import validate_proposal
from review.models import Decision, DecisionPreview, GenerationJob, Proposal
from review.selection import propose
from tests.applications.carrier_support import carrier_with_draft, complete_draft, posted, step_url
from tests.e2e.a11y import english_in, validate_html
from tests.factories import (
    AssignmentFactory,
    CarrierFactory,
    ConflictOfInterestFactory,
    InformationRequestFactory,
    StaffFactory,
    UserFactory,
)
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call
from tests.review.review_support import assign, dossier, submitted_review

pytestmark = pytest.mark.django_db


def assert_valid(documents: dict[str, str]):
    """No Nu HTML Checker error, and (these pages being served in French) no English left in them."""
    english = {label: found for label, html in documents.items() if (found := english_in(html))}
    assert not english, "English in French pages:\n" + "\n".join(f"{k}: {v[:5]}" for k, v in english.items())
    errors = {label: found for label, found in validate_html(documents).items() if found}
    if errors:
        report = "\n".join(f"{label}:\n" + "\n".join(f"    {e}" for e in found) for label, found in errors.items())
        pytest.fail(f"Nu HTML Checker errors on {len(errors)} of {len(documents)} pages:\n{report}", pytrace=False)


def fetch(client, url, *, method="get", data=None, status=200) -> str:
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, f"{method.upper()} {url} answered {response.status_code}"
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_the_checker_reports_invalid_html():
    """The audit can fail: a broken page is reported with its error."""
    errors = validate_html(
        {
            "valid": '<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><p>ok</p></body></html>',
            "broken": '<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><form><form></form></form><p id="a" id="a"></body></html>',
        }
    )
    assert errors["valid"] == []
    assert any("form" in e for e in errors["broken"])
    assert any("Duplicate attribute" in e for e in errors["broken"])
    assert english_in('<p lang="fr">Enregistrer</p><p>Save the draft</p>')  # and English is caught
    assert not english_in('<p>Étape 2 sur 8</p><button lang="en">English</button>')


def test_public_pages(client, ami_call):
    pages = {
        name: fetch(client, reverse(name))
        for name in ["home", "accessibility", "legal_notice", "personal_data", "cookies", "sitemap", "login"]
    }
    pages["call_detail"] = fetch(client, reverse("call_detail", kwargs={"slug": ami_call.slug}))
    pages["login (errors)"] = fetch(client, reverse("login"), method="post", data={"username": "x@example.org"})
    pages["404"] = fetch(client, "/cette-page-n-existe-pas/", status=404)
    # A form sent without its CSRF token (an expired session) gets the portal's 403 page, in French.
    pages["403 (refused form)"] = fetch(Client(enforce_csrf_checks=True), reverse("login"), method="post", status=403)
    assert "Demande refusée" in pages["403 (refused form)"]
    pages["500"] = errors.server_error(RequestFactory().get("/")).content.decode()
    assert_valid(pages)


@pytest.mark.urls("tests.e2e.form_gallery")
def test_every_field_of_the_form_pack(client):
    assert_valid(
        {
            "form gallery (empty)": fetch(client, "/galerie-formulaires/"),
            "form gallery (errors)": fetch(
                client,
                "/galerie-formulaires/",
                method="post",
                data={"name": "Asso", "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0"},
            ),
        }
    )


def test_account_pages(client, ami_call):
    pages = {}
    for name in ["signup", "password_reset"]:
        pages[name] = fetch(client, reverse(name))
        pages[f"{name} (errors)"] = fetch(client, reverse(name), method="post", data={"email": "pas-une-adresse"})
    client.force_login(UserFactory())
    pages["organisation_create"] = fetch(client, reverse("organisation_create"))
    pages["organisation_create (errors)"] = fetch(
        client, reverse("organisation_create"), method="post", data={"siret": "123"}
    )
    client.force_login(CarrierFactory())
    for name in ["account", "organisation_edit", "password_change", "applications:my_applications"]:
        pages[name] = fetch(client, reverse(name))
    pages["password_change (errors)"] = fetch(client, reverse("password_change"), method="post")
    pages["invitation (errors)"] = fetch(client, reverse("invite"), method="post", data={"email": "x"})
    assert_valid(pages)


def test_wizard_pages(client, ami_call):
    carrier, draft = carrier_with_draft(ami_call)
    client.force_login(carrier)
    pages = {"start": fetch(client, reverse("applications:start", kwargs={"slug": ami_call.slug}))}
    for step in wizard.STEPS:
        pages[f"step {step.number} (empty)"] = fetch(client, step_url(draft, step.key))
        if step.key in STEP_FORMS:
            data = posted(draft, step.key, action="continue")
            pages[f"step {step.number} (errors)"] = fetch(client, step_url(draft, step.key), method="post", data=data)
    document = ami_call.required_documents.filter(mandatory=True).first()
    upload = reverse("applications:upload", kwargs={"public_id": draft.public_id, "document_id": document.pk})
    pages["step 7 (refused file)"] = fetch(
        client,
        upload,
        method="post",
        data={"file": SimpleUploadedFile("statuts.pdf", b"not a PDF", content_type="application/pdf")},
    )

    carrier, complete = complete_draft(ami_call)
    client.force_login(carrier)
    for step in wizard.STEPS:
        pages[f"step {step.number} (filled)"] = fetch(client, step_url(complete, step.key))
    submit = reverse("applications:submit", kwargs={"public_id": complete.public_id})
    pages["step 8 (errors)"] = fetch(client, submit, method="post", data={"version": complete.version})
    assert_valid(pages)


def test_dossier_pages_after_submission(client, ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    reviewer = AssignmentFactory(application=application).reviewer
    workflow.transition(application, to=Application.State.INFO_REQUESTED, actor=reviewer, notify=False)
    info = InformationRequestFactory(application=application, sections=["budget"], requested_by=reviewer)
    client.force_login(carrier)
    kwargs = {"public_id": application.public_id}
    info_url = reverse("applications:information_request", kwargs={**kwargs, "request_id": info.pk})
    pages = {
        "dossier page": fetch(client, reverse("applications:application_detail", kwargs=kwargs)),
        "dossier page, empty message (errors)": fetch(
            client, reverse("applications:send_message", kwargs=kwargs), method="post"
        ),
        "budget step (information requested)": fetch(client, step_url(application, "budget")),
        "information request": fetch(client, info_url),
        "information request (errors)": fetch(client, info_url, method="post"),
        "withdraw": fetch(client, reverse("applications:withdraw", kwargs=kwargs)),
        "withdraw (errors)": fetch(client, reverse("applications:withdraw", kwargs=kwargs), method="post"),
        "my_applications": fetch(client, reverse("applications:my_applications")),
    }
    assert_valid(pages)


# --- staff screens built for this service ----------------------------------------------------------


def test_review_screens(client, ami_call):
    me, colleague = StaffFactory(role=roles.REVIEWER), StaffFactory(role=roles.REVIEWER)
    checking = dossier(ami_call, state=Application.State.UNDER_REVIEW)
    scoring = dossier(ami_call, state=Application.State.ADMISSIBLE)
    for application in (checking, scoring):
        assign(application, me)
        assign(application, colleague)
    submitted_review(scoring, colleague, [7, 6, 8, 5, 6, 7, 4])
    client.force_login(me)

    def admin(name, *args, query=""):
        return reverse(f"admin:{name}", args=args) + query

    pages = {
        "dossier list": fetch(client, admin("applications_application_changelist")),
        "dossier page": fetch(client, admin("applications_application_change", checking.pk)),
        "admissibility": fetch(client, admin("applications_application_admissibility", checking.pk)),
        "admissibility (errors)": fetch(
            client,
            admin("applications_application_admissibility", checking.pk),
            method="post",
            data={"outcome": "admissible"},
        ),
        "review form": fetch(client, admin("applications_application_review", scoring.pk)),
        "information request": fetch(client, admin("applications_application_information", checking.pk)),
        "information request (errors)": fetch(
            client, admin("applications_application_information", checking.pk), method="post"
        ),
        "conflict": fetch(client, admin("applications_application_conflict", checking.pk)),
        "conflict (errors)": fetch(client, admin("applications_application_conflict", checking.pk), method="post"),
    }
    declared = ConflictOfInterestFactory(reviewer=colleague)
    client.force_login(StaffFactory(role=roles.COMMITTEE))
    pages["dossier page (committee)"] = fetch(client, admin("applications_application_change", scoring.pk))
    pages["conflict (committee, read-only)"] = fetch(client, admin("review_conflictofinterest_change", declared.pk))
    pages["ranking"] = fetch(client, admin("review_rankingcall_change", ami_call.pk))
    pages["automatic assignment"] = fetch(client, admin("applications_application_auto_assign"))
    pages["manual assignment"] = fetch(client, admin("applications_application_assign", query=f"?ids={checking.pk}"))
    assert_valid(pages)


def test_decision_verification_pages(client):
    call = small_call()
    proposal = propose(
        application=reviewed_dossier(call),
        outcome=Proposal.Outcome.SELECTED,
        assessment_summary="",
        by=committee_member(),
    )
    decision = documents.attach_pdf(validate_proposal(proposal=proposal, signature=signature(), by=official()))
    decision.refresh_from_db()
    with decision.pdf.open("rb") as stored:
        genuine = stored.read()
    url = reverse("verify_decision", kwargs={"code": decision.verification_code})

    def upload(content):
        return SimpleUploadedFile("decision.pdf", content, content_type="application/pdf")

    assert_valid(
        {
            "verify (empty)": fetch(client, reverse("verify_decision_form")),
            "verify (errors)": fetch(client, reverse("verify_decision_form"), method="post", data={"code": "INCONNU"}),
            "verified decision": fetch(client, url),
            "verified decision, not a PDF (errors)": fetch(client, url, method="post", data={"document": upload(b"x")}),
            "verified decision, genuine file": fetch(client, url, method="post", data={"document": upload(genuine)}),
        }
    )


def test_selection_and_decision_screens(client, django_capture_on_commit_callbacks):
    call = small_call()
    winner, loser = reviewed_dossier(call, requested="45000.00"), reviewed_dossier(call)
    member, signer = committee_member(), official()
    selection = reverse("admin:review_selectioncall_change", args=[call.pk])
    proposal_url = reverse("admin:review_selectioncall_proposal", args=[call.pk, winner.pk])
    client.force_login(member)
    pages = {
        "selection (nothing proposed)": fetch(client, selection),
        "proposal": fetch(client, proposal_url),
        "proposal (errors)": fetch(
            client, proposal_url, method="post", data={"outcome": "selected", "awarded_amount": "1 000 000,00"}
        ),
    }
    propose(application=winner, outcome=Proposal.Outcome.SELECTED, by=member)
    propose(application=loser, outcome=Proposal.Outcome.REJECTED, assessment_summary="Moins abouti.", by=member)
    pages["selection (two proposals)"] = fetch(client, selection)

    client.force_login(signer)
    changelist = reverse("admin:review_proposal_changelist")
    ids = list(Proposal.objects.values_list("pk", flat=True))
    sign = {"action": "validate_proposals", ACTION_CHECKBOX_NAME: ids}
    pages["proposals to sign"] = fetch(client, changelist)
    pages["signature form"] = fetch(client, changelist, method="post", data=sign)
    pages["signature form (errors)"] = fetch(client, changelist, method="post", data={**sign, "preview": "1"})
    typed = {**sign, "signatory_name": "Jeanne Martin", "signatory_role": "Directrice"}
    pages["signature form (previews to read)"] = fetch(
        client, changelist, method="post", data={**typed, "preview": "1"}
    )
    preview_ids = list(DecisionPreview.objects.values_list("pk", flat=True))
    signed = {**typed, "sign": "1", "preview_id": preview_ids}
    with django_capture_on_commit_callbacks(execute=True):
        fetch(
            client,
            changelist,
            method="post",
            data=signed,
            status=302,
        )
    award = Decision.objects.get(kind=Decision.Kind.AWARD)
    correction = reverse("admin:review_decision_correct", args=[award.pk])
    email = OutgoingEmail.objects.filter(kind__startswith="decision_").first()
    pages.update(
        {
            "decision": fetch(client, reverse("admin:review_decision_change", args=[award.pk])),
            "decision correction": fetch(client, correction),
            "decision correction (errors)": fetch(client, correction, method="post"),
            "decision correction (preview to read)": fetch(
                client,
                correction,
                method="post",
                data={
                    "outcome": "rejected",
                    "assessment_summary": "Moins abouti.",
                    "correction_reason": "Erreur matérielle",
                    "signatory_name": "Jeanne Martin",
                    "signatory_role": "Directrice",
                    "preview": "1",
                },
            ),
            "decision generation": fetch(
                client, reverse("admin:review_generationjob_change", args=[GenerationJob.objects.get(call=call).pk])
            ),
            "decision email draft": fetch(client, reverse("admin:review_decisionemail_change", args=[email.pk])),
        }
    )
    assert_valid(pages)
