"""PAdES signatures of the acts: made by pyHanko, validated by pyHanko's validator and by an
independent check of the CMS signature over the signed byte ranges; tampering, a stranger's key
and an expired certificate each get their verdict."""

import hashlib
import io
import re

import pypdf
import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from ami_portal import pades
from review.documents import html_to_pdf
from tests import pades_support
from tests.pades_support import PASSWORD, expired_seal, seal_serial

# Fixtures of this module: the authority's CRL on loopback, and a seal whose certificate names it.
crl_server = pades_support.crl_server
sealed_with_crl = pades_support.sealed_with_crl

ACT = """<html lang="fr"><head><title>Décision n° 2027-001</title></head><body>
<h1>Décision attributive de subvention</h1><p>Montant : 45 000,00 €.</p>
<p>La directrice de l'intégration</p><div id="signature-ami" style="width:80mm;height:18mm"></div>
<p>Voies et délais de recours.</p></body></html>"""
BLOCK = "Signé électroniquement par Jeanne Martin\nDirectrice de l'intégration\nle 1er mars 2027"


@pytest.fixture(scope="module")
def act():
    return html_to_pdf(ACT)


def sign(data):
    return pades.sign_pdf(data, block_text=BLOCK, reason="Décision n° 2027-001", signer_name="Jeanne Martin")


def signature_dictionary(data: bytes):
    reader = pypdf.PdfReader(io.BytesIO(data))
    (field,) = [f for f in reader.get_fields().values() if f.get("/FT") == "/Sig"]
    return field["/V"].get_object()


