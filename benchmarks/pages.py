"""Latency, throughput and queries of the portal's key pages under gunicorn, read against a
minimal Django view measured in the same run (issue 7). Not a test: it prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<database> .venv/bin/python \\
        benchmarks/pages.py [--seconds 10] [--concurrency N] [--pages home search ...] \\
        [--json figures.json] [--create-users]

DATABASE_URL names a migrated, filled database (``generate_cop`` makes a large CoP, with the
accounts ``member@example.invalid`` and ``committee@example.invalid`` this script signs in
as; ``--member``/``--reviewer`` name others, ``--create-users`` makes them). The script
collects the static files into a temporary folder, starts gunicorn on 127.0.0.1 with
production settings (``benchmarks/settings.py``: debug off, WhiteNoise, the portal's URLs plus
``/_minimal/``), and drives it from a second process: for each key page, as a visitor and as
a signed-in member (the review queue as the committee member), ``--concurrency`` keep-alive
connections request its paths in turn for ``--warmup`` seconds (not counted), then for
``--seconds``. Latency is from sending the request (connecting, when gunicorn's sync workers
closed the previous connection) to the last byte of the answer.

Beside the latency, "CPU ms" is the CPU time gunicorn's workers and the PostgreSQL backends
serving this database used per request (read from /proc: Linux, same machine): what a request
costs, whatever else the machine is doing; on a shared machine latency mostly measures the
wait for a core.

Queries are counted once per path in this process, through Django's test client with the same
session against the same database, after one request that warms the caches.

Targets (issue 7): median under 50 ms, p95 under 150 ms, and at least 25 % of the minimal
view's requests per second (the minimal view is measured at the start and at the end; the
mean of the two is the reference)."""

import asyncio
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _server  # noqa: E402

TARGET_MEDIAN_MS = 50
TARGET_P95_MS = 150
TARGET_SHARE = 25  # % of the minimal view's requests per second
MINIMAL_PATH = "/_minimal/"


def parse(argv=None):
    parser = _server.base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="uncounted time per page")
    parser.add_argument(
        "--concurrency",
        type=int,
        help="client connections at once (default: one per gunicorn worker)",
    )
    return parser.parse_args(argv)


# The load generator: it runs in a process of its own, with asyncio and raw HTTP/1.1.


