from django.db import migrations

from accounts import reference_data


def create_groups(apps, schema_editor):
    reference_data.create_groups(apps)


def delete_groups(apps, schema_editor):
    reference_data.delete_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, delete_groups)]
