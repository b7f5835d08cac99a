"""Supporting files of a grant's report (pièces justificatives): checked like a dossier's files,
added and removed by the carrier while the report is editable, never after; staff who see every
dossier download them from the report's review screen; everyone else gets a 404."""

import hashlib
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import roles
from applications.demo_stages import tiny_pdf
from applications.grants import reports
from applications.grants.models import Report, ReportAttachment, ReportEvent
from applications.models import AuditEntry
from review.exports import dossier_bundle
from review.templatetags.review_admin import audit_action, change_label, change_text
from tests.clamav_support import infected_pdf
from tests.e2e.test_html_validity import assert_valid, fetch
from tests.factories import CarrierFactory, StaffFactory

from .grant_support import signed_grant

pytestmark = pytest.mark.django_db

TYPED = {
    "narrative": "Douze ateliers tenus à Paris et à Marseille.",
    "ambassadrices_recruited": "8",
    "workshops_75_1": "3",
}


@pytest.fixture
def followed():
    grant, carrier, signer = signed_grant()
    return grant, grant.reports.get(kind=Report.Kind.INTERIM), carrier, signer


def report_url(report):
    return reverse("grants:report", args=[report.grant.application.public_id, report.public_id])


def carrier_file_url(attachment):
    report = attachment.report
    return reverse(
        "grants:report_file", args=[report.grant.application.public_id, report.public_id, attachment.public_id]
    )


def staff_file_url(attachment):
    return reverse("grants:staff_report_file", args=[attachment.public_id])


def staff_report_url(report):
    return reverse("admin:grants_report", args=[report.grant_id, report.pk])


def pdf_upload(name="facture.pdf", content=None):
    return SimpleUploadedFile(name, content or tiny_pdf("Facture"), content_type="application/pdf")


def post(client, report, *, file=None, action="save", **extra):
    data = {**TYPED, action: "", **extra}
    if file is not None:
        data["attachment"] = file
    return client.post(report_url(report), data)


def test_the_carrier_adds_a_file_with_the_draft_and_it_is_in_the_history(client, followed):
    _grant, report, carrier, _signer = followed
    client.force_login(carrier)
    content = tiny_pdf("Facture")
    response = post(client, report, file=pdf_upload(content=content), attachment_label="Facture de la salle")
    assert response.status_code == 302

    report.refresh_from_db()
    assert report.narrative == TYPED["narrative"]  # the draft was saved with the file
    (attachment,) = reports.current_attachments(report)
    assert attachment.original_name == "facture.pdf" and attachment.kind == "pdf"
    assert attachment.label == "Facture de la salle" and attachment.uploaded_by == carrier
    assert attachment.size == len(content) and attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert "facture.pdf" not in attachment.file.name  # stored under a random name

    event = ReportEvent.objects.get(report=report, action="file_added")
    assert event.actor == carrier and event.comment == "facture.pdf"
    audit = AuditEntry.objects.get(action="report_file_added", application=report.grant.application)
    assert audit.changes["sha256"] == attachment.sha256

    page = client.get(report_url(report)).content.decode()
    assert "facture.pdf" in page and "Facture de la salle" in page
    assert "fichier « facture.pdf » ajouté" in page  # the history
    download = client.get(carrier_file_url(attachment))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("facture.pdf", b"Ceci n'est pas un PDF.", content_type="application/pdf"),
            "pas dans un format accepté",
        ),
        (SimpleUploadedFile("vide.pdf", b"", content_type="application/pdf"), "Le fichier est vide."),
    ],
)
def test_a_refused_file_is_explained_next_to_its_field_and_the_typing_is_kept(client, followed, upload, message):
    _grant, report, carrier, _signer = followed
    client.force_login(carrier)
    response = post(client, report, file=upload)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form.errors["attachment"] and not [e for name, e in form.errors.items() if name != "attachment"]
    assert message in " ".join(form.errors["attachment"])
    assert 'id="id_attachment-desc-error"' in html and 'href="#id_attachment"' in html
    assert TYPED["narrative"] in html  # what was typed is still on the page...
    report.refresh_from_db()
    assert report.narrative == TYPED["narrative"]  # ...and saved
    assert not ReportAttachment.objects.exists()


