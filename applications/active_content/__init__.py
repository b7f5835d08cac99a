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

from applications.active_content.office import check_office_document
from applications.active_content.pdf import check_pdf_reader

__all__ = ["check_office_document", "check_pdf_reader"]
