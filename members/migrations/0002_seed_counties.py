from django.db import migrations
from django.utils.text import slugify

from members.reference_data import COUNTIES


def create_counties(apps, schema_editor):
    County = apps.get_model("members", "County")
    for code, name in COUNTIES:
        County.objects.update_or_create(code=code, defaults={"name": name, "slug": slugify(name)})


def delete_counties(apps, schema_editor):
    apps.get_model("members", "County").objects.filter(
        code__in=[code for code, _ in COUNTIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_counties, delete_counties)]
