"""Signing in with ProConnect against a real OpenID Connect provider on loopback
(tests/proconnect_provider.py): the portal's own code talks to it over HTTP, nothing is mocked."""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications import roles
from applications.models import User
from tests.factories import CarrierFactory, StaffFactory
from tests.proconnect_provider import configure, running_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


@pytest.fixture
def proconnect(settings, provider, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    configure(settings, provider)
    return provider


def start(client, next_url="", **params):
    """Click the button: ``params`` are the other fields of its form (``login_page``)."""
    query = {**({"next": next_url} if next_url else {}), **params}
    response = client.get(reverse("proconnect_login"), query)
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, sub, next_url="", **params):
    """The whole round trip; returns the portal's answer to the provider's return."""
    return client.get(provider.authorize(start(client, next_url, **params), sub))


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


def signed_in_user(client):
    response = client.get(reverse("account"))
    return response.wsgi_request.user if response.status_code == 200 else None


# --------------------------------------------------------------------------------------------
# Off unless configured
# --------------------------------------------------------------------------------------------
def test_without_client_id_no_button_and_no_pages(client, settings):
    settings.PROCONNECT_CLIENT_ID = ""
    page = client.get(reverse("login")).content.decode()
    assert "ProConnect" not in page
    assert client.get(reverse("proconnect_login")).status_code == 404
    assert client.get(reverse("proconnect_callback") + "?code=x&state=y").status_code == 404


def test_login_page_shows_the_proconnect_button(client, proconnect):
    page = client.get(reverse("login") + "?next=/compte/").content.decode()
    assert 'class="fr-connect"' in page
    assert 'class="fr-connect__brand">ProConnect</span>' in page
    assert "S’identifier avec" in page or "S'identifier avec" in page
    assert "Qu’est-ce que ProConnect ?" in page or "Qu'est-ce que ProConnect ?" in page
    assert f'action="{reverse("proconnect_login")}"' in page
    assert 'name="next" value="/compte/"' in page
    # The password form is still there for those without ProConnect.
    assert 'name="password"' in page


