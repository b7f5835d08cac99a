"""Hostile uploads: every sample of the corpus is refused with a clear French message, both by
``check_upload`` and through the carrier's real upload screen, and nothing is stored; valid files
of every accepted kind pass."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from applications.demo_stages import tiny_pdf
from applications.filecheck import check_upload
from applications.models import Attachment, AuditEntry
from tests.applications.carrier_support import carrier_with_draft
from tests.security import corpus

MAX = 10 * 1024 * 1024
HOSTILE = corpus.hostile_samples()
VALID = corpus.valid_samples()


def raw_upload(name: str, content: bytes) -> SimpleUploadedFile:
    """An upload whose name is exactly ``name`` (Django's own upload classes clean names on the way
    in; ``check_upload`` must not rely on it)."""
    uploaded = SimpleUploadedFile("upload", content)
    uploaded._name = name
    return uploaded


def refusal(sample) -> ValidationError:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        check_upload(raw_upload(sample.name, sample.content), accepted_types=list(sample.accepted), max_size=MAX)
    return caught.value


# --------------------------------------------------------------------------------------------
# check_upload itself
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sample", HOSTILE, ids=[s.id for s in HOSTILE])
def test_each_hostile_file_is_refused_with_a_french_message(sample):
    error = refusal(sample)

    assert error.code == sample.code
    message = error.messages[0]
    assert sample.message in message
    # French, and a sentence a person can act on, not a technical error.
    assert message[0].isupper() and message.rstrip().endswith(".")
    assert not any(word in message for word in ("Traceback", "Error", "file is", "not accepted"))


@pytest.mark.parametrize("sample", VALID, ids=[s.id for s in VALID])
def test_valid_files_of_every_kind_pass(sample):
    checked = check_upload(raw_upload(sample.name, sample.content), accepted_types=list(sample.accepted), max_size=MAX)

    assert checked.kind == sample.id.split()[0] if sample.id != "dotted name" else checked.kind == "pdf"
    assert checked.size == len(sample.content)
    assert checked.display_name == sample.name


def test_a_real_pdf_from_weasyprint_passes():
    from review.documents import html_to_pdf

    pdf = html_to_pdf("<html lang='fr'><body><h1>Rapport d'activité</h1><p>Ateliers 2023.</p></body></html>")
    checked = check_upload(raw_upload("rapport.pdf", pdf), accepted_types=["pdf"], max_size=MAX)
    assert checked.kind == "pdf"


@pytest.mark.parametrize("algorithm", corpus.PDF_ENCRYPTIONS)
def test_an_encrypted_pdf_is_judged_on_its_decrypted_content(algorithm):
    """Owner restrictions only: accepted; the same file with a script: refused as active content,
    not as encrypted; with a user password: refused, and the message says it is password-protected."""
    opens = corpus.encrypted_pdf(algorithm, user_password="")
    assert check_upload(raw_upload("recepisse.pdf", opens), accepted_types=["pdf"], max_size=MAX).kind == "pdf"
    scripted = corpus.encrypted_pdf(algorithm, user_password="", javascript=True)
    locked = corpus.encrypted_pdf(algorithm, user_password="secret")
    for content, code, words in (
        (scripted, "pdf_javascript", "scripts (JavaScript)"),
        (locked, "pdf_encrypted", "protégé par un mot de passe"),
    ):
        with translation.override("fr"), pytest.raises(ValidationError) as caught:
            check_upload(raw_upload("recepisse.pdf", content), accepted_types=["pdf"], max_size=MAX)
        assert caught.value.code == code and words in caught.value.messages[0]


def test_the_size_cap_is_exact_to_the_byte():
    content = tiny_pdf("Statuts")
    assert check_upload(raw_upload("a.pdf", content), accepted_types=["pdf"], max_size=len(content)).size == len(
        content
    )
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        check_upload(raw_upload("a.pdf", content), accepted_types=["pdf"], max_size=len(content) - 1)
    assert caught.value.code == "too_large"
    assert "Le fichier est trop volumineux" in caught.value.messages[0]


def test_a_wrong_declared_size_does_not_slip_past_the_cap():
    uploaded = raw_upload("a.pdf", tiny_pdf("x" * 400))
    uploaded.size = 10  # what a lying client or a buggy handler could say
    with pytest.raises(ValidationError) as caught:
        check_upload(uploaded, accepted_types=["pdf"], max_size=300)
    assert caught.value.code == "too_large"


def test_long_names_are_shortened_for_display_and_keep_their_extension():
    name = "Compte rendu " * 12 + ".pdf"  # 160 characters: accepted, shown shortened
    checked = check_upload(raw_upload(name, tiny_pdf("x")), accepted_types=["pdf"], max_size=MAX)
    assert len(checked.display_name) <= 120 and checked.display_name.endswith("….pdf")


def test_the_file_is_read_from_the_start_whatever_its_position():
    uploaded = raw_upload("a.pdf", tiny_pdf("x"))
    uploaded.read(5)
    assert check_upload(uploaded, accepted_types=["pdf"], max_size=MAX).kind == "pdf"
    assert uploaded.tell() == 0  # the caller stores it next


# --------------------------------------------------------------------------------------------
# Through the carrier's upload screen
# --------------------------------------------------------------------------------------------
# Django's multipart parser drops path components and non-printable characters from the names
# browsers send, before any code of ours runs: these names reach the portal harmless, and the file
# is stored under a random name in the dossier's folder.
CLEANED_BY_DJANGO = {
    "control characters in the name": "statuts.pdf",
    "zero-width characters in the name": "statuts.pdf",
    "path traversal in the name": "passwd.pdf",
    "Windows path in the name": "boot.pdf",
}

# Names Django cleans into something still refused, with the message that fits what is left.
REFUSED_AFTER_CLEANING = {
    "right-to-left override hiding .exe": "double extension suspecte",  # « facturefdp.exe »
    "NUL in the name": "double extension suspecte",  # « statuts.pdf.exe »
    "300-character name": "Le nom du fichier est trop long (255 caractères",  # Django keeps 255
}


@pytest.fixture
def draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call)
    client.force_login(carrier)
    return application


def files_in_storage() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_upload(client, application, document, name, content):
    url = reverse("applications:upload", kwargs={"public_id": application.public_id, "document_id": document.pk})
    return client.post(url, {f"doc{document.pk}-file": SimpleUploadedFile(name, content)})


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.mark.django_db
@pytest.mark.parametrize("sample", HOSTILE, ids=[s.id for s in HOSTILE])
def test_hostile_files_through_the_upload_screen_store_nothing(client, draft, ami_call, sample):
    document = ami_call.required_documents.get(position=1)
    document.accepted_types = list(sample.accepted)
    document.save()
    audit_before = AuditEntry.objects.count()

    response = post_upload(client, draft, document, sample.name, sample.content)

    if sample.id in CLEANED_BY_DJANGO:
        assert response.status_code == 302
        attachment = Attachment.objects.get(application=draft)
        assert attachment.original_name == CLEANED_BY_DJANGO[sample.id]
        stored = files_in_storage()
        assert len(stored) == 1
        assert stored[0].parent == Path(settings.MEDIA_ROOT) / "attachments" / str(draft.public_id)
        assert len(stored[0].name) == 32  # a random hex name, nothing of the carrier's
        return
    html = page_text(response)
    assert response.status_code == 200
    expected = REFUSED_AFTER_CLEANING.get(sample.id, sample.message)
    assert expected in html
    assert 'aria-invalid="true"' in html or "fr-upload-group--error" in html or "fr-error-text" in html
    assert not Attachment.objects.exists()
    assert files_in_storage() == []
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_one_byte_over_the_cap_is_refused_and_exactly_the_cap_passes(client, draft, ami_call):
    content = tiny_pdf("Statuts")
    document = ami_call.required_documents.get(position=1)
    document.max_size = len(content) - 1
    document.save()

    response = post_upload(client, draft, document, "statuts.pdf", content)
    assert "Le fichier est trop volumineux" in page_text(response)
    assert not Attachment.objects.exists() and files_in_storage() == []

    document.max_size = len(content)
    document.save()
    assert post_upload(client, draft, document, "statuts.pdf", content).status_code == 302
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_a_dossier_over_its_total_cap_stores_nothing_more(client, draft, ami_call):
    first = tiny_pdf("premier")
    ami_call.max_total_upload_size = len(first) + 100
    ami_call.save()
    documents = [d for d in ami_call.required_documents.order_by("position") if "pdf" in d.accepted_types]
    assert post_upload(client, draft, documents[0], "a.pdf", first).status_code == 302
    stored = files_in_storage()

    response = post_upload(client, draft, documents[1], "b.pdf", tiny_pdf("second document"))

    assert "L'ensemble des fichiers d'un dossier ne peut dépasser" in page_text(response)
    assert Attachment.objects.filter(application=draft).count() == 1
    assert files_in_storage() == stored


@pytest.mark.django_db
def test_a_right_to_left_override_cannot_hide_an_executable_extension(client, draft, ami_call):
    """Django drops the invisible override; what is left ends in .exe and is refused."""
    document = ami_call.required_documents.get(position=1)
    response = post_upload(client, draft, document, "facture\u202efdp.exe", tiny_pdf("x"))
    assert "double extension suspecte" in page_text(response)
    assert not Attachment.objects.exists() and files_in_storage() == []


@pytest.mark.django_db
def test_valid_files_of_every_kind_are_stored_through_the_screen(client, draft, ami_call):
    document = ami_call.required_documents.get(position=1)
    for sample in VALID:
        document.accepted_types = list(sample.accepted)
        document.save()
        response = post_upload(client, draft, document, sample.name, sample.content)
        assert response.status_code == 302, (sample.id, page_text(response)[:3000])
        current = Attachment.objects.get(application=draft, superseded_at__isnull=True)
        assert current.original_name == sample.name
        with current.file.open("rb") as handle:
            assert handle.read() == sample.content
