"""File names are NFKC-normalised before every check, and no full-width or invisible character of
a carrier's file name reaches the download's Content-Disposition header."""

from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ami_portal.files import attachment_disposition
from applications.demo_stages import tiny_pdf
from applications.filecheck import check_upload
from applications.models import Attachment
from tests.applications.carrier_support import carrier_with_draft

FULL_WIDTH = "ｓｔａｔｕｔｓ．ｐｄｆ"


def test_a_full_width_name_is_shown_and_kept_in_ascii():
    checked = check_upload(SimpleUploadedFile(FULL_WIDTH, tiny_pdf("Statuts")), accepted_types=["pdf"], max_size=10**6)
    assert checked.display_name == "statuts.pdf"


@pytest.mark.parametrize(
    "name, expected",
    [
        (FULL_WIDTH, "statuts.pdf"),
        ("ﬁche\u202eexe.pdf", "fiche" + "exe.pdf"),  # ligature expanded, override dropped
        ("relevé\u2066 ２０２４\u2069.pdf", "relevé 2024.pdf"),
    ],
)
def test_the_download_header_never_carries_full_width_or_invisible_characters(name, expected):
    header = attachment_disposition(name)
    ascii_part, _, encoded = header.partition("; filename*=utf-8''")
    assert header.isascii()
    assert unquote(encoded) == expected
    assert not any(0xFF00 <= ord(ch) <= 0xFFEF for ch in unquote(encoded))


@pytest.mark.django_db
def test_an_old_full_width_name_is_downloaded_under_its_ascii_form(client, ami_call):
    """A name stored before normalisation (or by another path) still leaves in ASCII form."""
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    document = ami_call.required_documents.get(position=1)
    url = reverse("applications:upload", kwargs={"public_id": application.public_id, "document_id": document.pk})
    client.post(url, {f"doc{document.pk}-file": SimpleUploadedFile("statuts.pdf", tiny_pdf("Statuts"))})
    attachment = Attachment.objects.get(application=application)
    Attachment.objects.filter(pk=attachment.pk).update(original_name=FULL_WIDTH)

    response = client.get(
        reverse(
            "applications:attachment_download",
            kwargs={"public_id": application.public_id, "attachment_id": attachment.public_id},
        )
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="statuts.pdf"' in disposition and "filename*=utf-8''statuts.pdf" in disposition
