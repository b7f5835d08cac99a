"""Production profile: everything secure, nothing defaulted that could leak.

Use with ``DJANGO_SETTINGS_MODULE=ami_portal.production``. SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL must come from the environment; ``manage.py check --deploy --fail-level WARNING``
passes with it (CI checks it).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "0")

from .net import trusted_proxy_networks  # noqa: E402
from .settings import *  # noqa: E402,F403
from .settings import MIDDLEWARE, STORAGES  # noqa: E402

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):  # noqa: F405
    raise ImproperlyConfigured("A long random SECRET_KEY is required in production.")

# Production runs behind a reverse proxy that ends TLS: its headers say whether the request came
# over HTTPS and who the client is. Without its addresses every visitor would share the proxy's
# (rate limits and login lock-outs portal-wide) or, trusting anyone, a forged header would pass.
if not AMI_TRUSTED_PROXIES:  # noqa: F405
    raise ImproperlyConfigured(
        "AMI_TRUSTED_PROXIES must list the reverse proxies' addresses or networks (e.g. 10.0.0.10,10.0.1.0/24)."
    )
try:
    trusted_proxy_networks(AMI_TRUSTED_PROXIES)  # noqa: F405
except ValueError as exc:
    raise ImproperlyConfigured(f"AMI_TRUSTED_PROXIES: {exc}") from exc

# Every upload is scanned by ClamAV's daemon, on Debian's socket unless said otherwise. "off" only
# on purpose: uploads are then stored unscanned, and /health/ says « scanning: off ».
AMI_CLAMAV_SOCKET = os.environ.get("AMI_CLAMAV_SOCKET", "/var/run/clamav/clamd.ctl")

# The address printed in acts, emails and QR codes (verification pages, dossier pages): a
# document must never send a third party to a plain-HTTP or local address.
_site = urlsplit(SITE_URL)  # noqa: F405
if _site.scheme != "https" or not _site.hostname or _site.hostname in {"localhost", "127.0.0.1", "::1"}:
    raise ImproperlyConfigured(
        "SITE_URL must be the portal's public https:// address (e.g. https://ami.interieur.gouv.fr): "
        "acts, emails and QR codes link to it."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
# The load balancer may ask for /health/ over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Static files: `manage.py collectstatic` once per release writes hashed, compressed copies
# (gzip and brotli) that whitenoise serves with far-future cache headers.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
AMI_REQUIRE_STAFF_OTP = env_bool("AMI_REQUIRE_STAFF_OTP", True)  # noqa: F405
MIDDLEWARE = list(MIDDLEWARE)
