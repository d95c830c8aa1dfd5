from django.db import migrations

from members import reference_data


def create_pillars(apps, schema_editor):
    reference_data.create_pillars(apps)


def delete_pillars(apps, schema_editor):
    reference_data.delete_pillars(apps)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_organisations_people_programmes")]

    operations = [migrations.RunPython(create_pillars, delete_pillars)]
