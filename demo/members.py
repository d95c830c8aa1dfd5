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

from demo import prose
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

C = Organisation.Category

# The National CoP Coordination Committee's provisional members and the partners the concept
# note names, under their current names: the Social Health Authority took over from the
# National Health Insurance Fund (NHIF) and the FCDO from DFID. USAID, also named there, closed
# in 2025 and is left out. Their prose, and that of the applications below, is in
# demo/data/members.toml.
DATA = prose.load("members")

# (name, acronym, category, pillars, counties, description); counties None: the organisation
# works nationally.
ORGANISATIONS = [
    (
        o["name"],
        o["acronym"],
        C(o["category"]),
        list(o["pillars"]),
        list(o["counties"]) if "counties" in o else None,
        o["description"],
    )
    for o in DATA["organisations"]
]

ILLUSTRATIVE_SOURCE = DATA["illustrative_source"]

# organisation acronym, name, pillar, start year, counties, reach [(year, county, n)]
PROGRAMMES = [
    (
        p["organisation"],
        p["name"],
        p["pillar"],
        p["start_year"],
        list(p["counties"]),
        [(r["year"], r.get("county"), r["reached"]) for r in p["reach"]],
    )
    for p in DATA["programmes"]
]

CODE_OF_CONDUCT = DATA["code_of_conduct"]

# e-mail of a demo account -> (organisation acronym or None, kind, focal person)
DEMO_PEOPLE = {
    p["email"]: (p.get("organisation"), Person.Kind(p["kind"]), p["focal_person"])
    for p in DATA["people"]
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
DEMO_NOTE = DATA["demo_note"]

# The account that reviews (records recommendations) and the one that decides.
REVIEWER = "committee@demo.cop.ke"
DECIDER = "admin@demo.cop.ke"

Verdict, Assessment = Recommendation.Verdict, Recommendation.Assessment

# Accounts of the fictional applicants (besides applicant@demo.cop.ke), created with the other
# demo accounts and the same password.
DEMO_APPLICANTS = [dict(applicant) for applicant in DATA["applicants"]]


def _step(step):
    """A step of an application's walk, from its table in the data file."""
    match step["step"]:
        case "submit":
            return ("submit",)
        case "endorse":
            return ("endorse", step["comment"])
        case "waive":
            return ("waive", step["reason"])
        case "recommend":
            assessment = tuple(Assessment(a) for a in step["assessment"])
            return ("recommend", Verdict(step["verdict"]), assessment, step["reason"])
        case "decide":
            return ("decide", step["decision"], step["reason"])
        case "resubmit":
            return ("resubmit", step["answer"])
    raise ValueError(f"Unknown demo step: {step['step']}")


def _application(spec):
    application = dict(spec)
    application["kind"] = MembershipApplication.Kind(spec["kind"])
    if "category" in spec:
        application["category"] = C(spec["category"])
    if "pillars" in spec:
        application["pillars"] = list(spec["pillars"])
    if "counties" in spec:
        application["counties"] = list(spec["counties"])
    if "programmes" in spec:
        application["programmes"] = [
            (p["name"], p["pillar"], p["start_year"]) for p in spec["programmes"]
        ]
    if "contacts" in spec:
        application["contacts"] = [
            (c["full_name"], c["job_title"], c["email"]) for c in spec["contacts"]
        ]
    document = spec["document"]
    application["document"] = (ApplicationDocument.Kind(document["kind"]), document["file"])
    application["steps"] = [_step(step) for step in spec["steps"]]
    return application


# Each application: who applies, what they fill in, one supporting document, and the steps
# that bring it to its state. Steps: ("submit",), ("endorse", comment) by the nominating
# member's focal person, ("waive", reason) and ("decide", decision, reason) by DECIDER,
# ("recommend", verdict, (alignment, value added, credibility, scope), reason) by REVIEWER,
# ("resubmit", answer) by the applicant. In the data file: a draft, one waiting for its
# nomination, one under review, one asked a question (the demo applicant account answers it),
# one answered (round 2), one approved, one declined, an individual member and a temporary
# participant.
DEMO_APPLICATIONS = [_application(spec) for spec in DATA["applications"]]

# A focal person nominates an organisation, which gets an invitation to complete the
# application (no applicant yet, so no document either).
DEMO_MEMBER_NOMINATION = {
    **DATA["member_nomination"],
    "category": C(DATA["member_nomination"]["category"]),
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