async def _read_response(reader):
    """``(status, body bytes, server closes)`` of one HTTP/1.1 answer."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    version, status = head[0].split(" ", 2)[:2]
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    close = headers.get("connection", "").lower() == "close" or version == "HTTP/1.0"
    if "content-length" in headers:
        size = len(await reader.readexactly(int(headers["content-length"])))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        size = 0
        while chunk := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            size += len(await reader.readexactly(chunk + 2)) - 2
        await reader.readuntil(b"\r\n")
    else:
        size, close = len(await reader.read()), True
    return int(status), size, close


async def _drive(host, port, paths, cookies, seconds, warmup, concurrency):
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in _server.PROXY_HEADERS.items())
            + "Accept: text/html\r\nAccept-Encoding: gzip, deflate, br\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "Connection: keep-alive\r\n\r\n"
        ).encode("latin-1")
        for path in paths
    ]
    start = time.perf_counter()
    counted_from, stop = start + warmup, start + warmup + seconds
    latencies, statuses, sizes = [], Counter(), []

    made = 0

    async def connection(number):
        nonlocal made
        reader = writer = None
        turn = number  # the connections start on different paths
        while time.perf_counter() < stop:
            request = requests[turn % len(requests)]
            turn += 1
            sent = time.perf_counter()
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            status, size, close = await _read_response(reader)
            done = time.perf_counter()
            made += 1
            if counted_from <= done <= stop:
                latencies.append((done - sent) * 1000)
                statuses[status] += 1
                sizes.append(size)
            if close:
                writer.close()
                writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(connection(n) for n in range(concurrency)))
    return {
        "latencies": latencies,
        "statuses": dict(statuses),
        "made": made,
        "seconds": seconds,
        "mean_bytes": statistics.mean(sizes) if sizes else 0,
    }


def drive(host, port, paths, cookies=None, seconds=10.0, warmup=2.0, concurrency=2):
    """Request ``paths`` in turn over ``concurrency`` keep-alive connections for ``warmup``
    then ``seconds`` seconds; what finished within the ``seconds`` is counted: every
    latency (ms), the answers' statuses, their mean size. The event loop runs in a thread of
    its own, so a caller that runs one already (Playwright's sync API does) can drive too."""
    from concurrent.futures import ThreadPoolExecutor

    work = _drive(host, port, paths, cookies, seconds, warmup, concurrency)
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(result):
    latencies = result["latencies"]
    if not latencies:
        return {"requests": 0, "median_ms": None, "p95_ms": None, "rps": 0.0}
    return {
        "requests": len(latencies),
        "median_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "rps": len(latencies) / result["seconds"],
    }


# Queries, counted in this process.


def count_queries(path, session_key=None, *, page_cache=True):
    """Queries of one GET of ``path`` through the whole middleware stack, after one request
    that warms the caches: ``(status, number of queries)``. With ``page_cache=False``, what
    rendering the page costs (a visitor's page served from the page cache runs none)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    with override_settings(PAGE_CACHE_ENABLED=page_cache and settings.PAGE_CACHE_ENABLED):
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
    return response.status_code, len(queries)


def query_figure(counts):
    """One number, or the range when the paths of a page differ."""
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


def verdicts(figures, minimal_rps):
    share = 100 * figures["rps"] / minimal_rps if minimal_rps else 0.0
    return share, {
        "median": figures["median_ms"] is not None and figures["median_ms"] < TARGET_MEDIAN_MS,
        "p95": figures["p95_ms"] is not None and figures["p95_ms"] < TARGET_P95_MS,
        "share": share >= TARGET_SHARE,
    }


def ok(flag):
    return "ok" if flag else "MISS"


HEADER = (
    f"{'page':<27} {'who':<9} {'median':>7} {'p95':>7} {'CPU ms':>6} {'req/s':>7} {'% min':>6} "
    f"{'queries':>7} {'requests':>8} {'load':>5}  {'<50ms':<5} {'<150ms':<6} {'>=25%':<5}"
)


def row(title, who, figures, share, queries, checks, load):
    median = "-" if figures["median_ms"] is None else f"{figures['median_ms']:7.1f}"
    p95 = "-" if figures["p95_ms"] is None else f"{figures['p95_ms']:7.1f}"
    marks = (
        f"{ok(checks['median']):<5} {ok(checks['p95']):<6} {ok(checks['share']):<5}"
        if checks
        else ""
    )
    share_text = f"{share:5.0f}%" if share is not None else ""
    return (
        f"{title:<27} {who:<9} {median:>7} {p95:>7} {figures['cpu_ms']:6.1f} "
        f"{figures['rps']:7.1f} {share_text:>6} "
        f"{queries:>7} {figures['requests']:>8} {load:5.2f}  {marks}"
    ).rstrip()


def main(argv=None):
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    args = parse(argv)
    concurrency = args.concurrency or args.workers
    with tempfile.TemporaryDirectory(prefix="cop-bench-static-") as static_root:
        collect_seconds = _server.setup_django(static_root)
        users = _server.find_users(
            args.member, args.reviewer, create=args.create_users, password=args.password
        )
        pages, notes = _server.key_pages(args.pages)
        with _server.Server(args.workers, args.worker_class) as server:
            if args.password:
                sessions = {
                    who: _server.form_session(server.host, server.port, u.email, args.password)
                    for who, u in users.items()
                }
                how = "through the login form"
            else:
                sessions = {who: _server.database_session(u) for who, u in users.items()}
                how = "with sessions created in the database"
            sessions["anonymous"] = None
            cookie_name = _server.session_cookie_name()

            def cookies(who):
                return {cookie_name: sessions[who]} if sessions[who] else None

            print(f"Page benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}")
            print(f"  database: {_server.database_summary()}")
            print(
                f"  gunicorn: {args.workers} {args.worker_class} workers on {server.url}, "
                f"debug off, static files by WhiteNoise (collected in {collect_seconds:.0f} s); "
                f"{os.cpu_count()} cores"
            )
            print(
                f"  load: {concurrency} keep-alive connections from a second process, "
                f"{args.warmup:g} s warm-up then {args.seconds:g} s per row"
            )
            print(f"  signed in as {args.member} and {args.reviewer} ({how})")
            print(f"  load average at the start: {_server.load_average()}")
            for note in notes:
                print(f"  {note}")

            # Each worker imports lazily and opens its database connections on first use:
            # one round of every page before anything is timed.
            for _round in range(args.workers):
                for page in pages:
                    for who in page.who:
                        for path in page.paths:
                            _server.get(server.host, server.port, path, cookies(who))
                _server.get(server.host, server.port, MINIMAL_PATH, cookies("member"))

            runs = {"minimal": {}, "pages": []}
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:

                def measure(paths, who):
                    cpu_before = _server.cpu_snapshot(server)
                    result = pool.submit(
                        drive,
                        server.host,
                        server.port,
                        paths,
                        cookies(who),
                        args.seconds,
                        args.warmup,
                        concurrency,
                    ).result()
                    cpu = _server.cpu_used_ns(cpu_before, _server.cpu_snapshot(server))
                    figures = summarise(result)
                    # Warm-up requests used CPU too: spread it over every request made.
                    figures["cpu_ms"] = cpu / 1e6 / max(1, result["made"])
                    figures["statuses"] = result["statuses"]
                    figures["mean_kb"] = result["mean_bytes"] / 1024
                    figures["load"] = os.getloadavg()[0]
                    return figures

                minimal_queries = {}
                for who in ("anonymous", "member"):
                    minimal_queries[who] = count_queries(MINIMAL_PATH, sessions[who])[1]
                    runs["minimal"][who] = [measure([MINIMAL_PATH], who)]

                measured = []
                for page in pages:
                    for who in page.who:
                        counted = [count_queries(path, sessions[who]) for path in page.paths]
                        rendered = [
                            count_queries(path, sessions[who], page_cache=False)[1]
                            for path in page.paths
                        ]
                        figures = measure(page.paths, who)
                        figures["queries"] = query_figure([n for _s, n in counted])
                        if rendered != [n for _s, n in counted]:  # served from the page cache
                            figures["queries"] += f" ({query_figure(rendered)} to render)"
                        figures["query_statuses"] = sorted({s for s, _n in counted})
                        measured.append((page, who, figures))
                    if "anonymous" not in page.who:
                        status, headers, _body = _server.get(
                            server.host, server.port, page.paths[0]
                        )
                        page.notes.append(
                            f"{page.title}, anonymous: {status} to "
                            f"{headers.get('Location', '?')} (not measured)"
                        )

                for who in ("anonymous", "member"):
                    runs["minimal"][who].append(measure([MINIMAL_PATH], who))

        minimal_rps = {
            who: statistics.mean(r["rps"] for r in pair) for who, pair in runs["minimal"].items()
        }
        minimal_rps["reviewer"] = minimal_rps["member"]

        print()
        print(HEADER)
        for who, pair in runs["minimal"].items():
            for number, figures in enumerate(pair):
                when = "start" if number == 0 else "end"
                print(
                    row(
                        f"minimal view ({when})",
                        who,
                        figures,
                        None,
                        str(minimal_queries[who]),
                        None,
                        figures["load"],
                    )
                )
        misses = []
        for page, who, figures in measured:
            share, checks = verdicts(figures, minimal_rps[who])
            print(row(page.title, who, figures, share, figures["queries"], checks, figures["load"]))
            statuses = sorted(figures["statuses"])
            if statuses != [200] or figures["query_statuses"] != [200]:
                print(
                    f"    answers: {figures['statuses']}"
                    f" (when counting queries: {figures['query_statuses']})"
                )
            missed = [name for name, passed in checks.items() if not passed]
            if missed:
                misses.append(f"{page.title} ({who}): {', '.join(missed)}")
            runs["pages"].append(
                {
                    "page": page.name,
                    "title": page.title,
                    "who": who,
                    "paths": page.paths,
                    **figures,
                    "percent_of_minimal": share,
                    "targets": checks,
                }
            )
        for page in pages:
            for note in page.notes:
                print(f"  {note}")
        print(
            f"\nminimal view, mean of start and end: {minimal_rps['anonymous']:.0f} req/s "
            f"anonymous, {minimal_rps['member']:.0f} req/s signed in"
        )
        print(f"load average at the end: {_server.load_average()}")
        print(
            f"targets: median < {TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms, "
            f">= {TARGET_SHARE}% of the minimal view's req/s"
        )
        print("missed: " + ("; ".join(misses) if misses else "none"))

        if args.json:
            document = {
                "date": time.strftime("%Y-%m-%d %H:%M %Z"),
                "database": _server.database_summary(),
                "cores": os.cpu_count(),
                "workers": args.workers,
                "worker_class": args.worker_class,
                "concurrency": concurrency,
                "seconds": args.seconds,
                "warmup": args.warmup,
                "load_average_end": os.getloadavg(),
                "minimal": {
                    "runs": runs["minimal"],
                    "mean_rps": minimal_rps,
                    "queries": minimal_queries,
                },
                "pages": runs["pages"],
                "notes": notes + [n for page in pages for n in page.notes],
            }
            Path(args.json).write_text(json.dumps(document, indent=2) + "\n")
            print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
