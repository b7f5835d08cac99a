"""Inspection of uploaded files: the type is read from the bytes, never from the name.

``check_upload`` accepts a file only when its content is one of the accepted types, within the
size cap, and free of active content; otherwise it raises a ``ValidationError`` whose French
message tells the carrier what is wrong. The carrier's file name is only kept, cleaned, as
display text.

Decisions (documented here because the tests rely on them):
- PDFs with JavaScript, launch actions or embedded files are **refused**, not neutralised:
  rewriting a carrier's document would change what they signed.
- Office documents (ODF and OOXML) are ZIP archives: we read their directory only, refuse more
  than ``MAX_ZIP_ENTRIES`` entries or more than ``MAX_ZIP_UNCOMPRESSED`` bytes once uncompressed,
  and refuse macros.
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_NAME_LENGTH = 120

KIND_LABELS = {
    "pdf": "PDF",
    "odt": "ODT",
    "docx": "DOCX",
    "ods": "ODS",
    "xlsx": "XLSX",
    "png": "PNG",
    "jpeg": "JPEG",
}
EXTENSIONS = {
    "pdf": {"pdf"},
    "odt": {"odt"},
    "docx": {"docx"},
    "ods": {"ods"},
    "xlsx": {"xlsx"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
DANGEROUS_EXTENSIONS = {
    "exe", "dll", "bat", "cmd", "com", "scr", "msi", "js", "mjs", "vbs", "ps1", "sh", "php", "py",
    "html", "htm", "xhtml", "svg", "jar", "apk", "hta", "lnk", "docm", "xlsm", "pptm",
}  # fmt: skip
PDF_ACTIVE_MARKERS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    size: int
    sha256: str
    display_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def human_size(num_bytes: int) -> str:
    if num_bytes >= 1024 * 1024:
        return f"{num_bytes / (1024 * 1024):.1f}".replace(".", ",") + "\u00a0Mo"
    if num_bytes >= 1024:
        return f"{num_bytes / 1024:.0f}\u00a0Ko"
    return f"{num_bytes}\u00a0o"


def clean_display_name(name: str) -> str:
    """Keep a harmless, readable version of the carrier's file name (never used on disk)."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C"
    )  # drops NUL, control characters and bidi overrides (category Cf)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: MAX_NAME_LENGTH - len(ext) - 2] + "…." + ext) if dot and len(ext) <= 5 else name[:MAX_NAME_LENGTH]
        )
    return name or "document"


def sniff_kind(head: bytes, handle) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip_kind(handle)
    return None


def _sniff_zip_kind(handle) -> str | None:
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("This file is damaged: it cannot be opened."), code="damaged") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(_("This document contains too many parts to be accepted."), code="zip_entries")
    if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED:
        raise ValidationError(_("This document is far too large once uncompressed to be accepted."), code="zip_bomb")
    names = {info.filename for info in infos}
    if any(name.lower().endswith("vbaproject.bin") or name.lower().startswith("basic/") for name in names):
        raise ValidationError(_("Documents containing macros are not accepted."), code="macros")
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].strip()
        if mimetype == b"application/vnd.oasis.opendocument.text":
            return "odt"
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        return None
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_upload(uploaded, *, accepted_types: list[str], max_size: int) -> CheckedFile:
    """Inspect ``uploaded`` (a Django ``UploadedFile``) and return what we know of it."""
    accepted_labels = ", ".join(KIND_LABELS[k] for k in accepted_types)
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s); the maximum is %(max)s.")
            % {"size": human_size(size), "max": human_size(max_size)},
            code="too_large",
        )
    display_name = clean_display_name(uploaded.name)
    uploaded.seek(0)
    head = uploaded.read(8)
    kind = sniff_kind(head, uploaded)
    if kind is None or kind not in accepted_types:
        raise ValidationError(
            _("The content of this file is not an accepted format. Accepted formats: %(formats)s.")
            % {"formats": accepted_labels},
            code="bad_type",
        )
    parts = display_name.lower().split(".")
    extension = parts[-1] if len(parts) > 1 else ""
    if any(part in DANGEROUS_EXTENSIONS for part in parts[1:]):
        raise ValidationError(_("The file name has a suspicious double extension."), code="double_extension")
    if extension and extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file name ends in .%(ext)s but its content is a %(kind)s file: rename it or choose another file.")
            % {"ext": extension, "kind": KIND_LABELS[kind]},
            code="extension_mismatch",
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    previous_tail = b""
    for chunk in uploaded.chunks():
        digest.update(chunk)
        if kind == "pdf":
            window = previous_tail + chunk
            if any(marker in window for marker in PDF_ACTIVE_MARKERS):
                raise ValidationError(
                    _(
                        "PDF files containing scripts, actions or embedded files are not accepted. "
                        "Print the document to a new PDF and upload that one."
                    ),
                    code="pdf_active",
                )
            previous_tail = chunk[-32:]
    uploaded.seek(0)
    return CheckedFile(kind=kind, size=size, sha256=digest.hexdigest(), display_name=display_name)
