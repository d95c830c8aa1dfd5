"""The administration team keeps committees, seats, meetings and working groups in the
admin: it gets every permission on the committees and twg models."""

from django.db import migrations

ADMINISTRATION_TEAM = "Administration team"
APPS = ["committees", "twg"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for label in APPS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION_TEAM)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=APPS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label__in=APPS))


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0001_initial"),
        ("twg", "0001_initial"),
        ("accounts", "0002_create_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
