"""Every upload is scanned by a real ClamAV daemon before it is stored.

The daemon runs with a signature database the tests write (tests/clamav_support.py); the
infected file is a valid PDF that passes every structural check, so only the antivirus stops it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from tests.applications.carrier_support import carrier_with_draft, pdf_upload, step_url
from tests.clamav_support import SIGNATURE, infected_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def scanning(settings, clamd_socket):
    settings.AMI_CLAMAV_SOCKET = clamd_socket
    settings.AMI_ANTIVIRUS_FAIL_OPEN = False
    return settings


@pytest.fixture
def draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call, title="Ambassadrices en Seine-Saint-Denis")
    client.force_login(carrier)
    return application


def upload(client, application, document, file):
    url = reverse("applications:upload", kwargs={"public_id": application.public_id, "document_id": document.pk})
    return client.post(url, {f"doc{document.pk}-file": file})


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_clean_file_is_scanned_and_stored(client, draft, ami_call, scanning):
    document = ami_call.required_documents.get(position=1)
    assert upload(client, draft, document, pdf_upload("statuts.pdf")).status_code == 302
    assert Attachment.objects.filter(application=draft).count() == 1


def test_an_infected_pdf_is_refused_by_name_and_nothing_is_stored(client, draft, ami_call, scanning):
    document = ami_call.required_documents.get(position=1)
    response = upload(client, draft, document, SimpleUploadedFile("statuts.pdf", infected_pdf()))
    html = page(response)
    assert response.status_code == 200
    assert "L'antivirus a trouvé un contenu malveillant dans ce fichier" in html
    assert SIGNATURE in html
    assert not Attachment.objects.filter(application=draft).exists()
    assert stored_files(scanning) == []


def test_an_infected_file_replacing_a_good_one_leaves_the_good_one(client, draft, ami_call, scanning):
    document = ami_call.required_documents.get(position=1)
    upload(client, draft, document, pdf_upload("bon.pdf"))
    upload(client, draft, document, SimpleUploadedFile("mauvais.pdf", infected_pdf()))
    (current,) = Attachment.objects.filter(application=draft, superseded_at__isnull=True)
    assert current.original_name == "bon.pdf"
    assert Attachment.objects.filter(application=draft).count() == 1


def test_without_the_daemon_the_upload_is_refused_and_the_draft_keeps_everything(
    client, draft, ami_call, settings, tmp_path
):
    document = ami_call.required_documents.get(position=1)
    settings.AMI_CLAMAV_SOCKET = str(tmp_path / "no-daemon-here.sock")
    response = upload(client, draft, document, pdf_upload("statuts.pdf"))
    html = page(response)
    assert response.status_code == 200
    assert "Réessayez dans quelques minutes" in html
    assert not Attachment.objects.filter(application=draft).exists()
    draft.refresh_from_db()
    assert draft.title == "Ambassadrices en Seine-Saint-Denis"  # what was typed is still there
    assert client.get(step_url(draft, "documents")).status_code == 200


def test_fail_open_is_a_choice_that_stores_the_file(client, draft, ami_call, settings, tmp_path):
    document = ami_call.required_documents.get(position=1)
    settings.AMI_CLAMAV_SOCKET = str(tmp_path / "no-daemon-here.sock")
    settings.AMI_ANTIVIRUS_FAIL_OPEN = True
    assert upload(client, draft, document, pdf_upload("statuts.pdf")).status_code == 302
    assert Attachment.objects.filter(application=draft).count() == 1


def test_health_reports_the_antivirus(client, scanning, settings, tmp_path):
    answer = client.get("/health/")
    assert answer.status_code == 200
    assert answer.json()["checks"]["antivirus"] == {
        **answer.json()["checks"]["antivirus"],
        "ok": True,
        "scanning": "clamd",
    }

    settings.AMI_CLAMAV_SOCKET = str(tmp_path / "no-daemon-here.sock")
    answer = client.get("/health/")
    assert answer.status_code == 503
    assert answer.json()["checks"]["antivirus"]["ok"] is False


def test_health_says_when_scanning_is_off(client, settings):
    settings.AMI_CLAMAV_SOCKET = "off"
    assert client.get("/health/").json()["checks"]["antivirus"]["scanning"] == "off"
