"""The refusals of active content: one code per class, a French message naming what was found."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DOCUMENT_LABELS = {
    "docx": lambda: _("This Word document"),
    "xlsx": lambda: _("This Excel workbook"),
    "pptx": lambda: _("This PowerPoint presentation"),
    "odt": lambda: _("This OpenDocument text"),
    "ods": lambda: _("This OpenDocument spreadsheet"),
}


def office_refusal(code: str, kind: str | None, what: str = "") -> ValidationError:
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


def pdf_refusal(code: str, action: str = "") -> ValidationError:
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


def too_complex() -> ValidationError:
    return ValidationError(
        _(
            "This document is too complex to be checked. Save it again (or print it to a new PDF), "
            "then upload the new copy."
        ),
        code="too_complex",
    )


def damaged() -> ValidationError:
    return ValidationError(_("This file is damaged: it cannot be opened."), code="damaged")
