"""Office documents (OOXML and OpenDocument): content types, relationships, manifests and XML
parts parsed with expat (no DTD, no entities), embedded documents included. See the package's
docstring for the decisions."""

import functools
import io
import posixpath
import re
import zipfile
from urllib.parse import unquote
from xml.parsers import expat

from django.core.exceptions import ValidationError

from applications.active_content.refusals import damaged, office_refusal, too_complex

MAX_XML_BYTES = 100 * 1024 * 1024  # all the XML parts of one document, decompressed
MAX_XML_ELEMENTS = 2_000_000  # a workbook of about 600,000 cells; a few seconds of parsing
MAX_XML_DEPTH = 1000
MAX_PACKAGE_ENTRIES = 1000  # in a document embedded in the upload
MAX_PACKAGE_NESTING = 2  # a workbook in a document in the upload, no deeper

XLINK = "http://www.w3.org/1999/xlink"
ODF_NS = "urn:oasis:names:tc:opendocument:xmlns:"
SPREADSHEETML = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
}
_SEP = "\x1f"  # between namespace and local name in the parser's names (never in either)


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
                raise too_complex()
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, _NoDeclarations):
        raise damaged() from None


def _local_attributes(attributes: dict[str, str]) -> dict[str, str]:
    """Attributes by local name (Office formats never put one local name twice on an element)."""
    return {key[key.rfind(_SEP) + 1 :]: value for key, value in attributes.items()}


# --------------------------------------------------------------------------------------------
# The rules
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
    """``DDE`` and ``DDEAUTO`` fields, and ``QUOTE`` fields that spell them out in character codes
    (« QUOTE 68 68 69 65 85 84 79 », nested in a field whose own code starts empty)."""
    text = instruction.strip().lstrip("\"'").upper()
    if text.startswith("QUOTE"):
        codes = [int(code) for code in re.findall(r"\d{1,7}", text[len("QUOTE") :])]
        text = "".join(chr(code) for code in codes if code < 0x110000).strip().lstrip("\"'").upper()
    return text.startswith("DDE")


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
        return office_refusal(code, self.kind, what)

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
                raise too_complex()
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
        raise damaged() from None


def _check_package(archive: zipfile.ZipFile, kind: str | None, budget: _XmlBudget, *, depth: int) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PACKAGE_ENTRIES or sum(info.file_size for info in infos) > budget.bytes:
        raise too_complex()
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
                raise too_complex()
            budget.bytes -= info.file_size
            if budget.bytes < 0:
                raise too_complex()
            nested = zipfile.ZipFile(io.BytesIO(archive.read(info)))
            _check_package(nested, scan.kind, budget, depth=depth + 1)
