"""Email subjects are plain text on one line: « L'Escale & Co <b> » reads as typed, never as
« L&#x27;Escale &amp; Co &lt;b&gt; », and a newline typed in a name never reaches a header."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import OutgoingEmail
from applications.notifications import prepare_email, render_subject
from tests.factories import ApplicationFactory, CarrierFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "L'Escale & Co <b>\r\nBcc: victime@example.org"


def test_the_invitation_subject_shows_the_organisation_name_as_typed_on_one_line(client):
    member = CarrierFactory(organisation=OrganisationFactory(name=HOSTILE_NAME))
    client.force_login(member)
    client.post(reverse("invite"), {"email": "leila@asso.example.org"})
    (message,) = mail.outbox
    assert message.subject == "Portail AMI : rejoignez L'Escale & Co <b> Bcc: victime@example.org"
    assert message.message()["Subject"] is not None  # the header serialises
    assert "Bcc" not in message.message() and message.recipients() == ["leila@asso.example.org"]


def test_recorded_subjects_are_rendered_without_html_escaping(ami_call):
    application = ApplicationFactory(call=ami_call, organisation=OrganisationFactory(name=HOSTILE_NAME))
    application.reference = "AMI-2026 & <b>\n0001"  # what a subject shows, unescaped, on one line
    (email,) = prepare_email(kind="info_requested", application=application, to=["a@example.org"], context={})
    email = OutgoingEmail.objects.get(pk=email.pk)
    assert "&amp;" not in email.subject and "&lt;" not in email.subject
    assert "AMI-2026 & <b> 0001" in email.subject
    assert "\n" not in email.subject and "\r" not in email.subject


def test_every_subject_template_renders_plain_text():
    organisation = OrganisationFactory.build(name=HOSTILE_NAME)
    application = ApplicationFactory.build(reference="R & <i>", organisation=organisation)
    for kind in ("invitation", "decision_award", "decision_refusal", "info_requested", "submitted", "withdrawn"):
        subject = render_subject(kind, {"application": application, "organisation": organisation})
        assert "&amp;" not in subject and "&lt;" not in subject and "&#x27;" not in subject, kind
        assert "\n" not in subject and "\r" not in subject, kind


def test_the_invitation_body_shows_names_as_typed_on_their_own_line(client):
    """Plain text: no HTML entity, and a name typed through the forms cannot add a line."""
    from tests.security.test_normalisation import organisation_data

    founder = CarrierFactory(organisation=None, first_name="Zoé", last_name="O'Neil & <Fils>")
    client.force_login(founder)
    client.post(
        reverse("organisation_create"),
        organisation_data(name="L'Escale & Co <b>\r\nOuvrez plutôt : https://evil.example"),
    )
    client.post(reverse("invite"), {"email": "leila@asso.example.org"})
    (message,) = mail.outbox
    assert "&amp;" not in message.body and "&#x27;" not in message.body and "&lt;" not in message.body
    line = next(line for line in message.body.splitlines() if "vous invite" in line)
    assert "Zoé O'Neil & <Fils>" in line
    assert "L'Escale & Co <b>  Ouvrez plutôt : https://evil.example" in line
    assert message.subject == "Portail AMI : rejoignez L'Escale & Co <b>  Ouvrez plutôt : https://evil.example".replace(
        "  ", " "
    )
