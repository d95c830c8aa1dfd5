from django.db import migrations

from members import reference_data


def create_counties(apps, schema_editor):
    reference_data.create_counties(apps)


def delete_counties(apps, schema_editor):
    reference_data.delete_counties(apps)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_counties, delete_counties)]
