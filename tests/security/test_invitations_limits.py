"""Invitations: at most ``AMI_INVITATIONS_PER_DAY`` per organisation in 24 hours, never a second
pending invitation to the same address, and French messages next to the field."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Invitation
from tests.factories import CarrierFactory

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.fixture
def member(client):
    member = CarrierFactory()
    client.force_login(member)
    return member


def invite(client, email):
    return client.post(reverse("invite"), {"email": email})


def test_a_second_invitation_to_a_pending_address_is_refused_whatever_its_case(client, member):
    assert invite(client, "leila@asso.example.org").status_code == 302
    response = invite(client, " Leila@ASSO.example.org ")
    assert response.status_code == 200
    html = page(response)
    assert "Une invitation à cette adresse attend déjà une réponse" in html
    assert 'id="id_email_error"' in html or "fr-error-text" in html  # next to the field
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_an_expired_invitation_can_be_sent_again(client, member):
    invite(client, "leila@asso.example.org")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert invite(client, "leila@asso.example.org").status_code == 302
    assert Invitation.objects.count() == 2


def test_an_organisation_sends_at_most_the_daily_limit(client, member, settings):
    settings.AMI_INVITATIONS_PER_DAY = 3
    for number in range(3):
        assert invite(client, f"collegue{number}@asso.example.org").status_code == 302
    response = invite(client, "une-de-trop@asso.example.org")
    assert response.status_code == 200
    assert "Votre organisme a déjà envoyé 3 invitations ces dernières 24 heures" in page(response)
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 3

    # Another organisation is not affected; the next day the limit is free again.
    other = CarrierFactory()
    client.force_login(other)
    assert invite(client, "une-de-trop@asso.example.org").status_code == 302
    client.force_login(member)
    Invitation.objects.filter(organisation=member.organisation).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    assert invite(client, "le-lendemain@asso.example.org").status_code == 302


def test_the_default_limit_is_ten_a_day(client, member):
    for number in range(10):
        assert invite(client, f"c{number}@asso.example.org").status_code == 302
    assert "10 invitations" in page(invite(client, "c10@asso.example.org"))


def test_an_overlong_address_is_refused_and_nothing_is_sent(client, member):
    response = invite(client, "a" * 250 + "@asso.example.org")
    assert response.status_code == 200
    assert not Invitation.objects.exists() and not mail.outbox
