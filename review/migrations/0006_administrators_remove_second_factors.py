"""Administrators see and remove staff TOTP devices (a lost phone), without creating or editing them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    from review.permissions import sync_group_permissions

    sync_group_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0005_sync_staff_groups"),
        ("otp_totp", "0003_add_timestamps"),
    ]
    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
