"""PDF: every object the file holds, read by pypdf with names decoded. See the package's docstring
for the decisions."""

import itertools
import mmap

from applications.active_content.refusals import pdf_refusal, too_complex

MAX_PDF_OBJECTS = 500_000
MAX_PDF_NODES = 5_000_000  # dictionaries and arrays visited, nested ones included
MAX_PDF_DEPTH = 100  # nesting of direct dictionaries and arrays inside one object

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
            raise too_complex()


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
            raise too_complex()
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
            raise pdf_refusal(*_PDF_KEYS[key])
    action = _resolved(dict.get(node, "/S"))
    if isinstance(action, str) and action in _PDF_ACTIONS:
        raise pdf_refusal(*_PDF_ACTIONS[action])
    subtype = _resolved(dict.get(node, "/Subtype"))
    if isinstance(subtype, str) and subtype in _PDF_SUBTYPES:
        raise pdf_refusal(*_PDF_SUBTYPES[subtype])
    if _resolved(dict.get(node, "/Type")) == "/EmbeddedFile":
        raise pdf_refusal("pdf_embedded_file")


def _indexed_objects(reader):
    """Every object the cross-reference tables (and streams) index, whether or not it is reachable
    from the catalog: a reader that rebuilds a damaged table could reach any of them."""
    from pypdf.generic import IndirectObject

    keys = {(number, generation) for generation, table in reader.xref.items() for number in table}
    keys |= {(number, 0) for number in reader.xref_objStm}
    if len(keys) > MAX_PDF_OBJECTS:
        raise too_complex()
    for number, generation in sorted(keys):
        yield reader.get_object(IndirectObject(number, generation, reader))


def _whole_file(stream):
    """The file's bytes to search: mapped from the disk when the upload is a temporary file (no
    copy in memory; pypdf's finder only needs ``find`` and indexing), read otherwise."""
    try:
        return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        stream.seek(0)
        return stream.read()


def _unindexed_definitions(reader):
    """Object definitions written in the file that the cross-reference tables do not point to: an
    orphan, an older revision's object, a duplicate shadowed by another definition of the same
    number. A reader that rebuilds the table — Acrobat does at the least damage — may use them, so
    they are judged too. pypdf's own finder locates them (``N G obj`` headers); what does not parse
    as an object there (such text inside a stream) is skipped."""
    from pypdf.generic import read_object

    indexed = {offset for table in reader.xref.values() for offset in table.values()}
    stream = reader.stream
    data = _whole_file(stream)
    for count, (_number, _generation, offset) in enumerate(reader._find_pdf_objects(data)):
        if count >= MAX_PDF_OBJECTS:
            raise too_complex()
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
                raise pdf_refusal("pdf_uri_action")
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
