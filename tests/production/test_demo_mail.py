"""The embedded profile's emails: one line in the terminal, the whole message (attachments too) in a file."""

import email
import io
from email import policy

from django.core.mail import EmailMessage

from ami_portal.mail import SummaryConsoleBackend


def test_one_line_per_email_and_the_whole_email_in_a_file(tmp_path):
    stream = io.StringIO()
    backend = SummaryConsoleBackend(stream=stream, file_path=tmp_path / "emails")
    pdf = b"%PDF-1.7\n" + b"x" * 50_000
    message = EmailMessage("Décision relative à votre dossier", "Bonjour,", to=["porteuse@example.org"])
    message.attach("decision.pdf", pdf, "application/pdf")
    other = EmailMessage("Votre dossier a été déposé", "Bonjour,", to=["contact@example.org"])

    assert backend.send_messages([message, other]) == 2

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2  # not the 50 kB of base64
    assert "porteuse@example.org" in lines[0] and "« Décision relative à votre dossier »" in lines[0]
    assert "1 pièce(s) jointe(s)" in lines[0] and "pièce" not in lines[1]
    files = sorted((tmp_path / "emails").glob("*.eml"))
    assert len(files) == 2
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Décision relative à votre dossier"
    (attachment,) = list(parsed.iter_attachments())
    assert attachment.get_filename() == "decision.pdf" and attachment.get_content() == pdf
    assert str(files[0].name) in lines[0]


def test_the_embedded_profile_uses_it_and_smtp_replaces_it(tmp_path):
    from tests.production.test_settings import settings_of

    embedded = settings_of(
        ["EMAIL_BACKEND", "EMAIL_FILE_PATH"],
        DJANGO_SETTINGS_MODULE="ami_portal.settings",
        DEBUG="1",
        AMI_VAR_DIR=str(tmp_path),
    )
    assert embedded == {
        "EMAIL_BACKEND": "ami_portal.mail.SummaryConsoleBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "emails"),
    }
    smtp = settings_of(
        ["EMAIL_BACKEND"], DJANGO_SETTINGS_MODULE="ami_portal.settings", DEBUG="1", EMAIL_HOST="smtp.example.org"
    )
    assert smtp["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
