"""Load demo data so that a fresh start shows a living portal. Safe to run again."""

import logging
import time
from contextlib import contextmanager

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from bulletin.models import Edition, Submission
from committees.models import ActionItem, Body, Meeting, Seat
from demo import bulletin as bulletin_demo
from demo import committees as committees_demo
from demo import discussions as discussions_demo
from demo import members as members_demo
from demo import milestones as milestones_demo
from demo import monitoring as monitoring_demo
from demo import repository as repository_demo
from demo import twg as twg_demo
from demo import two_factor as two_factor_demo
from members import selectors as members_selectors
from members.models import MembershipApplication
from repository import services as repository_services

DEMO_PASSWORD = "cop-demo-2026"  # noqa: S105 - printed on purpose: demo data only

# One account per role of DESIGN.md. Roles that come from organisations, seats and rosters
# (focal person, TWG lead, committee member) are given by the apps that own them.
DEMO_ACCOUNTS = [
    {
        "email": "admin@demo.cop.ke",
        "full_name": "Wanjiru Kamau",
        "job_title": "Portal administrator, Social Protection Secretariat",
        "role": "administrator",
        "is_staff": True,
        "is_superuser": True,
        "groups": [ADMINISTRATION_TEAM],
    },
    {
        "email": "coordinator@demo.cop.ke",
        "full_name": "Otieno Ochieng",
        "job_title": "Knowledge management officer",
        "role": "content coordinator",
        "is_staff": True,
        "groups": [CONTENT_COORDINATORS],
    },
    {
        "email": "committee@demo.cop.ke",
        "full_name": "Amina Hassan",
        "job_title": "Social protection specialist",
        "role": "committee member",
    },
    {
        "email": "twglead@demo.cop.ke",
        "full_name": "Kiprono Langat",
        "job_title": "Head of monitoring and evaluation",
        "role": "TWG lead",
    },
    {
        "email": "focal@demo.cop.ke",
        "full_name": "Grace Mutua",
        "job_title": "Programme manager",
        "role": "focal person",
    },
    {
        "email": "member@demo.cop.ke",
        "full_name": "Peter Njoroge",
        "job_title": "Research fellow",
        "role": "member",
    },
    {
        "email": "applicant@demo.cop.ke",
        "full_name": "Fatuma Abdi",
        "job_title": "Executive director",
        "role": "applicant",
    },
]


def all_demo_accounts():
    """The role accounts, the applicants and the people who hold seats."""
    return DEMO_ACCOUNTS + members_demo.DEMO_APPLICANTS + committees_demo.seat_holder_accounts()


@contextmanager
def mail_kept_in_memory():
    """The demo walks applications through the real services, which send e-mail once the
    transaction commits. Keep those messages in memory, delivered at once and without a log
    line each: the addresses are made up, and neither a configured SMTP server nor a task
    worker may deliver them. Yields the list of messages sent."""
    tasks_logger = logging.getLogger("django_tasks")
    level = tasks_logger.level
    tasks_logger.setLevel(logging.WARNING)
    sent = []
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            before = len(getattr(mail, "outbox", []))
            yield sent
            sent.extend(getattr(mail, "outbox", [])[before:])
    finally:
        tasks_logger.setLevel(level)


