"""Signing in with ProConnect, the State's identity federation (OpenID Connect), through
mozilla-django-oidc.

What a sign-in may and may not do:

- The account is found by its **verified** email address. ProConnect documents ``email`` as always
  given and vouched for: it comes from the directory of the person's administration (agents) or was
  checked by a code sent to the mailbox (ProConnect Identité); it does not document
  ``email_verified``. So an absent ``email_verified`` counts as verified, and only an explicit
  ``false`` (a provider that says it did not check) is refused.
- An address nobody uses yet becomes a carrier account: no staff flag, no group, no password (the
  person may set one with « Mot de passe oublié »). Roles are given by an administrator, never by
  signing in; an existing account keeps exactly the roles it had.
- The ``siret`` ProConnect returns is the establishment the person chose when signing in. For a
  person who belongs to an organisation here, it must be that organisation's SIRET; a person
  without one gets it remembered in the session, to pre-fill the organisation's registration. It
  never joins anyone to an existing organisation: membership is given by an invitation.
- A strong authentication at the provider (``acr`` in ``PROCONNECT_STRONG_ACR``, or ``amr``
  containing one of ``PROCONNECT_STRONG_AMR``) stands for the staff second factor of this
  portal for that session: the session is marked as django-otp marks it after a TOTP code, with
  a device of its own (``strong_authentication_device``) that accepts no code, so that password
  sign-ins are exactly as strict as before.

Every refusal raises ``Refused`` with the sentence the person reads on the login page.
"""

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User

logger = logging.getLogger(__name__)

BACKEND = "applications.proconnect.ProConnectBackend"
SESSION_ID_TOKEN = "oidc_id_token"  # where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN)
SESSION_SIRET = "proconnect_siret"
SESSION_LOGOUT_STATE = "proconnect_logout_state"
DEVICE_NAME = "ProConnect"
DISCOVERY_CACHE_SECONDS = 3600


