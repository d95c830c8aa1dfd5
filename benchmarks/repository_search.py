"""Server time of the repository's search, filtered list and document page at 1,000, 10,000
and 100,000 documents (issue 5). Not a test: it prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/repository_search.py [--sizes 1000 10000 100000]

DATABASE_URL names the PostgreSQL server (and a database to connect to for administration);
the script creates a scratch database beside it, migrates it, fills it with
``demo.generate.repository`` up to each size in turn, and drops it at the end. Each request runs
in process through Django's test client (no network, no web server): the time is what the
view, its queries and its template cost. Queries vary (single words common and rare,
phrases, OR, -word, Kiswahili), with and without facets, for an anonymous visitor and a
member with a working group seat.

Two times are printed per request: CPU time (this process plus the database backend serving
it, read from /proc: Linux only) and wall-clock time. On a machine shared with other work the
wall-clock time mostly measures waiting for a core; the CPU time is what the request costs."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES = [
    # (kind, query): words from the generator's vocabulary, as people would type them
    ("word", "pension"),
    ("word", "drought"),
    ("word", "registry"),
    ("word", "disability"),
    ("word", "turkana"),
    ("word", "marsabit"),
    ("word", "evaluation"),
    ("word", "wazee"),
    ("word", "bima"),
    ("word", "hospital"),
    ("tail word", "kalobeyei"),
    ("tail word", "ombudsman"),
    ("tail word", "boreholes"),
    ("phrase", '"cash transfer"'),
    ("phrase", '"school meals"'),
    ("phrase", '"hunger safety net"'),
    ("phrase", '"ulinzi wa kijamii"'),
    ("phrase", '"older persons"'),
    ("two words", "pension nssf"),
    ("two words", "drought livestock"),
    ("two words", "health insurance"),
    ("or", "nhif or sha"),
    ("or", "floods or locusts"),
    ("or", "wazee or walemavu"),
    ("minus", "pension -nssf"),
    ("minus", "drought -turkana"),
    ("minus", "cash -mobile"),
    ("broad", "social protection"),
    ("broad", "programme"),
]
FACET_CHOICES = [
    {},
    {},
    {"type": "evaluation"},
    {"year": "2021"},
    {"language": "sw"},
    {"county": "national"},
    {"pillar": "social-assistance"},
    {"type": ["policy", "research"], "year": "2019"},
]
LIST_FILTERS = [
    {"type": "evaluation"},
    {"type": "policy", "sort": "downloads"},
    {"year": "2020"},
    {"language": "sw", "type": "research"},
    {"county": "national"},
    {"pillar": "social-assistance", "year": "2022"},
    {"sort": "downloads"},
    {},
    {"page": "3"},
]


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--searches", type=int, default=200, help="search requests per size")
    parser.add_argument("--lists", type=int, default=60, help="filtered list requests per size")
    parser.add_argument("--pages", type=int, default=60, help="document pages per size")
    parser.add_argument("--keep", action="store_true", help="do not drop the scratch database")
    return parser.parse_args()


def scratch_database():
    """Create an empty database beside the one DATABASE_URL names; return its URL."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the benchmark needs one.")
    parts = urlsplit(url)
    name = f"cop_benchmark_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return url, urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(admin_url, name):
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figures(values):
    return statistics.median(values), percentile(values, 0.95)


def people():
    """An anonymous visitor and a member of an active organisation with a working group
    seat (so that members' and one group's documents are visible to them)."""
    from django.contrib.auth import get_user_model

    from committees.models import Seat
    from members.models import Organisation, Person
    from twg.models import WorkingGroup

    user = get_user_model().objects.create_user(email="bench-member@example.invalid")
    organisation = Organisation.objects.filter(status=Organisation.Status.ACTIVE).first()
    Person.objects.create(user=user, organisation=organisation, kind="staff")
    Seat.objects.create(
        body=WorkingGroup.objects.first().body, user=user, organisation=organisation
    )
    return user


def backend_cpu_ns():
    """CPU time the PostgreSQL backend serving this process has used (Linux, same machine)."""
    from django.db import connection

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with open(f"/proc/{pid}/schedstat") as stat:
        return int(stat.read().split()[0])


def measure(client_for, requests):
    """Time each (who, url, params) request. Returns two lists of milliseconds: wall-clock
    time, and CPU time (this process plus its database backend), which is what the request
    costs whatever else the machine is doing."""
    wall, cpu = [], []
    for who, url, params in requests:
        client = client_for[who]
        backend_before, process_before = backend_cpu_ns(), time.process_time_ns()
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - started) * 1000
        used = time.process_time_ns() - process_before + backend_cpu_ns() - backend_before
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")
        wall.append(elapsed)
        cpu.append(used / 1e6)
    return wall, cpu


