"""Electronic seals and signatures of the portal's acts (PAdES, with pyHanko), and their validation.

An act (decision, acknowledgement of receipt, procès-verbal) is rendered by WeasyPrint, then
signed in an **incremental update**: the rendered bytes stay as they are (PDF/A-3a, tagged), and a
signature field with a visible block — who signed, and when — is appended. The signature is a
PAdES baseline signature: B-B, or B-T when a timestamp authority is configured (``AMI_TSA_URL``),
and B-LT when the seal's certificate chain names where its revocation data is published (CRL or
OCSP) and it can be fetched: the certificates, CRLs and OCSP answers then go into the document's
security store (DSS, a second incremental update), so that the act can be checked without the
network. Any PDF reader shows it; ``validate`` answers for the verification page.

Keys, from settings:
- ``AMI_SIGNING_PKCS12`` (+ ``AMI_SIGNING_PKCS12_PASSWORD``): a PKCS#12 file holding the seal's
  key and certificate chain — in the embedded profile, the test authority made by
  ``manage.py create_signing_key`` under ``var/signing/`` (labelled as not for production);
- or ``AMI_SIGNING_PKCS11_MODULE`` (+ ``_TOKEN``, ``_KEY_LABEL``, ``_PIN``): a key that never leaves
  an HSM or a smart card (needs the ``python-pkcs11`` package on those servers);
- ``AMI_SIGNING_TRUST_ROOTS``: the PEM certificates a signature must chain to to be « trusted »
  by the verification page (the test authority's in the embedded profile; the RGS/eIDAS CA of
  the real seal in production).

Without a key the acts are issued unsigned, as before, and stay verifiable by their fingerprint.
"""

from __future__ import annotations

import enum
import functools
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("ami_portal.pades")

FIELD_NAME = "SignatureAMI"
# Where the visible block goes: the act's template reserves an empty element with this id, of the
# block's size (static/pdf/decision.css, ``.signature-ami``), where a handwritten signature would
# be; WeasyPrint writes every id as a named destination, which gives its page and top-left corner.
ANCHOR = "signature-ami"
BLOCK_WIDTH, BLOCK_HEIGHT = 226.8, 51.0  # 80 mm × 18 mm, in PDF points
# Without the anchor (an act rendered by an older template): the top-right corner of the last page.
FALLBACK_MARGIN = 51.0


class Verdict(enum.Enum):
    INTACT = "intact"  # signed by a trusted certificate, nothing changed since
    MODIFIED = "modified"  # the signed bytes changed, or something was added after signing
    UNKNOWN_SIGNER = "unknown_signer"  # a valid signature by a certificate we do not trust
    CERTIFICATE_INVALID = "certificate_invalid"  # expired or not yet valid
    CERTIFICATE_REVOKED = "certificate_revoked"  # revoked by its authority
    UNSIGNED = "unsigned"  # no electronic signature in the file


@dataclass(frozen=True)
class Validation:
    verdict: Verdict
    signer: str = ""
    signed_at: datetime | None = None
    level: str = ""  # PAdES B-B, B-T or B-LT


