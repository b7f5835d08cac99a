"""Inspection of uploaded files: the type is read from the bytes, never from the name.

``check_upload`` accepts a file only when its content is one of the accepted types, within the
size cap, free of active content and of anything hidden in or after it; otherwise it raises a
``ValidationError`` whose French message tells the carrier what is wrong and what to do. The
carrier's file name is only kept, cleaned, as display text; files are stored under random names.

Decisions (documented here because the tests rely on them):
- PDFs with active content (scripts, actions that open a program, another file or — by
  themselves — a web address, form submission, data import, multimedia, embedded files, XFA
  forms) are **refused**, not neutralised: rewriting a carrier's document would change what they
  signed. ``active_content`` reads every object the file indexes, compressed object streams
  included, with names decoded as a PDF reader decodes them (``/J#61vaScript`` is
  ``/JavaScript``), and says which class it found. Encrypted PDFs (RC4 or AES) are accepted only when they
  open with the empty password (owner restrictions only), and their decrypted objects are then
  checked like any other PDF's; a PDF that needs a password to open is refused with a message
  that says so; a PDF that cannot be parsed is refused as damaged.
- Office documents (ODF and OOXML) are ZIP archives. Their directory is checked (entry count,
  declared uncompressed total, compression ratio of each entry, overlapping entries, paths), then
  every entry is decompressed against a budget, so that an archive lying about its sizes is
  caught too. Then ``active_content`` parses the parts that say what the document does (content
  types, relationships, manifest, document XML) and refuses macros and scripts, ActiveX, OLE
  objects, remote templates, external links and content, and DDE, naming what it found.
- A file of one format must not also be another one (a « polyglot »): a PDF, PNG or JPEG that is
  also a ZIP archive, carries HTML or script markup, or a PDF header in its first kilobyte when it
  is not a PDF, or has a sizeable amount of data after its own end, is refused.
- File names are NFKC-normalised before every check (full-width letters, dots and slashes become
  ASCII ones), then refused when they carry a path, control or invisible characters (NUL,
  right-to-left override…), more than ``MAX_UPLOAD_NAME`` characters, or a program or web-page
  extension anywhere. Django's own multipart parser already drops paths and non-printable
  characters from names sent by browsers, so through the portal's forms the remaining name is
  judged (a right-to-left override that hid ``.exe`` leaves a visible ``.exe``, which is refused).
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications.active_content import check_office_document, check_pdf_reader

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
# Office XML compresses about 5 to 20 times; a ZIP bomb a thousand times. Only entries large
# enough to matter are judged on their ratio.
MAX_ZIP_RATIO = 100
ZIP_RATIO_MIN_SIZE = 1024 * 1024
MAX_NAME_LENGTH = 120  # shown to people (longer names are shortened for display)
MAX_UPLOAD_NAME = 200  # refused beyond
PDF_TAIL_ALLOWANCE = 1024  # bytes after %%EOF tolerated (whitespace and comments some tools add)
HEAD_SIZE = 1024  # what is sniffed at the start of a file (type, markup, a PDF header)
BLOCK_SIZE = 256 * 1024  # files are read a block at a time, never whole

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
    "exe", "dll", "bat", "cmd", "com", "scr", "msi", "js", "mjs", "vbs", "vbe", "wsf", "ps1", "sh",
    "php", "py", "pl", "html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "jar", "apk", "hta",
    "lnk", "pif", "cpl", "reg", "docm", "xlsm", "pptm", "dotm", "xltm", "iso", "img",
}  # fmt: skip
# Markup a browser would run if it ever rendered the file (case-insensitive).
MARKUP_SIGNATURES = (
    b"<script", b"<html", b"<!doctype html", b"<svg", b"<iframe", b"<object", b"<embed", b"<body",
    b"<?php", b"javascript:",
)  # fmt: skip
FOREIGN_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"%PDF-", b"MZ", b"\x7fELF", b"Rar!", b"7z\xbc\xaf")
MARKUP_OVERLAP = max(len(signature) for signature in MARKUP_SIGNATURES + FOREIGN_SIGNATURES) - 1


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


def normalise_name(name: str) -> str:
    """NFKC, before any check: « statuts．ｐｄｆ．ｅｘｅ » is « statuts.pdf.exe », and « ／ » is « / »."""
    return unicodedata.normalize("NFKC", name or "")


def clean_display_name(name: str) -> str:
    """Keep a harmless, readable version of the carrier's file name (never used on disk)."""
    name = normalise_name(name).replace("\\", "/").split("/")[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch)[0] != "C"
    )  # drops NUL, control characters and bidi overrides (category Cf)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: MAX_NAME_LENGTH - len(ext) - 2] + "…." + ext) if dot and len(ext) <= 5 else name[:MAX_NAME_LENGTH]
        )
    return name or "document"


