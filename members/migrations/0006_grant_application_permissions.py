"""The administration team reviews and decides on applications until committee seats
(the committees app) grant these permissions to the Oversight Committee's members."""

from django.db import migrations

ADMINISTRATION_TEAM = "Administration team"
CODENAMES = ["review_membershipapplication", "decide_membershipapplication"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("members")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION_TEAM)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(*group.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_membership_applications"),
        ("accounts", "0002_create_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
