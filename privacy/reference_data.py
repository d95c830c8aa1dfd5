"""The privacy app's reference data: the administration team keeps the registers, reads the
ledger, and closes accounts on a verified request (which needs the change right on users).
Every function takes an app registry (a migration's historical one, or the real one)."""

from django.db.models import Q

from accounts.reference_data import create_permissions, grant_to_group
from accounts.roles import ADMINISTRATION_TEAM

USER_CODENAMES = ["view_user", "change_user"]


def _permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        Q(content_type__app_label="privacy")
        | Q(content_type__app_label="accounts", codename__in=USER_CODENAMES)
    )


def grant_privacy_administration(apps):
    create_permissions(apps, "accounts")
    create_permissions(apps, "privacy")
    grant_to_group(apps, ADMINISTRATION_TEAM, _permissions(apps))


def revoke_privacy_administration(apps):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(*_permissions(apps).filter(content_type__app_label="privacy"))


def create_all(apps):
    grant_privacy_administration(apps)
