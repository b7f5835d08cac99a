"""The documents step: type checked on the bytes, size caps per file and per dossier, replacement
keeping the history, private downloads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.demo_stages import tiny_pdf
from applications.models import Attachment
from tests.applications.carrier_support import carrier_with_draft, pdf_upload, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    return application


def statutes(call):
    return call.required_documents.get(position=1)  # PDF only, 10 Mo


def upload_url(application, document):
    return reverse("applications:upload", kwargs={"public_id": application.public_id, "document_id": document.pk})


def upload(client, application, document, file):
    return client.post(upload_url(application, document), {f"doc{document.pk}-file": file})


def html_of(response):
    return response.content.decode().replace("&#x27;", "'")


def test_upload_stores_a_private_copy_under_a_random_name(client, draft, ami_call):
    document = statutes(ami_call)
    response = upload(client, draft, document, pdf_upload("Statuts signés 2024.pdf"))
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert attachment.original_name == "Statuts signés 2024.pdf"
    assert "Statuts" not in attachment.file.name
    assert attachment.kind == "pdf" and len(attachment.sha256) == 64
    page = html_of(client.get(step_url(draft, "documents")))
    assert "Statuts signés 2024.pdf" in page


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "statuts.pdf",
            b"MZ\x90\x00 this is an executable",
            "Le contenu de ce fichier n'est pas dans un format accepté",
        ),
        ("statuts.pdf", odt_bytes(), "Formats acceptés : PDF"),
        ("statuts.odt", tiny_pdf("x"), "Le nom du fichier se termine par .odt"),
        ("statuts.pdf", b"", "Le fichier est vide."),
    ],
)
def test_refused_files_are_explained_and_nothing_changes(client, draft, ami_call, name, content, message):
    document = statutes(ami_call)
    upload(client, draft, document, pdf_upload("bon.pdf"))
    response = upload(client, draft, document, SimpleUploadedFile(name, content))
    html = html_of(response)
    assert response.status_code == 200
    assert message in html, html[html.find("data-error-summary") - 200 : html.find("data-error-summary") + 1500]
    current = Attachment.objects.get(application=draft, superseded_at__isnull=True)
    assert current.original_name == "bon.pdf"


def test_file_over_the_size_cap(client, draft, ami_call):
    document = statutes(ami_call)
    document.max_size = 600
    document.save()
    response = upload(client, draft, document, SimpleUploadedFile("gros.pdf", tiny_pdf("x" * 50) + b"%" * 800))
    assert "Le fichier est trop volumineux" in html_of(response)
    assert not Attachment.objects.exists()


def test_the_call_cap_applies_when_smaller_than_the_document_cap(client, draft, ami_call):
    ami_call.max_file_size = 700
    ami_call.save()
    response = upload(client, draft, statutes(ami_call), SimpleUploadedFile("gros.pdf", tiny_pdf("x") + b"%" * 800))
    assert "Le fichier est trop volumineux" in html_of(response)


def test_the_dossier_total_cap(client, draft, ami_call):
    first = tiny_pdf("premier")
    ami_call.max_total_upload_size = len(first) + 300
    ami_call.save()
    documents = [d for d in ami_call.required_documents.order_by("position") if "pdf" in d.accepted_types]
    assert upload(client, draft, documents[0], SimpleUploadedFile("a.pdf", first)).status_code == 302
    response = upload(client, draft, documents[1], SimpleUploadedFile("b.pdf", tiny_pdf("second document")))
    html = html_of(response)
    assert "L'ensemble des fichiers d'un dossier ne peut dépasser" in html
    assert Attachment.objects.filter(application=draft).count() == 1
    # Replacing the first file by a smaller one fits: only current files count.
    assert upload(client, draft, documents[0], SimpleUploadedFile("a2.pdf", tiny_pdf("p"))).status_code == 302


def test_replacing_keeps_the_old_file_superseded(client, draft, ami_call):
    document = statutes(ami_call)
    upload(client, draft, document, pdf_upload("v1.pdf", "version 1"))
    upload(client, draft, document, pdf_upload("v2.pdf", "version 2"))
    rows = list(Attachment.objects.filter(application=draft).order_by("uploaded_at"))
    assert [a.original_name for a in rows] == ["v1.pdf", "v2.pdf"]
    assert rows[0].superseded_at is not None and rows[1].superseded_at is None
    page = html_of(client.get(step_url(draft, "documents")))
    assert "1 version précédente" in page


def test_optional_document_can_be_removed_mandatory_cannot(client, draft, ami_call):
    optional = ami_call.required_documents.filter(mandatory=False).first()
    upload(client, draft, optional, pdf_upload("lettre.pdf"))
    attachment = Attachment.objects.get(application=draft)
    url = reverse(
        "applications:remove_document", kwargs={"public_id": draft.public_id, "attachment_id": attachment.public_id}
    )
    assert client.post(url).status_code == 302
    attachment.refresh_from_db()
    assert attachment.superseded_at is not None
    upload(client, draft, statutes(ami_call), pdf_upload("statuts.pdf"))
    mandatory = Attachment.objects.get(application=draft, superseded_at__isnull=True)
    url = reverse(
        "applications:remove_document", kwargs={"public_id": draft.public_id, "attachment_id": mandatory.public_id}
    )
    assert client.post(url).status_code == 404


def test_download_is_an_attachment_with_nosniff(client, draft, ami_call):
    upload(client, draft, statutes(ami_call), pdf_upload("Statuts « 2024 ».pdf", "contenu"))
    attachment = Attachment.objects.get(application=draft)
    response = client.get(
        reverse(
            "applications:attachment_download",
            kwargs={"public_id": draft.public_id, "attachment_id": attachment.public_id},
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == tiny_pdf("contenu")


def test_a_file_changed_after_the_summary_was_read_stops_the_submission(ami_call, client):
    """Files are part of what is certified: a colleague's upload since the summary was read is an
    edit, and the submission asks to look again instead of certifying files nobody checked."""
    from applications import attachments
    from applications.models import Application
    from tests.applications.carrier_support import complete_draft
    from tests.factories import CarrierFactory

    carrier, application = complete_draft(ami_call, seed=3)
    read = Application.objects.get(pk=application.pk).version
    document = ami_call.required_documents.filter(mandatory=True).first()
    colleague = CarrierFactory(organisation=carrier.organisation)
    attachments.store_attachment(
        application=application,
        document=document,
        uploaded=SimpleUploadedFile("statuts-v2.pdf", tiny_pdf("Statuts v2"), content_type="application/pdf"),
        user=colleague,
    )
    application.refresh_from_db()
    assert application.version == read + 1 and application.last_edited_by == colleague
    client.force_login(carrier)
    response = client.post(
        reverse("applications:submit", args=[application.public_id]), {"version": read, "sworn_statement": "on"}
    )
    assert response.status_code == 200
    assert "a été modifié depuis" in response.content.decode().replace("&#x27;", "'")
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT and application.reference in ("", None)