class Command(BaseCommand):
    help = "Create demo accounts and content. Running it twice changes nothing the second time."

    password_hash = None

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load demo accounts even with debug off (never on a live site).",
        )
        parser.add_argument(
            "--no-documents",
            action="store_false",
            dest="documents",
            help="Leave out the repository's demo documents (quicker: their files are not "
            "written and read).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Debug is off: this looks like a live site, and demo accounts share a published "
                "password. Use --force only on a throw-away installation."
            )
        with mail_kept_in_memory() as sent:
            with transaction.atomic():
                users = {}
                for spec in all_demo_accounts():
                    users[spec["email"]] = self.account(spec)
                organisations = members_demo.seed(users)
                created = members_demo.seed_applications(users, organisations)
                meetings = self.seed_committees(users, organisations)
                milestones_demo.seed(users)
                bulletin_items = bulletin_demo.seed(users)
            # Documents are uploaded one by one, each committed on its own, so that its text
            # is read (tasks run at once here) as soon as it is stored.
            started = time.monotonic()
            documents = repository_demo.seed(users, organisations) if options["documents"] else 0
            seconds = time.monotonic() - started
            threads = discussions_demo.seed(users)
            with transaction.atomic():
                monitoring = monitoring_demo.seed(users)
            secrets = two_factor_demo.seed(users)
        self.stdout.write(f"{len(organisations)} member organisations with their programmes.")
        self.print_applications(created, len(sent))
        self.print_committees(meetings)
        self.print_bulletin(bulletin_items)
        if options["documents"]:
            self.print_documents(documents, seconds)
        self.stdout.write(f"{threads} new questions and discussions in Ask the CoP.")
        self.stdout.write(
            "{snapshots} quarterly snapshots, {assessments} maturity assessments, {entries} "
            "journal entries and {recognitions} recognitions.".format(**monitoring)
        )
        self.print_logins(secrets)

    def seed_committees(self, users, organisations):
        """Bodies, seats, working groups and a year of meetings; returns how many meetings
        were created."""
        committees_demo.seed_people(users, organisations)
        bodies = committees_demo.seed_bodies(users)
        created = committees_demo.seed_meetings(users, organisations, bodies)
        _groups, twg_created = twg_demo.seed(users, organisations)
        # The demo writes minutes and recordings straight onto held meetings: file them in
        # the repository as recording them through the portal would.
        repository_services.documents_from_held_meetings(acting_user=users["admin@demo.cop.ke"])
        return created + twg_created

    def print_committees(self, created):
        actions = ActionItem.objects.all()
        self.stdout.write(
            f"{Body.objects.committees().count()} committees and "
            f"{Body.objects.filter(kind=Body.Kind.WORKING_GROUP).count()} working groups with "
            f"{Seat.objects.count()} seats; {Meeting.objects.count()} meetings ({created} new); "
            f"{actions.count()} action items, {actions.overdue().count()} overdue."
        )

    def print_documents(self, created, seconds):
        counts = repository_demo.summary()
        self.stdout.write(
            f"{counts['total']} documents ({created} new, written and indexed in "
            f"{seconds:.1f} s): public {counts['public']}, waiting for approval "
            f"{counts['waiting']}, kept for members by the coordinator {counts['refused']}, "
            f"members {counts['members']}, working groups {counts['twg']}, committees "
            f"{counts['committee']}; {counts['kiswahili']} in Kiswahili, "
            f"{counts['withdrawn']} withdrawn; {counts['searchable']} searchable. "
            f"{counts['from_meetings']} more filed from the minutes and recordings of meetings."
        )
        if counts["not_searchable"]:
            self.stdout.write(
                self.style.WARNING(f"  {counts['not_searchable']} could not be indexed.")
            )

    def print_bulletin(self, created):
        editions = Edition.objects.all()
        self.stdout.write(
            f"{editions.filter(status=Edition.Status.PUBLISHED).count()} published bulletin "
            f"editions and {editions.exclude(status=Edition.Status.PUBLISHED).count()} in "
            f"preparation; {Submission.objects.pending().count()} submissions waiting for "
            f"moderation ({created} new submissions)."
        )

    def account(self, spec):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=spec["email"],
            defaults={
                "full_name": spec["full_name"],
                "job_title": spec["job_title"],
                "is_staff": spec.get("is_staff", False),
                "is_superuser": spec.get("is_superuser", False),
            },
        )
        if created:
            # One hash for all demo accounts (the password is published anyway): hashing is
            # slow on purpose, and a fresh start should be quick.
            if self.password_hash is None:
                self.password_hash = make_password(DEMO_PASSWORD)
            user.password = self.password_hash
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        for name in spec.get("groups", []):
            user.groups.add(Group.objects.get(name=name))
        return user

    def print_applications(self, created, mails):
        counts = dict(
            MembershipApplication.objects.values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        states = ", ".join(
            f"{label.lower()} {counts[value]}"
            for value, label in MembershipApplication.Status.choices
            if counts.get(value)
        )
        self.stdout.write(
            f"{sum(counts.values())} membership applications ({created} new): {states}."
        )
        if mails:
            self.stdout.write(f"  {mails} e-mails of the workflow were kept off the mail server.")
        emails = [spec["email"] for spec in DEMO_ACCOUNTS]
        accounts = list(get_user_model().objects.filter(email__in=emails).order_by("email"))
        reviewers = [u.email for u in accounts if members_selectors.can_review(u)]
        deciders = [u.email for u in accounts if members_selectors.can_decide(u)]
        self.stdout.write(f"  reviewed (recommendations) by: {', '.join(reviewers)}")
        self.stdout.write(f"  decided by: {', '.join(deciders)}")

    def start_pages(self):
        """Where each role account begins: the page that shows what the role does."""
        pages = {
            "administrator": "/admin/",
            "content coordinator": reverse("repository:queue"),
            "committee member": reverse("members:review_queue"),
            "focal person": reverse("members:my_organisation"),
            "member": reverse("repository:list"),
            "applicant": reverse("members:applications"),
        }
        lead_seat = (
            Seat.objects.current()
            .filter(
                user__email="twglead@demo.cop.ke",
                role__in=Seat.LEADING_ROLES,
                body__kind=Body.Kind.WORKING_GROUP,
            )
            .select_related("body")
            .first()
        )
        pages["TWG lead"] = (
            reverse("twg:detail", kwargs={"slug": lead_seat.body.slug})
            if lead_seat
            else reverse("twg:list")
        )
        return pages

    def print_logins(self, secrets):
        site = settings.SITE_URL.rstrip("/") or "http://127.0.0.1:8000"
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Open {site}/ (start the server with: manage.py runserver)")
        self.stdout.write("Sign in with, and start from:")
        pages = self.start_pages()
        for spec in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {spec['role']:<20} {spec['email']:<26} {site}{pages[spec['role']]}"
            )
        self.stdout.write(
            "  other applicants     "
            + ", ".join(spec["email"] for spec in members_demo.DEMO_APPLICANTS)
        )
        self.stdout.write(
            "  committee seats      director@demo.cop.ke chairs the Oversight Committee; "
            "the other seat holders are in demo/data/committees.toml"
        )
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(
            "  Privileged accounts sign in with a code too: add their TOTP secret to an "
            "authenticator app (or use 'oathtool --totp -b SECRET')."
        )
        for email, secret in secrets.items():
            self.stdout.write(f"    {email:<30} password {DEMO_PASSWORD}  TOTP secret {secret}")
