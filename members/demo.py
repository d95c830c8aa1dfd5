"""Demo data for membership: the organisations the concept note names as the first core
group, a few programmes with reach figures (marked illustrative), and the code of conduct.
Idempotent: each row is looked up by a natural key first."""

from django.utils.text import slugify

from .models import CodeOfConduct, County, Organisation, Person, Pillar, Programme, ReachFigure

SA, SS, HI = Pillar.SOCIAL_ASSISTANCE, Pillar.SOCIAL_SECURITY, Pillar.HEALTH_INSURANCE
C = Organisation.Category

ORGANISATIONS = [
    ("National Social Protection Secretariat", "NSPS", C.GOVERNMENT, [SA, SS, HI]),
    ("National Drought Management Authority", "NDMA", C.GOVERNMENT, [SA]),
    ("State Department for Labour", "DoL", C.GOVERNMENT, [SS]),
    ("National Social Security Fund", "NSSF", C.GOVERNMENT, [SS]),
    ("Social Health Authority", "SHA", C.GOVERNMENT, [HI]),
    ("Social Assistance Unit", "SAU", C.GOVERNMENT, [SA]),
    ("Department of Social Development", "DSD", C.GOVERNMENT, [SA]),
    ("Department of Children Services", "DCS", C.GOVERNMENT, [SA]),
    ("Council of Governors", "CoG", C.COUNTY_GOVERNMENT, [SA, HI]),
    ("United Nations Children's Fund", "UNICEF", C.UN_AGENCY, [SA, HI]),
    ("World Food Programme", "WFP", C.UN_AGENCY, [SA]),
    ("International Labour Organization", "ILO", C.UN_AGENCY, [SS, HI]),
    ("World Bank", "WB", C.DEVELOPMENT_PARTNER, [SA, SS, HI]),
    ("Foreign, Commonwealth and Development Office", "FCDO", C.DEVELOPMENT_PARTNER, [SA]),
    (
        "Institute for Development Studies, University of Nairobi",
        "IDS",
        C.ACADEMIA,
        [SA, SS, HI],
    ),
    ("Kenya Cash Working Group", "KCWG", C.NATIONAL_NGO, [SA]),
    ("Africa Platform for Social Protection", "APSP", C.INTERNATIONAL_NGO, [SA, SS]),
    ("Kenya Private Sector Alliance", "KEPSA", C.PRIVATE_SECTOR, [SS, HI]),
]

ILLUSTRATIVE_SOURCE = "Illustrative figure for the demo, not an official statistic"

PROGRAMMES = [
    # organisation acronym, name, pillar, start year, counties, reach [(year, county, n)]
    (
        "NDMA",
        "Hunger Safety Net Programme",
        SA,
        2008,
        ["Turkana", "Marsabit", "Mandera", "Wajir"],
        [(2025, "Turkana", 41000), (2025, "Mandera", 27500), (2025, None, 101000)],
    ),
    (
        "SAU",
        "Older Persons Cash Transfer (Inua Jamii)",
        SA,
        2007,
        [],
        [(2024, None, 760000), (2025, None, 780000), (2025, "Kakamega", 31000)],
    ),
    (
        "SAU",
        "Cash Transfer for Orphans and Vulnerable Children",
        SA,
        2004,
        [],
        [(2025, None, 290000), (2025, "Kisumu", 14000)],
    ),
    (
        "NSSF",
        "Haba Haba informal sector savings",
        SS,
        2019,
        [],
        [(2025, None, 120000)],
    ),
    (
        "SHA",
        "Primary Health Care Fund",
        HI,
        2024,
        [],
        [(2025, None, 3200000)],
    ),
]

CODE_OF_CONDUCT = """Members of the Community of Practice share what they know in good faith and credit the work of others.

They respect the confidentiality of what is shared with members only, and do not pass on personal data they meet on the portal.

They keep discussions courteous and on the subject of social protection in Kenya, and declare any commercial interest in what they propose.

They tell the administration team when they leave the organisation they represent."""  # noqa: E501

DEMO_PEOPLE = {
    # e-mail of a demo account -> (organisation acronym or None, kind, focal person)
    "focal@demo.cop.ke": ("NDMA", Person.Kind.STAFF, True),
    "member@demo.cop.ke": ("IDS", Person.Kind.STAFF, False),
    "committee@demo.cop.ke": ("UNICEF", Person.Kind.STAFF, True),
    "twglead@demo.cop.ke": ("NSPS", Person.Kind.STAFF, True),
    "coordinator@demo.cop.ke": ("NSPS", Person.Kind.STAFF, False),
    "admin@demo.cop.ke": ("NSPS", Person.Kind.STAFF, False),
}


def seed(users_by_email):
    pillars = {p.slug: p for p in Pillar.objects.all()}
    counties = {c.name: c for c in County.objects.all()}
    by_acronym = {}
    for name, acronym, category, pillar_slugs in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify(acronym if acronym else name),
                "acronym": acronym,
                "category": category,
                "national_coverage": True,
                "description": f"{name} is a founding member of the Community of Practice.",
                "contact_email": f"cop@{slugify(acronym)}.example.org",
            },
        )
        organisation.pillars.set([pillars[s] for s in pillar_slugs])
        by_acronym[acronym] = organisation

    for acronym, name, pillar, start, county_names, reach in PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(
            organisation=by_acronym[acronym],
            name=name,
            defaults={"pillar": pillars[pillar], "start_year": start},
        )
        programme.counties.set([counties[n] for n in county_names])
        for year, county_name, reached in reach:
            ReachFigure.objects.get_or_create(
                programme=programme,
                year=year,
                county=counties.get(county_name),
                unit=ReachFigure.Unit.PEOPLE,
                defaults={
                    "reached": reached,
                    "source": ILLUSTRATIVE_SOURCE,
                    "illustrative": True,
                },
            )

    code, _ = CodeOfConduct.objects.get_or_create(version="1.0", defaults={"text": CODE_OF_CONDUCT})
    for email, (acronym, kind, focal) in DEMO_PEOPLE.items():
        user = users_by_email[email]
        Person.objects.get_or_create(
            user=user,
            defaults={
                "organisation": by_acronym.get(acronym),
                "kind": kind,
                "is_focal_person": focal,
            },
        )
        code.acceptances.get_or_create(user=user)
    return by_acronym
