"""What the page benchmarks share (``pages.py``, ``page_weight.py``): production-like
settings, the portal under gunicorn on 127.0.0.1, the key pages picked from the database,
and the sessions of the people who sign in.

The portal is served as production serves it behind nginx: debug off, a throwaway secret key,
static files collected (compressed and fingerprinted) and served by WhiteNoise, HTTPS as the
proxy reports it (every request carries ``X-Forwarded-Proto: https``, so secure cookies, the
HTTPS redirect and HSTS behave as in production)."""

import contextlib
import http.client
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# What nginx adds to every request it passes on (README, "Running in production").
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
MEMBER_EMAIL = "member@example.invalid"
REVIEWER_EMAIL = "committee@example.invalid"

# Repository searches the benchmark cycles through: common and rarer words, a phrase, two
# words, Kiswahili (all in the generator's vocabulary and the demo documents).
SEARCHES = ["pension", "drought livestock", '"cash transfer"', "health insurance", "wazee"]


@dataclass
class Page:
    """A key page: a name for ``--pages``, the paths requested in turn, and who asks."""

    name: str
    title: str
    paths: list
    who: tuple = ("anonymous", "member")
    notes: list = field(default_factory=list)


PAGE_NAMES = [
    "home",
    "directory",
    "organisation",
    "events",
    "twg",
    "search",
    "list",
    "document",
    "bulletin",
    "review",
    "milestones",
    "county",
]


def base_parser(description):
    """The options both scripts take."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=PAGE_NAMES,
        metavar="PAGE",
        help=f"a subset of the key pages: {', '.join(PAGE_NAMES)} (default: all)",
    )
    parser.add_argument("--member", default=MEMBER_EMAIL, help="the signed-in member's e-mail")
    parser.add_argument(
        "--reviewer",
        default=REVIEWER_EMAIL,
        help="a committee member who may open the review queue (its e-mail)",
    )
    parser.add_argument(
        "--password",
        help="sign in through the login form with this password (without it, sessions are "
        "created in the database for the two accounts)",
    )
    parser.add_argument(
        "--create-users",
        action="store_true",
        help="create the two accounts first if they are missing (a member with a working group "
        "seat, and a seat on the Oversight Committee), for a database the CoP generator did "
        "not fill",
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count(), help="gunicorn workers (default: cores)"
    )
    parser.add_argument(
        "--worker-class", default="sync", help="gunicorn worker class (production: sync)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this file")
    return parser


def production_environment(static_root):
    """The environment the portal runs with, in this process and in gunicorn's."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the (migrated, filled) database to benchmark.")
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "BENCHMARK_STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # As production: every process shares one cache (the portal refuses a per-process one).
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/1"),
    }


