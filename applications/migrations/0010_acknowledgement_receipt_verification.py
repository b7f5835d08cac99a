"""The acknowledgement of receipt gets a verification code, like a decision.

Receipts issued before this migration get a code too (one each: a callable default would give
every existing row the same value), so that they can be checked by code as well as by file.
"""

import secrets

from django.db import migrations, models

import applications.models


def give_each_receipt_a_code(apps, schema_editor):
    Receipt = apps.get_model("applications", "Receipt")
    for receipt in Receipt.objects.filter(verification_code__isnull=True).only("pk"):
        receipt.verification_code = secrets.token_urlsafe(16)
        receipt.save(update_fields=["verification_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_call_acts_service_programmes_selection_method"),
    ]

    operations = [
        migrations.AddField(
            model_name="receipt",
            name="verification_code",
            field=models.CharField(max_length=40, null=True, editable=False),
        ),
        migrations.RunPython(give_each_receipt_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="receipt",
            name="verification_code",
            field=models.CharField(
                default=applications.models.new_receipt_code, editable=False, max_length=40, unique=True
            ),
        ),
        migrations.AlterModelOptions(
            name="receipt",
            options={
                "verbose_name": "acknowledgement of receipt",
                "verbose_name_plural": "acknowledgements of receipt",
            },
        ),
    ]
