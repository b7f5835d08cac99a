import os

import pytest
from django.db import connection

from applications.management.commands.load_ami import load_ami
from tests.clamav_support import clamd_socket  # noqa: F401 - a fixture: a real ClamAV daemon
from tests.pades_support import sealed, test_authority  # noqa: F401 - fixtures: a test seal for the acts

# The clock the suite runs on. CI runs the suite again with AMI_TEST_CLOCK set to each date of
# tests/clock_dates.txt (long and short month names, the 1st of a month, the night of a
# daylight-saving change, 29 February, New Year's Eve in Paris): a test that only passes on some
# days fails there. The clock keeps ticking from that instant.
TEST_CLOCK = os.environ.get("AMI_TEST_CLOCK", "").strip()


def pytest_configure(config):
    if TEST_CLOCK:
        import time_machine

        config._ami_clock = time_machine.travel(TEST_CLOCK, tick=True)
        config._ami_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_ami_clock", None) is not None:
        config._ami_clock.stop()


def pytest_report_header(config):
    if TEST_CLOCK:
        return f"clock: AMI_TEST_CLOCK={TEST_CLOCK}"


@pytest.fixture
def ami_call(db):
    """The real AMI « Ambassadrices de l'égalité », as ``load_ami`` creates it."""
    return load_ami()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite ignores SELECT … FOR UPDATE (set DATABASE_URL; CI does)")
    return True


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Background work queued in the database (as in production) instead of run in the request."""
    from tests.task_support import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS
    # The worker recycles connections before each task; inside the test's transaction Django sees
    # autocommit off and would close the connection (PostgreSQL), losing the transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def fresh_cache():
    """An empty shared cache before and after the test (rate-limit counters, cached pages)."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture(autouse=True)
def _french():
    """Every test starts in the portal's language: a request in English leaves English active in
    the thread, which would otherwise leak into the next test of the same worker."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its files in its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    uses = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or uses & {"transactional_db", "live_server", "django_db_serialized_rollback"}
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back what the migrations loaded (départements, staff groups, content types) as soon as
    a transactional test has flushed the database.

    Django restores it only at the start of the next ``serialized_rollback`` test and counts on
    running every transactional test last; ``make test`` hands whole files to two workers, so an
    ordinary test can come next on the same worker and would find those tables empty. Restoring
    here makes the order of files irrelevant. ``deserialize_db_from_string`` saves by primary key,
    so the next serialized test restoring the same rows again is harmless.
    """
    result = yield
    # After the last test the session's fixtures are gone too, the test databases with them.
    if nextitem is not None and _is_transactional(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection_ in connections.all():
                contents = getattr(connection_, "_test_serialized_contents", None)
                if contents:
                    connection_.creation.deserialize_db_from_string(contents)
                connection_.close()
    return result


def pytest_collection_modifyitems(config, items):
    if os.environ.get("AMI_SKIP_E2E") == "1":
        skip = pytest.mark.skip(reason="AMI_SKIP_E2E=1")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)
