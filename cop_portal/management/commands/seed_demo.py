"""Load demo data so that a fresh start shows a living portal. Safe to run again."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from members import demo as members_demo

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


class Command(BaseCommand):
    help = "Create demo accounts and content. Running it twice changes nothing the second time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load demo accounts even with debug off (never on a live site).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Debug is off: this looks like a live site, and demo accounts share a published "
                "password. Use --force only on a throw-away installation."
            )
        User = get_user_model()
        users = {}
        for spec in DEMO_ACCOUNTS:
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
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            for name in spec.get("groups", []):
                user.groups.add(Group.objects.get(name=name))
            users[user.email] = user
        organisations = members_demo.seed(users)
        self.stdout.write(f"{len(organisations)} member organisations with their programmes.")
        self.print_logins()

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for spec in DEMO_ACCOUNTS:
            self.stdout.write(f"  {spec['role']:<20} {spec['email']}")
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(
            "  Staff accounts set up two-factor authentication on their first visit to /admin/."
        )
