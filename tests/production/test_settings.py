"""The production profile: what it refuses, and what it configures from the environment.

Each case imports the settings in a fresh interpreter, because settings are read once at start.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ami_portal.production",
    "ALLOWED_HOSTS": "ami.example.gouv.fr",
    "DATABASE_URL": "sqlite:///:memory:",
    "AMI_TRUSTED_PROXIES": "127.0.0.1",
    "SITE_URL": "https://ami.example.gouv.fr",
}
DROPPED = {
    "SECRET_KEY",
    "AMI_ALLOW_DEV_SECRET",
    "DEBUG",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "TASKS_BACKEND",
    "DJANGO_SETTINGS_MODULE",
    "STATIC_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' fixtures; never in a deployment
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in DROPPED}
    environment.update(env)
    script = "import django\ndjango.setup()\nfrom django.conf import settings\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def settings_of(names: list[str], **env: str) -> dict:
    code = f"import json\nprint(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    result = run_django(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def strong_key() -> str:
    return secrets.token_urlsafe(64)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({}, id="no SECRET_KEY"),
        pytest.param({"AMI_ALLOW_DEV_SECRET": "1"}, id="development key allowed by mistake"),
        pytest.param({"SECRET_KEY": "short"}, id="short SECRET_KEY"),
        pytest.param({"SECRET_KEY": strong_key(), "DEBUG": "1"}, id="DEBUG on"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(extra):
    result = run_django("print('started')", **PRODUCTION_ENV, **extra)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_a_real_secret_key_and_passes_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in DROPPED},
            **PRODUCTION_ENV,
            "SECRET_KEY": strong_key(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


# collectstatic over django-dsfr's 1,600 files takes half a minute (compression); the storage's
# behaviour is the same on the portal's own files, so the test collects only those.
COLLECT_OWN_FILES = """
from django.core.management import call_command
from django.templatetags.static import static
from django.test.utils import override_settings
with override_settings(STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"]):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Static files collected once with the production profile; gives STATIC_ROOT."""
    root = tmp_path_factory.mktemp("static")
    code = COLLECT_OWN_FILES + 'print("collected")\n'
    result = run_django(code, **PRODUCTION_ENV, SECRET_KEY=strong_key(), STATIC_ROOT=str(root))
    assert result.returncode == 0, result.stderr
    return root


def static_url(root: Path, name: str) -> subprocess.CompletedProcess:
    code = f"from django.templatetags.static import static\nprint(static({name!r}))\n"
    return run_django(code, **PRODUCTION_ENV, SECRET_KEY=strong_key(), STATIC_ROOT=str(root))


def test_production_serves_hashed_compressed_static_files(collected):
    result = static_url(collected, "css/portal.css")

    assert result.returncode == 0, result.stderr
    url = result.stdout.strip().splitlines()[-1]
    # A content hash in the name lets whitenoise send far-future cache headers.
    assert url.startswith("/static/css/portal.") and url.endswith(".css") and url != "/static/css/portal.css"
    hashed = collected / url.removeprefix("/static/")
    assert hashed.is_file()
    assert hashed.with_name(hashed.name + ".gz").is_file()
    assert (collected / "staticfiles.json").is_file()


def test_production_refuses_a_static_file_missing_from_the_manifest(collected):
    result = static_url(collected, "css/does-not-exist.css")

    assert result.returncode != 0
    assert "Missing staticfiles manifest entry" in result.stderr


def test_embedded_profile_keeps_everything_local():
    values = settings_of(
        ["SESSION_ENGINE", "CACHES", "STORAGES", "TASKS"],
        DJANGO_SETTINGS_MODULE="ami_portal.settings",
        AMI_ALLOW_DEV_SECRET="1",
    )

    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_shared_services_come_from_the_environment():
    values = settings_of(
        ["SESSION_ENGINE", "CACHES", "STORAGES", "TASKS"],
        **PRODUCTION_ENV,
        SECRET_KEY=strong_key(),
        REDIS_URL="redis://127.0.0.1:6379/0",
        AWS_STORAGE_BUCKET_NAME="ami-private",
        TASKS_BACKEND="database",
    )

    assert values["CACHES"]["default"]["BACKEND"] == "ami_portal.cache.ResilientRedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    # Sessions are shared by every app server: Redis in front, PostgreSQL behind.
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    storage = values["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "ami-private"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert 0 < options["querystring_expire"] <= 300
    assert options["custom_domain"] is None
    assert options["file_overwrite"] is False
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_postgresql_jit_is_off_for_web_queries():
    # JIT compilation cost 1.7 s on the 10,000-dossier ranking query that runs in 0.4 s without it.
    env = {**PRODUCTION_ENV, "SECRET_KEY": strong_key(), "DATABASE_URL": "postgres://u@db.internal/ami"}
    values = settings_of(["DATABASES"], **env)
    assert values["DATABASES"]["default"]["OPTIONS"]["options"] == "-c jit=off"

    kept = settings_of(["DATABASES"], **env, AMI_PG_JIT="1")
    assert "options" not in kept["DATABASES"]["default"].get("OPTIONS", {})


def test_load_balancer_may_ask_for_health_over_plain_http():
    import re

    values = settings_of(["SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT"], **PRODUCTION_ENV, SECRET_KEY=strong_key())

    assert values["SECURE_SSL_REDIRECT"] is True
    exempt = [re.compile(pattern) for pattern in values["SECURE_REDIRECT_EXEMPT"]]
    # SecurityMiddleware matches the path without its leading slash.
    assert any(pattern.search("health/") for pattern in exempt)
    assert not any(pattern.search(path) for pattern in exempt for path in ("", "compte/connexion/", "gestion/"))
