import pytest


@pytest.fixture(autouse=True)
def _rate_limit_counters_from_zero(fresh_cache):
    """Rate-limit counters live in the cache: each test starts from zero."""


@pytest.fixture
def rate_limited(settings):
    """The rate limits as in production (the test settings turn them off for the other suites)."""
    settings.AMI_RATE_LIMITS_ENABLED = True
    return settings


@pytest.fixture
def axes_on(settings):
    """django-axes as in production (the test settings turn it off for the other suites)."""
    settings.AXES_ENABLED = True
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.implementation = None  # re-read the settings
    yield settings
    AxesProxyHandler.implementation = None


@pytest.fixture
def world(ami_call, settings):
    """The victim organisation's dossiers and a person in every role (``world.build_world``).
    Background work is queued, not run, so that nothing happens behind a request's back."""
    from tests.security.world import build_world

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    return build_world(ami_call)
