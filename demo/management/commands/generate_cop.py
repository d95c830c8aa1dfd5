"""Fill an empty PostgreSQL database with a large, realistic CoP, for benchmarks.

At ``--scale 1``: 2,000 organisations with programmes and reach figures, 20,000 people,
200 committees and working groups with seats, 10,000 meetings with registrations, 100,000
documents with their text, 50 published bulletin editions, and applications and submissions
waiting for the reviewers and the content coordinator. Each app writes its own rows
(``demo.generate.members``, ``.committees``, ``.twg``,
``.repository``, ``.bulletin``); this command orders them, times them and
prints the known logins."""

import random
import time
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from committees.models import Body
from demo.generate import bulletin as bulletin_generate
from demo.generate import committees as committees_generate
from demo.generate import members as members_generate
from demo.generate import repository as repository_generate
from demo.generate import twg as twg_generate
from members.models import Organisation
from repository.models import Document

PASSWORD = "cop-bench-2026"  # noqa: S105 - published on purpose: generated data only

# The known logins, all with PASSWORD. "category": the kind of organisation they work for.
ACCOUNTS = [
    {
        "email": "member@example.invalid",
        "full_name": "Mary Wanjiku",
        "job_title": "Research fellow",
        "category": Organisation.Category.NATIONAL_NGO,
        "role": "member with a working group seat",
    },
    {
        "email": "committee@example.invalid",
        "full_name": "Joseph Kiprono",
        "job_title": "Social protection specialist",
        "category": Organisation.Category.GOVERNMENT,
        "role": "Oversight Committee member (reviews applications)",
    },
    {
        "email": "coordinator@example.invalid",
        "full_name": "Agnes Wambui",
        "job_title": "Knowledge management officer",
        "category": Organisation.Category.GOVERNMENT,
        "is_staff": True,
        "groups": [CONTENT_COORDINATORS],
        "role": "content coordinator",
    },
    {
        "email": "admin@example.invalid",
        "full_name": "Daniel Otieno",
        "job_title": "Portal administrator",
        "category": Organisation.Category.GOVERNMENT,
        "is_staff": True,
        "is_superuser": True,
        "groups": [ADMINISTRATION_TEAM],
        "role": "administrator",
    },
]

# What scale 1 makes, and the least a tiny scale makes (so that every page has something).
SIZES = {
    "organisations": (2_000, 12),
    "people": (20_000, 40),
    "bodies": (200, 6),
    "meetings": (10_000, 20),
    "documents": (100_000, 50),
    "editions": (50, 2),
    "applications": (80, 6),
    "submissions in moderation": (60, 8),
}
SINGLE_BODIES = 3  # Steering, Oversight, Administration team