def _outside_any_event_loop(function, *args, **kwargs):
    """Call ``function`` where ``asyncio.run`` may run: pyHanko's synchronous API runs its
    coroutines with ``asyncio.run``, which refuses to run inside a thread whose event loop is
    running (an ASGI request, or a test process where Playwright's synchronous API left its loop
    running). There, the call runs in a short-lived thread of its own."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pades") as executor:
        return executor.submit(function, *args, **kwargs).result()


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------
def _setting(name: str, default=""):
    return getattr(settings, name, default) or default


def signing_configured() -> bool:
    pkcs12 = _setting("AMI_SIGNING_PKCS12")
    return bool(_setting("AMI_SIGNING_PKCS11_MODULE")) or bool(pkcs12 and Path(pkcs12).exists())


@functools.lru_cache(maxsize=4)
def _pkcs12_signer(path: str, password: str, mtime: float):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() if password else None)
    if signer is None:
        raise ValueError(f"cannot read the signing key in {path}")
    return signer


def _signer():
    module = _setting("AMI_SIGNING_PKCS11_MODULE")
    if module:
        from pyhanko.sign import pkcs11

        session = pkcs11.open_pkcs11_session(
            module, token_label=_setting("AMI_SIGNING_PKCS11_TOKEN"), user_pin=_setting("AMI_SIGNING_PKCS11_PIN")
        )
        label = _setting("AMI_SIGNING_PKCS11_KEY_LABEL")
        return pkcs11.PKCS11Signer(session, key_label=label, cert_label=label)
    path = _setting("AMI_SIGNING_PKCS12")
    return _pkcs12_signer(path, _pkcs12_password(), Path(path).stat().st_mtime)


def _pkcs12_password() -> str:
    password = _setting("AMI_SIGNING_PKCS12_PASSWORD")
    password_file = _setting("AMI_SIGNING_PKCS12_PASSWORD_FILE")
    if not password and password_file and Path(password_file).exists():
        password = Path(password_file).read_text().strip()
    return password


def _trust_roots() -> list:
    roots = _setting("AMI_SIGNING_TRUST_ROOTS", [])
    paths = [p for p in (roots.split(",") if isinstance(roots, str) else roots) if p and Path(p).exists()]
    return list(_loaded_roots(tuple((path, Path(path).stat().st_mtime) for path in paths)))


@functools.lru_cache(maxsize=4)
def _loaded_roots(paths_and_times: tuple) -> tuple:
    """The roots read once per process (and again when a file changes), as the key is."""
    from pyhanko.keys import load_certs_from_pemder

    paths = [path for path, _mtime in paths_and_times]
    return tuple(load_certs_from_pemder(paths)) if paths else ()


# What the visible block can write: Latin letters with every European diacritic, digits,
# French punctuation and spaces, the euro sign. Subsetting Marianne to these once, without its layout
# features, made the whole signature about four times cheaper (0.34 → 0.08 s, benchmarks/signing.py):
# pyHanko subsets the font again for every signature, and that dominated its cost.
STAMP_CHARACTERS = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x2010, 0x2027),
    0x202F,
    0x20AC,
]


@functools.lru_cache(maxsize=1)
def _stamp_font() -> str:
    """Marianne as a small TrueType file (pyHanko embeds a subset: PDF/A wants every font embedded).

    django-dsfr ships it as WOFF only; fontTools unpacks and trims it once into ``var/fonts/``.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = Path(settings.VAR_DIR) / "fonts" / "Marianne-Regular-stamp.ttf"
    if not target.exists():
        import dsfr

        source = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts" / "Marianne-Regular.woff"
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(source))
        font.flavor = None
        options = subset.Options()
        options.layout_features = []
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=STAMP_CHARACTERS)
        subsetter.subset(font)
        partial = target.with_suffix(".part")
        font.save(str(partial))
        partial.replace(target)
    return str(target)


# --------------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------------
class SealRevoked(Exception):
    """The seal's certificate is revoked by its authority: no act may be sealed with it."""