class Refused(Exception):
    """A sign-in refused, with the sentence shown to the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_enabled() -> bool:
    return bool(getattr(settings, "PROCONNECT_CLIENT_ID", ""))


# --------------------------------------------------------------------------------------------
# The provider's endpoints
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str


_ENDPOINT_SETTINGS = {
    "issuer": "PROCONNECT_ISSUER",
    "authorization_endpoint": "PROCONNECT_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "PROCONNECT_TOKEN_ENDPOINT",
    "userinfo_endpoint": "PROCONNECT_USERINFO_ENDPOINT",
    "jwks_uri": "PROCONNECT_JWKS_ENDPOINT",
    "end_session_endpoint": "PROCONNECT_END_SESSION_ENDPOINT",
}


def _discovery_document(url: str) -> dict:
    key = "ami:proconnect:discovery:" + hashlib.sha256(url.encode()).hexdigest()[:32]
    document = cache.get(key)
    if document is None:
        response = requests.get(url, timeout=settings.PROCONNECT_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def provider() -> Provider:
    """The endpoints given one by one in the settings, the others read from the discovery document
    (fetched on first use, not at start-up, and kept an hour in the shared cache)."""
    values = {field: getattr(settings, name, "") for field, name in _ENDPOINT_SETTINGS.items()}
    if not all(values.values()):
        url = getattr(settings, "PROCONNECT_DISCOVERY_URL", "")
        if not url:
            raise ImproperlyConfigured("ProConnect: set PROCONNECT_DISCOVERY_URL or every PROCONNECT_*_ENDPOINT.")
        document = _discovery_document(url)
        values = {field: value or document.get(field, "") for field, value in values.items()}
    return Provider(**values)


def oidc_setting(attr: str, *default):
    """The settings mozilla-django-oidc asks for, made from the PROCONNECT_* ones."""
    endpoints = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
        "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
        "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
        "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    }
    if attr in endpoints:
        return getattr(provider(), endpoints[attr])
    fixed = {
        "OIDC_RP_CLIENT_ID": settings.PROCONNECT_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.PROCONNECT_CLIENT_SECRET,
        "OIDC_RP_SCOPES": settings.PROCONNECT_SCOPES,
        "OIDC_RP_SIGN_ALGO": settings.PROCONNECT_SIGN_ALGO,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_STATE_SIZE": 43,  # ProConnect asks for at least 32 characters
        "OIDC_NONCE_SIZE": 43,
        "OIDC_STORE_ID_TOKEN": True,  # the id_token_hint of the logout at the provider
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "proconnect_callback",
        "OIDC_TIMEOUT": settings.PROCONNECT_TIMEOUT,
        "OIDC_VERIFY_SSL": True,
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": authorization_extra_params(),
        "LOGIN_REDIRECT_URL": settings.LOGIN_REDIRECT_URL,
    }
    if attr in fixed:
        return fixed[attr]
    if default:
        return getattr(settings, attr, default[0])
    return getattr(settings, attr)


def authorization_extra_params() -> dict:
    """``amr`` is only in the ID token when asked for, exactly this way (ProConnect's documentation;
    ``acr`` always is); ``acr_values`` only when configured (a level the provider must reach)."""
    params = {"claims": json.dumps({"id_token": {"amr": {"essential": True}}})}
    if settings.PROCONNECT_ACR_VALUES:
        params["acr_values"] = settings.PROCONNECT_ACR_VALUES
    return params


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------
def is_strong_authentication(claims: dict) -> bool:
    acr = claims.get("acr")
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    strong_acr = set(settings.PROCONNECT_STRONG_ACR)
    strong_amr = set(settings.PROCONNECT_STRONG_AMR)
    return (isinstance(acr, str) and acr in strong_acr) or bool(strong_amr.intersection(map(str, amr)))


def normalised_siret(value) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def verified_email(claims: dict) -> str:
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise Refused(_("ProConnect did not give your email address: you cannot be signed in."))
    if claims.get("email_verified") is False or str(claims.get("email_verified")).lower() == "false":
        raise Refused(
            _(
                "ProConnect says your email address %(email)s has not been verified. Confirm it with your "
                "identity provider (or on ProConnect Identité), then sign in again."
            )
            % {"email": email}
        )
    return email


def check_organisation(user: User, claims: dict) -> None:
    """A member of an organisation signs in for that organisation's establishment only."""
    if user.organisation_id is None:
        return
    expected = user.organisation.siret
    given = normalised_siret(claims.get("siret"))
    if given != expected:
        raise Refused(
            _(
                "Your account belongs to %(organisation)s (SIRET %(expected)s), but ProConnect signed you in "
                "for the establishment with SIRET %(given)s. Sign in again with ProConnect choosing "
                "%(organisation)s, or sign in with your password."
            )
            % {"organisation": user.organisation.name, "expected": expected, "given": given or "—"}
        )


