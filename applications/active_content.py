"""Active content in Office documents and PDFs, found by parsing their structure.

Every function here reads a document the way the program that opens it does — OOXML parts and
relationships, OpenDocument manifests and XML, PDF objects with their names decoded — and raises a
``ValidationError`` whose French message names what was found, with one code per class. Nothing is
searched as bytes: ``TargetMode='External'``, ``TargetMode="External"`` and ``/L#61unch`` are the
same thing to Word, LibreOffice and Acrobat, so they are the same thing here.

Active content is **refused**, not removed: rewriting a carrier's document would change what they
signed. The limits (size, depth, element and object counts) bound the work done on a hostile
file; a document beyond them is refused as too complex rather than judged in part.

Decisions:
- OOXML relationships pointing outside the package are accepted only for hyperlinks (followed
  when a person clicks them) and for a template named by its path on the author's own disk (what
  Word writes for documents based on an office's template; nothing is fetched). Every other
  external relationship (a template on a server, an OLE link, a frame, a sub-document, a linked
  workbook or image…) is fetched by Office when the file opens, which leaks the reader's address
  and, on a ``\\\\server`` path, their Windows credentials — and a template can bring macros.
- OpenDocument links: ``text:a`` and ``draw:a`` hyperlinks may point anywhere; an object must be
  inside the package, a linked sheet or section is refused as an external link, and anything else
  (an image, a template…) is refused when it is on another machine. Links to scripts
  (``vnd.sun.star.script:``, ``macro:``) are refused everywhere, hyperlinks included, since
  clicking them runs a macro.
- PDF link annotations, bookmarks and form buttons may open a web address (``/URI``) when a
  person clicks them: statutes and reports legitimately link to a law or a web site. A ``/URI``
  action fired by the document itself — from ``/OpenAction`` or from an ``/AA`` trigger (page
  opened or closed, mouse entering a zone, field focused…) — is refused: the reader did not choose
  to go there. Every other action that runs code, opens a program or another file, sends or imports
  data or plays media is refused wherever it is, as are embedded files and XFA forms.
- ``/Hide`` (show or hide an annotation), ``/Named`` (next page, print…), ``/GoTo``,
  ``/ResetForm``, ``/SetOCGState`` and ``/Trans`` stay inside the document and are accepted.
"""

import functools
import io
import itertools
import posixpath
import re
import zipfile
from urllib.parse import unquote
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_XML_BYTES = 100 * 1024 * 1024  # all the XML parts of one document, decompressed
MAX_XML_ELEMENTS = 2_000_000  # a workbook of about 600,000 cells; a few seconds of parsing
MAX_XML_DEPTH = 1000
MAX_PACKAGE_ENTRIES = 1000  # in a document embedded in the upload
MAX_PACKAGE_NESTING = 2  # a workbook in a document in the upload, no deeper
MAX_PDF_OBJECTS = 500_000
MAX_PDF_NODES = 5_000_000  # dictionaries and arrays visited, nested ones included
MAX_PDF_DEPTH = 100  # nesting of direct dictionaries and arrays inside one object

XLINK = "http://www.w3.org/1999/xlink"
ODF_NS = "urn:oasis:names:tc:opendocument:xmlns:"
SPREADSHEETML = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
}
_SEP = "\x1f"  # between namespace and local name in the parser's names (never in either)

# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------
_DOCUMENT_LABELS = {
    "docx": lambda: _("This Word document"),
    "xlsx": lambda: _("This Excel workbook"),
    "pptx": lambda: _("This PowerPoint presentation"),
    "odt": lambda: _("This OpenDocument text"),
    "ods": lambda: _("This OpenDocument spreadsheet"),
}


