"""The « ordre de reversement » of unspent funds is an act like the others: dated the day it is
issued, with its signatory, the amount in figures and in words, its legal basis (the convention's
clause on unspent funds), how and by when to pay, the appeal routes; PDF/A-3a; sealed (PAdES);
a verification code that /verifier/ answers, saying what the act is and whether a file is intact."""

import hashlib
import io
import re
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from ami_portal import pades
from applications.formatting import format_euros, paris_time
from applications.french_dates import french_date
from applications.grants import reports
from applications.grants.models import Grant, Report
from tests.pades_support import signature_dictionary
from tests.pdf_support import pdf_text

from .grant_support import SIGNATORY, signed_grant
from .test_reports import fill, pay_advance

pytestmark = pytest.mark.django_db


def returned_grant():
    """48 000 € paid, 45 000 € spent with 5 000 € co-funded: 8 000 € to return."""
    grant, carrier, signer = signed_grant()
    pay_advance(grant, signer)
    report = fill(
        grant.reports.get(kind=Report.Kind.FINAL), carrier, charges="45000.00", explanation="Un département de moins."
    )
    reports.approve_report(report=reports.submit_report(report=report, user=carrier), by=signer, **SIGNATORY)
    grant.refresh_from_db()
    assert grant.amount_to_return == Decimal("8000.00")
    return grant


def stored(grant) -> bytes:
    with grant.return_order_pdf.open("rb") as handle:
        return handle.read()


def upload(data: bytes):
    return SimpleUploadedFile("ordre.pdf", data, content_type="application/pdf")


def test_the_ordre_de_reversement_states_what_the_act_must_state(sealed):
    grant = returned_grant()
    text = pdf_text(stored(grant))
    issued = paris_time(grant.return_order_issued_at).date()
    convention = grant.conventions.get(state="signed")
    assert f"Ordre de reversement n° {grant.return_order_reference}" in text
    assert f"Paris, le {french_date(issued)}" in text and f"Fait à Paris, le {french_date(issued)}" in text
    # The amount in figures and in words.
    assert "8 000,00 €" in text and "huit mille euros" in text
    # Its legal basis: the convention's clause on unspent funds, and the award decision.
    assert f"article 8 de la convention n° {convention.reference}" in text
    assert f"décision attributive de subvention n° {grant.decision.reference}" in text
    # How and by when: thirty days after the act, to the public accountant.
    assert grant.return_order_due_on == issued + timedelta(days=30)
    assert f"au plus tard le {french_date(grant.return_order_due_on)}" in text
    assert "comptable public" in text and "titre de perception" in text
    # Signatory, appeal routes, verification.
    assert SIGNATORY["signatory_name"] in text and SIGNATORY["signatory_role"] in text
    assert "Voies et délais de recours" in text and "tribunal administratif" in text and "Télérecours" in text
    assert f"/v/{grant.return_order_verification_code}" in text
    assert grant.application.organisation.name in text


def test_the_ordre_de_reversement_is_sealed_and_fingerprinted(sealed):
    grant = returned_grant()
    data = stored(grant)
    result = pades.validate(data)
    assert result.verdict is pades.Verdict.INTACT
    dictionary = signature_dictionary(data)
    assert dictionary["/Name"] == SIGNATORY["signatory_name"]
    assert grant.return_order_reference in dictionary["/Reason"]
    assert hashlib.sha256(data).hexdigest() == grant.return_order_sha256  # the fingerprint is the sealed file's
    assert grant.return_order_signatory_name == SIGNATORY["signatory_name"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{16,40}", grant.return_order_verification_code)


def test_the_ordre_de_reversement_declares_pdfa_3a_with_a_structure_tree(sealed):
    reader = pypdf.PdfReader(io.BytesIO(stored(returned_grant())))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)A', xmp)
    assert str(root["/Lang"]).startswith("fr")
    assert "/ParentTree" in root["/StructTreeRoot"].get_object()


def test_without_a_key_it_is_issued_unsigned_but_still_verifiable(settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant = returned_grant()
    data = stored(grant)
    assert pades.validate(data).verdict is pades.Verdict.UNSIGNED
    assert hashlib.sha256(data).hexdigest() == grant.return_order_sha256 and grant.return_order_verification_code


def test_an_issued_order_without_its_code_or_fingerprint_is_refused_by_the_database(settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant = returned_grant()
    for changes in ({"return_order_verification_code": None}, {"return_order_sha256": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Grant.objects.filter(pk=grant.pk).update(**changes)


def test_verifier_says_what_the_act_is_and_whether_a_file_is_intact(client, sealed):
    grant = returned_grant()
    code = grant.return_order_verification_code
    url = f"/v/{code}/"

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    assert "Ordre de reversement authentique" in html
    assert grant.return_order_reference in html and grant.application.organisation.name in html
    assert format_euros(Decimal("8000.00")) in html
    assert french_date(grant.return_order_issued_at) in html and french_date(grant.return_order_due_on) in html

    genuine = stored(grant)
    response = client.post(url, {"document": upload(genuine)})
    html = response.content.decode()
    assert response.context["check"].genuine is True
    assert "Signature électronique valide" in html and "Fichier authentique" in html

    forged = bytearray(genuine)
    position = genuine.find(b"/Producer")
    forged[position + 2] ^= 0x01
    response = client.post(url, {"document": upload(bytes(forged))})
    html = response.content.decode()
    assert response.context["check"].genuine is False
    assert "Modifié après signature" in html and "Ce fichier n’est pas l’ordre de reversement émis" in html

    # The form of /verifier/: by the code (or the whole address), and by the file alone.
    response = client.post("/verifier/", {"code": f"https://example.org/v/{code}"})
    assert response.status_code == 302 and response["Location"].endswith(f"/v/{code}")
    response = client.post("/verifier/", {"document": upload(genuine)})
    assert response.status_code == 200 and "Ordre de reversement authentique" in response.content.decode()


def test_an_unknown_code_is_a_404(client):
    assert client.get("/v/" + "A" * 22 + "/").status_code == 404