def test_authorization_request_carries_state_nonce_and_pkce(client, proconnect):
    query = parse_qs(urlparse(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["portail-ami-test"]
    assert set(query["scope"][0].split()) >= {"openid", "email", "siret", "usual_name", "given_name", "uid"}
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["redirect_uri"] == ["http://testserver" + reverse("proconnect_callback")]
    assert query["claims"] == ['{"id_token": {"amr": {"essential": true}}}']  # amr is only given when asked
    assert "acr_values" not in query
    stored = client.session["oidc_states"][query["state"][0]]
    assert stored["nonce"] == query["nonce"][0] and stored["code_verifier"]


# --------------------------------------------------------------------------------------------
# Who is signed in, with which rights
# --------------------------------------------------------------------------------------------
def test_a_new_person_becomes_a_carrier_without_any_role(client, proconnect):
    proconnect.set_user(
        "sub-new",
        email="Nouvelle.Personne@Asso.example.org",
        email_verified=True,
        given_name="Inès",
        usual_name="Martin",
        siret="12345678900011",
        # Whatever a provider says, nobody gets a role by signing in.
        groups=[roles.GROUP_ADMINISTRATORS],
        is_staff=True,
    )
    response = sign_in(client, proconnect, "sub-new")
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:my_applications")
    user = User.objects.get(email="nouvelle.personne@asso.example.org")
    assert signed_in_user(client) == user
    assert not user.is_staff and not user.is_superuser
    assert not user.groups.exists()
    assert not user.has_usable_password()
    assert user.email_verified_at is not None
    assert user.organisation is None
    # The SIRET waits in the session and pre-fills the organisation's registration.
    assert client.session["proconnect_siret"] == "12345678900011"
    form = client.get(reverse("organisation_create")).context["form"]
    assert form["siret"].value() == "12345678900011"


def test_next_page_is_kept_through_the_provider(client, proconnect):
    proconnect.set_user("sub-next", email="suite@asso.example.org")
    response = sign_in(client, proconnect, "sub-next", next_url="/compte/")
    assert response["Location"] == "/compte/"


def test_a_staff_member_matched_by_email_keeps_exactly_their_roles(client, proconnect):
    reviewer = StaffFactory(role=roles.REVIEWER, email="instructrice@culture.gouv.fr")
    proconnect.set_user(
        "sub-staff",
        email="INSTRUCTRICE@culture.gouv.fr",
        siret="11004601800013",
        groups=[roles.GROUP_ADMINISTRATORS, roles.GROUP_OFFICIALS],
        is_superuser=True,
    )
    response = sign_in(client, proconnect, "sub-staff")
    assert response.status_code == 302
    assert signed_in_user(client) == reviewer
    reviewer.refresh_from_db()
    assert list(reviewer.groups.values_list("name", flat=True)) == [roles.GROUP_REVIEWERS]
    assert reviewer.is_staff and not reviewer.is_superuser
    assert User.objects.count() == 1
    assert Group.objects.get(name=roles.GROUP_ADMINISTRATORS).user_set.count() == 0


def test_a_carrier_signs_in_for_their_own_organisation(client, proconnect):
    carrier = CarrierFactory(email="tresoriere@asso.example.org")
    proconnect.set_user("sub-carrier", email=carrier.email, siret=carrier.organisation.siret)
    sign_in(client, proconnect, "sub-carrier")
    assert signed_in_user(client) == carrier
    assert "proconnect_siret" not in client.session


# --------------------------------------------------------------------------------------------
# Refusals, each in French on the login page
# --------------------------------------------------------------------------------------------
def test_a_replayed_state_is_refused(client, proconnect):
    proconnect.set_user("sub-replay", email="rejeu@asso.example.org")
    callback = proconnect.authorize(start(client), "sub-replay")
    assert client.get(callback).status_code == 302
    assert signed_in_user(client) is not None
    client.logout()

    replayed = client.get(callback)
    assert replayed["Location"] == reverse("login")
    assert messages_of(replayed) == [
        "Cette connexion avec ProConnect n'est plus valable (elle a déjà servi, ou elle a été commencée dans "
        "un autre navigateur). Recommencez depuis la page de connexion."
    ]
    assert signed_in_user(client) is None


def test_a_return_started_in_another_browser_is_refused(client, proconnect, django_user_model):
    from django.test import Client

    proconnect.set_user("sub-other", email="autre@asso.example.org")
    callback = proconnect.authorize(start(Client()), "sub-other")  # someone else's sign-in
    response = client.get(callback)
    assert response["Location"] == reverse("login")
    assert "n'est plus valable" in messages_of(response)[0]
    assert signed_in_user(client) is None
    assert not django_user_model.objects.filter(email="autre@asso.example.org").exists()


def test_a_wrong_nonce_is_refused(client, proconnect):
    # The provider signs an ID token whose nonce is not the one this browser asked for.
    proconnect.set_user("sub-nonce", email="nonce@asso.example.org", nonce="n" * 43)
    response = sign_in(client, proconnect, "sub-nonce")
    assert response["Location"] == reverse("login")
    assert messages_of(response) == [
        "La réponse de ProConnect ne correspond pas à cette demande de connexion (son nonce est différent) : "
        "elle a été refusée. Recommencez depuis la page de connexion."
    ]
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="nonce@asso.example.org").exists()


def test_a_code_verifier_that_does_not_match_is_refused_by_the_provider(client, proconnect):
    proconnect.set_user("sub-pkce", email="pkce@asso.example.org")
    callback = proconnect.authorize(start(client), "sub-pkce")
    session = client.session
    state = parse_qs(urlparse(callback).query)["state"][0]
    session["oidc_states"][state]["code_verifier"] = "x" * 64  # not the one the challenge was made from
    session.save()
    response = client.get(callback)
    assert messages_of(response) == [
        "ProConnect n'a pas confirmé cette connexion. Recommencez depuis la page de connexion."
    ]
    assert signed_in_user(client) is None


def test_an_unverified_email_is_refused(client, proconnect):
    proconnect.set_user("sub-unverified", email="pas.verifiee@asso.example.org", email_verified=False)
    response = sign_in(client, proconnect, "sub-unverified")
    assert response["Location"] == reverse("login")
    assert messages_of(response) == [
        "ProConnect indique que votre adresse électronique pas.verifiee@asso.example.org n'a pas été "
        "vérifiée. Confirmez-la auprès de votre fournisseur d'identité (ou sur ProConnect Identité), "
        "puis connectez-vous à nouveau."
    ]
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="pas.verifiee@asso.example.org").exists()


def test_a_siret_that_is_not_the_organisations_is_refused(client, proconnect):
    carrier = CarrierFactory(email="presidente@asso.example.org", organisation__name="Les Amis du Parc")
    other_siret = "73282932000074" if carrier.organisation.siret != "73282932000074" else "35600000000048"
    proconnect.set_user("sub-siret", email=carrier.email, siret=other_siret)
    response = sign_in(client, proconnect, "sub-siret")
    assert response["Location"] == reverse("login")
    assert messages_of(response) == [
        f"Votre compte est rattaché à Les Amis du Parc (SIRET {carrier.organisation.siret}), mais ProConnect "
        f"vous a connecté pour l'établissement de SIRET {other_siret}. Reconnectez-vous avec ProConnect en "
        "choisissant Les Amis du Parc, ou connectez-vous avec votre mot de passe."
    ]
    assert signed_in_user(client) is None


