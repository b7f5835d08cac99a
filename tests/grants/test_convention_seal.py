"""The countersigned convention is sealed with PAdES in the official's name, as an incremental update
after the very bytes the carrier accepted: the accepted version stays the file's prefix, and its
fingerprint (recorded with the acceptance) still identifies it. /verifier/ answers for conventions."""

import hashlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ami_portal import pades
from applications.formatting import format_euros
from applications.grants import conventions
from applications.grants.models import Convention
from tests.pades_support import signature_dictionary
from tests.pdf_support import pdf_text

from .grant_support import SIGNATORY, signed_grant

pytestmark = pytest.mark.django_db


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def upload(data: bytes):
    return SimpleUploadedFile("convention.pdf", data, content_type="application/pdf")


def test_the_countersigned_convention_is_sealed_after_the_accepted_bytes(sealed):
    grant, _carrier, _signer = signed_grant()
    convention = grant.conventions.get(state=Convention.State.SIGNED)
    accepted, signed = read(convention.pdf), read(convention.signed_pdf)

    # The accepted version: frozen, fingerprinted when sent and when accepted, unsigned itself.
    assert hashlib.sha256(accepted).hexdigest() == convention.sha256 == convention.accepted_sha256
    assert pades.validate(accepted).verdict is pades.Verdict.UNSIGNED

    # The countersigned file: those very bytes, then the official's PAdES signature appended.
    assert signed.startswith(accepted) and len(signed) > len(accepted)
    assert hashlib.sha256(signed).hexdigest() == convention.signed_sha256
    result = pades.validate(signed)
    assert result.verdict is pades.Verdict.INTACT
    dictionary = signature_dictionary(signed)
    assert dictionary["/Name"] == SIGNATORY["signatory_name"] and convention.reference in dictionary["/Reason"]
    # The signature covers the whole accepted content: the signed byte ranges start at 0 and the
    # only bytes left out are the signature's own contents, placed after the accepted prefix.
    start, first_length, second_start, _second_length = dictionary["/ByteRange"]
    assert start == 0 and first_length >= len(accepted) and second_start > first_length


def test_without_a_key_the_convention_is_signed_without_a_sealed_file(settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant, _carrier, _signer = signed_grant()
    convention = grant.conventions.get(state=Convention.State.SIGNED)
    assert not convention.signed_pdf and convention.signed_sha256 == ""
    assert convention.signed_at is not None


def test_verifier_answers_for_the_convention(client, sealed):
    grant, _carrier, _signer = signed_grant()
    convention = grant.conventions.get(state=Convention.State.SIGNED)
    url = f"/v/{convention.verification_code}/"

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    assert "Convention en vigueur" in html and convention.reference in html
    assert grant.application.organisation.name in html and format_euros(Decimal("60000.00")) in html
    assert convention.sha256 in html and convention.signed_sha256 in html

    signed, accepted = read(convention.signed_pdf), read(convention.pdf)
    response = client.post(url, {"document": upload(signed)})
    assert response.context["check"].genuine is True
    assert "Signature électronique valide" in response.content.decode()

    response = client.post(url, {"document": upload(accepted)})  # the version the carrier accepted
    assert response.context["check"].genuine is True
    assert "Aucune signature électronique" in response.content.decode()

    forged = bytearray(signed)
    position = signed.find(b"/Producer")
    forged[position + 2] ^= 0x01
    response = client.post(url, {"document": upload(bytes(forged))})
    html = response.content.decode()
    assert response.context["check"].genuine is False
    assert "Modifié après signature" in html and "Ce fichier n’est pas la convention émise" in html

    response = client.post("/verifier/", {"code": convention.verification_code})
    assert response.status_code == 302 and response["Location"].endswith(f"/v/{convention.verification_code}")
    response = client.post("/verifier/", {"document": upload(signed)})
    assert response.status_code == 200 and "Convention en vigueur" in response.content.decode()


def test_the_convention_pdf_leads_to_the_short_verification_address(settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant, _carrier, _signer = signed_grant()
    convention = grant.conventions.get(state=Convention.State.SIGNED)
    assert f"/v/{convention.verification_code}" in pdf_text(read(convention.pdf))


def test_a_version_replaced_by_an_amendment_says_so(client, settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant, carrier, signer = signed_grant()
    first = grant.conventions.get(state=Convention.State.SIGNED)
    amendment = conventions.draft_convention(grant=grant, by=signer, amendment_reason="Report de trois mois.")
    amendment = conventions.send_convention(convention=amendment, by=signer)
    html = client.get(f"/v/{amendment.verification_code}/").content.decode().replace("&#x27;", "'")
    assert "Convention pas encore signée" in html and "Avenant n° 1" in html
    amendment = conventions.accept_convention(convention=amendment, user=carrier, sha256=amendment.sha256)
    conventions.sign_convention(convention=amendment, by=signer, **SIGNATORY)
    html = client.get(f"/v/{first.verification_code}/").content.decode().replace("&#x27;", "'")
    assert "Convention remplacée par un avenant" in html and amendment.reference in html
    draft = conventions.draft_convention(grant=grant, by=signer, amendment_reason="Encore.")
    assert client.get(f"/v/{draft.verification_code}/").status_code == 404  # a draft is nobody's act yet
