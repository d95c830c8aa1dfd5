"""A large, realistic membership in bulk, for benchmarks (PostgreSQL only).

``generate_members`` writes organisations of every category (most of them active members,
some suspended or terminated with the dated reason), their pillars, counties, programmes and
reach figures across the 47 counties, and the people: user accounts with a verified address
(all with one password hash, computed once by the caller), their Person rows (staff of an
organisation with one or two focal persons each, individual members, temporary
participants), and their acceptance of the code of conduct. ``generate_applications`` adds
membership applications in each open state of the workflow, for the reviewers' queue.

The organisations and people are fictional (the county governments aside) and every reach
figure is marked illustrative. Everything is written with COPY (``core.bulk``): no
model is saved one by one and no signal is sent. Called by ``manage.py generate_cop``."""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify
from faker.providers.person.en_KE import Provider as KenyanNames

from core import bulk
from demo import prose
from demo.members import CODE_OF_CONDUCT
from members.models import (
    ApplicationContact,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationProgramme,
    CodeOfConduct,
    CodeOfConductAcceptance,
    County,
    MembershipApplication,
    Nomination,
    Organisation,
    OrganisationStatusChange,
    Person,
    Pillar,
    Programme,
    ReachFigure,
    Recommendation,
)

C = Organisation.Category
SA, SS, HI = Pillar.SOCIAL_ASSISTANCE, Pillar.SOCIAL_SECURITY, Pillar.HEALTH_INSURANCE
# The word lists are in demo/data/generate.toml.
WORDS = prose.load("generate")["members"]
GENERATED_SOURCE = WORDS["generated_source"]

# -- Names ---------------------------------------------------------------------------------

REGIONS = tuple(WORDS["regions"])
FOCUS = tuple(WORDS["focus"])
NGO_FORMS = tuple(WORDS["ngo_forms"])
INGO_FIRST = tuple(WORDS["ingo_first"])
INGO_SECOND = tuple(WORDS["ingo_second"])
UN_AGENCIES = tuple(tuple(row) for row in WORDS["un_agencies"])
DONOR_COUNTRIES = tuple(WORDS["donor_countries"])
DONOR_FORMS = tuple(WORDS["donor_forms"])
BUSINESS_FIRST = tuple(WORDS["business_first"])
BUSINESS_SECOND = tuple(WORDS["business_second"])
FIELDS = tuple(WORDS["fields"])
THINK_TANK_FORMS = tuple(WORDS["think_tank_forms"])
MEDIA_FORMS = tuple(WORDS["media_forms"])
OTHER_FORMS = tuple(WORDS["other_forms"])
GOVERNMENT_TOPICS = tuple(WORDS["government_topics"])
GOVERNMENT_FORMS = tuple(WORDS["government_forms"])
LEGAL_STATUS = {C(key): value for key, value in WORDS["legal_status"].items()}
# Share of the generated organisations in each category (county governments: one per county).
CATEGORY_WEIGHTS = {
    C.GOVERNMENT: 5,
    C.UN_AGENCY: 1,
    C.DEVELOPMENT_PARTNER: 2,
    C.INTERNATIONAL_NGO: 12,
    C.NATIONAL_NGO: 48,
    C.PRIVATE_SECTOR: 8,
    C.ACADEMIA: 8,
    C.MEDIA: 3,
    C.THINK_TANK: 3,
    C.OTHER: 6,
}
# The first organisations, one of each category, so that even a tiny run has them all.
LEADING_CATEGORIES = (
    C.GOVERNMENT, C.NATIONAL_NGO, C.UN_AGENCY, C.DEVELOPMENT_PARTNER, C.INTERNATIONAL_NGO,
    C.ACADEMIA, C.PRIVATE_SECTOR, C.THINK_TANK, C.MEDIA, C.COUNTY_GOVERNMENT, C.OTHER,
)  # fmt: skip
# How many staff an organisation of each category has, relative to a national NGO.
STAFF_WEIGHT = {
    C.GOVERNMENT: 4.0,
    C.COUNTY_GOVERNMENT: 3.0,
    C.UN_AGENCY: 4.0,
    C.DEVELOPMENT_PARTNER: 2.0,
    C.INTERNATIONAL_NGO: 2.5,
    C.NATIONAL_NGO: 1.0,
    C.PRIVATE_SECTOR: 1.0,
    C.ACADEMIA: 1.5,
    C.MEDIA: 0.6,
    C.THINK_TANK: 0.8,
    C.OTHER: 0.7,
}

