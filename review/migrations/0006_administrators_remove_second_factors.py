"""Administrators see and remove staff TOTP devices (a lost phone), without creating or editing them."""

from django.db import migrations


from review.permissions import sync_groups_migration

class Migration(migrations.Migration):
    dependencies = [
        ("review", "0005_sync_staff_groups"),
        ("otp_totp", "0003_add_timestamps"),
    ]
    operations = [migrations.RunPython(sync_groups_migration, migrations.RunPython.noop)]
