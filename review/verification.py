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
is the PDF the portal issued. Codes of both kinds are 128 random bits: they never collide.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.db.models import QuerySet

from ami_portal import pades
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


def code_from_input(text: str) -> str:
    """Accept the bare code or the whole short URL someone pasted."""
    text = (text or "").strip().rstrip("/")
    return text.rsplit("/", 1)[-1]


def find_by_code(code: str) -> Decision | Receipt | None:
    """The decision, or else the acknowledgement of receipt, that carries this code."""
    code = code_from_input(code)
    if not CODE_PATTERN.fullmatch(code):
        return None
    return (
        decisions_with_essentials().filter(verification_code=code).first()
        or receipts_with_essentials().filter(verification_code=code).first()
    )


def find_by_fingerprint(digest: str) -> Decision | Receipt | None:
    """The decision, or else the acknowledgement of receipt, whose PDF has exactly this fingerprint."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        return None
    return (
        decisions_with_essentials().filter(sha256=digest).first()
        or receipts_with_essentials().filter(sha256=digest).first()
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


def check_file(act: Decision | Receipt, uploaded) -> FileCheck:
    """Is ``uploaded`` exactly the PDF issued for ``act`` (a decision or an acknowledgement of receipt)?

    Two independent answers: the file's SHA-256 against the one recorded when the act was issued,
    and the electronic signature embedded in the file, validated against the configured trust
    roots (``ami_portal.pades``) — what any PDF reader would say, said in plain French.
    """
    digest = fingerprint(uploaded)
    genuine = bool(act.sha256) and hmac.compare_digest(digest, act.sha256)
    uploaded.seek(0)
    signature = pades.validate(b"".join(uploaded.chunks(CHUNK)))
    return FileCheck(genuine=genuine, digest=digest, signature=signature)