# Generated people take Kenyan names from Faker's en_KE provider (the lists themselves, in
# their order, so the same seed gives the same people).
FIRST_NAMES = tuple(KenyanNames.first_names)
SURNAMES = tuple(KenyanNames.last_names)
JOB_TITLES = tuple(WORDS["job_titles"])

PROGRAMMES = {key: tuple(value) for key, value in WORDS["programmes"].items()}
GROUPS = tuple(WORDS["groups"])

STATUS_REASONS = {
    Organisation.Status(key): tuple(value) for key, value in WORDS["status_reasons"].items()
}


# -- Results -------------------------------------------------------------------------------


@dataclass
class MembersResult:
    organisations: int = 0
    programmes: int = 0
    reach_figures: int = 0
    people: int = 0
    accounts: dict = field(default_factory=dict)  # known login e-mail -> user id
    unused_names: list = field(default_factory=list)  # names no organisation has


# -- Organisations -------------------------------------------------------------------------


def _name_pools(rng, counties):
    """Every fictional name each category can take, shuffled."""
    places = list(REGIONS) + counties
    pools = {
        C.GOVERNMENT: [f.format(t=t) for f in GOVERNMENT_FORMS for t in GOVERNMENT_TOPICS],
        C.UN_AGENCY: [name for name, _acronym in UN_AGENCIES],
        C.DEVELOPMENT_PARTNER: [f.format(c=c) for f in DONOR_FORMS for c in DONOR_COUNTRIES],
        C.INTERNATIONAL_NGO: [
            f"{a} {b} {suffix}"
            for a in INGO_FIRST
            for b in INGO_SECOND
            for suffix in ("International", "Kenya")
        ],
        C.NATIONAL_NGO: [f"{p} {f} {form}" for p in places for f in FOCUS for form in NGO_FORMS],
        C.PRIVATE_SECTOR: [f"{a} {b}" for a in BUSINESS_FIRST for b in BUSINESS_SECOND],
        C.ACADEMIA: [f"Centre for {f}, {p} University" for f in FIELDS for p in places],
        C.THINK_TANK: [f.format(f=f_, p=p) for f in THINK_TANK_FORMS for f_ in FIELDS
                       for p in places[:12]],
        C.MEDIA: [f.format(p=p) for f in MEDIA_FORMS for p in places],
        C.OTHER: [f.format(p=p) for f in OTHER_FORMS for p in places],
        C.COUNTY_GOVERNMENT: [f"County Government of {c}" for c in counties],
    }  # fmt: skip
    for names in pools.values():
        rng.shuffle(names)
    for category in pools:
        pools[category] = list(dict.fromkeys(pools[category]))  # no duplicates
    return pools


def _acronym(name, category):
    if category == C.UN_AGENCY:
        return dict(UN_AGENCIES).get(name, "")
    if category == C.COUNTY_GOVERNMENT:
        return ""
    small = {"of", "for", "and", "the", "in", "on", "ltd", "&"}
    words = [w for w in name.replace(",", " ").replace("-", " ").split() if w.lower() not in small]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()[:8]


def _categories(rng, count, pools):
    """The category of each organisation: the leading ones first, then the weights, never
    more of a category than it has names."""
    left = {category: len(names) for category, names in pools.items()}
    chosen = []
    for category in LEADING_CATEGORIES[:count]:
        chosen.append(category)
        left[category] -= 1
    counties_left = min(left[C.COUNTY_GOVERNMENT], round((count - len(chosen)) * 47 / 2000))
    rest = count - len(chosen) - counties_left
    categories = list(CATEGORY_WEIGHTS)
    weights = [CATEGORY_WEIGHTS[c] for c in categories]
    drawn = []
    for category in rng.choices(categories, weights=weights, k=rest):
        if left[category] <= 0:
            category = C.NATIONAL_NGO
        left[category] -= 1
        drawn.append(category)
    drawn += [C.COUNTY_GOVERNMENT] * counties_left
    rng.shuffle(drawn)
    return chosen + drawn