def test_a_signed_act_is_intact_for_pyhanko(act, sealed):
    signed = sign(act)
    assert signed.startswith(act)  # an incremental update: the rendered act is untouched
    result = pades.validate(signed)
    assert result.verdict is pades.Verdict.INTACT
    assert result.signer == "Portail AMI — cachet de test"
    assert result.level == "PAdES B-B" and result.signed_at is not None
    assert signature_dictionary(signed)["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES, not PKCS#7


def test_the_signature_verifies_independently_over_the_signed_byte_ranges(act, sealed):
    signed = sign(act)
    dictionary = signature_dictionary(signed)
    a, b, c, d = (int(n) for n in dictionary["/ByteRange"])
    assert a == 0 and c + d == len(signed)  # the whole file but the signature itself
    covered = signed[a : a + b] + signed[c : c + d]
    content = cms.ContentInfo.load(bytes(dictionary["/Contents"]), strict=False)
    signed_data = content["content"]
    signer_info = signed_data["signer_infos"][0]
    attributes = {attr["type"].native: attr["values"][0].native for attr in signer_info["signed_attrs"]}
    assert attributes["message_digest"] == hashlib.sha256(covered).digest()
    certificate = next(
        x509.load_der_x509_certificate(choice.chosen.dump())
        for choice in signed_data["certificates"]
        if choice.chosen.serial_number == signer_info["sid"].chosen["serial_number"].native
    )
    der = signer_info["signed_attrs"].dump()
    certificate.public_key().verify(
        signer_info["signature"].native, b"\x31" + der[1:], ec.ECDSA(hashes.SHA256())
    )  # raises InvalidSignature otherwise


def test_signing_keeps_the_act_pdfa_and_tagged(act, sealed):
    signed = sign(act)
    reader = pypdf.PdfReader(io.BytesIO(signed))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp)  # the act's declared PDF/A level survives the signature
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_the_visible_block_sits_where_the_act_reserved_it(act, sealed):
    page, (x1, y1, x2, y2) = pades.block_position(act)
    destination = pypdf.PdfReader(io.BytesIO(act)).named_destinations["signature-ami"]
    assert (
        page == 0
        and x1 == pytest.approx(float(destination["/Left"]))
        and y2 == pytest.approx(float(destination["/Top"]))
    )
    signed = sign(act)
    widget = signature_dictionary(signed)
    reader = pypdf.PdfReader(io.BytesIO(signed))
    (annotation,) = [a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    assert [round(float(v)) for v in annotation["/Rect"]] == [round(x1), round(y1), round(x2), round(y2)]
    assert widget["/Name"] == "Jeanne Martin"


def test_without_its_anchor_the_block_goes_to_the_top_right_corner_of_the_last_page(sealed):
    older = html_to_pdf("<html lang='fr'><body><p>Première page</p><p style='break-before: page'>Fin</p></body></html>")
    reader = pypdf.PdfReader(io.BytesIO(older))
    width, height = float(reader.pages[1].mediabox.width), float(reader.pages[1].mediabox.height)
    page, (x1, y1, x2, y2) = pades.block_position(older)
    assert page == 1
    assert x2 == pytest.approx(width - pades.FALLBACK_MARGIN) and y2 == pytest.approx(
        height - pades.FALLBACK_MARGIN / 2
    )
    assert (x2 - x1, y2 - y1) == (pytest.approx(pades.BLOCK_WIDTH), pytest.approx(pades.BLOCK_HEIGHT))
    assert pades.validate(sign(older)).verdict is pades.Verdict.INTACT


def test_one_changed_byte_is_caught(act, sealed):
    signed = bytearray(sign(act))
    position = signed.find(b"/Producer")
    signed[position + 1] = ord("Q")
    assert pades.validate(bytes(signed)).verdict is pades.Verdict.MODIFIED


def test_something_added_after_signing_is_caught(act, sealed):
    signed = sign(act)
    assert pades.validate(signed + b"\n%%EOF\n").verdict is pades.Verdict.MODIFIED or (
        pades.validate(signed + b"1 0 obj\n<< >>\nendobj\n").verdict is pades.Verdict.MODIFIED
    )


def test_a_key_from_another_authority_is_an_unknown_signer(act, sealed, tmp_path, settings):
    stranger = pades.create_test_authority(tmp_path / "stranger", password=PASSWORD, seal_name="Cachet inconnu")
    settings.AMI_SIGNING_PKCS12 = str(stranger["seal"])
    signed = sign(act)
    settings.AMI_SIGNING_PKCS12 = str(sealed["seal"])  # the portal trusts its own authority only
    result = pades.validate(signed)
    assert result.verdict is pades.Verdict.UNKNOWN_SIGNER and result.signer == "Cachet inconnu"


def test_an_expired_certificate_is_reported(act, sealed, tmp_path, settings):
    settings.AMI_SIGNING_PKCS12 = expired_seal(tmp_path, sealed)
    assert pades.validate(sign(act)).verdict is pades.Verdict.CERTIFICATE_INVALID


# --------------------------------------------------------------------------------------------
# B-LT: the revocation data embedded when it can be fetched
# --------------------------------------------------------------------------------------------
def document_security_store(data: bytes):
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    return root["/DSS"].get_object() if "/DSS" in root else None


def test_a_seal_whose_crl_is_reachable_signs_b_lt_with_the_crl_embedded(act, sealed_with_crl, crl_server):
    crl_server.publish(sealed_with_crl)
    signed = sign(act)
    assert signed.startswith(act) and crl_server.requests >= 1
    store = document_security_store(signed)
    assert store is not None
    (crl,) = [x509.load_der_x509_crl(ref.get_object().get_data()) for ref in store["/CRLs"]]
    assert crl.public_bytes(serialization.Encoding.DER) == crl_server.crl  # the one the authority publishes
    certificates = [x509.load_der_x509_certificate(ref.get_object().get_data()) for ref in store["/Certs"]]
    assert seal_serial(sealed_with_crl) in {certificate.serial_number for certificate in certificates}
    # The DSS is an update after the signature: still intact, now at the B-LT level, read offline.
    crl_server.close()
    result = pades.validate(signed)
    assert result.verdict is pades.Verdict.INTACT and result.level == "PAdES B-LT"


def test_without_reachable_revocation_data_the_act_is_still_sealed_b_b(act, sealed_with_crl, crl_server, caplog):
    crl_server.close()  # the authority's server out of reach
    signed = sign(act)
    assert document_security_store(signed) is None
    result = pades.validate(signed)
    assert result.verdict is pades.Verdict.INTACT and result.level == "PAdES B-B"
    assert "B-LT not possible" in caplog.text


def test_a_seal_without_revocation_data_signs_as_before(act, sealed):
    signed = sign(act)
    assert document_security_store(signed) is None
    assert pades.validate(signed).level == "PAdES B-B"


def test_a_revoked_seal_is_reported_revoked(act, sealed_with_crl, crl_server):
    crl_server.publish(sealed_with_crl)  # not revoked yet: signed, B-LT
    signed_before = sign(act)
    crl_server.crl = None  # the server answers 404: signed B-B
    signed_b_b = sign(act)
    assert pades.validate(signed_b_b).verdict is pades.Verdict.INTACT

    crl_server.publish(sealed_with_crl, revoked_serials=[seal_serial(sealed_with_crl)])
    result = pades.validate(signed_b_b)
    assert result.verdict is pades.Verdict.CERTIFICATE_REVOKED
    assert result.signer == "Portail AMI — cachet de test"
    # The act sealed while the certificate was good still carries the CRL that said so; the
    # current list, fetched, says the certificate is revoked now.
    assert pades.validate(signed_before).verdict is pades.Verdict.CERTIFICATE_REVOKED
    # …and no act can be sealed with it any more.
    with pytest.raises(pades.SealRevoked):
        sign(act)


def test_a_changed_byte_is_caught_in_a_b_lt_act_too(act, sealed_with_crl, crl_server):
    crl_server.publish(sealed_with_crl)
    signed = bytearray(sign(act))
    position = signed.find(b"/Producer")
    signed[position + 1] = ord("Q")
    assert pades.validate(bytes(signed)).verdict is pades.Verdict.MODIFIED


def test_a_revision_that_changes_the_page_after_a_b_lt_signature_is_caught(act, sealed_with_crl, crl_server):
    """The DSS update is allowed after the signature; another update that draws on the page is not."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStamp, TextStampStyle

    crl_server.publish(sealed_with_crl)
    signed = sign(act)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    TextStamp(writer, TextStampStyle(stamp_text="Montant : 90 000,00 €")).apply(0, 50, 50)
    out = io.BytesIO()
    writer.write(out)
    assert pades.validate(out.getvalue()).verdict is pades.Verdict.MODIFIED


def test_an_unsigned_act_is_said_unsigned(act, sealed):
    assert pades.validate(act).verdict is pades.Verdict.UNSIGNED


def test_create_signing_key_makes_a_labelled_test_authority_once(settings, tmp_path):
    settings.AMI_SIGNING_PKCS12 = str(tmp_path / "signing" / "seal.p12")
    settings.AMI_SIGNING_PKCS12_PASSWORD = ""
    settings.AMI_SIGNING_PKCS12_PASSWORD_FILE = str(tmp_path / "signing" / "seal.password")
    settings.AMI_SIGNING_TRUST_ROOTS = [str(tmp_path / "signing" / "ca.pem")]
    out = io.StringIO()
    call_command("create_signing_key", stdout=out)
    assert "NE PAS UTILISER EN PRODUCTION" in out.getvalue()
    first = (tmp_path / "signing" / "seal.p12").read_bytes()
    call_command("create_signing_key", stdout=io.StringIO())
    assert (tmp_path / "signing" / "seal.p12").read_bytes() == first  # kept, not replaced
    certificate = x509.load_pem_x509_certificate((tmp_path / "signing" / "ca.pem").read_bytes())
    assert "NE PAS UTILISER EN PRODUCTION" in certificate.subject.rfc4514_string()
    assert pades.signing_configured()
    assert pades.validate(sign(html_to_pdf(ACT))).verdict is pades.Verdict.INTACT


def test_signing_and_validating_work_inside_a_running_event_loop(act, sealed):
    """As under ASGI, or after Playwright's synchronous API in the same process: pyHanko's own
    asyncio.run would refuse to run there."""
    import asyncio

    async def inside():
        signed = sign(act)
        return pades.validate(signed).verdict

    assert asyncio.run(inside()) is pades.Verdict.INTACT