# --------------------------------------------------------------------------------------------
# The name
# --------------------------------------------------------------------------------------------
def check_name(name: str) -> None:
    """Refuse names that try to pass for something else or to escape a folder (judged after NFKC)."""
    name = normalise_name(name)
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name):
        raise ValidationError(
            _("The file name contains invisible or control characters: rename the file, then upload it again."),
            code="name_characters",
        )
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise ValidationError(
            _("The file name may not contain a folder path (« / », « \\ » or « .. »): rename the file."),
            code="name_path",
        )
    if len(name) > MAX_UPLOAD_NAME:
        raise ValidationError(
            _("The file name is too long (%(length)s characters; at most %(max)s): rename the file.")
            % {"length": len(name), "max": MAX_UPLOAD_NAME},
            code="name_too_long",
        )


def check_extensions(display_name: str, kind: str) -> None:
    parts = display_name.lower().split(".")
    extension = parts[-1] if len(parts) > 1 else ""
    if any(part.strip() in DANGEROUS_EXTENSIONS for part in parts[1:]):
        raise ValidationError(_("The file name has a suspicious double extension."), code="double_extension")
    if extension and extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file name ends in .%(ext)s but its content is a %(kind)s file: rename it or choose another file.")
            % {"ext": extension, "kind": KIND_LABELS[kind]},
            code="extension_mismatch",
        )