def sign_pdf(data: bytes, *, block_text: str, reason: str, signer_name: str, location: str = "Paris") -> bytes:
    """Return ``data`` with a PAdES signature appended (incremental update) and a visible block.

    ``block_text`` is what the block says (who signed, in which capacity, and the date, written by
    the caller in French). B-T when ``AMI_TSA_URL`` names a timestamp authority, B-B otherwise; B-LT
    on top when the revocation data of the seal's chain can be fetched. When it cannot (its server
    out of reach, a chain that does not lead to ``AMI_SIGNING_TRUST_ROOTS``), the act is still
    sealed, B-T or B-B, and a warning is logged. A revoked seal raises ``SealRevoked``.
    """
    from pyhanko.sign.general import SigningError
    from pyhanko_certvalidator.errors import RevokedError

    signer = _signer()
    context = _revocation_context(signer)
    arguments = {
        "signer": signer,
        "block_text": block_text,
        "reason": reason,
        "signer_name": signer_name,
        "location": location,
    }
    if context is not None:
        try:
            return _outside_any_event_loop(_sign, data, validation_context=context, **arguments)
        except SigningError as exc:
            if isinstance(exc.__cause__, RevokedError):
                raise SealRevoked(f"the seal's certificate is revoked: {exc.__cause__}") from exc
            logger.warning(
                "PAdES B-LT not possible, the act is sealed without revocation data: %s", exc.__cause__ or exc
            )
    return _outside_any_event_loop(_sign, data, validation_context=None, **arguments)


def _sign(data: bytes, *, signer, block_text, reason, signer_name, location, validation_context) -> bytes:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page, box = _block_position_in(writer.prev)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=signer_name,
        validation_context=validation_context,
        embed_validation_info=validation_context is not None,
    )
    style = TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(_stamp_font(), font_size=8)),
        border_width=1,
    )
    tsa_url = _setting("AMI_TSA_URL")
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style,
        timestamper=timestamper,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page, box=box),
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"text": block_text})
    return out.getvalue()


REVOCATION_FETCH_TIMEOUT = 10  # seconds, per request to a CRL or OCSP server


def revocation_urls(certificates) -> list[str]:
    """Where the revocation data of ``certificates`` (asn1crypto) is published: CRLs and OCSP."""
    urls = []
    for certificate in certificates:
        for point in certificate.crl_distribution_points or ():
            if point.url:
                urls.append(point.url)
        urls.extend(certificate.ocsp_urls or ())
    return urls


def _chain(signer) -> list:
    certificates = [signer.signing_cert]
    registry = getattr(signer, "cert_registry", None)
    if registry is not None:
        certificates.extend(cert for cert in registry if cert != signer.signing_cert)
    return certificates


def _revocation_context(signer):
    """The validation context of a B-LT signature — fetching allowed, a revocation that cannot be
    checked is an error — or ``None`` when the chain publishes no revocation data (the test
    authority of the embedded profile) or there are no trust roots to validate it against."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    chain = _chain(signer)
    if not revocation_urls(chain):
        return None
    roots = _trust_roots()
    if not roots:
        return None
    return ValidationContext(
        trust_roots=roots,
        other_certs=chain[1:],
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=REVOCATION_FETCH_TIMEOUT),
    )


def block_position(data: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The page and the box (PDF points, from the bottom-left corner) of the visible block."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return _block_position_in(PdfFileReader(io.BytesIO(data), strict=False))


def _block_position_in(reader) -> tuple[int, tuple[float, float, float, float]]:
    """``block_position`` in a file pyHanko has already opened (the one being signed): looking the
    anchor up in its name tree reads a few objects, where pypdf's ``named_destinations`` parsed
    every destination of the file again — a third of the signature's cost (benchmarks/signing.py)."""
    pages = _page_references(reader.root["/Pages"])
    destination = _named_destination(reader.root, ANCHOR)
    if destination is not None and len(destination) >= 4 and str(destination[1]) == "/XYZ":
        # pyHanko's arrays dereference on indexing: the page's reference itself is raw_get's.
        page_ref = destination.raw_get(0) if hasattr(destination, "raw_get") else destination[0]
        left, top = destination[2], destination[3]
        key = (page_ref.idnum, page_ref.generation) if hasattr(page_ref, "idnum") else None
        if key in pages and left is not None and top is not None:
            left, top = float(left), float(top)
            return pages.index(key), (left, top - BLOCK_HEIGHT, left + BLOCK_WIDTH, top)
    last = len(pages) - 1
    page = reader.get_object(generic_reference(*pages[last]))
    x1, y1, x2, y2 = (float(value) for value in _inherited(page, "/MediaBox"))
    right, top = x2 - x1 - FALLBACK_MARGIN, y2 - y1 - FALLBACK_MARGIN / 2
    return last, (right - BLOCK_WIDTH, top - BLOCK_HEIGHT, right, top)


