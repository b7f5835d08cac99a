"""The conversation about a dossier: one thread between the carrier and the staff with a role on it.

Who reads and writes, read or not, files checked like the dossier's, the other side told by an
email that never carries the message, unread counts, the audit log, the bundle, the rate limit,
the archived dossier.
"""

import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import audit, conversation, roles, submission
from applications.models import Attachment, AuditEntry, Message, OutgoingEmail
from review.exports import dossier_bundle
from tests.applications.carrier_support import complete_draft, pdf_upload
from tests.factories import AssignmentFactory, ConflictOfInterestFactory, StaffFactory

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode().replace("&#x27;", "'")


@pytest.fixture
def dossier(ami_call):
    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    application.refresh_from_db()
    application.carrier = carrier
    return application


@pytest.fixture
def people(dossier):
    assigned = AssignmentFactory(application=dossier).reviewer
    return {
        "carrier": dossier.carrier,
        "assigned": assigned,
        "other_reviewer": StaffFactory(role=roles.REVIEWER),
        "committee": StaffFactory(role=roles.COMMITTEE),
        "official": StaffFactory(role=roles.OFFICIAL),
    }


def staff_page(application):
    return reverse("admin:applications_application_change", args=[application.pk])


def staff_reply_url(application):
    return reverse("admin:applications_application_message", args=[application.pk])


def carrier_post_url(application):
    return reverse("applications:send_message", kwargs={"public_id": application.public_id})


