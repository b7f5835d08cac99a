"""Staff send again an email that failed its last automatic attempt (the SMTP drill found none could)."""

import pytest
from django.core import mail

from applications import roles
from applications.models import AuditEntry, OutgoingEmail
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/gestion/applications/outgoingemail/"


def email(status, to):
    return OutgoingEmail.objects.create(
        kind="receipt", to=to, subject="Votre dossier", body="…", status=status, error="Connection refused"
    )


def test_an_administrator_sends_failed_emails_again_and_only_those(client, django_capture_on_commit_callbacks):
    failed = email(OutgoingEmail.Status.FAILED, "porteuse@example.org")
    sent = email(OutgoingEmail.Status.SENT, "deja@example.org")
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR))

    assert "send_again" in client.get(CHANGELIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "send_again", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )

    page = response.content.decode()
    assert "1 courriel en échec remis en file d&#x27;envoi." in page
    assert "1 courriel non renvoyé : seuls les courriels en échec sont renvoyés." in page
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT and failed.error == ""
    assert [message.to for message in mail.outbox] == [["porteuse@example.org"]]  # the sent one is not sent twice
    assert AuditEntry.objects.filter(action="email_sent_again", object_id=str(failed.pk)).count() == 1


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.COMMITTEE])
def test_other_staff_cannot_send_emails_again(client, role):
    failed = email(OutgoingEmail.Status.FAILED, "porteuse@example.org")
    client.force_login(StaffFactory(role=role))

    response = client.post(CHANGELIST, {"action": "send_again", "_selected_action": [failed.pk]})

    assert response.status_code in (403, 404)
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED and not mail.outbox
