"""Memory of the upload check: the peak Python allocates while ``check_upload`` inspects a file,
against the file's size, measured with ``tracemalloc`` in one process.

    python benchmarks/upload_memory.py [--sizes 1 5 10]

Each file is a valid PDF of the given size in MB (the rush's: a page and an uncompressed filler
stream, ``benchmarks.rush.make_pdf``), plus a PNG and a DOCX of 5 MB, handed to the check as Django
hands it an upload above ``FILE_UPLOAD_MAX_MEMORY_SIZE``: a ``TemporaryUploadedFile`` on disk.
The same files are then checked by the former ``check_upload`` (read from git: the whole file
into memory, then copies) for comparison. No timing: memory only, which does not depend on the
machine's load. Each check runs once before it is measured (imports, pypdf's first use).
"""

import argparse
import functools
import hashlib
import io
import os
import subprocess
import sys
import tracemalloc
import types
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami_portal.settings")
os.environ.setdefault("AMI_ALLOW_DEV_SECRET", "1")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import TemporaryUploadedFile  # noqa: E402

from applications.filecheck import check_upload  # noqa: E402
from benchmarks.rush import make_pdf  # noqa: E402

BEFORE = "ca2b767"  # the last commit with the former filecheck.py
MB = 1_000_000
MIB = 1024 * 1024


def make_png(size: int) -> bytes:
    """A valid grey PNG of about ``size`` bytes (stored, not compressed: zlib level 0)."""
    width = 1024
    height = max(1, size // (width + 1))
    raw = b"".join(b"\x00" + bytes([row % 256]) * width for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b"")


def make_docx(size: int) -> bytes:
    """A minimal DOCX carrying an uncompressible picture of about ``size`` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Budget</w:t></w:r></w:p></w:body></w:document>",
        )
        archive.writestr("word/media/image1.bin", os.urandom(size), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def as_upload(data: bytes, name: str, content_type: str) -> TemporaryUploadedFile:
    upload = TemporaryUploadedFile(name, content_type, len(data), None)
    upload.write(data)
    upload.seek(0)
    return upload


def peak_of(function) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def former_check_upload():
    """``check_upload`` as it was before streaming (commit ca2b767), loaded from git, to measure
    both in the same process on the same files."""
    source = subprocess.run(
        ["git", "show", f"{BEFORE}:applications/filecheck.py"], cwd=ROOT, capture_output=True, check=True, text=True
    ).stdout
    module = types.ModuleType("filecheck_before")
    exec(compile(source, "filecheck_before.py", "exec"), module.__dict__)  # noqa: S102 - our own file, from git
    return module.check_upload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10], help="PDF sizes in MB")
    arguments = parser.parse_args()
    files = [(f"PDF {size:g} MB", make_pdf(int(size * MB), "dossier"), "pdf") for size in arguments.sizes]
    files.append(("PNG 5 MB", make_png(5 * MB), "png"))
    files.append(("DOCX 5 MB", make_docx(5 * MB), "docx"))
    names = {"pdf": "piece.pdf", "png": "photo.png", "docx": "budget.docx"}
    checks = {"now": check_upload, "before": former_check_upload()}
    for check in checks.values():  # warm up: imports and first uses are not the upload's cost
        check(as_upload(make_pdf(2000, "x"), "a.pdf", ""), accepted_types=["pdf"], max_size=MB)
    print("| file | size | peak now | now / size | peak before | before / size |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, data, kind in files:
        peaks = {}
        for name, check in checks.items():
            upload = as_upload(data, names[kind], "application/octet-stream")
            checked = []
            run = functools.partial(check, upload, accepted_types=[kind], max_size=len(data) + 1)
            peaks[name] = peak_of(lambda run=run, checked=checked: checked.append(run()))
            assert checked[0].sha256 == hashlib.sha256(data).hexdigest() and checked[0].kind == kind
            upload.close()
        print(
            f"| {label} | {len(data) / MIB:.1f} MiB | {peaks['now'] / MIB:.2f} MiB | {peaks['now'] / len(data):.2f} "
            f"| {peaks['before'] / MIB:.1f} MiB | {peaks['before'] / len(data):.2f} |"
        )


if __name__ == "__main__":
    main()
