"""The committees app's reference data, as its data migration creates it: the administration
team keeps committees, seats, meetings and working groups in the admin, with every permission
on the committees and twg models.

Every function takes an app registry: a migration passes its historical ``apps``, tests the
real one (``django.apps.apps``).
"""

from accounts.reference_data import create_permissions, grant_to_group
from accounts.roles import ADMINISTRATION_TEAM

# The twg app's models are kept here too; it is named, never imported.
ADMINISTERED_APPS = ["committees", "twg"]


def _permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label__in=ADMINISTERED_APPS
    )


def grant_committees_administration(apps):
    create_permissions(apps, *ADMINISTERED_APPS)
    grant_to_group(apps, ADMINISTRATION_TEAM, _permissions(apps))


def revoke_committees_administration(apps):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(*_permissions(apps))


def create_all(apps):
    """Every reference row this app's migrations create."""
    grant_committees_administration(apps)