def plan(scale):
    """How many of each the command makes at ``scale``: each count of ``SIZES`` times the
    scale, rounded, never under its minimum; the bodies split into the three national ones,
    county committees (one county in 4.25 bodies, at most 47) and working groups."""
    counts = {name: max(minimum, round(size * scale)) for name, (size, minimum) in SIZES.items()}
    bodies = counts["bodies"]
    counts["county committees"] = min(47, max(1, round(bodies * 47 / 200)))
    counts["working groups"] = bodies - SINGLE_BODIES - counts["county committees"]
    return counts


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with a large, realistic CoP for benchmarks "
        "(--scale 1: 2,000 organisations, 20,000 people, 10,000 meetings, 100,000 documents)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiplies every count (default 1.0)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable)")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="document batches written at once, one connection each (default 2)",
        )

    def handle(self, *args, scale, seed, workers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_cop writes with COPY: set DATABASE_URL to PostgreSQL.")
        if scale <= 0:
            raise CommandError("Give a positive --scale.")
        if (
            get_user_model().objects.exists()
            or Organisation.objects.exists()
            or Body.objects.exists()
            or Document.objects.exists()
        ):
            raise CommandError(
                "The database already has users or content: generate_cop fills an empty, "
                "migrated database (drop and create it, then migrate)."
            )
        self.verbose = options["verbosity"] > 1
        counts = plan(scale)
        now = timezone.now()
        today = timezone.localdate(now)
        started = time.monotonic()

        def rng(part):
            return random.Random(f"{seed}:{part}")  # noqa: S311 - generated data, not secrets

        with transaction.atomic():
            with self.step("organisations and people") as note:
                password_hash = make_password(PASSWORD)  # once: hashing is slow on purpose
                members = members_generate.generate_members(
                    rng("members"),
                    organisations=counts["organisations"],
                    people=counts["people"],
                    password_hash=password_hash,
                    accounts=ACCOUNTS,
                    now=now,
                    log=self.log,
                )
                accounts = members.accounts
                note(
                    f"{members.organisations} organisations, {members.programmes} programmes, "
                    f"{members.reach_figures} reach figures, {members.people} people"
                )
            with self.step("committees and working groups") as note:
                committees = committees_generate.generate_committees(
                    rng("committees"),
                    county_committees=counts["county committees"],
                    oversight_user_ids=[accounts["committee@example.invalid"]],
                    today=today,
                    now=now,
                )
                reviewer_ids, chair_id = committees_generate.reviewers()
                groups = twg_generate.generate_working_groups(
                    rng("twg"),
                    count=counts["working groups"],
                    member_user_ids=[accounts["member@example.invalid"]],
                    decider_id=chair_id,
                    today=today,
                    now=now,
                )
                note(f"{committees} committees, {groups} working groups")
            with self.step("meetings") as note:
                made = committees_generate.generate_meetings(
                    rng("meetings"),
                    count=counts["meetings"],
                    coordinator_id=accounts["coordinator@example.invalid"],
                    member_ids=[accounts["member@example.invalid"]],
                    now=now,
                )
                note(", ".join(f"{n} {name}" for name, n in made.items()))
            with self.step("membership applications") as note:
                applications = members_generate.generate_applications(
                    rng("applications"),
                    count=counts["applications"],
                    reviewer_ids=[
                        pk for pk in reviewer_ids if pk != accounts["committee@example.invalid"]
                    ]
                    or reviewer_ids,
                    decider_id=chair_id or accounts["admin@example.invalid"],
                    password_hash=password_hash,
                    unused_names=members.unused_names,
                    now=now,
                )
                note(f"{applications} applications")
            with self.step("planner statistics (1)"):
                members_generate.analyse()
                committees_generate.analyse()
                twg_generate.analyse()
        # Documents are written in batches that commit on their own, by several connections:
        # what they point to (organisations, groups, committees) is committed above.
        with self.step("documents") as note:
            documents = repository_generate.generate_documents(
                counts["documents"], seed=seed, workers=workers, log=self.log
            )
            approved = repository_generate.record_approvals(
                actor_id=accounts["coordinator@example.invalid"]
            )
            note(f"{documents} documents, {approved} made public by the coordinator")
        with transaction.atomic(), self.step("bulletin") as note:
            made = bulletin_generate.generate_bulletin(
                rng("bulletin"),
                editions=counts["editions"],
                pending=counts["submissions in moderation"],
                coordinator_id=accounts["coordinator@example.invalid"],
                now=now,
            )
            bulletin_generate.analyse()
            note(", ".join(f"{n} {name}" for name, n in made.items()))
        if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)
            with self.step("vacuum and planner statistics"), connection.cursor() as cursor:
                # Fresh statistics and visibility maps for every table, so that the first
                # benchmark does not measure autovacuum catching up.
                cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(
            self.style.SUCCESS(f"A CoP at scale {scale:g} in {time.monotonic() - started:.1f} s.")
        )
        self.stdout.write(f"Sign in with (password {PASSWORD} for every generated account):")
        for spec in ACCOUNTS:
            self.stdout.write(f"  {spec['email']:<30} {spec['role']}")

    def log(self, line):
        if self.verbose:
            self.stdout.write(f"    {line}")

    @contextmanager
    def step(self, label):
        """Time one part and print it with what it made."""
        notes = []
        started = time.monotonic()
        yield notes.append
        seconds = time.monotonic() - started
        detail = f": {notes[0]}" if notes else ""
        self.stdout.write(f"{label}{detail} ({seconds:.1f} s)")
