"""The administration team reviews and decides on applications until committee seats
(the committees app) grant these permissions to the Oversight Committee's members."""

from django.db import migrations

from members import reference_data


def grant(apps, schema_editor):
    reference_data.grant_application_decisions(apps)


def revoke(apps, schema_editor):
    reference_data.revoke_application_decisions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_membership_applications"),
        ("accounts", "0002_create_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