def test_a_deactivated_account_is_refused(client, proconnect):
    CarrierFactory(email="partie@asso.example.org", is_active=False, organisation=None)
    proconnect.set_user("sub-inactive", email="partie@asso.example.org")
    response = sign_in(client, proconnect, "sub-inactive")
    assert messages_of(response) == ["Ce compte est désactivé. Contactez l'équipe du portail."]
    assert signed_in_user(client) is None


def test_a_refusal_at_the_provider_is_said(client, proconnect):
    location = start(client)
    response = client.get(
        reverse("proconnect_callback") + f"?error=access_denied&state={parse_qs(urlparse(location).query)['state'][0]}"
    )
    assert messages_of(response) == ["La connexion avec ProConnect a été annulée ou refusée par ProConnect."]
    assert client.session["oidc_states"] == {}


# --------------------------------------------------------------------------------------------
# The staff second factor
# --------------------------------------------------------------------------------------------
@pytest.fixture
def otp_required(settings):
    settings.AMI_REQUIRE_STAFF_OTP = True


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"acr": "eidas2"}, True),
        ({"acr": "eidas3"}, True),
        ({"acr": "eidas1", "amr": ["pwd", "mfa"]}, True),
        ({"acr": "eidas1"}, False),
        ({"acr": "eidas1", "amr": ["pwd"]}, False),
        ({}, False),
    ],
)
def test_a_strong_authentication_stands_for_the_staff_second_factor(client, proconnect, otp_required, claims, verified):
    StaffFactory(role=roles.REVIEWER, email="agent@culture.gouv.fr")
    proconnect.set_user("sub-agent", email="agent@culture.gouv.fr", **claims)
    sign_in(client, proconnect, "sub-agent")
    response = client.get(reverse("admin:index"))
    if verified:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("otp_setup"))


def test_a_password_sign_in_still_asks_for_the_code_after_a_strong_proconnect_one(client, proconnect, otp_required):
    agent = StaffFactory(role=roles.REVIEWER, email="agente@culture.gouv.fr")
    proconnect.set_user("sub-agente", email=agent.email, acr="eidas2")
    sign_in(client, proconnect, "sub-agente")
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("logout"))

    client.post(reverse("login"), {"username": agent.email, "password": "mot-de-passe-solide-2024"})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))