def setup_django(static_root):
    """Configure Django in this process as the server will be, and collect static files."""
    os.environ.update(production_environment(static_root))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    return time.monotonic() - started


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the portal on 127.0.0.1 (a free port) with this process's
    environment; a context manager that stops it at the end."""

    def __init__(self, workers, worker_class="sync"):
        self.workers = workers
        self.worker_class = worker_class
        self.port = free_port()
        self.host = "127.0.0.1"
        self.process = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open while serving
            prefix="cop-bench-gunicorn-", suffix=".log", delete=False
        )

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cop_portal.wsgi:application",
            "--bind",
            f"{self.host}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=os.environ.copy(), stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.tail()}")
            try:
                if get(self.host, self.port, "/_minimal/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer within a minute:\n{self.tail()}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def tail(self, lines=30):
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])


def cpu_snapshot(server):
    """CPU time (ns) each process serving requests has used so far: gunicorn's workers and
    the PostgreSQL backends connected to this database (Linux, same machine). Differences
    of two snapshots divided by the requests in between are what a request costs, whatever
    else the machine is doing."""
    from django.db import connection

    pids = [
        int(task.name)
        for task in Path("/proc").iterdir()
        if task.name.isdigit() and _parent(task) == server.process.pid
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids += [pid for (pid,) in cursor.fetchall()]
    used = {}
    for pid in pids:
        # A process gone since it was listed is not counted.
        with contextlib.suppress(OSError, ValueError, IndexError):
            used[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    return used


def cpu_used_ns(before, after):
    return sum(ns - before.get(pid, 0) for pid, ns in after.items())


def _parent(task):
    try:
        return int((task / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def get(host, port, path, cookies=None, headers=None):
    """One GET through the proxy headers: ``(status, headers, body)``."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        sent = {**PROXY_HEADERS, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def session_cookie_name():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def database_session(user):
    """A session for ``user`` in the database, as signing in makes it: its key is the
    cookie value the load generator and Chromium send."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def form_session(host, port, email, password):
    """Sign in through the portal's login form on the running server; the session key."""
    import re

    status, headers, body = get(host, port, "/accounts/login/")
    if status != 200:
        raise RuntimeError(f"the login page answered {status}")
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    origin = f"https://{host}:{port}"
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request(
            "POST",
            "/accounts/login/",
            body=urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token}),
            headers={
                **PROXY_HEADERS,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Origin": origin,
                "Referer": f"{origin}/accounts/login/",
            },
        )
        response = connection.getresponse()
        response.read()
        name = session_cookie_name()
        for header in response.headers.get_all("Set-Cookie") or []:
            morsel = SimpleCookie(header).get(name)
            if morsel and morsel.value and response.status == 302:
                return morsel.value
        raise RuntimeError(f"signing in as {email} failed (the form answered {response.status})")
    finally:
        connection.close()


def find_users(member_email, reviewer_email, create=False, password=None):
    """The signed-in member and the reviewer, created first with ``create`` (with
    ``password``, or none they could sign in with)."""
    from django.contrib.auth import get_user_model

    if create:
        create_users(member_email, reviewer_email, password)
    users = get_user_model().objects.in_bulk([member_email, reviewer_email], field_name="email")
    missing = [e for e in (member_email, reviewer_email) if e not in users]
    if missing:
        sys.exit(
            f"No account {', '.join(missing)} in this database: fill it with generate_cop, name "
            "existing accounts with --member/--reviewer, or pass --create-users."
        )
    return {"member": users[member_email], "reviewer": users[reviewer_email]}


