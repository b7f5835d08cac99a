"""Settings of Portail AMI, read from the environment.

The defaults make the *embedded* profile: SQLite under ``var/``, files on the local disk, tasks
run in-process and emails printed on the console, so that one command runs the portal on a fresh
machine. Production (``ami_portal.production``) points the same settings at PostgreSQL, S3, SMTP
and the database task queue through environment variables documented in the README.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AMI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or os.environ.get("AMI_ALLOW_DEV_SECRET") == "1":
        # Only for a developer's machine and the test suite; production refuses to start.
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "dsfr",
    "crispy_forms",
    "django_tasks",
    "ami_portal.apps.TasksDatabaseConfig",  # django_tasks_db, named for staff
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "applications",
    "review",
    "applications.grants",  # the grant after its award (convention, payments, reports)
    "ami_portal.apps.PortalConfig",  # the background tasks screen (ami_portal/admin.py)
]

MIDDLEWARE = [
    "ami_portal.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ami_portal.middleware.SecurityHeadersMiddleware",  # also on static files and error pages
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ami_portal.middleware.StaffSecurityMiddleware",  # staff session expiry, second factor
    "ami_portal.middleware.RateLimitMiddleware",  # sign-up, password reset, verification: 429
    "ami_portal.middleware.NotFoundWhenForbiddenMiddleware",  # PermissionDenied answers 404
    "ami_portal.middleware.StorageUnavailableMiddleware",  # bucket unreachable or disk full: 503
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ami_portal.urls"
WSGI_APPLICATION = "ami_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Not "dsfr.context_processors.site_config": two queries on every page for a
                # SITE_CONFIG that only django-dsfr's own base templates read, and ours do not.
                "csp.context_processors.nonce",
                "applications.context_processors.portal",
            ],
        },
    },
]
# Our own templates (templates/django/forms/…) override Django's widgets and django-dsfr's.
FORM_RENDERER = "ami_portal.form_renderer.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = ("dsfr_crispy",)
CRISPY_TEMPLATE_PACK = "dsfr_crispy"
CRISPY_FAIL_SILENTLY = not DEBUG
DSFR_MARK_OPTIONAL_FIELDS = False

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("AMI_PG_JIT", False):
    # PostgreSQL's JIT compiler triggers on the cost estimate of the ranking and list queries at
    # 10,000 dossiers and spends more time compiling (1.7 s measured) than running them (0.4 s):
    # it suits long analytical queries, not web pages. Behind PgBouncer in transaction mode, set
    # AMI_PG_JIT=1 here and `ALTER DATABASE … SET jit = off` instead (startup options are refused).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite has no covering indexes: the dossiers' (call, state) index is created there without its
    # INCLUDE columns, which only PostgreSQL (production) uses. Said once here, not at every start.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "applications.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "applications:my_applications"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: English msgids, French first.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# No MEDIA_URL is ever routed: uploaded files are private and only served by permission-checked views.
MEDIA_URL = "/media-not-served/"

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # A private bucket: objects are written with the private ACL, every URL the storage can make
    # is signed and short-lived, and no public domain is ever used. Downloads go through the
    # permission-checked views (ami_portal.files.serve_private_file). Credentials come from
    # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role (boto3's usual chain).
    _s3_object_parameters = {"ContentDisposition": "attachment", "CacheControl": "private, no-store"}
    if os.environ.get("AWS_S3_SERVER_SIDE_ENCRYPTION"):
        _s3_object_parameters["ServerSideEncryption"] = os.environ["AWS_S3_SERVER_SIDE_ENCRYPTION"]
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60")),
            "custom_domain": None,
            "file_overwrite": False,
            "object_parameters": _s3_object_parameters,
            "location": os.environ.get("AWS_LOCATION", "media"),
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": os.environ.get("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Email: SMTP when EMAIL_HOST is set; otherwise a line in the terminal and the email in var/emails/
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portail AMI <ne-pas-repondre@ami.example.gouv.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))  # a stuck SMTP server must not hold a worker
else:
    # One line per email in the terminal, each email whole (attachments included) as an .eml file.
    EMAIL_BACKEND = "ami_portal.mail.SummaryConsoleBackend"
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "emails"))

# Background work: in-process by default; the database queue (worker: `manage.py db_worker`)
# when TASKS_BACKEND=database.
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# App servers share nothing local: with REDIS_URL the cache is shared by every app server and
# sessions are read from it (and written through to PostgreSQL, so a Redis restart logs nobody
# out). Without Redis, sessions live in the database only: a per-process cache in front of them
# would let a session closed on one server live on in another.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "ami_portal.cache.ResilientRedisCache",  # a Redis outage is a cache miss, not a 500
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ami"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "applications.views.errors.csrf_failure"  # the French 403 page, not Django's

# Security headers on every response (django-csp 4 format). No inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# One counter per address, whatever the case; the client's address as the rate limits see it.
AXES_USERNAME_CALLABLE = "ami_portal.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "ami_portal.security.client_ip"

# Staff must use a second factor in production (see ami_portal.production).
AMI_REQUIRE_STAFF_OTP = env_bool("AMI_REQUIRE_STAFF_OTP", False)
OTP_TOTP_ISSUER = "Portail AMI"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # nobody, administrators included, reads another person's TOTP secret
# Staff sessions end after this much inactivity, and after this long in any case (seconds).
AMI_STAFF_SESSION_IDLE = int(os.environ.get("AMI_STAFF_SESSION_IDLE", str(30 * 60)))
AMI_STAFF_SESSION_MAX = int(os.environ.get("AMI_STAFF_SESSION_MAX", str(10 * 3600)))
# Rate limits of the account pages (ami_portal.security.DEFAULT_RATE_LIMITS), counted in the cache.
AMI_RATE_LIMITS_ENABLED = env_bool("AMI_RATE_LIMITS_ENABLED", True)
# Antivirus (ami_portal/antivirus.py): where ClamAV's daemon listens — a Unix socket's path or
# tcp://host:port; "off" (the embedded default, no daemon there) stores uploads unscanned.
AMI_CLAMAV_SOCKET = os.environ.get("AMI_CLAMAV_SOCKET", "off")
AMI_CLAMAV_TIMEOUT = float(os.environ.get("AMI_CLAMAV_TIMEOUT", "30"))
# When the daemon does not answer: refuse the upload (default) or, only if chosen, store it unscanned.
AMI_ANTIVIRUS_FAIL_OPEN = env_bool("AMI_ANTIVIRUS_FAIL_OPEN", False)
# Electronic seal of the acts (ami_portal/pades.py): a PKCS#12 file (the embedded profile's is the
# test authority `manage.py create_signing_key` writes under var/signing/) or a PKCS#11 token, the
# roots the verification page trusts, and an optional RFC 3161 timestamp authority (PAdES B-T).
AMI_SIGNING_PKCS12 = os.environ.get("AMI_SIGNING_PKCS12", str(VAR_DIR / "signing" / "seal.p12"))
AMI_SIGNING_PKCS12_PASSWORD = os.environ.get("AMI_SIGNING_PKCS12_PASSWORD", "")
# The embedded profile's test key keeps its password beside it; production gives it in the environment.
AMI_SIGNING_PKCS12_PASSWORD_FILE = os.environ.get(
    "AMI_SIGNING_PKCS12_PASSWORD_FILE", str(VAR_DIR / "signing" / "seal.password")
)
AMI_SIGNING_PKCS11_MODULE = os.environ.get("AMI_SIGNING_PKCS11_MODULE", "")
AMI_SIGNING_PKCS11_TOKEN = os.environ.get("AMI_SIGNING_PKCS11_TOKEN", "")
AMI_SIGNING_PKCS11_KEY_LABEL = os.environ.get("AMI_SIGNING_PKCS11_KEY_LABEL", "")
AMI_SIGNING_PKCS11_PIN = os.environ.get("AMI_SIGNING_PKCS11_PIN", "")
AMI_SIGNING_TRUST_ROOTS = [
    path.strip()
    for path in os.environ.get("AMI_SIGNING_TRUST_ROOTS", str(VAR_DIR / "signing" / "ca.pem")).split(",")
    if path.strip()
]
AMI_TSA_URL = os.environ.get("AMI_TSA_URL", "")
# The reverse proxies in front of the app servers (addresses or networks, comma-separated): only
# a request coming from one of them has its X-Forwarded-For read (ami_portal.security.client_ip).
AMI_TRUSTED_PROXIES = [item.strip() for item in os.environ.get("AMI_TRUSTED_PROXIES", "").split(",") if item.strip()]
# Days after its decision (or its call's closing) before the dossier of a carrier that was not
# selected is anonymised by `manage.py anonymise_expired`; five years, why in applications/retention.py.
AMI_RETENTION_DAYS = int(os.environ.get("AMI_RETENTION_DAYS", str(5 * 365 + 2)))

# --------------------------------------------------------------------------------------------
# ProConnect: signing in with the State's identity federation (OpenID Connect, mozilla-django-oidc;
# applications/proconnect.py). Off while PROCONNECT_CLIENT_ID is unset. README « ProConnect ».
# --------------------------------------------------------------------------------------------
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
# The provider's discovery document (…/api/v2/.well-known/openid-configuration); any endpoint set
# below replaces the discovered one (all six set: no discovery at all).
PROCONNECT_DISCOVERY_URL = os.environ.get("PROCONNECT_DISCOVERY_URL", "")
PROCONNECT_ISSUER = os.environ.get("PROCONNECT_ISSUER", "")
PROCONNECT_AUTHORIZATION_ENDPOINT = os.environ.get("PROCONNECT_AUTHORIZATION_ENDPOINT", "")
PROCONNECT_TOKEN_ENDPOINT = os.environ.get("PROCONNECT_TOKEN_ENDPOINT", "")
PROCONNECT_USERINFO_ENDPOINT = os.environ.get("PROCONNECT_USERINFO_ENDPOINT", "")
PROCONNECT_JWKS_ENDPOINT = os.environ.get("PROCONNECT_JWKS_ENDPOINT", "")
PROCONNECT_END_SESSION_ENDPOINT = os.environ.get("PROCONNECT_END_SESSION_ENDPOINT", "")
PROCONNECT_SCOPES = os.environ.get("PROCONNECT_SCOPES", "openid email given_name usual_name siret uid")
# The algorithm chosen when registering the service: RS256 or ES256 (HS256 is not accepted here).
PROCONNECT_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
# Sent as acr_values when set (e.g. "eidas1"); the levels and methods that stand for the staff
# second factor (AMI_REQUIRE_STAFF_OTP) when ProConnect reports them.
PROCONNECT_ACR_VALUES = os.environ.get("PROCONNECT_ACR_VALUES", "")
PROCONNECT_STRONG_ACR = env_list("PROCONNECT_STRONG_ACR", "eidas2,eidas3")
PROCONNECT_STRONG_AMR = env_list("PROCONNECT_STRONG_AMR", "mfa")
PROCONNECT_TIMEOUT = float(os.environ.get("PROCONNECT_TIMEOUT", "10"))
# django-otp's static devices: the « ProConnect » device that marks a session signed in through a
# strong authentication (it holds no code). Installed whether ProConnect is on or not, so that the
# database schema does not depend on the environment.
INSTALLED_APPS.append("django_otp.plugins.otp_static")
if PROCONNECT_CLIENT_ID:
    if not PROCONNECT_CLIENT_SECRET:
        raise ImproperlyConfigured("PROCONNECT_CLIENT_SECRET must be set with PROCONNECT_CLIENT_ID.")
    if PROCONNECT_SIGN_ALGO not in {"RS256", "ES256"}:
        raise ImproperlyConfigured("PROCONNECT_SIGN_ALGO must be RS256 or ES256.")
    AUTHENTICATION_BACKENDS.append("applications.proconnect.ProConnectBackend")
    # The sign-in form and the logout form are answered by a redirection to the provider, which the
    # browser checks against form-action: the provider's origin is allowed there, nothing else.
    _proconnect_urls = (PROCONNECT_DISCOVERY_URL, PROCONNECT_AUTHORIZATION_ENDPOINT, PROCONNECT_END_SESSION_ENDPOINT)
    for _origin in sorted({"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in _proconnect_urls if url}):
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(_origin)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ami_portal.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.utils.autoreload": {"level": "WARNING"},  # runserver says it itself
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO (seven lines per PDF) and fontTools its font
        # subsetting: only their warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pyHanko logs a whole traceback for a signature it cannot trust: the verification page says it.
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
        # One line per request (ami_portal.logging.RequestLogMiddleware); gunicorn's own access log is off.
        "ami_portal.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
    },
}

# Map widget classes to DSFR classes for crispy-forms' own pack (templates/dsfr_crispy/).
CRISPY_CLASS_CONVERTERS = {
    "textinput": "fr-input",
    "emailinput": "fr-input",
    "numberinput": "fr-input",
    "passwordinput": "fr-input",
    "urlinput": "fr-input",
    "dateinput": "fr-input",
    "datetimeinput": "fr-input",
    "timeinput": "fr-input",
    "textarea": "fr-input",
    "select": "fr-select",
    "selectmultiple": "fr-select",
    "clearablefileinput": "fr-upload",
    "fileinput": "fr-upload",
    "checkboxinput": "",
}
