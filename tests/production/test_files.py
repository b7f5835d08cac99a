"""The shared download helper on the local disk (the embedded profile)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ami_portal.files import attachment_disposition, serve_private_file


def test_local_file_is_streamed_as_an_attachment():
    name = default_storage.save("attachments/x/abc", ContentFile(b"%PDF-1.7 hello"))

    response = serve_private_file(name, download_name="Décision n° 3.pdf", content_type="application/pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 hello"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == "14"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Decision n 3.pdf\"; filename*=utf-8''D%C3%A9cision%20n%C2%B0%203.pdf"
    )


def test_unknown_type_is_never_rendered_by_the_browser():
    name = default_storage.save("attachments/x/html", ContentFile(b"<script>alert(1)</script>"))

    response = serve_private_file(name, download_name="page.html", content_type="")

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "ascii_part"),
    [
        ('rapport"; filename="evil.exe', 'filename="rapport__ filename=_evil.exe"'),
        ("../../etc/passwd", 'filename=".._.._etc_passwd"'),
        ("Отчёт.pdf", 'filename=".pdf"'),
        ("   ", 'filename="document"'),
        ("a\r\nSet-Cookie: x=1.pdf", 'filename="a Set-Cookie: x=1.pdf"'),
    ],
)
def test_download_names_cannot_break_the_header(name, ascii_part):
    header = attachment_disposition(name)

    assert header.startswith("attachment; " + ascii_part + "; filename*=utf-8''")
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2


def test_missing_file_raises_for_the_caller_to_answer_404():
    with pytest.raises(FileNotFoundError):
        serve_private_file("attachments/none/missing", download_name="x.pdf")