def test_the_carrier_writes_and_the_assigned_reviewer_is_told_without_the_message(
    client, dossier, people, django_capture_on_commit_callbacks
):
    client.force_login(people["carrier"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(carrier_post_url(dossier), {"body": "Une précision sur notre calendrier."})

    message = Message.objects.get(application=dossier)
    assert not message.from_staff and message.author == people["carrier"] and message.read_at is None
    entry = AuditEntry.objects.get(action="message_sent", application=dossier)
    assert entry.actor == people["carrier"] and entry.object_id == str(message.pk)
    emails = OutgoingEmail.objects.filter(kind="message_to_staff")
    # The dossier's reviewer and the call's service mailbox; not the reviewers of other dossiers.
    assert {e.to for e in emails} == {people["assigned"].email, dossier.call.service_email}
    email = emails.get(to=people["assigned"].email)
    assert email.status == OutgoingEmail.Status.SENT  # through the task queue (run at once in tests)
    assert "calendrier" not in email.body and staff_page(dossier) in email.body
    assert dossier.reference in email.subject


def test_the_thread_on_the_staff_screen_and_the_reply_reaches_the_carrier_by_a_link(
    client, dossier, people, django_capture_on_commit_callbacks
):
    conversation.send_message(application=dossier, user=people["carrier"], body="Question sur le budget ?")
    client.force_login(people["committee"])
    page = html_of(client.get(staff_page(dossier)))
    assert "Question sur le budget ?" in page and "Nouveau : pas encore lu par les services." in page
    assert Message.objects.get().read_at is not None  # the committee answers: it has read it now

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_reply_url(dossier), {"body": "Le budget est complet, merci."})
    assert response.status_code == 302 and response["Location"].endswith("#messages")
    reply = Message.objects.get(from_staff=True)
    assert reply.author == people["committee"]
    email = OutgoingEmail.objects.get(kind="message_to_carrier", to=people["carrier"].email)
    assert "Le budget est complet" not in email.body and "Le budget est complet" not in email.subject
    assert dossier.get_absolute_url() + "#messages" in email.body

    client.force_login(people["carrier"])
    listing = html_of(client.get(reverse("applications:my_applications")))
    assert "1 non lu" in listing
    assert conversation.unread_for_carrier(people["carrier"]) == 1
    page = html_of(client.get(dossier.get_absolute_url()))
    assert "Le budget est complet, merci." in page and "Nouveau" in page
    assert "lu par le ministère le" in page  # the carrier sees its own message was read
    assert conversation.unread_for_carrier(people["carrier"]) == 0
    assert "non lu" not in html_of(client.get(reverse("applications:my_applications")))


def test_who_reads_and_who_answers(client, dossier, people):
    conversation.send_message(application=dossier, user=people["carrier"], body="Bonjour.")
    for role, reads, answers in [
        ("assigned", True, True),
        ("committee", True, True),
        ("official", True, False),
        ("other_reviewer", False, False),
    ]:
        user = people[role]
        assert conversation.may_read(user, dossier) is reads, role
        assert conversation.may_write(user, dossier) is answers, role
        client.force_login(user)
        page = client.get(staff_page(dossier))
        if reads:
            assert "Bonjour." in html_of(page), role
            assert ("Répondre au porteur" in html_of(page)) is answers, role
        else:
            assert page.status_code == 404, role
        response = client.post(staff_reply_url(dossier), {"body": "Réponse."})
        assert (response.status_code == 302) is answers, role
        if not answers:
            assert response.status_code == 404, role
    assert Message.objects.filter(from_staff=True).count() == 2


def test_a_reviewer_with_a_conflict_neither_reads_nor_answers(dossier, people):
    ConflictOfInterestFactory(reviewer=people["assigned"], organisation=dossier.organisation)
    assert not conversation.may_read(people["assigned"], dossier)
    with pytest.raises(PermissionDenied):
        conversation.send_message(application=dossier, user=people["assigned"], body="Bonjour.")


def test_another_carrier_cannot_write_to_the_dossier(client, dossier, people, ami_call):
    other, _ = complete_draft(ami_call)
    client.force_login(other)
    assert client.post(carrier_post_url(dossier), {"body": "Intrus."}).status_code == 404
    assert not Message.objects.exists()


def test_unread_counts_for_staff_follow_their_dossiers_and_reading(
    client, dossier, people, django_assert_max_num_queries
):
    conversation.send_message(application=dossier, user=people["carrier"], body="Un.")
    conversation.send_message(application=dossier, user=people["carrier"], body="Deux.")
    for role in ("assigned", "committee", "official", "other_reviewer"):
        people[role]._ami_staff_roles = roles.staff_roles(people[role])  # the request has them already
    with django_assert_max_num_queries(1):
        assert conversation.unread_for_staff(people["assigned"]) == 2
    assert conversation.unread_for_staff(people["committee"]) == 2
    assert conversation.unread_for_staff(people["other_reviewer"]) == 0
    assert conversation.unread_for_staff(people["carrier"]) == 0
    with django_assert_max_num_queries(1):
        listed = list(conversation.with_unread_for_staff(people["assigned"]))
    assert [(a.pk, a.unread_messages) for a in listed] == [(dossier.pk, 2)]

    client.force_login(people["official"])  # reads without answering: still unread for those who answer
    client.get(staff_page(dossier))
    assert conversation.unread_for_staff(people["assigned"]) == 2
    client.force_login(people["assigned"])
    client.get(staff_page(dossier))
    assert conversation.unread_for_staff(people["assigned"]) == 0
    assert list(conversation.with_unread_for_staff(people["committee"])) == []


def test_files_are_checked_like_the_dossiers_and_served_to_both_sides(client, dossier, people):
    client.force_login(people["carrier"])
    fake = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf at all" * 10, content_type="application/pdf")
    page = html_of(client.post(carrier_post_url(dossier), {"body": "Voici le budget.", "files": [fake]}))
    assert 'id="id_files-desc-error"' in page  # refused next to the field, in French
    assert not Message.objects.exists()

    client.post(carrier_post_url(dossier), {"body": "Voici le budget.", "files": [pdf_upload("budget.pdf")]})
    message = Message.objects.get()
    attachment = Attachment.objects.get(message=message)
    assert attachment.original_name == "budget.pdf" and attachment.required_document is None
    assert attachment not in dossier.attachments.filter(pk__in=[a.pk for a in _current(dossier)])
    carrier_url = reverse(
        "applications:attachment_download",
        kwargs={"public_id": dossier.public_id, "attachment_id": attachment.public_id},
    )
    assert carrier_url in html_of(client.get(dossier.get_absolute_url()))
    assert client.get(carrier_url)["Content-Disposition"].startswith("attachment")
    staff_url = reverse("review_staff_attachment", args=[attachment.public_id])
    client.force_login(people["committee"])
    assert staff_url in html_of(client.get(staff_page(dossier)))
    assert client.get(staff_url).status_code == 200
    client.force_login(people["other_reviewer"])
    assert client.get(staff_url).status_code == 404
    entry = AuditEntry.objects.get(action="message_sent")
    assert entry.changes["files"] == [{"file": "budget.pdf", "sha256": attachment.sha256}]


def _current(application):
    from applications import wizard

    return wizard.current_attachments_of(application)


def test_too_many_files_are_refused(dossier, people):
    files = [pdf_upload(f"piece{n}.pdf") for n in range(conversation.MAX_FILES + 1)]
    with pytest.raises(ValidationError) as refused:
        conversation.send_message(application=dossier, user=people["carrier"], body="Pièces.", files=files)
    assert "files" in refused.value.message_dict
    assert not Message.objects.exists()


def test_sending_is_rate_limited_per_person_and_dossier(client, dossier, people):
    for n in range(conversation.MESSAGES_PER_HOUR):
        conversation.send_message(application=dossier, user=people["carrier"], body=f"Message {n}.")
    client.force_login(people["carrier"])
    page = html_of(client.post(carrier_post_url(dossier), {"body": "Encore un."}))
    assert "dans la dernière heure" in page and 'id="id_body-desc-error"' in page
    assert Message.objects.count() == conversation.MESSAGES_PER_HOUR
    # Staff answering are not held up by the carrier's messages.
    conversation.send_message(application=dossier, user=people["committee"], body="Réponse.")
    # An hour later, the carrier may write again.
    Message.objects.filter(from_staff=False).update(created_at=timezone.now() - timedelta(minutes=61))
    conversation.send_message(application=dossier, user=people["carrier"], body="Encore un.")


def test_an_archived_dossier_refuses_messages_in_french(client, dossier, people):
    audit.record(action=audit.REDACTION_RECORD, application=dossier, reason="Fin de la durée de conservation.")
    client.force_login(people["carrier"])
    page = html_of(client.post(carrier_post_url(dossier), {"body": "Bonjour ?"}))
    assert "Ce dossier est archivé" in page
    with pytest.raises(ValidationError, match="archivé"):
        conversation.send_message(application=dossier, user=people["committee"], body="Bonjour.")
    assert not Message.objects.exists()


def test_the_bundle_has_every_message_and_its_files(dossier, people):
    conversation.send_message(
        application=dossier, user=people["carrier"], body="Voici l'attestation.", files=[pdf_upload("attestation.pdf")]
    )
    conversation.send_message(application=dossier, user=people["committee"], body="Bien reçu, merci.")
    with zipfile.ZipFile(dossier_bundle(dossier)) as archive:
        names = archive.namelist()
        from tests.pdf_support import pdf_text

        review_text = pdf_text(archive.read("instruction.pdf"))
    assert (
        [n for n in names if n.startswith("messages/")]
        == [n for n in names if n.startswith("messages/") and n.endswith("attestation.pdf")]
        != []
    )
    assert "Voici l'attestation." in review_text and "Bien reçu, merci." in review_text
    assert "attestation.pdf" in review_text


def test_thread_pages_do_not_grow_in_queries(client, dossier, people):
    """The carrier's dossier page, « Mes dossiers » and the staff's dossier screen: as many queries
    with one message as with eight (some with files)."""

    def write(n):
        author = people["carrier"] if n % 2 == 0 else people["committee"]
        files = [pdf_upload(f"piece{n}.pdf")] if n % 3 == 0 else []
        message = conversation.send_message(application=dossier, user=author, body=f"Message {n}.", files=files)
        Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(hours=2), read_at=None)

    def counted(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def pages():
        return [
            counted(people["carrier"], dossier.get_absolute_url()),
            counted(people["carrier"], reverse("applications:my_applications")),
            counted(people["committee"], staff_page(dossier)),
        ]

    write(0)
    with_one = pages()
    for n in range(1, 8):
        write(n)
    assert pages() == with_one
    assert Message.objects.count() == 8