def _organisation_rows(rng, count, pools, counties, pillars, now):
    """Rows of the organisations and of their pillars and counties; the details each later
    step needs, as dicts."""
    county_by_name = {name: pk for pk, name in counties}
    county_ids = [pk for pk, _name in counties]
    ids = bulk.reserve_ids(Organisation, count)
    used_slugs = set()
    organisations = []
    for number, (pk, category) in enumerate(zip(ids, _categories(rng, count, pools), strict=True)):
        name = pools[category].pop()
        slug = base = slugify(name)[:190]
        suffix = 2
        while slug in used_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        used_slugs.add(slug)
        acronym = _acronym(name, category)
        if category == C.COUNTY_GOVERNMENT:
            home = county_by_name[name.removeprefix("County Government of ")]
            national, covered = False, [home]
        else:
            home = next((county_by_name[c] for c in county_by_name if c in name), None)
            national = category in (C.GOVERNMENT, C.UN_AGENCY, C.DEVELOPMENT_PARTNER) or (
                home is None and rng.random() < 0.2
            )
            covered = [] if national else rng.sample(county_ids, rng.choice((1, 1, 2, 3, 4, 6)))
            if home and not national and home not in covered:
                covered[0] = home
        if number < len(LEADING_CATEGORIES) or category == C.COUNTY_GOVERNMENT:
            status = Organisation.Status.ACTIVE  # known logins belong to the leading ones
        else:
            status = rng.choices(
                list(Organisation.Status), weights=(91, 6, 3), k=1
            )[0]  # fmt: skip
        joined = (now - datetime.timedelta(days=rng.randint(60, 12 * 365))).date()
        created = datetime.datetime.combine(joined, datetime.time(9), tzinfo=now.tzinfo)
        domain = f"{slugify(acronym) or slug[:24]}.example.org"
        organisation_pillars = (
            pillars
            if category in (C.GOVERNMENT, C.DEVELOPMENT_PARTNER) and rng.random() < 0.3
            else rng.sample(pillars, rng.choice((1, 1, 1, 2, 2, 3)))
        )
        organisations.append(
            {
                "id": pk,
                "name": name,
                "slug": slug,
                "acronym": acronym,
                "category": category,
                "status": status,
                "national": national,
                "counties": covered,
                "pillars": organisation_pillars,
                "joined": joined,
                "created": created,
                "domain": domain,
                "row": (
                    pk,
                    name,
                    slug,
                    acronym,
                    category,
                    LEGAL_STATUS[category],
                    f"REG/{joined.year}/{pk:05d}" if category != C.UN_AGENCY else "",
                    national,
                    _description(rng, name, category, national, covered, counties),
                    f"https://www.{domain}",
                    "",
                    f"info@{domain}",
                    f"+254 7{rng.randint(10, 99)} {rng.randint(100000, 999999)}",
                    status,
                    joined,
                    created,
                    created,
                ),
            }
        )
    return organisations


def _description(rng, name, category, national, covered, counties):
    names = dict(counties)
    where = "across Kenya" if national else "in " + ", ".join(names[c] for c in covered[:3])
    what = {
        C.GOVERNMENT: "Sets policy and runs national programmes",
        C.COUNTY_GOVERNMENT: "Runs the county's social services and health facilities",
        C.UN_AGENCY: "Supports government systems and humanitarian response",
        C.DEVELOPMENT_PARTNER: "Funds social protection programmes and their evaluation",
        C.INTERNATIONAL_NGO: "Delivers cash, livelihood and protection projects",
        C.NATIONAL_NGO: "Works with communities on social protection and livelihoods",
        C.PRIVATE_SECTOR: "Offers payment, savings and insurance services",
        C.ACADEMIA: "Studies poverty and social policy and trains practitioners",
        C.MEDIA: "Reports on social policy and gives communities a voice",
        C.THINK_TANK: "Analyses public policy and budgets",
        C.OTHER: "Brings its members together on welfare and livelihoods",
    }[category]
    extra = rng.choice(
        (
            " It takes part in two of the CoP's working groups.",
            " It shares its studies and data with the community.",
            " It hosts county learning events.",
            "",
        )
    )
    return f"{what} {where}.{extra} (Fictional organisation, generated for benchmarks.)"


