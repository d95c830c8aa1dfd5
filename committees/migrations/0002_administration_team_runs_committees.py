"""The administration team keeps committees, seats, meetings and working groups in the
admin: it gets every permission on the committees and twg models."""

from django.db import migrations

from committees import reference_data


def grant(apps, schema_editor):
    reference_data.grant_committees_administration(apps)


def revoke(apps, schema_editor):
    reference_data.revoke_committees_administration(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0001_initial"),
        ("twg", "0001_initial"),
        ("accounts", "0002_create_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
