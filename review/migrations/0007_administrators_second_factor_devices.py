"""Administrators see and remove staff devices through the French screen (applications.SecondFactorDevice)."""

from django.db import migrations


from review.permissions import sync_groups_migration

class Migration(migrations.Migration):
    dependencies = [
        ("review", "0006_administrators_remove_second_factors"),
        ("applications", "0007_second_factor_device_and_labels"),
    ]
    operations = [migrations.RunPython(sync_groups_migration, migrations.RunPython.noop)]