def generic_reference(idnum: int, generation: int):
    from pyhanko.pdf_utils import generic

    return generic.Reference(idnum, generation)


def _page_references(node) -> list[tuple[int, int]]:
    """The pages of a page tree, in order, as (object number, generation)."""
    found = []
    for kid in node.get_object()["/Kids"]:
        child = kid.get_object()
        if child.get("/Type") == "/Pages" or "/Kids" in child:
            found.extend(_page_references(child))
        else:
            found.append((kid.idnum, kid.generation))
    return found


def _inherited(page, key):
    node = page
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    raise KeyError(key)


def _named_destination(root, name: str):
    """The destination array named ``name``: in the /Names /Dests name tree (PDF 1.2 and later,
    WeasyPrint's), or the older /Dests dictionary."""
    found = None
    names = root.get("/Names")
    if names is not None and "/Dests" in names.get_object():
        found = _name_tree_lookup(names.get_object()["/Dests"], name)
    elif "/Dests" in root:
        found = root["/Dests"].get_object().get("/" + name)
    if found is None:
        return None
    found = found.get_object()
    return found["/D"].get_object() if hasattr(found, "keys") and "/D" in found else found


def _name_key(value) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _name_tree_lookup(node, name: str):
    node = node.get_object()
    if "/Names" in node:
        entries = node["/Names"]
        for index in range(0, len(entries) - 1, 2):
            if _name_key(entries[index]) == name:
                return entries[index + 1]
    for kid in node.get("/Kids", ()):
        child = kid.get_object()
        limits = child.get("/Limits")
        if limits is not None and not (_name_key(limits[0]) <= name <= _name_key(limits[1])):
            continue
        found = _name_tree_lookup(child, name)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------
def validate(data: bytes, *, moment: datetime | None = None) -> Validation:
    """What a careful reader of the file would conclude, against the configured trust roots.

    The revocation data the file carries (its DSS, B-LT) is used first, with nothing fetched. Only
    when the signature is intact and chains to a trusted root is the revocation data its chain
    names fetched too, to learn whether the certificate has been revoked since (or at all, for a
    B-B file); out of reach, the carried data's answer stands. The addresses fetched are written in
    certificates the trusted authority signed, never ones a stranger's file chose.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError) as exc:
        logger.info("not a readable PDF: %s", exc)
        return Validation(Verdict.MODIFIED)
    if not signatures:
        return Validation(Verdict.UNSIGNED)
    embedded = signatures[-1]
    carried = _carried_revocation_data(reader)
    status = _status(embedded, carried, moment=moment, fetching=False)
    if status is None:
        return Validation(Verdict.MODIFIED)
    if _verdict(status, moment) is Verdict.INTACT and revocation_urls(status.validation_path or ()):
        # What the authority publishes now: a revocation after the carried CRL said « good » shows.
        current = _status(embedded, {**carried, "crls": [], "ocsps": []}, moment=moment, fetching=True)
        if current is not None and current.revoked:
            status = current
    signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
    signed_at = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    if carried["crls"] or carried["ocsps"]:
        level = "PAdES B-LT"
    else:
        level = "PAdES B-T" if status.timestamp_validity else "PAdES B-B"
    return Validation(_verdict(status, moment), signer=signer, signed_at=signed_at, level=level)


def _carried_revocation_data(reader) -> dict:
    """The certificates, CRLs and OCSP answers of the file's document security store (B-LT)."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        store = DocumentSecurityStore.read_dss(reader)
        context = store.as_validation_context({})
    except NoDSSFoundError:
        return {"other_certs": [], "crls": [], "ocsps": []}
    except (ValueError, KeyError, TypeError) as exc:
        logger.info("unreadable DSS: %s", exc)
        return {"other_certs": [], "crls": [], "ocsps": []}
    return {
        "other_certs": list(store.load_certs()),
        "crls": list(context.crls),
        "ocsps": list(context.ocsps),
    }


