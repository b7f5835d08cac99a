"""Settings for the test suite: the embedded profile with fast hashing and in-memory mail."""

import os

os.environ.setdefault("AMI_ALLOW_DEV_SECRET", "1")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = os.environ.get("AXES_ENABLED", "0") == "1"
AMI_RATE_LIMITS_ENABLED = os.environ.get("AMI_RATE_LIMITS_ENABLED", "0") == "1"  # tests/security enables them
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Acts are issued unsigned unless a test seals them (tests/pades_support.py makes its own authority).
AMI_SIGNING_PKCS12 = ""
AMI_SIGNING_TRUST_ROOTS = []
