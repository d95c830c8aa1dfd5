"""The members app's reference data, as its data migrations seed it: Kenya's 47 counties with
their official codes (Constitution of Kenya, First Schedule), the three pillars of the National
Social Protection Policy, and the administration team's permissions on membership.

Every function takes an app registry: a migration passes its historical ``apps``, tests the
real one (``django.apps.apps``). Each uses only ``apps.get_model``, so it works with both.
"""

from django.utils.text import slugify

from accounts.reference_data import create_permissions, grant_to_group
from accounts.roles import ADMINISTRATION_TEAM

COUNTIES = [
    (1, "Mombasa"), (2, "Kwale"), (3, "Kilifi"), (4, "Tana River"), (5, "Lamu"),
    (6, "Taita-Taveta"), (7, "Garissa"), (8, "Wajir"), (9, "Mandera"), (10, "Marsabit"),
    (11, "Isiolo"), (12, "Meru"), (13, "Tharaka-Nithi"), (14, "Embu"), (15, "Kitui"),
    (16, "Machakos"), (17, "Makueni"), (18, "Nyandarua"), (19, "Nyeri"), (20, "Kirinyaga"),
    (21, "Murang'a"), (22, "Kiambu"), (23, "Turkana"), (24, "West Pokot"), (25, "Samburu"),
    (26, "Trans Nzoia"), (27, "Uasin Gishu"), (28, "Elgeyo-Marakwet"), (29, "Nandi"),
    (30, "Baringo"), (31, "Laikipia"), (32, "Nakuru"), (33, "Narok"), (34, "Kajiado"),
    (35, "Kericho"), (36, "Bomet"), (37, "Kakamega"), (38, "Vihiga"), (39, "Bungoma"),
    (40, "Busia"), (41, "Siaya"), (42, "Kisumu"), (43, "Homa Bay"), (44, "Migori"),
    (45, "Kisii"), (46, "Nyamira"), (47, "Nairobi"),
]  # fmt: skip

PILLARS = [
    ("social-assistance", "Social assistance", 1),
    ("social-security", "Social security", 2),
    ("health-insurance", "Health insurance", 3),
]

# Until committee seats grant them, the administration team reviews and decides on applications.
APPLICATION_CODENAMES = ["review_membershipapplication", "decide_membershipapplication"]


def create_counties(apps):
    County = apps.get_model("members", "County")
    for code, name in COUNTIES:
        County.objects.update_or_create(code=code, defaults={"name": name, "slug": slugify(name)})


def delete_counties(apps):
    apps.get_model("members", "County").objects.filter(
        code__in=[code for code, _ in COUNTIES]
    ).delete()


def create_pillars(apps):
    Pillar = apps.get_model("members", "Pillar")
    for slug, name, order in PILLARS:
        Pillar.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def delete_pillars(apps):
    apps.get_model("members", "Pillar").objects.filter(slug__in=[p[0] for p in PILLARS]).delete()


def _members_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(content_type__app_label="members")


def grant_application_decisions(apps):
    """The administration team reviews and decides on membership applications."""
    create_permissions(apps, "members")
    grant_to_group(
        apps,
        ADMINISTRATION_TEAM,
        _members_permissions(apps).filter(codename__in=APPLICATION_CODENAMES),
    )


def revoke_application_decisions(apps):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(*group.permissions.filter(codename__in=APPLICATION_CODENAMES))


def grant_members_administration(apps):
    """The administration team runs membership from the admin: every permission on the
    members app's models (what the admin then allows per model still applies: audit records
    stay read-only)."""
    create_permissions(apps, "members")
    grant_to_group(apps, ADMINISTRATION_TEAM, _members_permissions(apps))


def revoke_members_administration(apps):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMINISTRATION_TEAM):
        group.permissions.remove(
            *_members_permissions(apps).exclude(codename__in=APPLICATION_CODENAMES)
        )


def create_all(apps):
    """Every reference row this app's migrations create, in their order."""
    create_counties(apps)
    create_pillars(apps)
    grant_application_decisions(apps)
    grant_members_administration(apps)
