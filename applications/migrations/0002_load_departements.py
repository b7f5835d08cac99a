from django.db import migrations

from applications.departements import DEPARTEMENTS


def load(apps, schema_editor):
    Departement = apps.get_model("applications", "Departement")
    for code, name in DEPARTEMENTS:
        Departement.objects.update_or_create(code=code, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("applications", "Departement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
