"""Give the staff groups the permissions of the proxy screens (ranking, selection, decision emails)."""

from django.db import migrations


from review.permissions import sync_groups_migration

class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_decision_payment_terms_email_proxy"),
        ("applications", "0005_call_ranking_basis"),
    ]
    operations = [migrations.RunPython(sync_groups_migration, migrations.RunPython.noop)]
