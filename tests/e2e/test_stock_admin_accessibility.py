"""The admin's other screens, Django's stock ones: organisations, accounts, groups, second-factor
devices, the operations log, outgoing e-mails and background tasks — axe-core, the RGAA form rules
and the Nu HTML Checker, on their lists (also searched and filtered), their forms empty and in
error, and their read-only pages."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from applications import audit, roles
from applications.models import AuditEntry, Departement, OutgoingEmail, User
from tests.e2e.a11y import Auditor, log_in
from tests.e2e.test_call_admin_accessibility import Served, save, visit
from tests.factories import CarrierFactory, StaffFactory

# live_server needs real transactions; serialized_rollback restores what migrations load.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def ami(transactional_db):
    from applications.management.commands.load_ami import load_ami

    return load_ami()


def test_stock_admin_screens(page, live_server, ami):
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    carrier = CarrierFactory()
    organisation = carrier.organisation
    organisation.departement = Departement.objects.get(code="75")
    organisation.save()
    TOTPDevice.objects.create(user=administrator, name="Téléphone", confirmed=True)
    OutgoingEmail.objects.create(
        kind="receipt", to=carrier.email, subject="Accusé de réception", body="Bonjour,\nVotre dossier est déposé."
    )
    with transaction.atomic():
        audit.record(action="call.updated", actor=administrator, call=ami, changes={"title": ["avant", "après"]})
    log_in(page, administrator, base_url=live_server.url)
    auditor, served = Auditor(page), Served()

    visit(auditor, served, reverse("admin:index"), "admin home")

    # Organisations
    visit(auditor, served, reverse("admin:applications_organisation_changelist"), "organisations")
    visit(auditor, served, reverse("admin:applications_organisation_changelist") + "?q=a", "organisations (search)")
    visit(auditor, served, reverse("admin:applications_organisation_change", args=[organisation.pk]), "organisation")
    page.locator("#id_name").fill("")
    save(page, auditor, served, "organisation (errors)")
    expect(page.locator(".errorlist").first).to_be_visible()

    # Accounts
    visit(auditor, served, reverse("admin:applications_user_changelist"), "accounts")
    visit(auditor, served, reverse("admin:applications_user_changelist") + "?is_staff__exact=1", "accounts (staff)")
    visit(auditor, served, reverse("admin:applications_user_change", args=[carrier.pk]), "account")
    visit(auditor, served, reverse("admin:applications_user_add"), "new account")
    save(page, auditor, served, "new account (errors)")
    visit(auditor, served, reverse("admin:applications_user_change", args=[carrier.pk]) + "password/", "password")

    # Groups (the staff roles)
    group = Group.objects.get(name=roles.GROUP_REVIEWERS)
    visit(auditor, served, reverse("admin:auth_group_changelist"), "groups")
    visit(auditor, served, reverse("admin:auth_group_change", args=[group.pk]), "group")

    # Second-factor devices
    device = TOTPDevice.objects.get(user=administrator)
    visit(auditor, served, reverse("admin:applications_secondfactordevice_changelist"), "second-factor devices")
    visit(
        auditor,
        served,
        reverse("admin:applications_secondfactordevice_change", args=[device.pk]),
        "second-factor device",
    )

    # The operations log, outgoing e-mails, background tasks: read-only.
    User.objects.filter(pk=carrier.pk).update(last_login=timezone.now())
    visit(auditor, served, reverse("admin:applications_auditentry_changelist"), "operations log")
    entry = AuditEntry.objects.order_by("pk").first()
    visit(auditor, served, reverse("admin:applications_auditentry_change", args=[entry.pk]), "log entry")
    email = OutgoingEmail.objects.get()
    visit(auditor, served, reverse("admin:applications_outgoingemail_changelist"), "outgoing e-mails")
    visit(auditor, served, reverse("admin:applications_outgoingemail_change", args=[email.pk]), "outgoing e-mail")
    visit(auditor, served, reverse("admin:django_tasks_database_dbtaskresult_changelist"), "background tasks")

    auditor.finish()
    served.assert_valid()