def _office_refusal(code: str, kind: str | None, what: str = "") -> ValidationError:
    document = _DOCUMENT_LABELS.get(kind or "", lambda: _("This document"))()
    messages = {
        "macros": _(
            "%(document)s contains macros: it cannot be uploaded. Save a copy without macros "
            "(as .docx, .xlsx, .odt or .ods), then upload that copy."
        ),
        "office_scripts": _(
            "%(document)s runs scripts or macros on events (opening, a click…): it cannot be uploaded. "
            "Export it to PDF, then upload the PDF."
        ),
        "office_activex": _(
            "%(document)s contains ActiveX controls: it cannot be uploaded. Remove them, or export the "
            "document to PDF, then upload the new file."
        ),
        "office_ole": _(
            "%(document)s contains an embedded or linked object (OLE) that can run a program: it cannot be "
            "uploaded. Remove the object, or export the document to PDF, then upload the new file."
        ),
        "office_remote_template": _(
            "%(document)s uses a remote template, fetched from another server when it opens: it cannot be "
            "uploaded. Save a copy detached from its template (or export it to PDF), then upload that copy."
        ),
        "office_external_link": _(
            "%(document)s is linked to other files whose data it fetches when it opens (external links): "
            "it cannot be uploaded. Break the links (paste the values), then upload the new copy."
        ),
        "office_external_content": _(
            "%(document)s fetches content from another server or computer when it opens (%(what)s): it "
            "cannot be uploaded. Include that content in the document (or export it to PDF), then upload "
            "the new file."
        ),
        "office_imported_document": _(
            "%(document)s contains a document in another format (RTF or HTML) that Word converts when it "
            "opens, with whatever it holds: it cannot be uploaded. Paste that content into the document, "
            "then upload the new copy."
        ),
        "office_dde": _(
            "%(document)s contains DDE fields or links, which can launch programs: it cannot be uploaded. "
            "Remove them (or export the document to PDF), then upload the new file."
        ),
    }
    return ValidationError(messages[code] % {"document": document, "what": what}, code=code)


def _pdf_refusal(code: str, action: str = "") -> ValidationError:
    messages = {
        "pdf_javascript": _("This PDF contains scripts (JavaScript): it cannot be uploaded."),
        "pdf_launch": _("This PDF contains an action that opens a program (Launch): it cannot be uploaded."),
        "pdf_uri_action": _(
            "This PDF opens a web address by itself, when it opens or when the mouse passes over it (URI): "
            "it cannot be uploaded."
        ),
        "pdf_remote_file": _(
            "This PDF contains an action that opens another file (%(action)s): it cannot be uploaded."
        ),
        "pdf_submit_form": _(
            "This PDF contains a form that sends its data over the internet (SubmitForm): it cannot be uploaded."
        ),
        "pdf_import_data": _(
            "This PDF contains an action that imports data from another file (ImportData): it cannot be uploaded."
        ),
        "pdf_multimedia": _("This PDF contains active multimedia content (%(action)s): it cannot be uploaded."),
        "pdf_embedded_file": _("This PDF contains embedded files (attachments): it cannot be uploaded."),
        "pdf_xfa": _("This PDF contains a dynamic XFA form: it cannot be uploaded."),
    }
    advice = _("Print the document to a new PDF, then upload that one.")
    return ValidationError(f"{messages[code] % {'action': action}} {advice}", code=code)


def _too_complex() -> ValidationError:
    return ValidationError(
        _(
            "This document is too complex to be checked. Save it again (or print it to a new PDF), "
            "then upload the new copy."
        ),
        code="too_complex",
    )


def _damaged() -> ValidationError:
    return ValidationError(_("This file is damaged: it cannot be opened."), code="damaged")


# --------------------------------------------------------------------------------------------
# XML, without DTDs or entities
# --------------------------------------------------------------------------------------------
class _NoDeclarations(Exception):
    pass


def _refuse_declaration(*_args) -> None:
    raise _NoDeclarations


def _refuse_internal_subset(_name, _system_id, _public_id, has_internal_subset) -> None:
    # A bare <!DOCTYPE … "Manifest.dtd"> (old OpenOffice manifests) declares nothing and is never
    # fetched; declarations inside [ … ] are what entity attacks need.
    if has_internal_subset:
        raise _NoDeclarations


