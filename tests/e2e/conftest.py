"""A real browser for end-to-end journeys: Debian's Chromium driven by Playwright.

Never downloads a browser: it uses ``/usr/bin/chromium`` (or ``AMI_CHROMIUM``) and skips the
journey, saying why, when that is missing on a developer's machine (CI installs it).
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def chromium_path() -> str | None:
    path = os.environ.get("AMI_CHROMIUM", "/usr/bin/chromium")
    return path if os.path.exists(path) else shutil.which("chromium")


def _serialized_contents() -> dict:
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _restore_serialized_contents(saved: dict):
    """Playwright's sync API switches to another context, where Django's (context-local) connection
    objects are new ones: without this, ``serialized_rollback`` would silently stop restoring what
    migrations load (départements, staff groups) once a non-browser test had set up the database."""
    from django.db import connections

    for alias, contents in saved.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    saved = _serialized_contents()
    with sync_playwright() as playwright:
        _restore_serialized_contents(saved)
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
