"""The administration team runs membership from the admin: it gets every permission on the
members app's models (what the admin then allows per model still applies: audit records stay
read-only)."""

from django.db import migrations

from members import reference_data


def grant(apps, schema_editor):
    reference_data.grant_members_administration(apps)


def revoke(apps, schema_editor):
    reference_data.revoke_members_administration(apps)


class Migration(migrations.Migration):
    dependencies = [("members", "0006_grant_application_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
