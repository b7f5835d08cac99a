from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0003_return_order_act_amendment_amount"),
    ]

    operations = [
        migrations.AlterField(
            model_name="convention",
            name="amount",
            field=models.DecimalField(
                decimal_places=2, max_digits=12, verbose_name="amount of the grant in this version (€)"
            ),
        ),
        migrations.AddConstraint(
            model_name="convention",
            constraint=models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="convention_amount_positive"),
        ),
        migrations.AddConstraint(
            model_name="grant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("return_order_issued_at__isnull", True),
                    models.Q(
                        ("return_order_verification_code__isnull", False),
                        models.Q(("return_order_sha256", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="grant_return_order_verifiable",
            ),
        ),
    ]
