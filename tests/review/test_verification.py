"""Anyone can check a decision: its status behind the short URL, and whether a PDF is the genuine one."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from review.decisions import correct_decision, validate_proposal
from review.documents import attach_pdf
from review.models import Decision, Proposal
from review.selection import propose

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db
SELECTED = Proposal.Outcome.SELECTED


@pytest.fixture
def decision():
    call = small_call()
    application = reviewed_dossier(call, requested="45000.00")
    application.organisation.contact_email = "secret-contact@asso.example.org"
    application.organisation.save()
    proposal = propose(
        application=application, outcome=SELECTED, assessment_summary="Note interne du comité.", by=committee_member()
    )
    return attach_pdf(validate_proposal(proposal=proposal, signature=signature(), by=official()))


def upload(data: bytes, name="decision.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_the_short_url_shows_the_essentials_and_nothing_else(client, decision):
    response = client.get(f"/v/{decision.verification_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert decision.reference in page
    assert decision.application.organisation.name in page
    assert "45\u00a0000,00\u00a0€" in page
    assert decision.sha256 in page
    assert response.context["decision"].status == Decision.Status.ISSUED
    for secret in ("Note interne du comité.", "secret-contact@asso.example.org", decision.application.summary):
        assert secret not in page
    assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.parametrize("code", ["unknown-code-0123456789abc", "x", "a" * 41, "../../etc"])
def test_an_unknown_code_is_a_404(client, decision, code):
    assert client.get(f"/v/{code}/").status_code == 404


def test_a_genuine_pdf_passes_and_one_changed_byte_fails(client, decision):
    genuine = decision.pdf.read()
    url = f"/v/{decision.verification_code}/"

    response = client.post(url, {"document": upload(genuine)})
    assert response.status_code == 200 and response.context["check"].genuine is True

    forged = bytearray(genuine)
    forged[len(forged) // 2] ^= 0x01
    response = client.post(url, {"document": upload(bytes(forged))})
    assert response.context["check"].genuine is False
    assert "alert--error" in response.content.decode()


def test_what_is_not_a_pdf_is_refused_with_a_message(client, decision):
    response = client.post(f"/v/{decision.verification_code}/", {"document": upload(b"GIF89a...", "x.pdf")})
    assert response.context["check"] is None
    assert response.context["form"].errors["document"]


def test_a_superseded_decision_says_so(client, decision):
    corrected = correct_decision(
        decision=decision,
        outcome=SELECTED,
        awarded_amount=Decimal("40000.00"),
        amount_reason="Ajustement",
        correction_reason="Erreur matérielle",
        signature=signature(),
        by=official(),
    )
    response = client.get(f"/v/{decision.verification_code}/")
    assert response.context["decision"].status == Decision.Status.SUPERSEDED
    assert corrected.reference in response.content.decode()


def test_the_public_form_finds_by_code_or_by_file(client, decision):
    url = reverse("verify_decision_form")
    assert client.get(url).status_code == 200

    response = client.post(url, {"code": f"https://ami.example.gouv.fr/v/{decision.verification_code}/"})
    assert response.status_code == 302 and response["Location"] == f"/v/{decision.verification_code}"

    response = client.post(url, {"document": upload(decision.pdf.read())})
    assert response.status_code == 200 and response.context["decision"].pk == decision.pk
    assert response.context["check"].genuine

    response = client.post(url, {"document": upload(b"%PDF-1.7 something else")})
    assert response.context["form"].errors["document"]

    response = client.post(url, {"code": "nothing-like-this-code-0000"})
    assert response.context["form"].errors["code"]

    response = client.post(url, {})
    assert response.context["form"].non_field_errors()


def test_what_is_not_found_names_no_kind_of_act(client, decision):
    """The form finds decisions, receipts, conventions and ordres de reversement: its not-found
    messages speak of an act, never of a decision."""
    from django.utils import translation

    url = reverse("verify_decision_form")
    with translation.override("fr"):
        by_code = client.post(url, {"code": "nothing-like-this-code-0000"}, HTTP_ACCEPT_LANGUAGE="fr")
        by_file = client.post(url, {"document": upload(b"%PDF-1.7 something else")}, HTTP_ACCEPT_LANGUAGE="fr")
    code_errors = " ".join(by_code.context["form"].errors["code"])
    file_errors = " ".join(by_file.context["form"].errors["document"])
    assert "Aucun acte de ce portail ne porte ce code de vérification" in code_errors
    assert "Aucun acte de ce portail ne correspond exactement à ce fichier" in file_errors
    for text in (code_errors, file_errors, by_code.content.decode(), by_file.content.decode()):
        assert "Aucune décision" not in text and "No decision" not in text