def test_a_file_sent_with_other_errors_is_asked_again(client, followed):
    _grant, report, carrier, _signer = followed
    client.force_login(carrier)
    response = post(client, report, file=pdf_upload(), ambassadrices_trained="-3")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ambassadrices_trained"]
    assert "choisissez-le de nouveau" in " ".join(form.errors["attachment"])
    assert not ReportAttachment.objects.exists()
    assert TYPED["narrative"] in response.content.decode()


def test_a_file_over_the_call_cap_is_refused_in_french(client, followed):
    grant, report, carrier, _signer = followed
    call = grant.application.call
    call.max_file_size = 200
    call.save(update_fields=["max_file_size"])
    client.force_login(carrier)
    response = post(client, report, file=pdf_upload())
    assert response.status_code == 200
    assert "Le fichier est trop volumineux" in " ".join(response.context["form"].errors["attachment"])
    assert not ReportAttachment.objects.exists()
    report.refresh_from_db()
    assert report.narrative == TYPED["narrative"]


def test_the_files_of_a_report_share_the_call_total_cap(followed):
    grant, report, carrier, _signer = followed
    call = grant.application.call
    first = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("a.pdf"))
    call.max_total_upload_size = first.size + 10
    call.save(update_fields=["max_total_upload_size"])
    with pytest.raises(Exception) as refused:
        reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("b.pdf"))
    assert refused.value.code == "total_too_large"
    reports.remove_attachment(report=report, attachment_id=first.public_id, user=carrier)
    reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("b.pdf"))  # room again


def test_an_infected_file_is_refused_by_the_antivirus(client, followed, settings, clamd_socket):
    settings.AMI_CLAMAV_SOCKET = clamd_socket
    settings.AMI_ANTIVIRUS_FAIL_OPEN = False
    _grant, report, carrier, _signer = followed
    client.force_login(carrier)
    response = post(client, report, file=pdf_upload("statuts.pdf", infected_pdf()))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["attachment"])
    assert "L’antivirus" in errors or "L'antivirus" in errors
    assert not ReportAttachment.objects.exists()
    report.refresh_from_db()
    assert report.narrative == TYPED["narrative"]
    assert post(client, report, file=pdf_upload()).status_code == 302  # a clean file goes through
    assert reports.current_attachments(report).count() == 1


def test_the_carrier_removes_a_file_while_editable_never_after_submission(client, followed):
    _grant, report, carrier, _signer = followed
    client.force_login(carrier)
    kept = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("garde.pdf"))
    gone = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("retire.pdf"))

    response = post(client, report, remove_file=str(gone.public_id))
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.removed_at is not None and gone.removed_by == carrier  # the row is kept for the record
    assert list(reports.current_attachments(report)) == [kept]
    assert ReportEvent.objects.filter(report=report, action="file_removed", comment="retire.pdf").exists()
    assert AuditEntry.objects.filter(action="report_file_removed").count() == 1
    assert client.get(carrier_file_url(gone)).status_code == 404  # no longer part of the report
    assert "fichier « retire.pdf » retiré" in client.get(report_url(report)).content.decode()
    assert post(client, report, remove_file="pas-un-identifiant").status_code == 404

    # Submitted: the files are shown, read-only; neither adding nor removing changes anything.
    submitted = post(
        client,
        report,
        action="submit",
        ambassadrices_trained="6",
        people_reached="120",
    )
    assert submitted.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    page = client.get(report_url(report)).content.decode()
    assert "garde.pdf" in page and 'name="remove_file"' not in page and 'name="attachment"' not in page
    post(client, report, remove_file=str(kept.public_id))
    post(client, report, file=pdf_upload("tard.pdf"))
    assert list(reports.current_attachments(report)) == [kept]
    for attempt in (
        lambda: reports.remove_attachment(report=report, attachment_id=kept.public_id, user=carrier),
        lambda: reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("tard.pdf")),
    ):
        with pytest.raises(reports.GrantRefused):
            attempt()
    assert list(reports.current_attachments(report)) == [kept]


def test_a_report_reopened_for_corrections_takes_files_again(followed):
    _grant, report, carrier, signer = followed
    report.narrative, report.ambassadrices_recruited, report.ambassadrices_trained = "Fait.", 1, 1
    report.people_reached = 10
    report.save()
    reports.submit_report(report=report, user=carrier)
    reports.ask_corrections(report=report, by=signer, comment="Joignez les factures.")
    added = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload())
    assert list(reports.current_attachments(report)) == [added]


