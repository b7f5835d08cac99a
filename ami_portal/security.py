"""Security rules of the portal that are not tied to one screen: who counts as staff, the client's
address behind the reverse proxy and the instant the proxy received the request, rate limits on
the account pages, and the staff second factor (TOTP, django-otp).

Middlewares (``ami_portal.middleware``) and the second-factor screens (``ami_portal.otp_views``)
call these functions; they hold no request-specific state themselves.
"""

import functools
import hashlib
import io
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications import roles

from .net import parse_address, trusted_proxy_networks
from .tasks import retried_task

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Who is staff
# --------------------------------------------------------------------------------------------


def is_staff_account(user) -> bool:
    """Reviewers, committee members, officials and administrators (anyone who may open the admin)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or roles.staff_roles(user))


def second_factor_required(user) -> bool:
    return bool(getattr(settings, "AMI_REQUIRE_STAFF_OTP", False)) and is_staff_account(user)


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


# --------------------------------------------------------------------------------------------
# The client's address
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return trusted_proxy_networks(spec)


def from_trusted_proxy(request) -> bool:
    """Whether ``request`` reached this app server from one of our reverse proxies
    (``AMI_TRUSTED_PROXIES``): only then are the headers the proxy writes believed."""
    networks = _networks(tuple(getattr(settings, "AMI_TRUSTED_PROXIES", ()) or ()))
    peer = parse_address(request.META.get("REMOTE_ADDR", "") or "")
    return bool(networks) and peer is not None and any(peer in network for network in networks)


def client_ip(request) -> str:
    """The address of the person, not of our reverse proxy.

    ``X-Forwarded-For`` is read only when the request itself comes from a trusted proxy
    (``AMI_TRUSTED_PROXIES``: the reverse proxies' addresses or networks). Each proxy appends the
    address it saw on the right; reading from the right, the first address that is not one of
    our proxies is the client's. Anything further left was written by the client and is never
    trusted; a request from anywhere else keeps REMOTE_ADDR whatever headers it carries. Rate
    limits, login lock-outs and the logs all count on this address.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not from_trusted_proxy(request):
        return remote
    networks = _networks(tuple(getattr(settings, "AMI_TRUSTED_PROXIES", ()) or ()))
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return remote  # a proxy never writes this: the header is not to be believed
        if not any(address in network for network in networks):
            return str(address)
    return str(parse_address(hops[0])) if hops else remote  # only our proxies on the way


# --------------------------------------------------------------------------------------------
# When the request arrived
# --------------------------------------------------------------------------------------------
ARRIVAL_HEADER = "HTTP_X_REQUEST_START"
# The oldest stamp believed: nginx gives up on an app server after proxy_read_timeout (90 s), so a
# request processed five minutes after it arrived cannot be a real one.
ARRIVAL_MAX_AGE = timedelta(minutes=5)
_ARRIVAL_STAMP = re.compile(r"t=(\d{1,12})(?:\.(\d{1,6}))?")


def request_arrival(request, now: datetime | None = None) -> datetime | None:
    """The instant the portal's own reverse proxy received ``request``, or ``None``.

    Our nginx stamps every request it passes on, with its own clock, never the client's:
    ``proxy_set_header X-Request-Start "t=${msec}"`` (seconds since the epoch, to the millisecond;
    it replaces whatever header the client sent). The stamp is the time the whole request had
    reached the portal, before it waited in an app server's queue. It is believed only when the
    request comes from a trusted proxy (``AMI_TRUSTED_PROXIES``; from anywhere else anyone can
    write it), and only between ``now - ARRIVAL_MAX_AGE`` and ``now``: a stamp in the future or
    older than that is ignored (and logged), and the caller then goes by its own clock, as it
    does without a stamp. Used for the deadline of a submission only (``submit_application``).
    """
    raw = request.META.get(ARRIVAL_HEADER, "").strip()
    if not raw or not from_trusted_proxy(request):
        return None
    match = _ARRIVAL_STAMP.fullmatch(raw)
    if match is None:
        logger.warning("X-Request-Start ignored: not « t=<seconds>[.<fraction>] »: %r", raw[:80])
        return None
    seconds, fraction = match.groups()
    try:
        arrived = datetime.fromtimestamp(int(seconds), tz=UTC) + timedelta(
            microseconds=int((fraction or "0").ljust(6, "0"))
        )
    except (OverflowError, OSError, ValueError):  # beyond the years a datetime holds
        logger.warning("X-Request-Start ignored: not a date: %r", raw[:80])
        return None
    now = now or timezone.now()
    if arrived > now:
        logger.warning("X-Request-Start ignored: %s is later than the app server's clock (%s)", arrived, now)
        return None
    if arrived < now - ARRIVAL_MAX_AGE:
        logger.warning("X-Request-Start ignored: %s is older than %s before %s", arrived, ARRIVAL_MAX_AGE, now)
        return None
    return arrived


def axes_username(request, credentials=None) -> str:
    """The login name django-axes counts failures against: emails are case-insensitive here, so
    « Marie@… » and « marie@… » must share one counter (otherwise changing the case resets it)."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return (value or "").strip().lower()


# --------------------------------------------------------------------------------------------
# Rate limits
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Limit:
    """At most ``count`` requests per ``window`` seconds, per address (and per email when
    ``per_email``: the address a sign-up or a reset is sent to, however many machines ask)."""

    count: int
    window: int
    methods: tuple[str, ...] = ("POST",)
    per_email: int = 0


DEFAULT_RATE_LIMITS = {
    "signup": Limit(5, 3600, per_email=3),
    "password_reset": Limit(5, 3600, per_email=3),
    "resend_verification": Limit(3, 900),
    "verify_email": Limit(20, 3600, methods=("GET", "POST")),
    "password_reset_confirm": Limit(20, 3600, methods=("GET", "POST")),
    "login": Limit(30, 900),
    "admin:login": Limit(30, 900),
    "otp_verify": Limit(10, 900),
    "otp_setup": Limit(10, 900),
    "invitation": Limit(30, 3600, methods=("GET", "POST")),
    # ProConnect: each start stores a state in the session and sends the browser to the provider;
    # each return makes the portal call the provider (token, keys, userinfo).
    "proconnect_login": Limit(30, 900, methods=("GET",)),
    "proconnect_callback": Limit(30, 900, methods=("GET",)),
}


def rate_limits() -> dict[str, Limit]:
    configured = getattr(settings, "AMI_RATE_LIMITS", None)
    return configured if configured is not None else DEFAULT_RATE_LIMITS


def rate_limits_enabled() -> bool:
    return bool(getattr(settings, "AMI_RATE_LIMITS_ENABLED", True))


def _hit(key: str, limit: int, window: int, now: float) -> int | None:
    """Count one request against ``key``; the seconds to wait when over ``limit``, else ``None``.

    A fixed window per key, in the shared cache (Redis in production): the counter starts at the
    first request and is forgotten ``window`` seconds later.
    """
    bucket = int(now // window)
    cache_key = f"ami:rl:{key}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(1, int((bucket + 1) * window - now))
    return None


def _email_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def check_rate_limit(*, name: str, method: str, ip: str, email: str = "", now: float | None = None) -> int | None:
    """Record a request to the URL named ``name``; seconds to wait when it goes over its limit."""
    if not rate_limits_enabled():
        return None
    limit = rate_limits().get(name)
    if limit is None or method not in limit.methods:
        return None
    now = time.time() if now is None else now
    waits = [_hit(f"{name}:ip:{ip}", limit.count, limit.window, now)]
    if limit.per_email and email:
        waits.append(_hit(f"{name}:email:{_email_key(email)}", limit.per_email, limit.window, now))
    waits = [wait for wait in waits if wait]
    return max(waits) if waits else None


# --------------------------------------------------------------------------------------------
# Second factor (TOTP)
# --------------------------------------------------------------------------------------------
DEVICE_NAME = "Application d'authentification"


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def has_second_factor(user) -> bool:
    return confirmed_devices(user).exists()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: created on first visit, kept until it is confirmed by a code."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_device(device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` when ``token`` is its current code (throttled by django-otp)."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Other half-finished enrolments are useless from now on.
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def verify_code(user, token: str) -> TOTPDevice | None:
    token = token.strip().replace(" ", "")
    for device in confirmed_devices(user):
        if device.verify_token(token):
            return device
    return None


def provisioning_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` URI authenticator apps read from the QR code (issuer: OTP_TOTP_ISSUER)."""
    return device.config_url


def secret_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(text: str) -> str:
    """An SVG QR code of ``text`` (inline markup: no image request, no inline script or style)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.find("<svg") :]
    return re.sub(r'width="[^"]+" height="[^"]+"', 'width="220" height="220"', svg, count=1)


# --------------------------------------------------------------------------------------------
# No account enumeration through timing
# --------------------------------------------------------------------------------------------
class QueuedPasswordResetForm(PasswordResetForm):
    """The forgotten-password form queues the same task whether or not the address has an account.

    Django's own form renders and sends the email inside the request, for known addresses only: the
    answer then takes longer when the account exists. Here the request only queues a task (with the
    worker of the production profile, nothing else happens in it), and the worker looks the account
    up. The reset link is made by the worker and never stored: the task holds only the address.
    """

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or (request.get_host() if request is not None else "")
        send_password_reset.enqueue(
            email=self.cleaned_data["email"],
            domain=domain,
            use_https=bool(use_https),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            subject_template_name=kwargs.get("subject_template_name", "registration/password_reset_subject.txt"),
            email_template_name=kwargs.get("email_template_name", "registration/password_reset_email.html"),
        )


@retried_task(max_attempts=3)
def send_password_reset(
    *, email: str, domain: str, use_https: bool, language: str, subject_template_name: str, email_template_name: str
) -> None:
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        PasswordResetForm.save(
            form,
            domain_override=domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
        )


def spend_password_hash_time(password: str) -> None:
    """Hash ``password`` for nothing, where the other branch of a code path hashes one for real:
    both then take the same time (a sign-up with a known address must not answer faster)."""
    make_password(password)
