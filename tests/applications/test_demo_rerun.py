"""`make run` a second time: the demo already in the database is kept, and nothing crashes."""

import io

import pytest
from django.core.management import call_command

from applications.models import Application, Organisation, User


@pytest.mark.django_db
def test_seed_demo_run_twice_keeps_the_demo_and_resets_the_logins():
    call_command("seed_demo", dossiers=3, stage="submitted", stdout=io.StringIO())
    before = (
        Organisation.objects.count(),
        Application.objects.count(),
        Application.objects.exclude(state="draft").count(),
    )
    User.objects.filter(email="porteuse@demo.ami.gouv.fr").update(password="!")  # a forgotten password

    out = io.StringIO()
    call_command("seed_demo", dossiers=3, stage="submitted", stdout=out)

    assert "déjà présentes : conservées" in out.getvalue()
    assert "porteuse@demo.ami.gouv.fr" in out.getvalue()  # the logins are still shown
    after = (
        Organisation.objects.count(),
        Application.objects.count(),
        Application.objects.exclude(state="draft").count(),
    )
    assert after == before
    assert User.objects.get(email="porteuse@demo.ami.gouv.fr").check_password("demo-ami-2024")