def _programme_rows(rng, organisations, county_ids, pillar_ids, now):
    programmes, programme_counties, reach = [], [], []
    current_year = now.year
    chosen = [o for o in organisations if o["status"] != Organisation.Status.TERMINATED]
    counts = rng.choices((0, 1, 2, 3, 4), weights=(12, 35, 30, 16, 7), k=len(chosen))
    ids = iter(bulk.reserve_ids(Programme, sum(counts)))
    places = dict(county_ids)
    all_counties = list(places)
    for organisation, count in zip(chosen, counts, strict=True):
        names = set()
        for _ in range(count):
            pillar = rng.choice(organisation["pillars"])
            pillar_slug = pillar_ids[pillar]
            counties = organisation["counties"] or (
                [] if rng.random() < 0.5 else rng.sample(all_counties, rng.randint(1, 8))
            )
            place = places[counties[0]] if counties else "Kenya"
            name = rng.choice(PROGRAMMES[pillar_slug]).format(p=place, g=rng.choice(GROUPS))
            if name in names:
                continue
            names.add(name)
            pk = next(ids)
            start = rng.randint(max(1995, organisation["joined"].year - 10), current_year - 1)
            programmes.append(
                (
                    pk,
                    organisation["id"],
                    name,
                    pillar,
                    f"{name}, run by {organisation['name']}. (Generated for benchmarks.)",
                    start,
                    f"https://www.{organisation['domain']}/programmes/{slugify(name)}",
                )
            )
            programme_counties += [(pk, county) for county in counties]
            unit = ReachFigure.Unit.HOUSEHOLDS if rng.random() < 0.3 else ReachFigure.Unit.PEOPLE
            national_size = {C.GOVERNMENT: 300_000, C.UN_AGENCY: 120_000}.get(
                organisation["category"], 25_000
            )
            years = range(max(start, current_year - 6), current_year)
            for year in years:
                growth = 1 + (year - years.start) * rng.uniform(0.0, 0.12)
                if not counties or rng.random() < 0.5:
                    reached = int(national_size * rng.uniform(0.1, 1.5) * growth)
                    reach.append((pk, year, None, unit, max(reached, 50), GENERATED_SOURCE, True))
                for county in counties[:6]:
                    if rng.random() < 0.8:
                        reached = int(rng.lognormvariate(8, 1.1) * growth)
                        reach.append(
                            (pk, year, county, unit, max(reached, 10), GENERATED_SOURCE, True)
                        )
    return programmes, programme_counties, reach


# -- People --------------------------------------------------------------------------------


def _ascii(text):
    return slugify(text).replace("-", "")


class _Emails:
    def __init__(self):
        self.used = set()

    def make(self, first, last, domain):
        base = f"{_ascii(first)}.{_ascii(last)}"
        email, number = f"{base}@{domain}", 2
        while email in self.used:
            email, number = f"{base}{number}@{domain}", number + 1
        self.used.add(email)
        return email


def _staff_counts(rng, organisations, total):
    """How many staff each organisation has: at least one (its focal person), the rest by
    category and a long tail."""
    weights = [STAFF_WEIGHT[o["category"]] * rng.paretovariate(2.0) for o in organisations]
    spare = max(total - len(organisations), 0)
    scale = spare / sum(weights) if weights else 0
    counts = [1 + int(w * scale) for w in weights]
    short = total - sum(counts)
    order = sorted(range(len(organisations)), key=lambda i: -weights[i])
    for i in range(max(short, 0)):
        counts[order[i % len(order)]] += 1
    return counts


