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

# Population by county, 2019 Kenya Population and Housing Census, Volume I: Population by
# County and Sub-County (Kenya National Bureau of Statistics, November 2019), Table 2.2; keyed
# by county code. A reach figure for a county may not exceed its population.
CENSUS_2019_SOURCE = (
    "Kenya National Bureau of Statistics, 2019 Kenya Population and Housing Census, "
    "Volume I: Population by County and Sub-County (2019), Table 2.2"
)
CENSUS_2019_POPULATION = {
    1: 1_208_333, 2: 866_820, 3: 1_453_787, 4: 315_943, 5: 143_920, 6: 340_671,
    7: 841_353, 8: 781_263, 9: 867_457, 10: 459_785, 11: 268_002, 12: 1_545_714,
    13: 393_177, 14: 608_599, 15: 1_136_187, 16: 1_421_932, 17: 987_653, 18: 638_289,
    19: 759_164, 20: 610_411, 21: 1_056_640, 22: 2_417_735, 23: 926_976, 24: 621_241,
    25: 310_327, 26: 990_341, 27: 1_163_186, 28: 454_480, 29: 885_711, 30: 666_763,
    31: 518_560, 32: 2_162_202, 33: 1_157_873, 34: 1_117_840, 35: 901_777, 36: 875_689,
    37: 1_867_579, 38: 590_013, 39: 1_670_570, 40: 893_681, 41: 993_183, 42: 1_155_574,
    43: 1_131_950, 44: 1_116_436, 45: 1_266_860, 46: 605_576, 47: 4_397_073,
}  # fmt: skip
# The national total of the same census (the sum of the counties).
CENSUS_2019_NATIONAL = 47_564_296


def population_limit(county_code=None):
    """The most people a reach figure may count: its county's 2019 population, or the
    country's for a national figure."""
    if county_code is None:
        return CENSUS_2019_NATIONAL
    return CENSUS_2019_POPULATION[county_code]


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