def create_users(member_email, reviewer_email, password=None):
    """Two accounts for a database without the generator's: a member of an active
    organisation who accepted the code of conduct and sits on a working group, and a member
    with a seat on the Oversight Committee (which grants reviewing). Safe to run again."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from committees.models import Body, Seat
    from members.models import CodeOfConductAcceptance, Organisation, Person
    from members.selectors import current_code_of_conduct
    from twg.models import WorkingGroup

    organisation = Organisation.objects.filter(status=Organisation.Status.ACTIVE).first()
    group = WorkingGroup.objects.exclude(status=WorkingGroup.Status.TERMINATED).first()
    oversight = Body.objects.filter(kind=Body.Kind.OVERSIGHT).first()
    if not (organisation and group and oversight):
        sys.exit(
            "--create-users needs an active organisation, a working group and the Oversight "
            "Committee in the database (seed_demo makes them)."
        )
    code = current_code_of_conduct()
    with transaction.atomic():
        for email, name, body in [
            (member_email, "Benchmark Member", group.body),
            (reviewer_email, "Benchmark Reviewer", oversight),
        ]:
            user, created = get_user_model().objects.get_or_create(
                email=email, defaults={"full_name": name}
            )
            if created:
                user.set_password(password) if password else user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                Person.objects.create(user=user, organisation=organisation, kind="staff")
                Seat.objects.create(body=body, user=user, organisation=organisation)
                if code:
                    CodeOfConductAcceptance.objects.create(user=user, code=code)


def key_pages(names=None):
    """The key pages, their paths picked from the database: the heaviest realistic
    instance where there is a choice (the county with the most organisations, the
    organisation with the most programmes, the working group with the most seats, the
    commonest type and year of public documents). Pages without data are left out with a
    note. Returns ``(pages, notes)``."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear
    from django.urls import reverse

    from bulletin.models import Edition
    from members.models import County, Organisation, Pillar
    from repository.models import Document
    from twg.models import WorkingGroup

    wanted = set(names or PAGE_NAMES)
    pages, notes = [], []
    public = Document.objects.filter(
        visibility=Document.Visibility.PUBLIC,
        public_status=Document.PublicStatus.APPROVED,
        withdrawn_at__isnull=True,
    )

    def add(name, title, paths, **kwargs):
        if name not in wanted:
            return
        if paths:
            pages.append(Page(name, title, paths, **kwargs))
        else:
            notes.append(f"{title}: skipped, nothing of the kind in the database")

    add("home", "Home", [reverse("home")])
    county = County.objects.annotate(n=Count("organisations")).order_by("-n", "pk").first()
    pillar = Pillar.objects.order_by("pk").first()
    directory = reverse("members:directory")
    filters = []
    if county:
        filters.append({"county": county.slug})
    if pillar:
        filters.append({"pillar": pillar.slug})
    if county and pillar:
        filters.append({"county": county.slug, "pillar": pillar.slug})
    add("directory", "Member directory, filtered", [f"{directory}?{urlencode(f)}" for f in filters])
    organisation = (
        Organisation.objects.filter(status=Organisation.Status.ACTIVE)
        .annotate(n=Count("programmes"))
        .order_by("-n", "pk")
        .first()
    )
    add(
        "organisation",
        "Organisation profile",
        [reverse("members:organisation", args=[organisation.slug])] if organisation else [],
    )
    add("events", "Events", [reverse("calendar:events")])
    group = (
        WorkingGroup.objects.exclude(status=WorkingGroup.Status.TERMINATED)
        .annotate(n=Count("body__seats"))
        .order_by("-n", "pk")
        .first()
    )
    add("twg", "Working group", [group.get_absolute_url()] if group else [])
    documents = reverse("repository:list")
    add("search", "Repository search", [f"{documents}?{urlencode({'q': q})}" for q in SEARCHES])
    pairs = (
        public.filter(published_on__isnull=False)
        .values("type", year=ExtractYear("published_on"))
        .annotate(n=Count("pk"))
        .order_by("-n", "type", "year")[:3]
    )
    add(
        "list",
        "Repository, filtered list",
        [f"{documents}?{urlencode({'type': p['type'], 'year': p['year']})}" for p in pairs],
    )
    total = public.count()
    slugs = public.order_by("pk").values_list("slug", flat=True)
    picked = sorted({slugs[i * total // 5] for i in range(5)}) if total else []
    add("document", "Document page", [reverse("repository:detail", args=[s]) for s in picked])
    edition = Edition.objects.published().order_by("-published_at").first()
    add("bulletin", "Bulletin edition", [edition.get_absolute_url()] if edition else [])
    add("review", "Review queue", [reverse("members:review_queue")], who=("reviewer",))
    dashboard = reverse("milestones:dashboard")
    add(
        "milestones",
        "Sector milestones dashboard",
        [dashboard, f"{dashboard}?{urlencode({'pillar': pillar.slug})}" if pillar else dashboard],
    )
    add(
        "county",
        "County fact sheet",
        [reverse("milestones:county", args=[county.slug])] if county else [],
    )
    return pages, notes


def database_summary():
    """How big the database is, in a line."""
    from django.contrib.auth import get_user_model

    from committees.models import Meeting
    from members.models import Organisation
    from repository.models import Document

    return (
        f"{Organisation.objects.count():,} organisations, "
        f"{get_user_model().objects.count():,} accounts, {Meeting.objects.count():,} meetings, "
        f"{Document.objects.count():,} documents"
    )


def load_average():
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())
