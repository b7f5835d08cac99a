"""Third-party verification of decisions and acknowledgements of receipt: the essentials behind a
code, and the file's fingerprint.

Anyone holding a decision (a bank, a prefecture, an auditor) can open the short URL printed under
its QR code, see whether it is in force or superseded, and upload the PDF they were given: it is
genuine only if its SHA-256 fingerprint equals the one stored when the decision was rendered.
The code is 128 random bits, so it cannot be guessed; the page shows only what the decision
itself states publicly (authority, reference, date, beneficiary, outcome, amount) — never the
assessment, the contacts or anything else of the dossier.

An acknowledgement of receipt (``applications.models.Receipt``) is checked the same way, behind the
same short URL: its code shows which dossier was received and when; its file is genuine only if it
is the PDF the portal issued. So are the acts of the grant's life (``applications.grants``): a
convention (its page says which version, whether it is in force, and what it states; its file is
genuine if it is the version sent to the carrier or the countersigned one) and an ordre de
reversement (who must return how much, by when, on which date it was issued). Codes of every kind
are 128 random bits: they never collide.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ami_portal import pades
from applications.grants.models import Convention, Grant
from applications.models import Receipt

from .models import Decision

# What a page says about a receipt is what the acknowledgement itself shows its holder.
RECEIPT_ESSENTIALS = (
    "verification_code",
    "sha256",
    "application__reference",
    "application__submitted_at",
    "application__organisation__name",
    "application__organisation__siret",
    "application__call__title",
    "application__call__issuing_authority",
    "application__call__issuing_service",
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,40}")
CHUNK = 64 * 1024


def decisions_with_essentials() -> QuerySet:
    return Decision.objects.select_related("application__organisation", "call", "superseded_by", "supersedes").only(
        "reference",
        "version",
        "kind",
        "status",
        "amount",
        "signed_at",
        "signatory_name",
        "signatory_role",
        "verification_code",
        "sha256",
        "application__reference",
        "application__organisation__name",
        "application__organisation__siret",
        "call__title",
        "call__issuing_authority",
        "call__issuing_service",
        "superseded_by__reference",
        "superseded_by__signed_at",
        "supersedes__reference",
    )


def receipts_with_essentials() -> QuerySet:
    return Receipt.objects.select_related("application__organisation", "application__call").only(*RECEIPT_ESSENTIALS)


class ConventionAct:
    """A convention version as the verification page shows it (``kind`` tells the template)."""

    kind = "convention"

    def __init__(self, convention: Convention):
        self.convention = convention
        self.grant = convention.grant
        self.verification_code = convention.verification_code
        self.reference = convention.reference
        self.sha256 = convention.signed_sha256 or convention.sha256
        # The version the carrier accepted, and the file the official countersigned (sealed).
        self.fingerprints = tuple(f for f in (convention.sha256, convention.signed_sha256) if f)
        self.amended_by = Convention.objects.filter(supersedes=convention).only("reference", "signed_at").first()


class ReturnOrderAct:
    """An ordre de reversement as the verification page shows it."""

    kind = "return_order"

    def __init__(self, grant: Grant):
        self.grant = grant
        self.verification_code = grant.return_order_verification_code
        self.reference = grant.return_order_reference
        self.sha256 = grant.return_order_sha256
        self.fingerprints = (grant.return_order_sha256,) if grant.return_order_sha256 else ()


def conventions_with_essentials() -> QuerySet:
    return Convention.objects.select_related(
        "grant__application__organisation", "grant__application__call", "grant__decision", "supersedes"
    ).exclude(state=Convention.State.DRAFT)


def return_orders_with_essentials() -> QuerySet:
    return Grant.objects.select_related("application__organisation", "application__call", "decision").filter(
        return_order_issued_at__isnull=False
    )


Act = Decision | Receipt | ConventionAct | ReturnOrderAct


def grant_act_by_code(code: str) -> ConventionAct | ReturnOrderAct | None:
    convention = conventions_with_essentials().filter(verification_code=code).first()
    if convention is not None:
        return ConventionAct(convention)
    grant = return_orders_with_essentials().filter(return_order_verification_code=code).first()
    return ReturnOrderAct(grant) if grant is not None else None


def grant_act_by_fingerprint(digest: str) -> ConventionAct | ReturnOrderAct | None:
    convention = conventions_with_essentials().filter(Q(sha256=digest) | Q(signed_sha256=digest)).first()
    if convention is not None:
        return ConventionAct(convention)
    grant = return_orders_with_essentials().filter(return_order_sha256=digest).first()
    return ReturnOrderAct(grant) if grant is not None else None


def code_from_input(text: str) -> str:
    """Accept the bare code or the whole short URL someone pasted."""
    text = (text or "").strip().rstrip("/")
    return text.rsplit("/", 1)[-1]


def find_by_code(code: str) -> Act | None:
    """The decision, the acknowledgement of receipt, the convention or the ordre de reversement
    that carries this code."""
    code = code_from_input(code)
    if not CODE_PATTERN.fullmatch(code):
        return None
    return (
        decisions_with_essentials().filter(verification_code=code).first()
        or receipts_with_essentials().filter(verification_code=code).first()
        or grant_act_by_code(code)
    )


def find_by_fingerprint(digest: str) -> Act | None:
    """The act whose PDF has exactly this fingerprint."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        return None
    return (
        decisions_with_essentials().filter(sha256=digest).first()
        or receipts_with_essentials().filter(sha256=digest).first()
        or grant_act_by_fingerprint(digest)
    )


class UnreadableUpload(ValueError):
    pass


def fingerprint(uploaded) -> str:
    """SHA-256 of an uploaded file, read in chunks; refuses what is not a PDF or is too large."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise UnreadableUpload("too_large")
    digest = hashlib.sha256()
    first = True
    for chunk in uploaded.chunks(CHUNK):
        if first:
            if not chunk.startswith(b"%PDF-"):
                raise UnreadableUpload("not_pdf")
            first = False
        digest.update(chunk)
    if first:
        raise UnreadableUpload("not_pdf")
    return digest.hexdigest()


@dataclass(frozen=True)
class FileCheck:
    genuine: bool
    digest: str
    signature: pades.Validation | None = None

    @property
    def signature_verdict(self) -> str:
        return self.signature.verdict.value if self.signature else ""


def fingerprints_of(act: Act) -> tuple[str, ...]:
    return getattr(act, "fingerprints", None) or ((act.sha256,) if act.sha256 else ())


def check_file(act: Act, uploaded) -> FileCheck:
    """Is ``uploaded`` exactly the PDF issued for ``act`` (a decision, an acknowledgement of receipt,
    a convention — the version sent or the countersigned one — or an ordre de reversement)?

    Two independent answers: the file's SHA-256 against the one recorded when the act was issued,
    and the electronic signature embedded in the file, validated against the configured trust
    roots (``ami_portal.pades``) — what any PDF reader would say, said in plain French.
    """
    digest = fingerprint(uploaded)
    genuine = any(hmac.compare_digest(digest, known) for known in fingerprints_of(act))
    uploaded.seek(0)
    signature = pades.validate(b"".join(uploaded.chunks(CHUNK)))
    return FileCheck(genuine=genuine, digest=digest, signature=signature)