class _XmlBudget:
    def __init__(self) -> None:
        self.bytes = MAX_XML_BYTES
        self.elements = MAX_XML_ELEMENTS


def _safe_parser():
    """An expat parser that reports names as ``namespace + _SEP + local`` and refuses DTD
    declarations (an internal subset, any entity declaration) and external entities: no Office
    format uses them, and refusing them rules out entity expansion (« billion laughs ») and
    external fetches. No external DTD is ever read."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_internal_subset
    parser.EntityDeclHandler = _refuse_declaration
    parser.UnparsedEntityDeclHandler = _refuse_declaration
    parser.ExternalEntityRefHandler = _refuse_declaration
    return parser


def _feed(parser, entry, budget: _XmlBudget) -> None:
    try:
        while chunk := entry.read(256 * 1024):
            budget.bytes -= len(chunk)
            if budget.bytes < 0:
                raise _too_complex()
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, _NoDeclarations):
        raise _damaged() from None


def _local_attributes(attributes: dict[str, str]) -> dict[str, str]:
    """Attributes by local name (Office formats never put one local name twice on an element)."""
    return {key[key.rfind(_SEP) + 1 :]: value for key, value in attributes.items()}


# --------------------------------------------------------------------------------------------
# Office documents
# --------------------------------------------------------------------------------------------
_MACRO_REL_TYPES = {"vbaproject", "wordvbadata", "xlmacrosheet", "xlintlmacrosheet", "keymapcustomizations"}
_ACTIVEX_REL_TYPES = {"activexcontrol", "activexcontrolbinary", "control"}
_EXTERNAL_LINK_REL_TYPES = {"externallink", "externallinkpath", "xlexternallinkpath", "xlexternallinkpathmissing"}
_MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".xlsb", ".pptm", ".potm", ".ppsm", ".ppam")
_SCRIPT_SCHEMES = ("vnd.sun.star.script:", "macro:", "javascript:", "vbscript:")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_ODF_HYPERLINKS = {("text", "a"), ("draw", "a")}
_ODF_LINKED_SOURCES = {("table", "table-source"), ("text", "section-source")}
_ODF_CODE_OBJECTS = {("draw", "object-ole"), ("draw", "applet"), ("draw", "plugin")}
# What ``office:scripts`` and ``office:event-listeners`` hold when a document runs code (LibreOffice
# writes an empty ``<office:scripts/>`` in ordinary documents).
_ODF_SCRIPT_ELEMENTS = {("office", "script"), ("script", "event-listener"), ("presentation", "event-listener")}
# Spreadsheet elements whose text is a formula: cells, defined names, validations, conditional formats.
_FORMULA_ELEMENTS = {"f", "definedName", "formula", "formula1", "formula2"}
_WATCHED = {"Default", "Override", "Relationship", "fldSimple", "fldChar", "ddeLink", "file-entry", "instrText"}
_WATCHED |= _FORMULA_ELEMENTS
# What Word converts when it meets an altChunk (w:altChunk): RTF and HTML bring their own fields,
# objects and remote resources with them.
_IMPORTED_FORMATS = (".rtf", ".mht", ".mhtml", ".htm", ".html", ".xhtml")
_XLINK_HREF = XLINK + _SEP + "href"
_TABLE_FORMULA = ODF_NS + "table:1.0" + _SEP + "formula"
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _points_off_the_package(target: str) -> bool:
    """A URL with a scheme (``https:``, ``file:``, a drive ``C:``) or a network path (``\\\\host``)."""
    target = target.strip()
    return bool(_URL_SCHEME.match(target)) or target.startswith(("\\\\", "//", "\\"))


def _is_on_another_machine(target: str) -> bool:
    """Whether opening ``target`` reaches the network: a web or other URL, a ``\\\\host`` share, a
    ``file://host/`` URL (percent-escapes decoded first, as Windows does). Local paths
    (``file:///C:/…``, ``C:\\…``) and relative ones stay on the reader's machine."""
    target = unquote(target).strip().replace("\\", "/")
    if target.startswith("//"):
        return True
    scheme = _URL_SCHEME.match(target)
    if scheme is None or len(scheme.group()) == 2:  # relative, or a drive letter
        return False
    if scheme.group().lower() != "file:":
        return True
    rest = target[len("file:") :]
    if rest.startswith("///"):
        return rest[3:].startswith("/")  # file:////host/share
    if rest.startswith("//"):
        return rest[2:].split("/", 1)[0].lower() not in {"", "localhost"}
    return False


def _is_script_link(target: str) -> bool:
    return target.strip().lower().startswith(_SCRIPT_SCHEMES)


def _odf_prefix(ns: str) -> str:
    """The usual prefix of an OpenDocument namespace (``…:xmlns:drawing:1.0`` → ``draw``), else ``""``."""
    if not ns.startswith(ODF_NS):
        return ""
    name = ns[len(ODF_NS) :].split(":", 1)[0]
    return {"drawing": "draw", "datastyle": "number"}.get(name, name)


def _without_string_literals(formula: str) -> str:
    return re.sub(r'"(?:[^"]|"")*"', '""', re.sub(r"'(?:[^']|'')*'", "''", formula))


def _is_dde_instruction(instruction: str) -> bool:
    return instruction.strip().lstrip("\"'").upper().startswith("DDE")


def _infer_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    if "mimetype" in names:
        with archive.open("mimetype") as entry:
            return _ODF_TYPES.get(entry.read(100).strip().decode("ascii", "replace"))
    for folder, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(name.startswith(folder) for name in names):
            return kind
    return None


class _OfficeScan:
    """The rules for one document: the same for OOXML and OpenDocument, so that a document mixing
    both families' parts is judged by all of them."""

    def __init__(self, kind: str | None) -> None:
        self.kind = kind
        self.content_types: dict[str, str] = {}  # lower-case extension or /part name → content type
        self.fields: list[list[str]] = []  # Word complex fields being read (nested)

    def refuse(self, code: str, what: str = "") -> ValidationError:
        return _office_refusal(code, self.kind, what)

    # The part names -------------------------------------------------------------------------
    def check_name(self, name: str) -> None:
        segments = [segment for segment in name.lower().replace("\\", "/").split("/") if segment not in {"", "."}]
        if not segments:
            return
        basename = segments[-1]
        if segments[0] in {"basic", "scripts"} or basename in {"vbaproject.bin", "vbadata.xml"}:
            raise self.refuse("macros")
        if "macrosheets" in segments or "intlmacrosheets" in segments or basename.endswith(_MACRO_EXTENSIONS):
            raise self.refuse("macros")
        if "activex" in segments:
            raise self.refuse("office_activex")
        if basename.startswith("oleobject") or ("embeddings" in segments and basename.endswith(".bin")):
            raise self.refuse("office_ole")

    def check_content_type(self, content_type: str) -> None:
        lowered = content_type.lower()
        if "vbaproject" in lowered or "macroenabled" in lowered or "macrosheet" in lowered:
            raise self.refuse("macros")
        if "activex" in lowered:
            raise self.refuse("office_activex")
        if "oleobject" in lowered or "sun.star.oleobject" in lowered:
            raise self.refuse("office_ole")
        if "externallink" in lowered:
            raise self.refuse("office_external_link")

    def is_xml(self, name: str) -> bool:
        """Parts that Office reads as XML markup. Legacy VML drawings are left out (Excel's are not
        always well-formed, and they carry no rule: their controls and objects go through
        relationships), and so are SVG images (Office draws them, never runs them)."""
        lowered = name.lower()
        if lowered.endswith((".xml", ".rels")):
            return True
        declared = self.content_types.get("/" + lowered) or self.content_types.get(lowered.rpartition(".")[2], "")
        declared = declared.lower()
        return declared.endswith("xml") and not declared.startswith("image/")

    # XML elements ---------------------------------------------------------------------------
    def on_watched(self, ns: str, local: str, attributes: dict[str, str]) -> None:
        attrs = _local_attributes(attributes)
        if local == "Default" and "ContentType" in attrs:
            self.content_types[attrs.get("Extension", "").lower()] = attrs["ContentType"]
            self.check_content_type(attrs["ContentType"])
        elif local == "Override" and "ContentType" in attrs:
            self.content_types[attrs.get("PartName", "").lower()] = attrs["ContentType"]
            self.check_content_type(attrs["ContentType"])
        elif local == "Relationship" and "Type" in attrs:
            self.check_relationship(attrs)
        elif local == "fldSimple" and _is_dde_instruction(attrs.get("instr", "")):
            raise self.refuse("office_dde")
        elif local == "fldChar":
            kind = attrs.get("fldCharType", "")
            if kind == "begin":
                self.fields.append([])
            elif kind in {"separate", "end"} and self.fields:
                if _is_dde_instruction("".join(self.fields[-1])):
                    raise self.refuse("office_dde")
                if kind == "end":
                    self.fields.pop()
        elif local == "ddeLink":
            raise self.refuse("office_dde")
        elif local == "file-entry":  # META-INF/manifest.xml
            self.check_manifest_entry(attrs)

    def check_relationship(self, attrs: dict[str, str]) -> None:
        rel_type = attrs["Type"].strip().rstrip("/").rpartition("/")[2].lower()
        target = attrs.get("Target", "")
        external = attrs.get("TargetMode", "").strip().lower() == "external" or _points_off_the_package(target)
        if rel_type in _MACRO_REL_TYPES:
            raise self.refuse("macros")
        if rel_type in _ACTIVEX_REL_TYPES:
            raise self.refuse("office_activex")
        if rel_type == "oleobject":
            raise self.refuse("office_ole")
        if rel_type in _EXTERNAL_LINK_REL_TYPES:
            raise self.refuse("office_external_link")
        if rel_type == "afchunk" and target.strip().lower().endswith(_IMPORTED_FORMATS):
            raise self.refuse("office_imported_document")
        if not external or rel_type == "hyperlink":
            return
        if rel_type == "attachedtemplate":
            # Documents written from an office's own template name it by its path on the author's
            # disk (file:///C:/…/Modèle.dotm): Word looks for it locally and nothing leaves the
            # machine. A template on a server is fetched, and can bring macros with it.
            if _is_on_another_machine(target):
                raise self.refuse("office_remote_template")
            return
        raise self.refuse("office_external_content", attrs["Type"].strip().rstrip("/").rpartition("/")[2])

    def check_manifest_entry(self, attrs: dict[str, str]) -> None:
        path = posixpath.normpath("/" + attrs.get("full-path", "").replace("\\", "/")).lstrip("/")
        if path.lower().split("/", 1)[0] in {"basic", "scripts"}:
            raise self.refuse("macros")
        media_type = attrs.get("media-type", "").lower()
        if "basic" in media_type or "script" in media_type:
            raise self.refuse("macros")
        if "oleobject" in media_type:
            raise self.refuse("office_ole")

    def check_odf_element(self, ns: str, local: str, attributes: dict[str, str]) -> None:
        prefix = _odf_prefix(ns)
        element = (prefix, local)
        if element in _ODF_SCRIPT_ELEMENTS:
            raise self.refuse("office_scripts")
        if local.startswith("dde-"):
            raise self.refuse("office_dde")
        formula = attributes.get(_TABLE_FORMULA)
        if formula and re.search(r"\bDDE\s*\(", _without_string_literals(formula), re.IGNORECASE):
            raise self.refuse("office_dde")
        if element in _ODF_CODE_OBJECTS:
            raise self.refuse("office_ole")
        href = attributes.get(_XLINK_HREF, "").strip()
        if not href:
            return
        if _is_script_link(href):
            raise self.refuse("office_scripts")
        if element in _ODF_HYPERLINKS:
            return
        if element == ("draw", "object"):
            path = (href[2:] if href.startswith("./") else href).replace("\\", "/")
            inside = not (
                _points_off_the_package(href) or path.startswith("/") or posixpath.normpath(path).startswith("..")
            )
            if not inside:
                raise self.refuse("office_ole")
        elif element == ("meta", "template"):
            if _is_on_another_machine(href):
                raise self.refuse("office_remote_template")
        elif element in _ODF_LINKED_SOURCES:
            if not href.startswith("#"):
                raise self.refuse("office_external_link")
        elif _is_on_another_machine(href):
            raise self.refuse("office_external_content", f"{prefix}:{local}")

    # Text inside elements: Word field instructions and spreadsheet formulas ------------------
    def judge_text(self, local: str, text: str) -> None:
        if local == "instrText":
            if _is_dde_instruction(text):
                raise self.refuse("office_dde")
            if self.fields:
                self.fields[-1].append(text)
        elif "|" in _without_string_literals(text):
            # « cmd|'/c calc'!A1 »: outside quotes, « | » only ever separates a DDE server from its topic.
            raise self.refuse("office_dde")

    def parse(self, entry, budget: _XmlBudget) -> None:
        """One XML part. Most elements of a large part (cells, runs) concern no rule: they cost a
        name lookup, so that a workbook of a million cells is read in seconds."""
        parser = _safe_parser()
        depth = 0
        remaining = budget.elements
        collected: list[str] = []
        self.fields = []

        def start(name, attributes):
            nonlocal depth, remaining
            depth += 1
            remaining -= 1
            if remaining < 0 or depth > MAX_XML_DEPTH:
                raise _too_complex()
            cut = name.rfind(_SEP)
            local = name[cut + 1 :]
            if local in _WATCHED:
                ns = name[: max(cut, 0)]
                if local == "instrText" or (local in _FORMULA_ELEMENTS and ns in SPREADSHEETML):
                    collected.clear()
                    parser.CharacterDataHandler = collected.append
                    parser.EndElementHandler = functools.partial(end_collecting, local, depth)
                else:
                    self.on_watched(ns, local, attributes)
            if name.startswith(ODF_NS):
                self.check_odf_element(name[:cut], local, attributes)
            elif _XLINK_HREF in attributes and _is_script_link(attributes[_XLINK_HREF]):
                raise self.refuse("office_scripts")

        def end(_name):
            nonlocal depth
            depth -= 1

        def end_collecting(local, at_depth, _name):
            nonlocal depth
            if depth == at_depth:
                parser.CharacterDataHandler = None
                parser.EndElementHandler = end
                self.judge_text(local, "".join(collected))
            depth -= 1

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        _feed(parser, entry, budget)
        budget.elements = remaining


def check_office_document(archive: zipfile.ZipFile, kind: str | None = None) -> None:
    """Refuse an OOXML or OpenDocument archive carrying macros, scripts, ActiveX, OLE objects,
    external relationships or links (remote templates included) or DDE — in the document itself
    or in a document embedded in it (the workbook behind a chart, a nested document).

    The archive's directory is trusted to have been checked already against bombs (sizes, ratio,
    entry count); the XML read here is budgeted again all the same, nested archives included.
    """
    try:
        _check_package(archive, kind, _XmlBudget(), depth=0)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - zipfile, zlib and expat errors on a corrupt archive
        raise _damaged() from None


def _check_package(archive: zipfile.ZipFile, kind: str | None, budget: _XmlBudget, *, depth: int) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PACKAGE_ENTRIES or sum(info.file_size for info in infos) > budget.bytes:
        raise _too_complex()
    scan = _OfficeScan(kind or _infer_kind(archive, {info.filename for info in infos}))
    for info in infos:
        scan.check_name(info.filename)
    # The content types first: they say which other parts are XML.
    ordered = sorted(infos, key=lambda info: info.filename != "[Content_Types].xml")
    for info in ordered:
        if info.is_dir() or info.file_size == 0:
            continue  # LibreOffice writes an empty Configurations2/accelerator/current.xml
        if scan.is_xml(info.filename):
            with archive.open(info) as entry:
                scan.parse(entry, budget)
            if info.filename.lower().startswith("xl/externallinks/"):
                raise scan.refuse("office_external_link")  # its parse found no DDE: a linked workbook
            continue
        with archive.open(info) as entry:
            is_package = entry.read(4) == b"PK\x03\x04"
        if is_package:  # an embedded workbook, document or presentation: judged like the upload
            if depth >= MAX_PACKAGE_NESTING:
                raise _too_complex()
            budget.bytes -= info.file_size
            if budget.bytes < 0:
                raise _too_complex()
            nested = zipfile.ZipFile(io.BytesIO(archive.read(info)))
            _check_package(nested, scan.kind, budget, depth=depth + 1)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------
# Action types (/S), compared after pypdf has decoded #xx escapes in names.
_PDF_ACTIONS = {
    "/JavaScript": ("pdf_javascript", ""),
    "/Launch": ("pdf_launch", ""),
    "/GoToR": ("pdf_remote_file", "GoToR"),
    "/GoToE": ("pdf_remote_file", "GoToE"),
    "/SubmitForm": ("pdf_submit_form", ""),
    "/ImportData": ("pdf_import_data", ""),
    "/RichMediaExecute": ("pdf_multimedia", "RichMedia"),
    "/Rendition": ("pdf_multimedia", "Rendition"),
    "/Sound": ("pdf_multimedia", "Sound"),
    "/Movie": ("pdf_multimedia", "Movie"),
}
_PDF_SUBTYPES = {
    "/FileAttachment": ("pdf_embedded_file", ""),
    "/RichMedia": ("pdf_multimedia", "RichMedia"),
    "/Sound": ("pdf_multimedia", "Sound"),
    "/Movie": ("pdf_multimedia", "Movie"),
}
# Keys whose mere presence is active content, wherever they are.
_PDF_KEYS = {
    "/JS": ("pdf_javascript", ""),
    "/JavaScript": ("pdf_javascript", ""),  # the document-level script name tree
    "/OnInstantiate": ("pdf_javascript", ""),  # scripts of 3D artwork
    "/EmbeddedFiles": ("pdf_embedded_file", ""),
    "/EF": ("pdf_embedded_file", ""),
    "/XFA": ("pdf_xfa", ""),
    "/RichMediaContent": ("pdf_multimedia", "RichMedia"),
}


class _PdfBudget:
    def __init__(self) -> None:
        self.nodes = MAX_PDF_NODES

    def spend(self) -> None:
        self.nodes -= 1
        if self.nodes < 0:
            raise _too_complex()


def _resolved(value):
    from pypdf.generic import IndirectObject

    return value.get_object() if isinstance(value, IndirectObject) else value


def _direct_dictionaries(root, budget: _PdfBudget):
    """Every dictionary written inside ``root`` (streams' dictionaries included), without following
    references: each indirect object is visited on its own."""
    from pypdf.generic import ArrayObject, DictionaryObject

    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        budget.spend()
        if depth > MAX_PDF_DEPTH:
            raise _too_complex()
        if isinstance(node, DictionaryObject):
            yield node
            children = dict.values(node)
        elif isinstance(node, ArrayObject):
            children = list.__iter__(node)
        else:
            continue
        stack.extend((child, depth + 1) for child in children if isinstance(child, DictionaryObject | ArrayObject))


def _judge_pdf_dictionary(node) -> None:
    for key in dict.keys(node):
        if key in _PDF_KEYS:
            raise _pdf_refusal(*_PDF_KEYS[key])
    action = _resolved(dict.get(node, "/S"))
    if isinstance(action, str) and action in _PDF_ACTIONS:
        raise _pdf_refusal(*_PDF_ACTIONS[action])
    subtype = _resolved(dict.get(node, "/Subtype"))
    if isinstance(subtype, str) and subtype in _PDF_SUBTYPES:
        raise _pdf_refusal(*_PDF_SUBTYPES[subtype])
    if _resolved(dict.get(node, "/Type")) == "/EmbeddedFile":
        raise _pdf_refusal("pdf_embedded_file")


def _indexed_objects(reader):
    """Every object the cross-reference tables (and streams) index, whether or not it is reachable
    from the catalog: a reader that rebuilds a damaged table could reach any of them."""
    from pypdf.generic import IndirectObject

    keys = {(number, generation) for generation, table in reader.xref.items() for number in table}
    keys |= {(number, 0) for number in reader.xref_objStm}
    if len(keys) > MAX_PDF_OBJECTS:
        raise _too_complex()
    for number, generation in sorted(keys):
        yield reader.get_object(IndirectObject(number, generation, reader))


def _unindexed_definitions(reader):
    """Object definitions written in the file that the cross-reference tables do not point to: an
    orphan, an older revision's object, a duplicate shadowed by another definition of the same
    number. A reader that rebuilds the table — Acrobat does at the least damage — may use them, so
    they are judged too. pypdf's own finder locates them (``N G obj`` headers); what does not parse
    as an object there (such text inside a stream) is skipped."""
    from pypdf.generic import read_object

    indexed = {offset for table in reader.xref.values() for offset in table.values()}
    stream = reader.stream
    stream.seek(0)
    data = stream.read()
    for count, (_number, _generation, offset) in enumerate(reader._find_pdf_objects(data)):
        if count >= MAX_PDF_OBJECTS:
            raise _too_complex()
        if offset in indexed:
            continue
        try:
            stream.seek(offset)
            reader.read_object_header(stream)
            found = read_object(stream, reader)
        except Exception:  # noqa: BLE001, S112 - not an object after all
            continue
        yield found


def _check_automatic_action(action, budget: _PdfBudget, seen: set[int]) -> None:
    """An action fired by the document itself (and the chain of its /Next actions): no /URI."""
    from pypdf.generic import ArrayObject, DictionaryObject

    pending = [action]
    while pending:
        budget.spend()
        node = _resolved(pending.pop())
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ArrayObject):
            pending.extend(node)
        elif isinstance(node, DictionaryObject):
            if _resolved(dict.get(node, "/S")) == "/URI":
                raise _pdf_refusal("pdf_uri_action")
            if "/Next" in node:
                pending.append(dict.get(node, "/Next"))