def generate_members(
    rng, *, organisations, people, password_hash, accounts, now, log=None
):  # fmt: skip
    """Write ``organisations`` organisations and ``people`` people (known logins included).

    ``accounts``: the known logins, dicts with email, full_name, job_title, category (of the
    organisation they work for, one of the leading ones), and optionally is_staff,
    is_superuser, groups (names). They accept the code of conduct and have member access.
    Returns a :class:`MembersResult`."""
    bulk.require_postgresql()
    result = MembersResult()
    counties = list(County.objects.order_by("code").values_list("pk", "name"))
    pillar_slugs = dict(Pillar.objects.order_by("pk").values_list("pk", "slug"))
    pillars = list(pillar_slugs)
    pools = _name_pools(rng, [name for _pk, name in counties])
    rows = _organisation_rows(rng, organisations, pools, counties, pillars, now)
    result.unused_names = [
        name for category in (C.NATIONAL_NGO, C.PRIVATE_SECTOR) for name in pools[category][:400]
    ]
    bulk.copy_rows(
        Organisation,
        ("id", "name", "slug", "acronym", "category", "legal_status", "registration_number",
         "national_coverage", "description", "website", "logo", "contact_email",
         "contact_phone", "status", "date_joined", "created_at", "updated_at"),
        (o["row"] for o in rows),
    )  # fmt: skip
    bulk.copy_m2m(Organisation, "pillars", [(o["id"], p) for o in rows for p in o["pillars"]])
    bulk.copy_m2m(Organisation, "counties", [(o["id"], c) for o in rows for c in o["counties"]])
    result.organisations = len(rows)
    if log:
        log(f"{len(rows)} organisations")

    programmes, programme_counties, reach = _programme_rows(rng, rows, counties, pillar_slugs, now)
    bulk.copy_rows(
        Programme,
        ("id", "organisation_id", "name", "pillar_id", "description", "start_year", "url"),
        programmes,
    )
    bulk.copy_m2m(Programme, "counties", programme_counties)
    # Most figures verified (they count on the milestones pages), the newest year's tenth
    # still waiting for the administration team.
    waiting = ReachFigure.Status.REPORTED
    bulk.copy_rows(
        ReachFigure,
        (
            "programme_id",
            "year",
            "county_id",
            "unit",
            "reached",
            "source",
            "illustrative",
            "status",
            "return_note",
            "reported_at",
            "decided_at",
        ),
        (
            (*row, waiting, "", now, None)
            if row[1] == now.year - 1 and i % 10 == 0
            else (*row, ReachFigure.Status.VERIFIED, "", now, now)
            for i, row in enumerate(reach)
        ),
    )
    result.programmes, result.reach_figures = len(programmes), len(reach)
    if log:
        log(f"{len(programmes)} programmes, {len(reach)} reach figures")

    # People: the known logins first, then staff of each organisation, then exemptions.
    User = get_user_model()
    user_ids = bulk.reserve_ids(User, people)
    emails = _Emails()
    users, persons, addresses, acceptances, group_rows = [], [], [], [], []
    code = CodeOfConduct.objects.create(
        version="1.0", text=CODE_OF_CONDUCT, published_at=now - datetime.timedelta(days=5 * 365)
    )
    groups = dict(Group.objects.values_list("name", "pk"))
    leading = {o["category"]: o for o in rows[: len(LEADING_CATEGORIES)]}
    exemptions = max(int(people * 0.03), 0)
    staff_total = people - len(accounts) - exemptions
    staff_counts = _staff_counts(rng, rows, staff_total)
    plan = []  # (organisation or None, kind, focal, account spec or None)
    for spec in accounts:
        plan.append((leading.get(spec["category"], rows[0]), Person.Kind.STAFF, False, spec))
    for organisation, count in zip(rows, staff_counts, strict=True):
        focal = 2 if count >= 12 else 1
        plan += [(organisation, Person.Kind.STAFF, n < focal, None) for n in range(count)]
    for n in range(exemptions):
        kind = Person.Kind.INDIVIDUAL if n % 3 else Person.Kind.TEMPORARY
        plan.append((None, kind, False, None))
    plan = plan[:people]

    for pk, (organisation, kind, focal, spec) in zip(user_ids, plan, strict=True):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        if spec:
            email, full_name, job_title = spec["email"], spec["full_name"], spec["job_title"]
            emails.used.add(email)
            result.accounts[email] = pk
            for name in spec.get("groups", ()):
                group_rows.append((pk, groups[name]))
        else:
            domain = organisation["domain"] if organisation else "example.net"
            email = emails.make(first, last, domain)
            full_name, job_title = f"{first} {last}", rng.choice(JOB_TITLES)
        earliest = organisation["created"] if organisation else now - datetime.timedelta(3650)
        span = max(int((now - earliest).total_seconds()), 3600)
        joined = earliest + datetime.timedelta(seconds=rng.randint(0, span - 1800))
        users.append(
            (
                pk,
                password_hash,
                None,
                bool(spec and spec.get("is_superuser")),
                email.lower(),
                full_name,
                job_title,
                f"+254 7{rng.randint(10, 99)} {rng.randint(100000, 999999)}",
                "sw" if rng.random() < 0.12 else "en",
                bool(spec and spec.get("is_staff")),
                True,
                joined,
                joined,
            )
        )
        addresses.append((pk, email.lower(), True, True))
        ends_on, objective = None, ""
        if kind == Person.Kind.TEMPORARY:
            objective = "A six-month study of county social protection coordination."
            ends_on = (now + datetime.timedelta(days=rng.randint(-120, 300))).date()
        removed = None
        if not spec and not focal and rng.random() < 0.015:
            removed = joined + (now - joined) * rng.random()
        persons.append(
            (
                pk,
                kind,
                organisation["id"] if organisation else None,
                focal,
                objective,
                ends_on,
                joined,
                removed,
            )
        )
        if spec or rng.random() < 0.85:
            accepted = max(joined, code.published_at) + datetime.timedelta(hours=1)
            acceptances.append((pk, code.pk, min(accepted, now)))
    bulk.copy_rows(
        User,
        ("id", "password", "last_login", "is_superuser", "email", "full_name", "job_title",
         "phone", "preferred_language", "is_staff", "is_active", "date_joined",
         "privacy_consent_at"),
        users,
    )  # fmt: skip
    bulk.copy_rows(EmailAddress, ("user_id", "email", "verified", "primary"), addresses)
    bulk.copy_rows(
        Person,
        ("user_id", "kind", "organisation_id", "is_focal_person", "objective", "ends_on",
         "joined_at", "removed_at"),
        persons,
    )  # fmt: skip
    bulk.copy_rows(CodeOfConductAcceptance, ("user_id", "code_id", "accepted_at"), acceptances)
    bulk.copy_m2m(User, "groups", group_rows)
    result.people = len(persons)
    if log:
        log(f"{len(persons)} people with their accounts")

    # Suspensions and terminations, dated after joining, recorded by the administration team.
    admin_id = next((result.accounts[s["email"]] for s in accounts if s.get("is_superuser")), None)
    changes = []
    for organisation in rows:
        if organisation["status"] == Organisation.Status.ACTIVE:
            continue
        days = max((now.date() - organisation["joined"]).days, 2)
        effective = organisation["joined"] + datetime.timedelta(days=rng.randint(1, days - 1))
        acted = datetime.datetime.combine(effective, datetime.time(11), tzinfo=now.tzinfo)
        changes.append(
            (
                organisation["id"],
                organisation["status"],
                effective,
                rng.choice(STATUS_REASONS[organisation["status"]]),
                admin_id,
                min(acted, now),
            )
        )
    bulk.copy_rows(
        OrganisationStatusChange,
        ("organisation_id", "status", "effective_on", "reason", "acted_by_id", "acted_at"),
        changes,
    )
    return result


