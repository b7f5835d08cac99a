"""Give the staff groups the permissions of the proxy screens (ranking, selection, decision emails)."""

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
        ("review", "0004_decision_payment_terms_email_proxy"),
        ("applications", "0005_call_ranking_basis"),
    ]
    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
