"""Demo data for membership: the organisations the concept note names as the first core
group, a few programmes with reach figures (marked illustrative), the code of conduct, and
membership applications in each state of the workflow.
Idempotent: each row is looked up by a natural key first."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from members import selectors, services
from members.models import (
    ApplicationDocument,
    CodeOfConduct,
    County,
    MembershipApplication,
    Nomination,
    Organisation,
    Person,
    Pillar,
    Programme,
    ReachFigure,
    Recommendation,
)
from members.services import Decision

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


# --- Membership applications -------------------------------------------------------------
#
# One application in each state of the workflow, walked there through the real services so
# that nominations, recommendations, events, invitations and e-mails exist as in real life.
# The organisations and people are fictional; every description says so.

DEMO_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEMO_NOTE = "Fictional, for the demo."

# The account that reviews (records recommendations) and the one that decides.
REVIEWER = "committee@demo.cop.ke"
DECIDER = "admin@demo.cop.ke"

Verdict, Assessment = Recommendation.Verdict, Recommendation.Assessment
MEETS, PARTLY, NOT = Assessment.MEETS, Assessment.PARTLY, Assessment.DOES_NOT_MEET

# Accounts of the fictional applicants (besides applicant@demo.cop.ke), created with the other
# demo accounts and the same password.
DEMO_APPLICANTS = [
    {
        "email": "hamisi.mwinyi@demo.cop.ke",
        "full_name": "Hamisi Mwinyi",
        "job_title": "Coordinator",
    },
    {
        "email": "halima.galgalo@demo.cop.ke",
        "full_name": "Halima Galgalo",
        "job_title": "Chairperson",
    },
    {
        "email": "brian.kiptoo@demo.cop.ke",
        "full_name": "Brian Kiptoo",
        "job_title": "Head of partnerships",
    },
    {
        "email": "wanjala.barasa@demo.cop.ke",
        "full_name": "Wanjala Barasa",
        "job_title": "Director, Social Policy Research Centre",
    },
    {
        "email": "mercy.akinyi@demo.cop.ke",
        "full_name": "Mercy Akinyi",
        "job_title": "Programme coordinator",
    },
    {
        "email": "kevin.mutiso@demo.cop.ke",
        "full_name": "Kevin Mutiso",
        "job_title": "Business development manager",
    },
    {
        "email": "wambui.njeri@demo.cop.ke",
        "full_name": "Wambui Njeri",
        "job_title": "Independent social protection specialist",
    },
    {
        "email": "daniel.kiprotich@demo.cop.ke",
        "full_name": "Daniel Kiprotich",
        "job_title": "Research consultant",
    },
]

# Each application: who applies, what they fill in, one supporting document, and the steps
# that bring it to its state. Steps: ("submit",), ("endorse", comment) by the nominating
# member's focal person, ("waive", reason) and ("decide", decision, reason) by DECIDER,
# ("recommend", verdict, (alignment, value added, credibility, scope), reason) by REVIEWER,
# ("resubmit", answer) by the applicant.
DEMO_APPLICATIONS = [
    {
        "applicant": "hamisi.mwinyi@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Pwani Youth Resilience Initiative",
        "acronym": "PYRI",
        "category": C.NATIONAL_NGO,
        "legal_status": "Community-based organisation",
        "pillars": [SA],
        "counties": ["Kilifi", "Kwale"],
        "description": "Youth groups on the coast that link young people in poor households to "
        "cash-plus and livelihood programmes. " + DEMO_NOTE,
        "document": (ApplicationDocument.Kind.REGISTRATION, "pyri-registration.pdf"),
        "steps": [],  # a draft: no nominating member chosen yet, not submitted
    },
    {
        "applicant": "halima.galgalo@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Marsabit Pastoralist Welfare Network",
        "acronym": "MPWN",
        "category": C.NATIONAL_NGO,
        "legal_status": "Community-based organisation",
        "registration_number": "CBO/MBT/0412",
        "pillars": [SA],
        "counties": ["Marsabit", "Isiolo"],
        "description": "A network of pastoralist groups that helps households enrol in drought "
        "cash transfers and report grievances. " + DEMO_NOTE,
        "fit_statement": "We work where the Hunger Safety Net Programme pays and can bring the "
        "views of pastoralist households to the CoP.",
        "nominated_by": "NDMA",
        "document": (ApplicationDocument.Kind.REGISTRATION, "mpwn-certificate.pdf"),
        "steps": [("submit",)],  # awaiting NDMA's nomination (focal@demo.cop.ke)
    },
    {
        "applicant": "brian.kiptoo@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Malipo Link Payments Ltd",
        "acronym": "Malipo Link",
        "category": C.PRIVATE_SECTOR,
        "legal_status": "Private limited company",
        "registration_number": "PVT-2019-88213",
        "pillars": [SA],
        "national": True,
        "description": "A fintech company that pays social transfers to mobile wallets and bank "
        "accounts and reports on each payment cycle. " + DEMO_NOTE,
        "website": "https://malipolink.example.org",
        "fit_statement": "We can share what we learn about paying beneficiaries on time and "
        "about digital payments in remote areas.",
        "nominated_by": "NSPS",
        "document": (ApplicationDocument.Kind.PROFILE, "malipo-link-profile.pdf"),
        "steps": [
            ("submit",),
            ("endorse", "A payment provider's experience will help the payments TWG."),
            (
                "recommend",
                Verdict.APPROVE,
                (MEETS, MEETS, PARTLY, MEETS),
                "Relevant to the delivery of transfers; its commercial interest should be "
                "declared under the code of conduct.",
            ),
        ],  # under review, with one recommendation, waiting for the decision
    },
    {
        "applicant": "applicant@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Garissa Community Welfare Trust",
        "acronym": "GCWT",
        "category": C.NATIONAL_NGO,
        "legal_status": "Registered trust",
        "registration_number": "TR/2016/0077",
        "pillars": [SA, HI],
        "counties": ["Garissa", "Wajir", "Tana River"],
        "description": "A trust that supports women-headed households with cash-plus projects "
        "and helps them register for health cover. " + DEMO_NOTE,
        "fit_statement": "We bring community experience of cash-plus work and of enrolling poor "
        "households in social health insurance.",
        "nominated_by": "NDMA",
        "document": (ApplicationDocument.Kind.REGISTRATION, "gcwt-trust-deed.pdf"),
        "steps": [
            ("submit",),
            ("endorse", "We work with the trust in Garissa and Wajir."),
            (
                "recommend",
                Verdict.MORE_INFORMATION,
                (MEETS, PARTLY, PARTLY, MEETS),
                "Promising, but the application does not show who funds the trust.",
            ),
            (
                "decide",
                Decision.MORE_INFORMATION,
                "Please tell us who funds your cash-plus projects and upload your latest "
                "annual report.",
            ),
        ],  # the demo applicant account answers the question
    },
    {
        "applicant": "wanjala.barasa@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Social Policy Research Centre, Lake Basin University",
        "acronym": "SPRC",
        "category": C.ACADEMIA,
        "legal_status": "Research centre of a chartered university",
        "pillars": [SA, SS, HI],
        "national": True,
        "description": "A university research centre that evaluates social protection "
        "programmes and trains county officers in monitoring. " + DEMO_NOTE,
        "fit_statement": "Our evaluations and training can feed the CoP's learning agenda.",
        "nominated_by": "NSPS",
        "document": (ApplicationDocument.Kind.PROFILE, "sprc-annual-report.pdf"),
        "steps": [
            ("submit",),
            ("endorse", "The centre took part in the sector review."),
            (
                "recommend",
                Verdict.MORE_INFORMATION,
                (MEETS, MEETS, MEETS, PARTLY),
                "We need to know how the centre handles programme data.",
            ),
            (
                "decide",
                Decision.MORE_INFORMATION,
                "Which of your studies used programme data, and under which data-sharing "
                "agreements?",
            ),
            (
                "resubmit",
                "Two studies used anonymised payroll data from the Social Assistance Unit under "
                "a data-sharing agreement signed in 2024; the others used our own surveys.",
            ),
        ],  # under review again, round 2
    },
    {
        "applicant": "mercy.akinyi@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Uzima Community Health Alliance",
        "acronym": "UCHA",
        "category": C.NATIONAL_NGO,
        "legal_status": "Registered NGO",
        "registration_number": "OP.218/051/18-0093",
        "pillars": [HI, SA],
        "counties": ["Kisumu", "Siaya", "Homa Bay"],
        "description": "An alliance of community health groups around Lake Victoria that helps "
        "poor households join social health insurance. " + DEMO_NOTE,
        "fit_statement": "We can share what works when enrolling informal workers and poor "
        "households in health cover.",
        "nominated_by": "UNICEF",
        "programmes": [("Household health cover enrolment drive", HI, 2022)],
        "contacts": [("Otieno Ouma", "Finance officer", "otieno.ouma@demo.cop.ke")],
        "document": (ApplicationDocument.Kind.REGISTRATION, "ucha-registration.pdf"),
        "steps": [
            ("submit",),
            ("endorse", "A reliable partner in our Kisumu health programmes."),
            (
                "recommend",
                Verdict.APPROVE,
                (MEETS, MEETS, MEETS, PARTLY),
                "Strong community reach and a clear fit with the health insurance pillar.",
            ),
            (
                "decide",
                Decision.APPROVE,
                "Approved: it meets the criteria and brings county-level experience.",
            ),
        ],  # approved: the organisation is active, the applicant its focal person
    },
    {
        "applicant": "kevin.mutiso@demo.cop.ke",
        "kind": MembershipApplication.Kind.INSTITUTIONAL,
        "organisation_name": "Mkopo Chap Chap Credit Ltd",
        "acronym": "MCC",
        "category": C.PRIVATE_SECTOR,
        "legal_status": "Private limited company",
        "registration_number": "PVT-2021-40517",
        "pillars": [SA],
        "national": True,
        "description": "A digital lender that offers small loans to people who receive social "
        "transfers. " + DEMO_NOTE,
        "fit_statement": "We want to offer credit to cash transfer beneficiaries.",
        "nominated_by": "NSPS",
        "document": (ApplicationDocument.Kind.PROFILE, "mcc-company-profile.pdf"),
        "steps": [
            ("submit",),
            ("endorse", "Endorsed so that the committee can look at the proposal."),
            (
                "recommend",
                Verdict.DECLINE,
                (NOT, PARTLY, PARTLY, MEETS),
                "Lending against transfers does not serve the CoP's objectives.",
            ),
            (
                "decide",
                Decision.DECLINE,
                "Lending to beneficiaries against their transfers does not fit the CoP's "
                "objectives.",
            ),
        ],
    },
    {
        "applicant": "wambui.njeri@demo.cop.ke",
        "kind": MembershipApplication.Kind.INDIVIDUAL,
        "justification": "Twenty years in the design of Kenya's cash transfer programmes, most "
        "recently with a member organisation that I left on retirement. " + DEMO_NOTE,
        "fit_statement": "I can mentor younger practitioners and take part in the targeting "
        "working group.",
        "document": (ApplicationDocument.Kind.CV, "wambui-njeri-cv.pdf"),
        "steps": [
            ("submit",),
            ("waive", "Individual exemptions need no nominating member."),
            (
                "recommend",
                Verdict.APPROVE,
                (MEETS, MEETS, MEETS, MEETS),
                "A long and well-known contribution to the sector.",
            ),
            ("decide", Decision.APPROVE, "Individual membership granted for her contribution."),
        ],  # an individual member
    },
    {
        "applicant": "daniel.kiprotich@demo.cop.ke",
        "kind": MembershipApplication.Kind.TEMPORARY,
        "objective": "Share the findings of a study on drought-triggered scale-ups of cash "
        "transfers and discuss them with the shock-responsive working group. " + DEMO_NOTE,
        "period_days": 120,
        "fit_statement": "The study covers four arid counties and was done with county officers.",
        "document": (ApplicationDocument.Kind.CV, "daniel-kiprotich-statement.pdf"),
        "steps": [
            ("submit",),
            ("waive", "Temporary participation as an outside knowledge resource."),
        ],  # under review, no recommendation yet
    },
]

# A focal person nominates an organisation, which gets an invitation to complete the
# application (no applicant yet, so no document either).
DEMO_MEMBER_NOMINATION = {
    "nominator": "focal@demo.cop.ke",
    "organisation_name": "Ewaso Livestock Insurance Cooperative",
    "category": C.OTHER,
    "contact_name": "Lekishon Lenaimado",
    "contact_email": "lekishon.lenaimado@demo.cop.ke",
    "note": "They insure herders against drought losses in Samburu and Isiolo. " + DEMO_NOTE,
}


def grant_review_permission(user):
    """Let the demo committee member review applications.

    Until committee seats grant it: the committees app will give the review permission to the
    members of the Oversight Committee, and this user permission can then go.
    """
    permission = Permission.objects.get(
        content_type__app_label="members", codename="review_membershipapplication"
    )
    user.user_permissions.add(permission)


def seed_applications(users_by_email, organisations_by_acronym):
    """Create the demo applications that do not exist yet; returns how many were created.

    An application is recognised by its applicant and organisation name (a member's
    nomination by the organisation name), so running this again creates nothing."""
    # Fresh user objects: permission and membership caches must see the rows created above.
    users = {u.email: u for u in get_user_model().objects.filter(email__in=users_by_email)}
    grant_review_permission(users[REVIEWER])
    users[REVIEWER] = get_user_model().objects.get(pk=users[REVIEWER].pk)
    created = 0
    for spec in DEMO_APPLICATIONS:
        applicant = users[spec["applicant"]]
        exists = MembershipApplication.objects.filter(
            applicant=applicant, organisation_name=spec.get("organisation_name", "")
        ).exists()
        if not exists:
            _application_walk(spec, applicant, users, organisations_by_acronym)
            created += 1
    spec = DEMO_MEMBER_NOMINATION
    if not MembershipApplication.objects.filter(
        organisation_name=spec["organisation_name"], nomination__initiated_by_member=True
    ).exists():
        services.nominate_organisation(
            acting_user=users[spec["nominator"]],
            organisation_name=spec["organisation_name"],
            category=spec["category"],
            contact_name=spec["contact_name"],
            contact_email=spec["contact_email"],
            note=spec["note"],
        )
        created += 1
    return created


def _application_walk(spec, applicant, users, organisations_by_acronym):
    application, _ = services.application_start(applicant=applicant, kind=spec["kind"])
    _application_fill(application, spec, organisations_by_acronym)
    kind, filename = spec["document"]
    services.document_add(
        application=application,
        kind=kind,
        upload=ContentFile(DEMO_PDF, name=filename),
        content_type="application/pdf",
        acting_user=applicant,
    )
    for step, *args in spec["steps"]:
        if step == "submit":
            application = services.application_submit(
                application=application, acting_user=applicant
            )
        elif step == "endorse":
            nomination = Nomination.objects.select_related("organisation").get(
                application=application
            )
            focal = selectors.focal_people(nomination.organisation)[0].user
            services.nomination_respond(
                nomination=nomination, endorse=True, comment=args[0], acting_user=focal
            )
        elif step == "waive":
            services.nomination_waive(
                application=application, reason=args[0], acting_user=users[DECIDER]
            )
        elif step == "recommend":
            verdict, (alignment, value_added, credibility, scope), reason = args
            services.recommendation_record(
                application=application,
                reviewer=users[REVIEWER],
                verdict=verdict,
                alignment=alignment,
                value_added=value_added,
                credibility=credibility,
                scope=scope,
                reason=reason,
            )
        elif step == "decide":
            services.application_decide(
                application=application,
                decision=args[0],
                reason=args[1],
                acting_user=users[DECIDER],
            )
        elif step == "resubmit":
            services.application_submit(
                application=application, acting_user=applicant, answer=args[0]
            )
        else:
            raise ValueError(f"Unknown demo step: {step}")
    return application


def _application_fill(application, spec, organisations_by_acronym):
    """What the applicant types into the form (there is no service for editing a draft)."""
    for field in (
        "organisation_name",
        "acronym",
        "category",
        "legal_status",
        "registration_number",
        "description",
        "website",
        "justification",
        "objective",
        "fit_statement",
    ):
        setattr(application, field, spec.get(field, ""))
    application.national_coverage = spec.get("national", False)
    if "period_days" in spec:
        application.starts_on = timezone.localdate()
        application.ends_on = application.starts_on + timedelta(days=spec["period_days"])
    if spec.get("nominated_by"):
        application.nominating_organisation = organisations_by_acronym[spec["nominated_by"]]
    application.full_clean()
    application.save()
    application.pillars.set(Pillar.objects.filter(slug__in=spec.get("pillars", [])))
    application.counties.set(County.objects.filter(name__in=spec.get("counties", [])))
    for name, pillar, start_year in spec.get("programmes", []):
        application.programmes.create(
            name=name, pillar=Pillar.objects.get(slug=pillar), start_year=start_year
        )
    for full_name, job_title, email in spec.get("contacts", []):
        application.contacts.create(full_name=full_name, job_title=job_title, email=email)