# --------------------------------------------------------------------------------------------
# What the bytes are
# --------------------------------------------------------------------------------------------
def sniff_kind(head: bytes, handle) -> str | None:
    """The accepted kind the bytes start as, or ``None`` (ZIP kinds are read from their directory)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip_kind(handle)
    return None


def _describe_unknown(data: bytes) -> str:
    """What a refused file looks like, so that the message can say it plainly."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        return "program"
    if head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) or any(s in head for s in MARKUP_SIGNATURES):
        return "markup"
    if data.startswith((b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "archive"
    return ""


def _refuse_type(data: bytes, kind: str | None, accepted_types: list[str]) -> ValidationError:
    formats = ", ".join(KIND_LABELS[k] for k in accepted_types)
    described = _describe_unknown(data) if kind is None else ""
    if described == "program":
        message = _(
            "The content of this file is not an accepted format: it is a program (an executable), not a document. "
            "Accepted formats: %(formats)s."
        )
    elif described == "markup":
        message = _(
            "The content of this file is not an accepted format: it is a web page, a script or an SVG image, "
            "not a document. Accepted formats: %(formats)s."
        )
    elif described == "archive":
        message = _(
            "The content of this file is not an accepted format: it is a compressed archive, not a document. "
            "Accepted formats: %(formats)s."
        )
    elif kind is not None:
        message = _("This file is a %(kind)s file, which this document does not accept. Accepted formats: %(formats)s.")
        return ValidationError(message % {"kind": KIND_LABELS[kind], "formats": formats}, code="bad_type")
    else:
        message = _("The content of this file is not an accepted format. Accepted formats: %(formats)s.")
    return ValidationError(message % {"formats": formats}, code="bad_type")


def _polyglot() -> ValidationError:
    return ValidationError(
        _(
            "This file hides other content (another file, a web page or a script) inside or after its own. "
            "Save or export the document again, then upload the new copy."
        ),
        code="polyglot",
    )


def _has_markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(signature in lowered for signature in MARKUP_SIGNATURES)


def _blocks(handle, start: int, stop: int, *, overlap: int = 0):
    """The bytes from ``start`` to ``stop``, a block at a time; each block begins with the last
    ``overlap`` bytes of the previous one, so that a signature cut in two is still found."""
    handle.seek(start)
    position, carry = start, b""
    while position < stop:
        block = handle.read(min(BLOCK_SIZE, stop - position))
        if not block:
            return
        yield carry + block
        position += len(block)
        carry = block[-overlap:] if overlap else b""


def _rfind(handle, size: int, needle: bytes) -> int:
    """The offset of the last ``needle`` in the file, read backwards a block at a time; -1 if none."""
    end = size
    while end > 0:
        start = max(0, end - BLOCK_SIZE)
        handle.seek(start)
        found = handle.read(end - start + len(needle) - 1).rfind(needle)
        if found >= 0:
            return start + found
        end = start
    return -1


def _markup_in(handle, start: int, stop: int) -> bool:
    return any(_has_markup(block) for block in _blocks(handle, start, stop, overlap=MARKUP_OVERLAP))


def _padding_length(handle, start: int, stop: int, padding: bytes) -> int:
    """``len(data[start:stop].strip(padding))``, without holding ``data``."""
    first = last = None
    for position, block in _offset_blocks(handle, start, stop):
        stripped = block.lstrip(padding)
        if first is None and stripped:
            first = position + len(block) - len(stripped)
        stripped = block.rstrip(padding)
        if stripped:
            last = position + len(stripped)
    return 0 if first is None else last - first


def _offset_blocks(handle, start: int, stop: int):
    position = start
    for block in _blocks(handle, start, stop):
        yield position, block
        position += len(block)


def _is_also_zip(handle) -> bool:
    try:
        return zipfile.is_zipfile(handle)  # reads the end of the file (the ZIP directory) only
    except (OSError, ValueError):
        return False


def _check_not_polyglot(kind: str, head: bytes, handle, size: int) -> None:
    if kind != "pdf" and b"%PDF-" in head:
        raise _polyglot()
    if kind in {"pdf", "png", "jpeg"} and _is_also_zip(handle):
        raise _polyglot()
    if _has_markup(head):
        raise _polyglot()
    if kind in {"png", "jpeg"} and _markup_in(handle, 0, size):
        raise _polyglot()


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------
def _check_png(handle, size: int) -> None:
    position = 8
    while True:
        if position + 12 > size:
            raise ValidationError(_("This file is damaged: it cannot be opened."), code="damaged")
        handle.seek(position)
        header = handle.read(8)
        length = int.from_bytes(header[:4], "big")
        chunk_type = header[4:8]
        position += 12 + length
        if chunk_type == b"IEND":
            break
    if position > size:
        raise ValidationError(_("This file is damaged: it cannot be opened."), code="damaged")
    if any(block.strip(b"\x00 \t\r\n") for block in _blocks(handle, position, size)):
        raise _polyglot()


def _check_jpeg(handle, size: int) -> None:
    end = _rfind(handle, size, b"\xff\xd9")
    if end < 0:
        return
    for block in _blocks(handle, end + 2, size, overlap=MARKUP_OVERLAP):
        if any(signature in block for signature in FOREIGN_SIGNATURES) or _has_markup(block):
            raise _polyglot()


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------
def _pdf_password_protected() -> ValidationError:
    return ValidationError(
        _(
            "This PDF is protected by a password: it cannot be opened, so it cannot be checked. Save a copy "
            "without the password (or print it to a new PDF), then upload that copy."
        ),
        code="pdf_encrypted",
    )


def _pdf_damaged() -> ValidationError:
    return ValidationError(_("This file is damaged: it cannot be opened."), code="damaged")


def _check_pdf(handle, size: int) -> None:
    end = _rfind(handle, size, b"%%EOF")
    if end < 0:
        raise _pdf_damaged()
    if (
        _markup_in(handle, end + 5, size)
        or _padding_length(handle, end + 5, size, b"\x00 \t\r\n%") > PDF_TAIL_ALLOWANCE
    ):
        raise _polyglot()

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(handle, strict=False)  # reads what it needs, where it is
        # Owner restrictions only (no printing, no copying: common for bank and tax documents): the
        # empty user password opens it (RC4 or AES), and the decrypted objects are checked below
        # like any other PDF's.
        if reader.is_encrypted and not reader.decrypt(""):
            raise _pdf_password_protected()
        check_pdf_reader(reader)  # every indexed object, object streams included: see active_content
    except ValidationError:
        raise
    except FileNotDecryptedError:
        raise _pdf_password_protected() from None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
        raise _pdf_damaged() from None


# --------------------------------------------------------------------------------------------
# Office documents (ZIP archives)
# --------------------------------------------------------------------------------------------
def _zip_bomb() -> ValidationError:
    return ValidationError(_("This document is far too large once uncompressed to be accepted."), code="zip_bomb")


def _zip_damaged() -> ValidationError:
    return ValidationError(_("This file is damaged: it cannot be opened."), code="damaged")


def _check_zip_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(_("This document contains too many parts to be accepted."), code="zip_entries")
    if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED:
        raise _zip_bomb()
    for info in infos:
        if info.file_size >= ZIP_RATIO_MIN_SIZE and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise _zip_bomb()
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or "\x00" in name:
            raise _zip_damaged()
    # Entries sharing their compressed bytes (overlapping) are the "better zip bomb".
    offsets = sorted(info.header_offset for info in infos)
    if len(set(offsets)) != len(offsets):
        raise _zip_bomb()


def _sniff_zip_kind(handle) -> str | None:
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _zip_damaged() from None
    _check_zip_directory(infos)
    names = {info.filename for info in infos}
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as entry:
                mimetype = entry.read(100).strip()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise _zip_damaged() from None
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


def _check_zip_content(handle) -> None:
    """Decompress every entry against the budget (sizes that lie, CRCs), then read the parts that
    say what the document does (see active_content)."""
    handle.seek(0)
    archive = zipfile.ZipFile(handle)
    budget = MAX_ZIP_UNCOMPRESSED
    for info in archive.infolist():
        produced = 0
        try:
            with archive.open(info) as entry:
                while chunk := entry.read(256 * 1024):
                    produced += len(chunk)
                    budget -= len(chunk)
                    if budget < 0 or produced > info.file_size:
                        raise _zip_bomb()
        except ValidationError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise _zip_damaged() from None
        except Exception:  # noqa: BLE001 - zlib and lzma errors on corrupt data
            raise _zip_damaged() from None
    check_office_document(archive)


# --------------------------------------------------------------------------------------------
# The whole check
# --------------------------------------------------------------------------------------------
def _fingerprint(handle, limit: int) -> tuple[str, int]:
    """SHA-256 and size of the file, read a block at a time; stops past ``limit`` (size only)."""
    handle.seek(0)
    digest, size = hashlib.sha256(), 0
    while block := handle.read(BLOCK_SIZE):
        size += len(block)
        if size > limit:
            return "", size
        digest.update(block)
    return digest.hexdigest(), size


def _too_large(size: int, max_size: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s); the maximum is %(max)s.")
        % {"size": human_size(size), "max": human_size(max_size)},
        code="too_large",
    )


def check_upload(uploaded, *, accepted_types: list[str], max_size: int) -> CheckedFile:
    """Inspect ``uploaded`` (a Django ``UploadedFile``) and return what we know of it.

    Raises ``ValidationError`` with a French message at the first problem found; nothing is
    written anywhere (the caller stores the file only after this returns).
    """
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_size:
        raise _too_large(size, max_size)
    name = normalise_name(uploaded.name)
    check_name(name)
    display_name = clean_display_name(name)
    # Django keeps an upload above FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file: it is read
    # from there a block at a time, and never copied whole into memory.
    handle = uploaded.file if getattr(uploaded, "file", None) is not None else uploaded
    try:
        sha256, size = _fingerprint(handle, max_size)
        if not size:
            raise ValidationError(_("The file is empty."), code="empty")
        if size > max_size:  # the declared size was wrong
            raise _too_large(size, max_size)
        handle.seek(0)
        head = handle.read(HEAD_SIZE)
        kind = sniff_kind(head[:8], handle)
        if kind is None or kind not in accepted_types:
            raise _refuse_type(head, kind, accepted_types)
        check_extensions(display_name, kind)
        _check_not_polyglot(kind, head, handle, size)
        if kind == "pdf":
            _check_pdf(handle, size)
        elif kind == "png":
            _check_png(handle, size)
        elif kind == "jpeg":
            _check_jpeg(handle, size)
        else:
            _check_zip_content(handle)
    finally:
        handle.seek(0)
    return CheckedFile(kind=kind, size=size, sha256=sha256, display_name=display_name)