def run_size(size, args, client_for, rng):
    from django.db import connection
    from django.urls import reverse

    from repository.models import Document

    list_url = reverse("repository:list")
    searches, kinds = [], []
    for _ in range(args.searches):
        kind, query = rng.choice(SEARCHES)
        params = {"q": query, **rng.choice(FACET_CHOICES)}
        searches.append((rng.choice(["anonymous", "member"]), list_url, params))
        kinds.append(kind)
    lists = [
        (rng.choice(["anonymous", "member"]), list_url, rng.choice(LIST_FILTERS))
        for _ in range(args.lists)
    ]
    slugs = list(
        Document.objects.filter(
            visibility=Document.Visibility.PUBLIC,
            public_status=Document.PublicStatus.APPROVED,
            withdrawn_at__isnull=True,
        )
        .order_by("?")
        .values_list("slug", flat=True)[: args.pages]
    )
    pages = [
        (rng.choice(["anonymous", "member"]), reverse("repository:detail", args=[slug]), {})
        for slug in slugs
    ]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    # Warm the caches as a running server would be: one pass of each kind, not counted.
    measure(client_for, searches[:30] + lists[:10] + pages[:10])
    results = {
        "search": measure(client_for, searches),
        "filtered list": measure(client_for, lists),
        "document page": measure(client_for, pages),
    }
    by_kind = {}
    for kind, elapsed in zip(kinds, results["search"][1], strict=True):
        by_kind.setdefault(kind, []).append(elapsed)
    return results, by_kind


def main():
    args = parse()
    admin_url, url, name = scratch_database()
    os.environ["DATABASE_URL"] = url
    # One persistent connection, so that its backend's CPU time can be read per request.
    os.environ["DATABASE_POOL"] = "false"
    os.environ["DATABASE_CONN_MAX_AGE"] = "86400"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    # Static files from the app folders, as in tests (no collectstatic needed).
    os.environ.setdefault(
        "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from demo.generate.repository import generate_documents

    # The test client's host name. No test environment: templates render as in production.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # no query log: time what production would spend
    try:
        call_command("migrate", verbosity=0)
        client_for = {"anonymous": Client()}
        rng = random.Random(5)  # noqa: S311 - a repeatable mix of requests
        print(f"Repository benchmark, PostgreSQL, {time.strftime('%Y-%m-%d')}")
        summary, kinds_at = {}, {}
        have = 0
        for size in sorted(args.sizes):
            started = time.monotonic()
            generate_documents(size - have, seed=size)
            have = size
            if "member" not in client_for:  # the generator made the organisations
                client_for["member"] = Client()
                client_for["member"].force_login(people())
            print(f"\n{size:,} documents (generated in {time.monotonic() - started:.0f} s)")
            results, by_kind = run_size(size, args, client_for, rng)
            load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
            print(f"  (load average while measured: {load}; {os.cpu_count()} cores)")
            summary[size] = {
                page: (figures(wall), figures(cpu)) for page, (wall, cpu) in results.items()
            }
            kinds_at[size] = {kind: figures(times) for kind, times in by_kind.items()}
            for page, ((median, p95), (cpu_median, cpu_p95)) in summary[size].items():
                print(
                    f"  {page:<14} CPU median {cpu_median:6.1f} ms  p95 {cpu_p95:6.1f} ms"
                    f"   | wall median {median:6.1f} ms  p95 {p95:6.1f} ms"
                    f"   n={len(results[page][0])}"
                )
            for kind, (median, p95) in sorted(kinds_at[size].items()):
                print(f"    search, {kind:<10} CPU median {median:6.1f} ms  p95 {p95:6.1f} ms")
        sizes = sorted(summary)
        pages = list(summary[sizes[0]])
        print("\nCPU time per request (this process and its database backend), median / p95, ms")
        print("| documents | " + " | ".join(pages) + " |")
        print("| ---: | " + " | ".join("---:" for _ in pages) + " |")
        for size in sizes:
            cells = " | ".join(f"{m:.0f} / {p:.0f}" for _wall, (m, p) in summary[size].values())
            print(f"| {size:,} | {cells} |")
        print("\nWall-clock time per request, median / p95, ms")
        print("| documents | " + " | ".join(pages) + " |")
        print("| ---: | " + " | ".join("---:" for _ in pages) + " |")
        for size in sizes:
            cells = " | ".join(f"{m:.0f} / {p:.0f}" for (m, p), _cpu in summary[size].values())
            print(f"| {size:,} | {cells} |")
        if len(sizes) > 1:
            first = summary[sizes[0]]["search"][1][1]
            last = summary[sizes[-1]]["search"][1][1]
            print(
                f"\nsearch CPU p95 at {sizes[-1]:,}: {last:.0f} ms (target < 100 ms); "
                f"{last / first:.2f} times the p95 at {sizes[0]:,} (target <= 2)"
            )
    finally:
        if args.keep:
            print(f"\nThe scratch database {name} is kept.")
        else:
            drop_database(admin_url, name)


if __name__ == "__main__":
    main()
