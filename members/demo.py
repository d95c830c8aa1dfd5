"""Demo data for membership: the organisations the concept note names as the first core
group, a few programmes with reach figures (marked illustrative), and the code of conduct.
Idempotent: each row is looked up by a natural key first."""

from django.utils.text import slugify

from .models import CodeOfConduct, County, Organisation, Person, Pillar, Programme, ReachFigure

SA, SS, HI = Pillar.SOCIAL_ASSISTANCE, Pillar.SOCIAL_SECURITY, Pillar.HEALTH_INSURANCE
C = Organisation.Category

# The National CoP Coordination Committee's provisional members and the partners the concept
# note names, under their current names: the Social Health Authority took over from the
# National Health Insurance Fund (NHIF) and the FCDO from DFID. USAID, also named there, closed
# in 2025 and is left out. Counties: None means the organisation works nationally.
# (name, acronym, category, pillars, counties, description)
ORGANISATIONS = [
    (
        "National Social Protection Secretariat",
        "NSPS",
        C.GOVERNMENT,
        [SA, SS, HI],
        None,
        "Coordinates social protection policy across government, hosts the CoP and convenes "
        "its Coordination Committee.",
    ),
    (
        "State Department for Social Protection",
        "SDSP",
        C.GOVERNMENT,
        [SA],
        None,
        "The state department that leads social protection policy and oversees the national "
        "cash transfer programmes.",
    ),
    (
        "National Drought Management Authority",
        "NDMA",
        C.GOVERNMENT,
        [SA],
        None,
        "Manages drought risk in the arid and semi-arid lands, runs early warning and scales "
        "up cash transfers when drought strikes.",
    ),
    (
        "State Department for Labour",
        "DoL",
        C.GOVERNMENT,
        [SS],
        None,
        "Sets labour and employment policy, including the extension of social security to "
        "workers in the informal economy.",
    ),
    (
        "National Social Security Fund",
        "NSSF",
        C.GOVERNMENT,
        [SS],
        None,
        "The public pension fund for workers in formal and informal employment.",
    ),
    (
        "Retirement Benefits Authority",
        "RBA",
        C.GOVERNMENT,
        [SS],
        None,
        "Regulates pension and retirement savings schemes and protects their members.",
    ),
    (
        "Social Health Authority",
        "SHA",
        C.GOVERNMENT,
        [HI],
        None,
        "Runs the social health insurance funds that replaced the National Health Insurance "
        "Fund (NHIF) in 2024.",
    ),
    (
        "Social Assistance Unit",
        "SAU",
        C.GOVERNMENT,
        [SA],
        None,
        "Delivers the Inua Jamii cash transfers to older persons, orphans and vulnerable "
        "children and people with severe disabilities.",
    ),
    (
        "Department of Social Development",
        "DSD",
        C.GOVERNMENT,
        [SA],
        None,
        "Supports community development, older persons and people with disabilities through "
        "county and sub-county offices.",
    ),
    (
        "Department of Children Services",
        "DCS",
        C.GOVERNMENT,
        [SA],
        None,
        "Protects children's rights and welfare and follows up on children in cash transfer "
        "households.",
    ),
    (
        "Council of Governors",
        "CoG",
        C.COUNTY_GOVERNMENT,
        [SA, HI],
        None,
        "Brings the 47 county governments together and speaks for them on devolved social "
        "services and health.",
    ),
    (
        "Beneficiary Welfare Committees",
        "BWC",
        C.NATIONAL_NGO,
        [SA],
        ["Kitui", "Kilifi", "Busia", "Turkana"],
        "Committees elected by people enrolled in the cash transfer programmes; one of their "
        "members gives beneficiaries a voice on the Coordination Committee.",
    ),
    (
        "United Nations Children's Fund",
        "UNICEF",
        C.UN_AGENCY,
        [SA, HI],
        None,
        "Supports child-sensitive social protection and the systems that deliver it, such as "
        "the single registry.",
    ),
    (
        "World Food Programme",
        "WFP",
        C.UN_AGENCY,
        [SA],
        None,
        "Provides food and cash assistance and helps government make safety nets respond to "
        "shocks.",
    ),
    (
        "International Labour Organization",
        "ILO",
        C.UN_AGENCY,
        [SS, HI],
        None,
        "Advises on social security law, social protection floors and coverage of informal "
        "workers.",
    ),
    (
        "World Bank",
        "WB",
        C.DEVELOPMENT_PARTNER,
        [SA, SS, HI],
        None,
        "Finances the national safety net and social registry investments and their evaluation.",
    ),
    (
        "Foreign, Commonwealth and Development Office",
        "FCDO",
        C.DEVELOPMENT_PARTNER,
        [SA],
        None,
        "The United Kingdom's development department, formerly DFID, a long-standing funder of "
        "cash transfers in northern Kenya.",
    ),
    (
        "Swedish International Development Cooperation Agency",
        "Sida",
        C.DEVELOPMENT_PARTNER,
        [SA],
        None,
        "Sweden's development cooperation agency, one of the bilateral donors to the sector.",
    ),
    (
        "Institute for Development Studies, University of Nairobi",
        "IDS",
        C.ACADEMIA,
        [SA, SS, HI],
        None,
        "A university research institute that studies poverty, social policy and the effects "
        "of social protection programmes.",
    ),
    (
        "Kenya Cash Working Group",
        "KCWG",
        C.NATIONAL_NGO,
        [SA],
        None,
        "Brings humanitarian and development cash actors together to align transfer values, "
        "targeting and delivery.",
    ),
    (
        "Africa Platform for Social Protection",
        "APSP",
        C.INTERNATIONAL_NGO,
        [SA, SS],
        None,
        "A network of civil society organisations that advocates for social protection and "
        "speaks for implementing NGOs.",
    ),
    (
        "Kenya Private Sector Alliance",
        "KEPSA",
        C.PRIVATE_SECTOR,
        [SS, HI],
        None,
        "The umbrella body of the private sector, interested in pensions, health cover and "
        "payment services.",
    ),
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
    for name, acronym, category, pillar_slugs, county_names, description in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify(acronym if acronym else name),
                "acronym": acronym,
                "category": category,
                "national_coverage": county_names is None,
                "description": description,
                "contact_email": f"cop@{slugify(acronym)}.example.org",
            },
        )
        organisation.pillars.set([pillars[s] for s in pillar_slugs])
        organisation.counties.set([counties[n] for n in county_names or []])
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
