from django.db import migrations

from privacy import reference_data


def grant(apps, schema_editor):
    reference_data.grant_privacy_administration(apps)


def revoke(apps, schema_editor):
    reference_data.revoke_privacy_administration(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("accounts", "0003_privacy_consent_time"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
