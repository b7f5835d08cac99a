"""The file storage lost or full: uploads refused with a French message next to the field, the draft
kept whole, downloads a French 503 page — never the generic error page (the fault drill found 500s).

The bucket is a real S3 client (django-storages, boto) pointed at a loopback port where nothing
listens; the full disk is a storage whose writes fail with ENOSPC after writing half the file.
"""

import errno
import socket

import pytest
from botocore.config import Config
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from applications.models import Attachment
from tests.applications.carrier_support import carrier_with_draft, pdf_upload
from tests.production.test_s3_storage import make_attachment, s3_options

pytestmark = pytest.mark.django_db


def closed_endpoint() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def bucket_unreachable(settings):
    options = s3_options(closed_endpoint())
    options["client_config"] = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }


class FullDisk(FileSystemStorage):
    """Writes half of what it is given, then fails as a full disk does."""

    def _save(self, name, content):
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content.read(max(1, content.size // 2)))
        raise OSError(errno.ENOSPC, "No space left on device")


def upload(client, application, document, file):
    url = reverse("applications:upload", kwargs={"public_id": application.public_id, "document_id": document.pk})
    return client.post(url, {f"doc{document.pk}-file": file})


@pytest.fixture
def draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call, title="Ambassadrices du Val-de-Marne")
    client.force_login(carrier)
    return application


def test_an_upload_to_an_unreachable_bucket_is_refused_in_french_and_the_draft_is_kept(
    client, draft, ami_call, bucket_unreachable
):
    document = ami_call.required_documents.get(position=1)
    response = upload(client, draft, document, pdf_upload("statuts.pdf"))
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "le stockage des fichiers est momentanément indisponible" in page
    assert not Attachment.objects.filter(application=draft).exists()
    draft.refresh_from_db()
    assert draft.title == "Ambassadrices du Val-de-Marne"


def test_a_full_disk_refuses_the_upload_and_leaves_no_partial_file(client, draft, ami_call, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": tmp_path / "full"}},
    }
    document = ami_call.required_documents.get(position=1)
    response = upload(client, draft, document, pdf_upload("statuts.pdf"))
    assert "le stockage des fichiers est momentanément indisponible" in response.content.decode().replace("&#x27;", "'")
    assert not Attachment.objects.filter(application=draft).exists()
    assert [p for p in (tmp_path / "full").rglob("*") if p.is_file()] == []


def test_a_download_from_an_unreachable_bucket_is_a_french_503(client, settings):
    from tests.factories import CarrierFactory

    attachment = make_attachment()  # stored on the local disk first
    owner = CarrierFactory(organisation=attachment.application.organisation)
    options = s3_options(closed_endpoint())
    options["client_config"] = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    attachment = Attachment.objects.get(pk=attachment.pk)  # its file now names the bucket's object
    client.force_login(owner)
    response = client.get(
        reverse(
            "applications:attachment_download",
            kwargs={"public_id": attachment.application.public_id, "attachment_id": attachment.public_id},
        )
    )
    assert response.status_code == 503
    assert "Stockage des fichiers momentanément indisponible" in response.content.decode()
    assert response["Retry-After"] == "120"
