import os

import pytest
from django.db import connection

from applications.management.commands.load_ami import load_ami


@pytest.fixture
def ami_call(db):
    """The real AMI « Ambassadrices de l'égalité », as ``load_ami`` creates it."""
    return load_ami()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite ignores SELECT … FOR UPDATE (set DATABASE_URL; CI does)")
    return True


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


def pytest_collection_modifyitems(config, items):
    if os.environ.get("AMI_SKIP_E2E") == "1":
        skip = pytest.mark.skip(reason="AMI_SKIP_E2E=1")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)
