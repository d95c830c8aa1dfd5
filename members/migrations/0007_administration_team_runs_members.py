"""The administration team runs membership from the admin: it gets every permission on the
members app's models (what the admin then allows per model still applies: audit records stay
read-only)."""

from django.db import migrations

ADMINISTRATION_TEAM = "Administration team"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("members")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION_TEAM)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="members"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    keep = ["review_membershipapplication", "decide_membershipapplication"]
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="members").exclude(codename__in=keep)
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0006_grant_application_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