def test_who_may_download_a_report_file(client, followed):
    _grant, report, carrier, signer = followed
    attachment = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload())
    other_report = signed_grant()[0].reports.get(kind=Report.Kind.INTERIM)

    # Another carrier: neither the report nor its file exists for them.
    client.force_login(CarrierFactory())
    assert client.get(report_url(report)).status_code == 404
    assert client.get(carrier_file_url(attachment)).status_code == 404
    assert client.get(staff_file_url(attachment)).status_code == 404
    # The carrier, through another of the ministry's reports: 404.
    client.force_login(carrier)
    wrong = reverse(
        "grants:report_file",
        args=[other_report.grant.application.public_id, other_report.public_id, attachment.public_id],
    )
    assert client.get(wrong).status_code == 404
    assert client.get(staff_file_url(attachment)).status_code == 404  # not staff
    # A reviewer has no role on the grants.
    client.force_login(StaffFactory(role=roles.REVIEWER))
    assert client.get(staff_file_url(attachment)).status_code == 404
    assert client.get(staff_report_url(report)).status_code == 404

    # The official sees the file on the report's review screen and downloads it.
    client.force_login(signer)
    page = client.get(staff_report_url(report))
    assert page.status_code == 200
    html = page.content.decode()
    assert "facture.pdf" in html and staff_file_url(attachment) in html and attachment.sha256 in html
    download = client.get(staff_file_url(attachment))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    # A removed file stays in the record for staff.
    reports.remove_attachment(report=report, attachment_id=attachment.public_id, user=carrier)
    html = client.get(staff_report_url(report)).content.decode()
    assert "retiré par le porteur le" in html and "fichier retiré" in html
    assert client.get(staff_file_url(attachment)).status_code == 200
    # The committee sees every dossier: it may read the files too.
    client.force_login(StaffFactory(role=roles.COMMITTEE))
    assert client.get(staff_file_url(attachment)).status_code == 200


def test_the_dossier_bundle_carries_the_report_files(followed):
    grant, report, carrier, _signer = followed
    kept = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("facture.pdf"))
    removed = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("brouillon.pdf"))
    reports.remove_attachment(report=report, attachment_id=removed.public_id, user=carrier)

    with zipfile.ZipFile(dossier_bundle(grant.application)) as archive:
        names = [n for n in archive.namelist() if n.startswith("comptes-rendus/")]
        assert names == [
            "comptes-rendus/intermediaire/01-facture.pdf",
            "comptes-rendus/intermediaire/retirees/02-brouillon.pdf",
        ]
        assert archive.read(names[0]) == kept.file.open("rb").read()


def test_the_report_pages_with_files_are_valid_html_in_french(client, followed):
    _grant, report, carrier, signer = followed
    attachment = reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload(), label="Facture")
    client.force_login(carrier)
    url = report_url(report)
    bad = SimpleUploadedFile("facture.pdf", b"Ceci n'est pas un PDF.", content_type="application/pdf")
    pages = {
        "report with a file": fetch(client, url),
        "report, file refused": fetch(client, url, method="post", data={**TYPED, "save": "", "attachment": bad}),
    }
    reports.remove_attachment(report=report, attachment_id=attachment.public_id, user=carrier)
    reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload("devis.pdf"))
    client.force_login(signer)
    pages["staff: report with files"] = fetch(client, staff_report_url(report))
    assert_valid(pages)


def test_the_audit_log_reads_the_file_steps_in_french(followed):
    _grant, report, carrier, _signer = followed
    reports.add_attachment(report=report, user=carrier, uploaded=pdf_upload(), label="Facture")
    entry = AuditEntry.objects.get(action="report_file_added")
    assert audit_action(entry.action) == "Pièce ajoutée à un compte rendu"
    assert (
        change_label("report") == "compte rendu"
        and change_text(entry.changes["report"]) == "Compte rendu intermédiaire"
    )
    assert change_label("label") == "ce que montre le fichier"
    assert audit_action("report_file_removed") == "Pièce retirée d'un compte rendu"