def _status(embedded, carried: dict, *, moment, fetching: bool):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    context = ValidationContext(
        trust_roots=_trust_roots(),
        moment=moment,
        revocation_mode="soft-fail",
        allow_fetching=fetching,
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=REVOCATION_FETCH_TIMEOUT) if fetching else None,
        **carried,
    )
    try:
        return _outside_any_event_loop(validate_pdf_signature, embedded, signer_validation_context=context)
    except (SignatureValidationError, ValueError) as exc:
        logger.info("signature does not validate: %s", exc)
        return None


def _verdict(status, moment) -> Verdict:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    # Covering the whole file, or a revision followed only by validation data (the DSS of B-LT).
    covered = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level == ModificationLevel.LTA_UPDATES
        and status.docmdp_ok
    )
    if not status.intact or not covered:
        return Verdict.MODIFIED
    if status.revoked:
        return Verdict.CERTIFICATE_REVOKED
    if _expired(status, moment):
        return Verdict.CERTIFICATE_INVALID
    if not status.trusted:
        return Verdict.UNKNOWN_SIGNER
    if not status.valid:
        return Verdict.MODIFIED
    return Verdict.INTACT


def _expired(status, moment: datetime | None) -> bool:
    from datetime import UTC

    cert = status.signing_cert
    when = moment or datetime.now(UTC)
    validity = cert["tbs_certificate"]["validity"]
    return not (validity["not_before"].native <= when <= validity["not_after"].native)


# --------------------------------------------------------------------------------------------
# A test authority for the embedded profile and the tests
# --------------------------------------------------------------------------------------------
TEST_LABEL = "NE PAS UTILISER EN PRODUCTION"


def create_test_authority(
    folder: Path,
    *,
    password: str,
    seal_name: str = "Portail AMI — cachet de test",
    valid_from=None,
    days=3650,
    crl_url: str = "",
) -> dict[str, Path]:
    """A local certificate authority and a seal certificate it issued, in ``folder``.

    Clearly labelled as a test authority in every name; the private keys never leave ``folder``
    (``ca.key`` stays there so that the tests can issue more certificates). With ``crl_url``, the
    seal names it as its CRL distribution point (the authority's revocation list; B-LT). Returns
    the paths.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    start = valid_from or datetime.now(tz=None).astimezone() - timedelta(days=1)
    end = start + timedelta(days=days)

    def name(common: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Portail AMI — autorité de test, {TEST_LABEL}"),
                x509.NameAttribute(NameOID.COMMON_NAME, common),
            ]
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("Portail AMI — AC de test")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = {"ca": folder / "ca.pem", "ca_key": folder / "ca.key", "seal": folder / "seal.p12"}
    paths["ca"].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths["ca_key"].write_bytes(
        ca_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password.encode()),
        )
    )
    paths["ca_key"].chmod(0o600)
    issue_seal(
        folder,
        ca_cert=ca_cert,
        ca_key=ca_key,
        password=password,
        common_name=seal_name,
        start=start,
        end=end,
        crl_url=crl_url,
    )
    return paths


def issue_seal(
    folder: Path, *, ca_cert, ca_key, password: str, common_name: str, start, end, filename="seal.p12", crl_url=""
):
    """A seal certificate issued by the test authority, written as a PKCS#12 file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Portail AMI — autorité de test, {TEST_LABEL}"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    cert = builder.sign(ca_key, hashes.SHA256())
    path = folder / filename
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            common_name.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(password.encode())
        )
    )
    path.chmod(0o600)
    return path
