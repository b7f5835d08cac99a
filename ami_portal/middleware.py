"""Middlewares of the portal's security rules (the rules themselves are in ``ami_portal.security``).

- ``SecurityHeadersMiddleware`` (just inside Django's ``SecurityMiddleware``, before whitenoise):
  the headers every response carries, static files, downloads and error pages included —
  Permissions-Policy, Cross-Origin-Resource-Policy, frame denial, and the Content-Security-Policy
  for the responses django-csp does not reach; pages for signed-in people are not cached.
- ``RateLimitMiddleware``: the account pages named in ``security.rate_limits()`` answer a French
  429 page with ``Retry-After`` once an address (or a target email) goes over its limit.
- ``NotFoundWhenForbiddenMiddleware``: a refused permission (``PermissionDenied``, as Django's own
  admin screens raise) answers the 404 page, as every forbidden object does in the portal: nobody
  learns that something exists where they may not look. (A refused form — CSRF — keeps its 403.)
- ``StaffSecurityMiddleware``: staff sessions end after ``AMI_STAFF_SESSION_IDLE`` seconds of
  inactivity and ``AMI_STAFF_SESSION_MAX`` seconds in all; with ``AMI_REQUIRE_STAFF_OTP`` a staff
  member reaches nothing but the second-factor screens until they have entered a TOTP code.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import security

logger = logging.getLogger("ami_portal.storage")

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(), usb=(), "
    "xr-spatial-tracking=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", getattr(settings, "AMI_PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
        response.setdefault("X-Content-Type-Options", "nosniff")
        if "Content-Security-Policy" not in response and not (settings.DEBUG and response.status_code >= 400):
            from csp.utils import build_policy

            policy = build_policy()
            if policy:
                response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            # Personal pages stay out of shared caches and of the back button after logging out.
            response["Cache-Control"] = "private, no-store"
        return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in security.rate_limits():
            return None
        email = request.POST.get("email", "") if request.method == "POST" else ""
        wait = security.check_rate_limit(
            name=match.view_name, method=request.method, ip=security.client_ip(request), email=email
        )
        if wait is None:
            return None
        minutes = max(1, (wait + 59) // 60)
        response = render(
            request,
            "429.html",
            {
                "wait_message": ngettext(
                    "Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes.", minutes
                )
                % {"minutes": minutes}
            },
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response


OTP_FREE_URLS = {"otp_setup", "otp_verify", "logout", "admin:logout", "set_language", "health"}


class StaffSecurityMiddleware:
    SEEN = "_ami_staff_seen"
    STARTED = "_ami_staff_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not security.is_staff_account(user):
            return None
        expired = self._expired(request)
        if expired:
            return expired
        if not security.second_factor_required(user) or security.is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OTP_FREE_URLS:
            return None
        target = "otp_verify" if security.has_second_factor(user) else "otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    def _expired(self, request):
        session = request.session
        now = int(time.time())
        idle = int(getattr(settings, "AMI_STAFF_SESSION_IDLE", 30 * 60))
        longest = int(getattr(settings, "AMI_STAFF_SESSION_MAX", 10 * 3600))
        # Until the session records them, the login is the start and the last sign of life (so that
        # the first request after logging in does not have to write the session).
        last_login = request.user.last_login
        logged_in_at = int(last_login.timestamp()) if last_login is not None else now
        seen = session.get(self.SEEN, logged_in_at)
        started = session.get(self.STARTED, logged_in_at)
        if now - seen > idle or now - started > longest:
            logout(request)
            messages.info(request, _("Your session has expired. Log in again to go on."))
            login_url = reverse("admin:login" if request.path.startswith(reverse("admin:index")) else "login")
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        if now - seen >= 60:  # write the session at most once a minute
            session[self.STARTED] = started
            session[self.SEEN] = now
            session.set_expiry(idle)
        return None


class NotFoundWhenForbiddenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            from applications.views.errors import not_found

            return not_found(request, exception)
        return None


class StorageUnavailableMiddleware:
    """The file storage out of reach (the bucket) or full (the disk): a French 503 page that says
    to try again, instead of the generic error page. Uploads say it next to their field already
    (applications.attachments.store_file); this covers downloads and everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .files import storage_unavailable

        if not storage_unavailable(exception):
            return None
        logger.error("storage unavailable on %s: %s", request.path, exception)
        response = render(request, "503_storage.html", status=503)
        response["Retry-After"] = "120"
        return response
