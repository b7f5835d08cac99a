"""Settings for the benchmarks only: the portal's settings, PostgreSQL ``ami_bench``, and a bare view.

Never used by the portal itself. DEBUG is off (as in production) and the staff second factor is
off, so that a measured staff page is the page, not the second-factor screen.
"""

import os

os.environ.setdefault("AMI_ALLOW_DEV_SECRET", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ami_bench")
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")

from ami_portal.settings import *  # noqa: E402,F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
AMI_REQUIRE_STAFF_OTP = False
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
