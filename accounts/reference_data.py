"""The staff groups, and the helper that makes an app's permissions exist, as data
migrations and tests create them.

Every function takes an app registry: a migration passes its historical ``apps``, tests the
real one (``django.apps.apps``). Each uses only ``apps.get_model``, so it works with both.
"""

from accounts.roles import STAFF_GROUPS


def create_groups(apps):
    Group = apps.get_model("auth", "Group")
    for name in STAFF_GROUPS:
        Group.objects.get_or_create(name=name)


def delete_groups(apps):
    apps.get_model("auth", "Group").objects.filter(name__in=STAFF_GROUPS).delete()


def create_permissions(apps, *app_labels):
    """Make the permissions of ``app_labels``' models exist now, not at the end of
    ``migrate``, so that a migration can grant them."""
    from django.contrib.auth.management import create_permissions

    for label in app_labels:
        config = apps.get_app_config(label)
        # A historical app config has no models module, and create_permissions skips such
        # apps; the real registry's config keeps its own.
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = models_module


def grant_to_group(apps, group_name, permissions):
    """Add ``permissions`` (a query on the registry's Permission model) to the group."""
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*permissions)


def create_all(apps):
    """Every reference row this app's migrations create."""
    create_groups(apps)