def check_pdf_reader(reader) -> None:
    """Refuse a PDF (an opened, decrypted ``pypdf.PdfReader``) with active content.

    Every object the file indexes is read — those in compressed object streams too — and so is
    every other object definition written in the file; every dictionary inside them is judged; names are compared as pypdf decodes them (``/J#61vaScript``
    is ``/JavaScript``). pypdf's own errors on a broken file propagate to the caller.
    """
    from pypdf.generic import ArrayObject, DictionaryObject

    budget = _PdfBudget()
    automatic = []
    for root in itertools.chain((reader.trailer,), _indexed_objects(reader), _unindexed_definitions(reader)):
        for node in _direct_dictionaries(root, budget):
            _judge_pdf_dictionary(node)
            if "/OpenAction" in node:
                opening = _resolved(dict.get(node, "/OpenAction"))
                if isinstance(opening, DictionaryObject):  # an array is a destination, not an action
                    automatic.append(opening)
            if "/AA" in node:
                triggers = _resolved(dict.get(node, "/AA"))
                if isinstance(triggers, DictionaryObject):
                    automatic.extend(dict.values(triggers))
                elif isinstance(triggers, ArrayObject):
                    automatic.extend(triggers)
    seen: set[int] = set()
    for action in automatic:
        _check_automatic_action(action, budget, seen)