# -- Applications --------------------------------------------------------------------------

App = MembershipApplication
# The statuses of generated applications, in turn: most are waiting for the reviewers.
APPLICATION_CYCLE = (
    App.Status.UNDER_REVIEW, App.Status.SUBMITTED, App.Status.MORE_INFORMATION,
    App.Status.UNDER_REVIEW, App.Status.DECLINED, App.Status.DRAFT, App.Status.UNDER_REVIEW,
    App.Status.SUBMITTED, App.Status.UNDER_REVIEW, App.Status.DECLINED,
)  # fmt: skip
ASSESSMENTS = list(Recommendation.Assessment)
WAIVER_REASON = WORDS["waiver_reason"]


def generate_applications(
    rng, *, count, reviewer_ids, decider_id, password_hash, unused_names, now
):  # fmt: skip
    """Write ``count`` membership applications by new applicants (accounts without member
    access), in the states of ``APPLICATION_CYCLE``, with their contacts, programmes, one
    supporting document each (the row only: no file is written), nominations,
    recommendations by ``reviewer_ids`` and decisions by ``decider_id``, and the events the
    services would have recorded. Returns how many."""
    bulk.require_postgresql()
    User = get_user_model()
    pillars = list(Pillar.objects.order_by("pk").values_list("pk", flat=True))
    county_ids = list(County.objects.order_by("code").values_list("pk", flat=True))
    nominators = list(
        Person.objects.filter(
            is_focal_person=True,
            removed_at=None,
            organisation__status=Organisation.Status.ACTIVE,
        )
        .order_by("pk")
        .values_list("organisation_id", "user_id")
    )
    user_ids = bulk.reserve_ids(User, count)
    ids = bulk.reserve_ids(App, count)
    emails = _Emails()
    names = iter(unused_names)
    users, addresses, applications, contacts, programmes = [], [], [], [], []
    documents, nominations, recommendations, events = [], [], [], []
    pillar_rows, county_rows = [], []
    for n, (pk, user_id) in enumerate(zip(ids, user_ids, strict=True)):
        status = APPLICATION_CYCLE[n % len(APPLICATION_CYCLE)]
        kind = rng.choices(list(App.Kind), weights=(85, 10, 5), k=1)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        full_name = f"{first} {last}"
        email = emails.make(first, last, "applicants.example.net")
        created = now - datetime.timedelta(days=rng.randint(20, 200), hours=rng.randint(0, 23))
        users.append(
            (user_id, password_hash, None, False, email, full_name, "Executive director",
             "", "en", False, True, created, created)
        )  # fmt: skip
        addresses.append((user_id, email, True, True))
        institutional = kind == App.Kind.INSTITUTIONAL
        name = next(names) if institutional else ""
        nominator, nominator_focal = rng.choice(nominators)
        waived = status not in (App.Status.DRAFT, App.Status.SUBMITTED) and rng.random() < 0.1
        submitted = created + datetime.timedelta(days=rng.randint(1, 10))
        rounds = 2 if status == App.Status.UNDER_REVIEW and rng.random() < 0.2 else 1
        decided = status == App.Status.DECLINED
        starts = (now + datetime.timedelta(days=30)).date()
        row = [
                pk, kind, status, user_id, name, _acronym(name, C.NATIONAL_NGO),
                C.NATIONAL_NGO if institutional else "",
                "Registered NGO" if institutional else "",
                f"OP.218/051/{pk:05d}" if institutional else "",
                institutional and rng.random() < 0.2,
                "Works with households in poverty on cash-plus and livelihoods. "
                "(Fictional, generated for benchmarks.)" if institutional else "",
                "",
                "Twenty years of research on pensions in Kenya." if kind == App.Kind.INDIVIDUAL
                else "",
                "A study of county coordination." if kind == App.Kind.TEMPORARY else "",
                starts if kind == App.Kind.TEMPORARY else None,
                starts + datetime.timedelta(days=180) if kind == App.Kind.TEMPORARY else None,
                "We would bring community experience of social protection to the CoP.",
                None if waived else nominator,
                rounds,
                "Who funds your work, and in which counties?"
                if status == App.Status.MORE_INFORMATION or rounds == 2 else "",
                None,
                "It does not show work in social protection yet." if decided else "",
                decider_id if decided else None,
                submitted + datetime.timedelta(days=20) if decided else None,
                submitted if status != App.Status.DRAFT else None,
                created,
                submitted if status != App.Status.DRAFT else created,
        ]  # fmt: skip
        applications.append(row)
        contacts.append((pk, full_name, "Executive director", email, ""))
        if institutional:
            pillar_rows += [(pk, p) for p in rng.sample(pillars, rng.randint(1, 2))]
            county_rows += [(pk, c) for c in rng.sample(county_ids, rng.randint(1, 3))]
            programmes.append(
                (pk, "Community cash-plus project", pillars[0], "", 2020, "")
            )  # fmt: skip
        documents.append(
            (
                pk,
                ApplicationDocument.Kind.REGISTRATION,
                f"applications/{pk}/generated.pdf",
                "certificate-of-registration.pdf",
                "application/pdf",
                48_000,
                user_id,
                created + datetime.timedelta(hours=2),
            )
        )
        events.append((pk, ApplicationEvent.Action.CREATED, user_id, "", True, created))
        if status == App.Status.DRAFT:
            continue
        events.append((pk, ApplicationEvent.Action.SUBMITTED, user_id, "", True, submitted))
        responded = submitted + datetime.timedelta(days=rng.randint(1, 5))
        if waived:
            nominations.append(
                (pk, None, Nomination.Status.WAIVED, False, WAIVER_REASON, decider_id, responded,
                 submitted)
            )  # fmt: skip
            events.append(
                (pk, ApplicationEvent.Action.NOMINATION_WAIVED, decider_id, WAIVER_REASON, True,
                 responded)
            )  # fmt: skip
        elif status == App.Status.SUBMITTED:
            nominations.append(
                (pk, nominator, Nomination.Status.PENDING, False, "", None, None, submitted)
            )
            continue
        else:
            nominations.append(
                (pk, nominator, Nomination.Status.ENDORSED, False,
                 "We have worked with them for years.", nominator_focal, responded, submitted)
            )  # fmt: skip
            events.append(
                (pk, ApplicationEvent.Action.NOMINATION_ENDORSED, nominator_focal,
                 "We have worked with them for years.", True, responded)
            )  # fmt: skip
        at = responded
        for review_round in range(1, rounds + 1):
            last_round = review_round == rounds
            if last_round and status == App.Status.UNDER_REVIEW:
                reviewers = rng.sample(reviewer_ids, min(len(reviewer_ids), rng.randint(0, 3)))
            else:
                reviewers = rng.sample(reviewer_ids, min(len(reviewer_ids), rng.randint(1, 3)))
            for reviewer in reviewers:
                at += datetime.timedelta(days=1)
                verdict = rng.choice(list(Recommendation.Verdict))
                recommendations.append(
                    (pk, review_round, reviewer, verdict, rng.choice(ASSESSMENTS),
                     rng.choice(ASSESSMENTS), rng.choice(ASSESSMENTS), rng.choice(ASSESSMENTS),
                     "Judged against the four criteria.", at)
                )  # fmt: skip
                events.append(
                    (pk, ApplicationEvent.Action.RECOMMENDED, reviewer,
                     f"{Recommendation.Verdict(verdict).label}: judged against the criteria.",
                     False, at)
                )  # fmt: skip
            if not last_round:
                at += datetime.timedelta(days=2)
                events.append(
                    (pk, ApplicationEvent.Action.MORE_INFORMATION, decider_id,
                     "Who funds your work, and in which counties?", True, at)
                )  # fmt: skip
                at += datetime.timedelta(days=5)
                events.append(
                    (pk, ApplicationEvent.Action.RESUBMITTED, user_id,
                     "Two foundations fund us; we work in three counties.", True, at)
                )  # fmt: skip
        at = min(at + datetime.timedelta(days=2), now)
        row[26] = at  # updated_at: the last step
        if status == App.Status.MORE_INFORMATION:
            events.append(
                (pk, ApplicationEvent.Action.MORE_INFORMATION, decider_id,
                 "Who funds your work, and in which counties?", True, at)
            )  # fmt: skip
        elif decided:
            row[23] = at  # decided_at
            events.append(
                (pk, ApplicationEvent.Action.DECLINED, decider_id,
                 "It does not show work in social protection yet.", True, at)
            )  # fmt: skip
    bulk.copy_rows(
        User,
        ("id", "password", "last_login", "is_superuser", "email", "full_name", "job_title",
         "phone", "preferred_language", "is_staff", "is_active", "date_joined",
         "privacy_consent_at"),
        users,
    )  # fmt: skip
    bulk.copy_rows(EmailAddress, ("user_id", "email", "verified", "primary"), addresses)
    bulk.copy_rows(
        App,
        ("id", "kind", "status", "applicant_id", "organisation_name", "acronym", "category",
         "legal_status", "registration_number", "national_coverage", "description", "website",
         "justification", "objective", "starts_on", "ends_on", "fit_statement",
         "nominating_organisation_id", "review_round", "question", "organisation_id",
         "decision_reason", "decided_by_id", "decided_at", "submitted_at", "created_at",
         "updated_at"),
        applications,
    )  # fmt: skip
    bulk.copy_m2m(App, "pillars", pillar_rows)
    bulk.copy_m2m(App, "counties", county_rows)
    bulk.copy_rows(
        ApplicationContact, ("application_id", "full_name", "job_title", "email", "phone"),
        contacts,
    )  # fmt: skip
    bulk.copy_rows(
        ApplicationProgramme,
        ("application_id", "name", "pillar_id", "description", "start_year", "url"),
        programmes,
    )
    bulk.copy_rows(
        ApplicationDocument,
        ("application_id", "kind", "file", "original_name", "content_type", "size",
         "uploaded_by_id", "uploaded_at"),
        documents,
    )  # fmt: skip
    bulk.copy_rows(
        Nomination,
        ("application_id", "organisation_id", "status", "initiated_by_member", "comment",
         "responded_by_id", "responded_at", "created_at"),
        nominations,
    )  # fmt: skip
    bulk.copy_rows(
        Recommendation,
        ("application_id", "review_round", "reviewer_id", "verdict", "alignment", "value_added",
         "credibility", "scope", "reason", "recorded_at"),
        recommendations,
    )  # fmt: skip
    bulk.copy_rows(
        ApplicationEvent,
        ("application_id", "action", "actor_id", "note", "visible_to_applicant", "at"),
        events,
    )
    return len(applications)


def analyse():
    bulk.analyse(
        Organisation, Programme, ReachFigure, Person, get_user_model(), EmailAddress,
        CodeOfConductAcceptance, MembershipApplication,
    )  # fmt: skip
