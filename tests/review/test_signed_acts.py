"""The acts are signed electronically (PAdES) when issued, the verification page validates the
signature, and every act declares PDF/A-3a with a structure tree — checked on the files
themselves, not on what the generator was asked to do."""

import io
import re

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ami_portal import pades
from applications import submission
from review.decisions import validate_proposal
from review.documents import attach_pdf, render_decision_pdf
from review.models import Proposal
from review.selection import propose
from tests.applications.carrier_support import complete_draft
from tests.pades_support import signature_dictionary
from tests.pdf_support import pdf_text

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = pytest.mark.django_db


def issued_decision(outcome=Proposal.Outcome.SELECTED):
    call = small_call()
    application = reviewed_dossier(call, requested="45000.00")
    proposal = propose(
        application=application, outcome=outcome, assessment_summary="Projet solide.", by=committee_member()
    )
    return validate_proposal(proposal=proposal, signature=signature(), by=official())


def upload(data: bytes):
    return SimpleUploadedFile("decision.pdf", data, content_type="application/pdf")


def test_an_issued_decision_is_signed_in_the_officials_name(sealed):
    decision = attach_pdf(issued_decision())
    stored = decision.pdf.read()
    result = pades.validate(stored)
    assert result.verdict is pades.Verdict.INTACT
    dictionary = signature_dictionary(stored)
    assert dictionary["/Name"] == "Jeanne Martin" and dictionary["/Reason"] == f"Décision n° {decision.reference}"
    import hashlib

    assert hashlib.sha256(stored).hexdigest() == decision.sha256  # the fingerprint is the signed file's


def test_without_a_key_the_decision_is_issued_unsigned(settings):
    settings.AMI_SIGNING_PKCS12 = ""
    decision = attach_pdf(issued_decision())
    assert pades.validate(decision.pdf.read()).verdict is pades.Verdict.UNSIGNED


def test_the_verification_page_validates_the_signature_and_catches_a_changed_byte(client, sealed):
    decision = attach_pdf(issued_decision())
    genuine = decision.pdf.read()
    url = f"/v/{decision.verification_code}/"

    response = client.post(url, {"document": upload(genuine)})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.context["check"].genuine is True
    assert "Signature électronique valide" in page and "Portail AMI — cachet de test" in page

    forged = bytearray(genuine)
    position = genuine.find(b"/Producer")
    forged[position + 2] ^= 0x01
    response = client.post(url, {"document": upload(bytes(forged))})
    page = response.content.decode()
    assert response.context["check"].genuine is False
    assert "Modifié après signature" in page


def test_a_file_signed_by_another_key_is_named_unknown(client, sealed, settings, tmp_path):
    decision = attach_pdf(issued_decision())
    stranger = pades.create_test_authority(tmp_path / "x", password="x" * 12, seal_name="Faussaire")
    settings.AMI_SIGNING_PKCS12, settings.AMI_SIGNING_PKCS12_PASSWORD = str(stranger["seal"]), "x" * 12
    resigned = pades.sign_pdf(render_decision_pdf(decision), block_text="x", reason="x", signer_name="x")
    settings.AMI_SIGNING_PKCS12, settings.AMI_SIGNING_PKCS12_PASSWORD = (
        str(sealed["seal"]),
        "mot-de-passe-du-cachet-de-test",
    )
    response = client.post(f"/v/{decision.verification_code}/", {"document": upload(resigned)})
    assert "Signé par un certificat inconnu" in response.content.decode() and "Faussaire" in response.content.decode()


def test_the_acknowledgement_of_receipt_is_sealed_by_the_service(ami_call, sealed):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    data = application.receipt.file.read()
    result = pades.validate(data)
    assert result.verdict is pades.Verdict.INTACT
    assert "Pour le service chargé du dossier" in pdf_text(data)


@pytest.mark.parametrize("outcome", [Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED])
def test_every_decision_declares_pdfa_3a_with_a_structure_tree(outcome):
    data = render_decision_pdf(issued_decision(outcome))
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)A', xmp)
    assert str(root["/Lang"]).startswith("fr")
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    tree = root["/StructTreeRoot"].get_object()
    assert "/ParentTree" in tree
    kinds = set()

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 60 or node is None:
            return
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
        elif hasattr(node, "get"):
            if node.get("/S"):
                kinds.add(str(node["/S"]))
            walk(node.get("/K"), depth + 1)

    walk(tree.get("/K"))
    assert {"/H1", "/P"} <= kinds  # headings and paragraphs are tagged as such
    assert (reader.metadata or {}).get("/Title")


def test_a_b_lt_decision_whose_seal_is_revoked_since_is_said_revoked(client, settings, tmp_path, monkeypatch):
    """Issued at PAdES B-LT (the seal's CRL, on loopback, embedded), then the authority revokes the
    seal: the verification page reads the current list and says so in French."""
    from tests.pades_support import PASSWORD, CrlServer, seal_serial

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    crl = CrlServer()
    try:
        authority = pades.create_test_authority(tmp_path / "signing", password=PASSWORD, crl_url=crl.url)
        crl.publish(authority)
        settings.AMI_SIGNING_PKCS12 = str(authority["seal"])
        settings.AMI_SIGNING_PKCS12_PASSWORD = PASSWORD
        settings.AMI_SIGNING_TRUST_ROOTS = [str(authority["ca"])]
        settings.AMI_TSA_URL = ""
        decision = attach_pdf(issued_decision())
        stored = decision.pdf.read()
        url = f"/v/{decision.verification_code}/"
        page = client.post(url, {"document": upload(stored)}).content.decode()
        assert "Signature électronique valide" in page and "PAdES B-LT" in page

        crl.publish(authority, revoked_serials=[seal_serial(authority)])
        response = client.post(url, {"document": upload(stored)})
        page = response.content.decode().replace("&#x27;", "'")
        assert "Certificat révoqué" in page
        assert "a été révoqué par son autorité de certification" in page
        assert "Signature électronique valide" not in page
    finally:
        crl.close()


def test_the_signature_names_the_act_in_french_whatever_the_language_in_use(sealed):
    from django.utils import translation

    from review.documents import sign_in_name

    decision = issued_decision()
    with translation.override("en"):
        signed = sign_in_name(
            render_decision_pdf(decision),
            name="Jeanne Martin",
            role="Directrice",
            when=decision.signed_at,
            reason=lambda: translation.gettext("Decision no. %(reference)s") % {"reference": decision.reference},
        )
    dictionary = signature_dictionary(signed)
    assert dictionary["/Reason"] == f"Décision n° {decision.reference}"
    assert pades.validate(signed).verdict is pades.Verdict.INTACT
