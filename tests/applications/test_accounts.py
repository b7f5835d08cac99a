"""Accounts: sign-up with email verification, no account enumeration, passwords, invitations,
and the organisation form with its precise French messages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Invitation, Organisation, User
from tests.factories import CarrierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Un-mot-de-passe-solide-42"


def signup(client, email="amina@asso.example.org", password=STRONG, password2=None, **extra):
    return client.post(
        reverse("signup"),
        {
            "email": email,
            "first_name": "Amina",
            "last_name": "Diallo",
            "password1": password,
            "password2": password2 or password,
            **extra,
        },
    )


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_creates_an_unverified_account_and_sends_the_link(client):
    response = signup(client)
    assert response.status_code == 302 and response["Location"] == reverse("signup_done")
    user = User.objects.get(email="amina@asso.example.org")
    assert user.email_verified_at is None and user.check_password(STRONG)
    (message,) = mail.outbox
    assert message.to == ["amina@asso.example.org"]
    assert message.subject == "Portail AMI : confirmez votre adresse électronique"
    page = client.get(response["Location"]).content.decode()
    assert "Consultez votre messagerie" in page


def test_verification_link_verifies_logs_in_and_leads_to_the_organisation_form(client):
    signup(client)
    link = link_in(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("organisation_create")
    assert User.objects.get(email="amina@asso.example.org").email_verified_at is not None
    assert client.get(reverse("account")).status_code == 200  # logged in
    # The link works once.
    client.logout()
    assert client.get(link).status_code == 400


def test_a_forged_verification_link_fails(client):
    signup(client)
    link = link_in(mail.outbox[0])
    response = client.get(link.rstrip("/")[:-3] + "abc/")
    assert response.status_code == 400
    assert "Ce lien ne fonctionne pas" in response.content.decode()


def test_signup_with_a_known_address_answers_the_same_and_warns_the_owner(client):
    UserFactory(email="claire@asso.example.org")
    response = signup(client, email="Claire@Asso.Example.org")  # case does not matter
    assert response.status_code == 302 and response["Location"] == reverse("signup_done")
    assert User.objects.filter(email__iexact="claire@asso.example.org").count() == 1
    (message,) = mail.outbox
    assert message.to == ["claire@asso.example.org"]
    assert "qui en possède déjà un" in message.body
    # The page is the same as for a new address: nothing tells a stranger the account exists.
    new = client.get(reverse("signup_done")).content.decode()
    assert "Consultez votre messagerie" in new


@pytest.mark.parametrize(
    "password, password2, message",
    [
        ("court", None, "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("123456789012345", None, "Ce mot de passe est entièrement numérique."),
        ("password1234", None, "Ce mot de passe est trop courant."),
        (STRONG, "Autre-mot-de-passe-99", "Les deux mots de passe ne sont pas identiques."),
    ],
)
def test_signup_applies_django_password_validators_in_french(client, password, password2, message):
    response = signup(client, password=password, password2=password2)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="amina@asso.example.org").exists()
    assert 'value="amina@asso.example.org"' in response.content.decode()  # what was typed is kept


def test_unverified_users_cannot_start_a_dossier(client, ami_call):
    user = UserFactory(email_verified_at=None, organisation=OrganisationFactory())
    client.force_login(user)
    response = client.get(reverse("applications:start", kwargs={"slug": ami_call.slug}))
    assert response.status_code == 302 and response["Location"] == reverse("account")
    response = client.post(reverse("applications:start", kwargs={"slug": ami_call.slug}))
    assert not user.organisation.applications.exists()
    page = client.get(reverse("account")).content.decode()
    assert "Confirmez votre adresse électronique" in page


def test_resend_verification(client):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    client.post(reverse("resend_verification"))
    (message,) = mail.outbox
    assert message.to == [user.email] and "/compte/verifier/" in message.body


def test_login_is_case_insensitive_and_in_french(client):
    UserFactory(email="nadia@asso.example.org")
    page = client.get(reverse("login")).content.decode()
    assert "Mot de passe oublié" in page
    response = client.post(
        reverse("login"), {"username": "NADIA@asso.example.org", "password": "mot-de-passe-solide-2024"}
    )
    assert response.status_code == 302


def test_password_reset_is_neutral_and_works(client):
    user = UserFactory(email="sophie@asso.example.org")
    unknown = client.post(reverse("password_reset"), {"email": "personne@nulle-part.example.org"})
    known = client.post(reverse("password_reset"), {"email": "sophie@asso.example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox  # only the real account receives something
    assert message.subject == "Portail AMI : choisissez un nouveau mot de passe"
    link = link_in(message)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nouveau-secret-2024!", "new_password2": "Nouveau-secret-2024!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-secret-2024!")


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "mot-de-passe-solide-2024",
            "new_password1": "Encore-un-secret-2025",
            "new_password2": "Encore-un-secret-2025",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Encore-un-secret-2025")


# --------------------------------------------------------------------------------------------
# Organisation
# --------------------------------------------------------------------------------------------
def organisation_data(**overrides):
    data = {
        "name": "Femmes solidaires du Nord",
        "siret": "732 829 320 00074",
        "legal_form": "association",
        "rna": "w593001234",
        "year_created": "1998",
        "address": "12 rue Nationale",
        "postcode": "59000",
        "city": "Lille",
        "departement": "",
        "representative_name": "Fatou Traoré",
        "representative_role": "Présidente",
        "contact_name": "Julie Petit",
        "contact_email": "contact@femmes-solidaires.example.org",
        "contact_phone": "03 20 00 00 00",
        "annual_budget": "185 000,50",
        "staff_count": "3",
        "volunteer_count": "40",
        "experience": "Ateliers d'accès aux droits depuis vingt ans.",
        "republican_commitment": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def verified(client):
    user = UserFactory()
    client.force_login(user)
    return user


def with_departement(data, code):
    from applications.models import Departement

    data["departement"] = str(Departement.objects.get(code=code).pk)
    return data


def test_creating_the_organisation_makes_the_user_its_member(client, verified):
    response = client.post(reverse("organisation_create"), with_departement(organisation_data(), "59"))
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.siret == "73282932000074"
    assert organisation.rna == "W593001234"
    assert str(organisation.annual_budget) == "185000.50"
    verified.refresh_from_db()
    assert verified.organisation == organisation


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("siret", "7328293200007", "Un numéro SIRET comporte exactement 14 chiffres (vous en avez saisi 13)."),
        ("siret", "7328293200007A", "Un numéro SIRET ne contient que des chiffres."),
        ("siret", "73282932100074", "Les 9 premiers chiffres (le SIREN) de ce numéro SIRET ne sont pas valides."),
        ("siret", "73282932000075", "Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas."),
        ("siret", "35600000000049", "Ce numéro SIRET de La Poste n'est pas valide"),
        ("rna", "", "Une association doit indiquer son numéro RNA (W suivi de 9 chiffres)."),
        ("rna", "W12345", "Un numéro RNA se compose de la lettre W suivie de 9 chiffres"),
        ("postcode", "5900", "Un code postal comporte exactement 5 chiffres."),
        ("contact_phone", "12", "Saisissez un numéro de téléphone"),
        ("annual_budget", "beaucoup", "Saisissez un montant en euros, par exemple 45 000 ou 45 000,50."),
        ("year_created", "2999", "L'année de création ne peut pas être dans le futur."),
        (
            "republican_commitment",
            None,
            "Votre organisme doit s'engager à respecter le contrat d'engagement républicain",
        ),
    ],
)
def test_organisation_form_explains_each_wrong_value_in_french(client, verified, field, value, message):
    data = with_departement(organisation_data(), "59")
    if value is None:
        data.pop(field)
    else:
        data[field] = value
    response = client.post(reverse("organisation_create"), data)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert not Organisation.objects.exists()
    assert 'value="Femmes solidaires du Nord"' in html  # nothing typed is lost


def test_la_poste_siret_follows_its_own_rule(client, verified):
    response = client.post(
        reverse("organisation_create"), with_departement(organisation_data(siret="35600000000010"), "59")
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_departement_must_match_the_postcode(client, verified):
    response = client.post(reverse("organisation_create"), with_departement(organisation_data(), "75"))
    html = response.content.decode()
    assert "Le code postal 59000 se situe dans le département 59 – Nord, pas dans le 75 – Paris." in html


def test_a_registered_siret_is_refused_with_a_way_forward(client, verified):
    OrganisationFactory(siret="73282932000074")
    response = client.post(reverse("organisation_create"), with_departement(organisation_data(), "59"))
    assert "Un organisme portant ce numéro SIRET est déjà inscrit" in response.content.decode().replace("&#x27;", "'")


def test_non_associations_need_no_rna(client, verified):
    response = client.post(
        reverse("organisation_create"), with_departement(organisation_data(legal_form="foundation", rna=""), "59")
    )
    assert response.status_code == 302


# --------------------------------------------------------------------------------------------
# Invitations
# --------------------------------------------------------------------------------------------
def test_a_member_invites_a_colleague_who_signs_up_and_joins(client):
    member = CarrierFactory()
    client.force_login(member)
    page = client.get(reverse("account")).content.decode()
    assert member.organisation.name in page and "Inviter un·e collègue" in page
    client.post(reverse("invite"), {"email": "Leila@Asso.example.org"})
    invitation = Invitation.objects.get()
    assert invitation.email == "leila@asso.example.org"
    (message,) = mail.outbox
    link = link_in(message)
    client.logout()

    page = client.get(link).content.decode()
    assert "Rejoindre" in page and "Créer mon compte" in page
    signup(client, email="leila@asso.example.org", next=link.split("testserver", 1)[1])
    verification = link_in(mail.outbox[-1])
    response = client.get(verification)
    assert response["Location"] == reverse("invitation", kwargs={"token": invitation.token})
    client.post(response["Location"])
    colleague = User.objects.get(email="leila@asso.example.org")
    assert colleague.organisation == member.organisation
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # The invitation works once.
    other = UserFactory(email="autre@asso.example.org")
    client.force_login(other)
    client.post(reverse("invitation", kwargs={"token": invitation.token}))
    other.refresh_from_db()
    assert other.organisation is None


def test_an_invitation_is_for_its_address_only(client):
    member = CarrierFactory()
    client.force_login(member)
    client.post(reverse("invite"), {"email": "leila@asso.example.org"})
    invitation = Invitation.objects.get()
    intruder = UserFactory(email="intrus@example.org")
    client.force_login(intruder)
    response = client.post(reverse("invitation", kwargs={"token": invitation.token}))
    assert "Cette invitation a été envoyée à une autre adresse électronique" in response.content.decode().replace(
        "&#x27;", "'"
    )
    intruder.refresh_from_db()
    assert intruder.organisation is None


def test_inviting_a_member_again_is_refused(client):
    member = CarrierFactory()
    client.force_login(member)
    response = client.post(reverse("invite"), {"email": member.email.upper()})
    assert "Cette personne est déjà membre de votre organisme." in response.content.decode()
    assert not Invitation.objects.exists()


def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("invitation", kwargs={"token": "nope"})).status_code == 404


def test_a_mail_server_failure_does_not_break_the_signup(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    response = signup(client)
    assert response.status_code == 302 and response["Location"] == reverse("signup_done")
    assert User.objects.filter(email="amina@asso.example.org").exists()
