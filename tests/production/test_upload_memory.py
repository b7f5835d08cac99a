"""The upload check reads a file where Django left it, a block at a time: it never holds the whole
file, let alone three copies of it (what the closing-day rush measured before: 3.0 × the file).

``tracemalloc`` counts what Python allocates during the check: deterministic, unlike timings. A
PDF's largest stream is still read whole by pypdf when it parses that object (here the filler is
one stream of nearly the whole file, the worst case): hence ~1 × for that PDF, against ~0.1 × for
an image or an office document. ``benchmarks/upload_memory.py`` prints the same figures.
"""

import hashlib
import io
import os
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile

from applications.filecheck import check_upload

MIB = 1024 * 1024
SLACK = int(1.5 * MIB)  # blocks, pypdf's objects, the ZIP directory


def big_pdf(size: int) -> bytes:
    """A valid one-page PDF of ``size`` bytes, nearly all of it an unused uncompressed stream."""
    filler = (b"% filler\n" * (size // 9 + 1))[: max(0, size - 700)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X1 4 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n" % len(filler)
        + filler
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def big_docx(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Budget</w:t></w:r></w:p></w:body></w:document>",
        )
        archive.writestr("word/media/image1.bin", os.urandom(size), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def on_disk(data: bytes, name: str) -> TemporaryUploadedFile:
    """As Django hands over an upload above FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file."""
    upload = TemporaryUploadedFile(name, "application/octet-stream", len(data), None)
    upload.write(data)
    upload.seek(0)
    return upload


def peak_while(function) -> int:
    function()  # once before: imports and first uses are not the upload's cost
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("name", "make", "kind", "bound"),
    [
        ("piece.pdf", big_pdf, "pdf", lambda size: 1.1 * size + SLACK),
        ("budget.docx", big_docx, "docx", lambda size: SLACK),
    ],
)
def test_a_10_mb_upload_is_checked_without_holding_copies_of_it(name, make, kind, bound):
    data = make(10 * 1000 * 1000)
    upload = on_disk(data, name)
    results = []

    peak = peak_while(lambda: results.append(check_upload(upload, accepted_types=[kind], max_size=len(data))))

    assert results[-1].kind == kind and results[-1].size == len(data)
    assert results[-1].sha256 == hashlib.sha256(data).hexdigest()
    assert peak < bound(len(data)), f"peak {peak / MIB:.1f} MiB for {len(data) / MIB:.1f} MiB"
    assert upload.tell() == 0  # ready to be stored
    upload.close()


def test_trailing_data_after_a_large_pdf_is_still_found():
    data = big_pdf(3 * 1000 * 1000) + b"<html><script>alert(1)</script></html>" + b"x" * 4000
    upload = on_disk(data, "piece.pdf")

    with pytest.raises(ValidationError) as refused:
        check_upload(upload, accepted_types=["pdf"], max_size=len(data))

    assert refused.value.code == "polyglot"