# --------------------------------------------------------------------------------------------
# Logout at the provider
# --------------------------------------------------------------------------------------------
def test_logout_after_proconnect_ends_the_provider_session(client, proconnect):
    proconnect.set_user("sub-logout", email="depart@asso.example.org")
    sign_in(client, proconnect, "sub-logout")
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("logout"))
    target = urlparse(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{proconnect.url}/oauth2/end_session"
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver" + reverse("proconnect_logged_out")]
    assert len(query["state"][0]) >= 32
    assert signed_in_user(client) is None

    back = client.get(reverse("proconnect_logged_out") + f"?state={query['state'][0]}")
    assert messages_of(back) == ["Vous êtes déconnecté du portail et de ProConnect."]


def test_logout_after_a_password_sign_in_stays_local(client, proconnect):
    carrier = CarrierFactory()
    client.force_login(carrier, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")


# --------------------------------------------------------------------------------------------
# Settings from the environment
# --------------------------------------------------------------------------------------------
def _settings_with(env: dict) -> dict:
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, ami_portal.settings as s; print(json.dumps({'backends': s.AUTHENTICATION_BACKENDS, "
        "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], 'apps': s.INSTALLED_APPS}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PROCONNECT_")}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, "AMI_ALLOW_DEV_SECRET": "1", **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_settings_turn_proconnect_on_only_with_a_client_id():
    off = _settings_with({})
    assert "applications.proconnect.ProConnectBackend" not in off["backends"]
    assert off["form_action"] == ["'self'"]
    on = _settings_with(
        {
            "PROCONNECT_CLIENT_ID": "id",
            "PROCONNECT_CLIENT_SECRET": "secret",
            "PROCONNECT_DISCOVERY_URL": "https://fca.integ01.dev-agentconnect.fr/api/v2/.well-known/openid-configuration",
        }
    )
    assert on["backends"][-1] == "applications.proconnect.ProConnectBackend"
    # The forms that lead to the provider (sign-in, logout) are allowed to, and only there.
    assert on["form_action"] == ["'self'", "https://fca.integ01.dev-agentconnect.fr"]
    assert "django_otp.plugins.otp_static" in off["apps"] and "django_otp.plugins.otp_static" in on["apps"]


def test_an_account_deactivated_meanwhile_is_signed_out(client, proconnect):
    carrier = CarrierFactory(email="bientot.partie@asso.example.org")
    proconnect.set_user("sub-later", email=carrier.email, siret=carrier.organisation.siret)
    sign_in(client, proconnect, "sub-later")
    assert signed_in_user(client) == carrier
    User.objects.filter(pk=carrier.pk).update(is_active=False)
    assert signed_in_user(client) is None


# --------------------------------------------------------------------------------------------
# Tokens the provider signs: issuer and audience
# --------------------------------------------------------------------------------------------
def test_an_id_token_from_another_issuer_is_refused(client, proconnect, settings):
    settings.PROCONNECT_ISSUER = "https://un-autre-fournisseur.example"
    proconnect.set_user("sub-issuer", email="emetteur@asso.example.org")
    response = sign_in(client, proconnect, "sub-issuer")
    assert messages_of(response) == ["La réponse de ProConnect n'a pas pu être vérifiée : la connexion est refusée."]
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    ("extra", "accepted"),
    [
        ({}, True),  # a signed userinfo answer may carry neither issuer nor audience
        ({"iss": "ISSUER", "aud": "portail-ami-test"}, True),
        ({"iss": "ISSUER", "aud": ["portail-ami-test", "autre"]}, True),
        ({"aud": "un-autre-service"}, False),
        ({"iss": "https://un-autre-fournisseur.example"}, False),
    ],
)
def test_a_signed_userinfo_answer_is_checked_when_it_names_issuer_or_audience(proconnect, monkeypatch, extra, accepted):
    import time

    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from applications import proconnect as module

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer = module.provider().issuer
    claims = {"sub": "s", "email": "a@b.example", "exp": int(time.time()) + 60}
    claims.update({name: issuer if value == "ISSUER" else value for name, value in extra.items()})
    token = jwt.encode(claims, key, algorithm="RS256")
    backend = module.ProConnectBackend()
    monkeypatch.setattr(backend, "_signing_key", lambda token: key.public_key())
    if accepted:
        assert backend.verify_token(token)["email"] == "a@b.example"
    else:
        with pytest.raises(module.Refused):
            backend.verify_token(token)


def test_configured_acr_values_are_asked_for(client, proconnect, settings):
    settings.PROCONNECT_ACR_VALUES = "eidas2"
    assert parse_qs(urlparse(start(client)).query)["acr_values"] == ["eidas2"]


# --------------------------------------------------------------------------------------------
# The staff area's login page
# --------------------------------------------------------------------------------------------
def admin_sign_in(client, provider, sub, next_url="/gestion/"):
    """What the button of the admin's login page sends: its ``next`` and ``login_page=admin``."""
    return sign_in(client, provider, sub, next_url, login_page="admin")


def test_the_admin_login_page_shows_the_proconnect_button(client, proconnect):
    page = client.get(reverse("admin:login") + "?next=/gestion/applications/call/").content.decode()
    assert f'action="{reverse("proconnect_login")}"' in page
    assert 'class="fr-connect__brand">ProConnect</span>' in page
    assert "S’identifier avec" in page and "Qu’est-ce que ProConnect ?" in page
    assert 'name="next" value="/gestion/applications/call/"' in page
    assert 'name="login_page" value="admin"' in page
    assert "<h1" in page and "Se connecter" in page
    # Django's password form is still there, after it.
    assert page.index('name="login_page"') < page.index('id="login-form"')
    assert 'name="password"' in page
    # Without a next page, the button leads to the staff area's home.
    plain = client.get(reverse("admin:login")).content.decode()
    assert f'name="next" value="{reverse("admin:index")}"' in plain


def test_without_client_id_the_admin_login_page_has_no_button(client, settings):
    settings.PROCONNECT_CLIENT_ID = ""
    page = client.get(reverse("admin:login")).content.decode()
    assert "ProConnect" not in page and "connect.min.css" not in page
    assert 'id="login-form"' in page


@pytest.mark.parametrize(
    ("claims", "asked"),
    [
        ({"acr": "eidas2", "amr": ["pwd", "mfa"]}, None),  # strong: straight into the staff area
        ({"acr": "eidas1", "amr": ["pwd"]}, "otp_setup"),  # weak, no device yet: enrol one
    ],
)
def test_staff_sign_in_from_the_admin_login_page(client, proconnect, otp_required, claims, asked):
    StaffFactory(role=roles.COMMITTEE, email="membre@culture.gouv.fr")
    proconnect.set_user("sub-admin", email="membre@culture.gouv.fr", **claims)
    response = admin_sign_in(client, proconnect, "sub-admin", next_url="/gestion/applications/call/")
    assert response["Location"] == "/gestion/applications/call/"
    home = client.get(reverse("admin:index"))
    if asked is None:
        assert home.status_code == 200
    else:
        assert home.status_code == 302 and home["Location"].startswith(reverse(asked))


def test_weak_sign_in_of_staff_with_a_device_asks_for_its_code(client, proconnect, otp_required):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    member = StaffFactory(role=roles.OFFICIAL, email="signataire@interieur.gouv.fr")
    TOTPDevice.objects.create(user=member, name="Téléphone", confirmed=True)
    proconnect.set_user("sub-code", email=member.email, acr="eidas1")
    admin_sign_in(client, proconnect, "sub-code")
    home = client.get(reverse("admin:index"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("otp_verify"))


def test_nobody_becomes_staff_by_signing_in_from_the_admin_login_page(client, proconnect):
    proconnect.set_user(
        "sub-intrus", email="intrus@asso.example.org", acr="eidas3", groups=[roles.GROUP_ADMINISTRATORS], is_staff=True
    )
    admin_sign_in(client, proconnect, "sub-intrus")
    person = User.objects.get(email="intrus@asso.example.org")
    assert signed_in_user(client) == person  # signed in, as the carrier account this makes…
    assert not person.is_staff and not person.is_superuser and not person.groups.exists()
    # …and the staff area stays closed: Django's admin sends the person back to its login page.
    home = client.get(reverse("admin:index"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("admin:login"))
    page = client.get(home["Location"]).content.decode()
    assert "intrus@asso.example.org" in page and 'id="login-form"' in page


def test_a_refusal_started_from_the_admin_is_explained_on_its_login_page(client, proconnect):
    proconnect.set_user("sub-unverified-staff", email="agent.douteux@culture.gouv.fr", email_verified=False)
    response = admin_sign_in(client, proconnect, "sub-unverified-staff", next_url="/gestion/review/")
    assert response["Location"] == reverse("admin:login") + "?" + urlencode({"next": "/gestion/review/"})
    page = client.get(response["Location"])
    assert "n&#x27;a pas été vérifiée" in page.content.decode() or "n'a pas été vérifiée" in page.content.decode()
    assert signed_in_user(client) is None
    # A later sign-in from the portal's page is explained on the portal's page again.
    replayed = client.get(reverse("proconnect_callback"), {"code": "x", "state": "inconnu"})
    assert replayed["Location"] == reverse("admin:login") + "?" + urlencode({"next": "/gestion/review/"})
    start(client)
    assert client.get(reverse("proconnect_callback"), {"code": "x", "state": "inconnu"})["Location"] == reverse("login")


def test_login_page_is_only_one_of_ours(client, proconnect):
    """The refusal's page comes from a list: a ``login_page`` naming anything else is the portal's."""
    start(client, login_page="https://ailleurs.example/")
    assert client.get(reverse("proconnect_callback"), {"code": "x", "state": "y"})["Location"] == reverse("login")


# --------------------------------------------------------------------------------------------
# Rate limits
# --------------------------------------------------------------------------------------------
@pytest.fixture
def rate_limited(settings, fresh_cache):
    settings.AMI_RATE_LIMITS_ENABLED = True
    return settings


@pytest.mark.parametrize("url_name", ["proconnect_login", "proconnect_callback"])
def test_proconnect_pages_are_rate_limited_with_a_french_page(client, proconnect, rate_limited, url_name):
    from ami_portal import security

    limit = security.DEFAULT_RATE_LIMITS[url_name].count
    answers = [client.get(reverse(url_name), {"code": "x", "state": "y"}) for _ in range(limit + 1)]
    assert all(answer.status_code == 302 for answer in answers[:limit])
    throttled = answers[-1]
    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= 900
    page = throttled.content.decode()
    assert "Trop de demandes" in page and "Réessayez dans" in page
    # Another connection is not held back.
    assert client.get(reverse(url_name), {"code": "x", "state": "y"}, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_whole_sign_in_under_the_limit_goes_through(client, proconnect, rate_limited):
    proconnect.set_user("sub-limit", email="limite@asso.example.org")
    assert sign_in(client, proconnect, "sub-limit").status_code == 302
    assert signed_in_user(client) is not None