def strong_authentication_device(user: User) -> StaticDevice:
    """The device that stands for « signed in through a strong ProConnect authentication » in
    django-otp's session mark. It holds no code: nothing can be verified against it."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=DEVICE_NAME, defaults={"confirmed": True})
    return device


@dataclass
class SignIn:
    """What the callback view needs once the person is signed in."""

    strong: bool
    siret: str


# --------------------------------------------------------------------------------------------
# The backend
# --------------------------------------------------------------------------------------------
class ProConnectBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with the issuer and audience checked, the claims above, and
    the endpoints resolved only when a sign-in happens (Django builds a backend on every request
    of a signed-in person, to load them)."""

    def __init__(self, *args, **kwargs):
        self.UserModel = User

    get_settings = staticmethod(oidc_setting)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: provider().token_endpoint)
    OIDC_OP_USER_ENDPOINT = property(lambda self: provider().userinfo_endpoint)
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: provider().jwks_uri)
    OIDC_RP_CLIENT_ID = property(lambda self: settings.PROCONNECT_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.PROCONNECT_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.PROCONNECT_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not is_enabled() or request is None or "nonce" not in kwargs:
            return None  # a password sign-in: not ours
        return super().authenticate(request, **kwargs)

    def _signing_key(self, token: str):
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused(_("ProConnect's answer is not signed as agreed: the sign-in is refused."))
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.PROCONNECT_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in jwt.PyJWKSet.from_dict(response.json()).keys
            if key.key_id == header.get("kid") or ("kid" not in header)
        ]
        if not keys:
            raise Refused(_("ProConnect's answer is not signed as agreed: the sign-in is refused."))
        return keys[0]

    def verify_token(self, token, **kwargs):
        """The ID token (with ``nonce``) and a signed userinfo answer: the signature with the agreed
        algorithm, expiry, and, when present (always in an ID token), the issuer and audience."""
        if self.OIDC_RP_SIGN_ALGO not in {"RS256", "ES256"}:
            raise ImproperlyConfigured("PROCONNECT_SIGN_ALGO must be RS256 or ES256.")
        is_id_token = "nonce" in kwargs
        try:
            payload = jwt.decode(
                token,
                self._signing_key(token),
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                options={"require": ["exp", "iat", "iss", "aud"] if is_id_token else [], "verify_aud": is_id_token},
                leeway=60,
            )
            # A signed userinfo answer may go without issuer and audience; when it has them, they
            # are checked as the ID token's are.
            if (is_id_token or "iss" in payload) and payload.get("iss") != provider().issuer:
                raise jwt.InvalidIssuerError("unexpected issuer")
            audiences = payload.get("aud", self.OIDC_RP_CLIENT_ID)
            if self.OIDC_RP_CLIENT_ID not in ([audiences] if isinstance(audiences, str) else audiences):
                raise jwt.InvalidAudienceError("unexpected audience")
        except jwt.PyJWTError as exc:
            logger.warning("ProConnect token refused: %s", exc)
            raise Refused(_("ProConnect's answer could not be verified: the sign-in is refused.")) from exc
        if is_id_token:
            nonce = kwargs.get("nonce")
            if not nonce or not secrets.compare_digest(str(payload.get("nonce", "")), str(nonce)):
                raise Refused(
                    _(
                        "ProConnect's answer does not belong to this sign-in (its nonce does not match): "
                        "it has been refused. Start again from the login page."
                    )
                )
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise Refused(_("ProConnect's answer could not be verified: the sign-in is refused."))
        # acr and amr are in the ID token only.
        return {**claims, "acr": payload.get("acr"), "amr": payload.get("amr")}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = verified_email(claims)
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email__iexact=email).first()
            if user is None:
                user = self.create_user({**claims, "email": email})
            else:
                user = self.update_user(user, claims)
        if not user.is_active:
            raise Refused(_("This account is deactivated. Contact the portal's team."))
        check_organisation(user, claims)
        self.request.proconnect = SignIn(
            strong=is_strong_authentication(claims), siret=normalised_siret(claims.get("siret"))
        )
        return user

    def get_user(self, user_id):
        """The signed-in person on each request, as Django's own backend does: a deactivated
        account is signed out at once (mozilla-django-oidc's backend does not check)."""
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def create_user(self, claims):
        """A carrier account: no staff flag, no group, no usable password."""
        user = User(
            email=claims["email"],
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("usual_name") or claims.get("family_name") or "")[:150],
            email_verified_at=timezone.now(),
        )
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user, claims):
        """Only what ProConnect vouches for and the account lacks: names left empty, and the
        address as verified. Roles, staff flag and organisation are never touched."""
        changed = []
        if not user.first_name and claims.get("given_name"):
            user.first_name = str(claims["given_name"])[:150]
            changed.append("first_name")
        if not user.last_name and (claims.get("usual_name") or claims.get("family_name")):
            user.last_name = str(claims.get("usual_name") or claims.get("family_name"))[:150]
            changed.append("last_name")
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            changed.append("email_verified_at")
        if changed:
            user.save(update_fields=changed)
        return user


# --------------------------------------------------------------------------------------------
# Logout at the provider
# --------------------------------------------------------------------------------------------
def end_session_url(*, id_token: str, state: str, post_logout_redirect_uri: str) -> str:
    """RP-initiated logout: the browser goes to the provider, which ends its session (and the
    identity provider's) and comes back to ``post_logout_redirect_uri`` with ``state``."""
    query = urlencode({"id_token_hint": id_token, "state": state, "post_logout_redirect_uri": post_logout_redirect_uri})
    return f"{provider().end_session_endpoint}?{query}"
