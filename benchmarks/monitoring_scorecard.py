"""Time of the monitoring scorecard's computation for the current quarter at the large CoP's
size (issue 17: under 2 s for the whole scorecard, cached after). Not a test: it prints
figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_large .venv/bin/python \\
        benchmarks/monitoring_scorecard.py [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        benchmarks/monitoring_scorecard.py --generate [--scale 1.0]

DATABASE_URL names a migrated database filled by ``generate_cop``; with ``--generate`` it
names the server, and the script creates a scratch database beside it, migrates it, fills it
with ``generate_cop --scale``, measures, and drops it (``--keep`` keeps it). Each run computes
every provider of the scorecard for the current quarter and a closed one (the whole of
``monitoring.indicators.compute``), printing wall-clock and CPU time (this process) and the
number of queries, per provider and in all; then the cached read of the current quarter
(``selectors.quarter_figures`` after one computation), and the participation points over a
year."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--generate", action="store_true", help="make a scratch large CoP")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def scratch_database(url):
    import psycopg

    name = f"cop_bench_monitoring_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return name, urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url, name):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, wall * 1000, cpu * 1000, len(queries)


def measure(runs):
    import datetime

    from django.core.cache import cache

    from monitoring import points, selectors
    from monitoring.indicators import Period
    from monitoring.indicators.registry import PROVIDERS
    from monitoring.quarters import Quarter

    current = Quarter.current()
    for quarter in (current, current.previous()):
        print(f"\n{quarter} ({'current' if quarter == current else 'closed'}), {runs} runs")
        totals = []
        per_provider = {provider.key: [] for provider in PROVIDERS}
        for _run in range(runs):
            period = Period(quarter)
            run_wall = 0
            for provider in PROVIDERS:
                _r, wall, cpu, queries = timed(lambda p=provider, at=period: p.compute(at))
                per_provider[provider.key].append((wall, cpu, queries))
                run_wall += wall
            totals.append(run_wall)
        for key, figures in per_provider.items():
            walls = [w for w, _c, _q in figures]
            cpus = [c for _w, c, _q in figures]
            print(
                f"  {key:16} median {statistics.median(walls):7.0f} ms wall, "
                f"{statistics.median(cpus):7.0f} ms CPU, {figures[-1][2]} queries"
            )
        median = statistics.median(totals)
        print(f"  whole scorecard  median {median:7.0f} ms, max {max(totals):.0f} ms")

    cache.clear()
    _r, wall, _cpu, queries = timed(lambda: selectors.quarter_figures(current))
    print(f"\nfirst read of the current quarter (computes): {wall:.0f} ms, {queries} queries")
    _r, wall, _cpu, queries = timed(lambda: selectors.quarter_figures(current))
    print(f"cached read of the current quarter:          {wall:.1f} ms, {queries} queries")
    today = datetime.date.today()
    _r, wall, _cpu, queries = timed(
        lambda: points.scores(today - datetime.timedelta(days=365), today)
    )
    print(f"participation points over a year:            {wall:.0f} ms, {queries} queries")


def main():
    args = parse()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to PostgreSQL (a filled database, or a server with --generate).")
    name = None
    if args.generate:
        name, os.environ["DATABASE_URL"] = scratch_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        if args.generate:
            call_command("migrate", verbosity=0)
            started = time.monotonic()
            call_command("generate_cop", scale=args.scale)
            print(f"generate_cop --scale {args.scale}: {time.monotonic() - started:.0f} s")
        measure(args.runs)
    finally:
        connections.close_all()
        if name and not args.keep:
            drop_database(url, name)


if __name__ == "__main__":
    main()
