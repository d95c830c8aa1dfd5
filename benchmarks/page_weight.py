"""Bytes the key pages transfer to Chromium on a first visit (empty cache) and a repeat
visit (warm cache), served by gunicorn as in production (issue 7). Not a test: it prints
figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<database> .venv/bin/python \\
        benchmarks/page_weight.py [--pages home search ...] [--json weight.json]

The portal runs as for ``benchmarks/pages.py`` (same options for the accounts and the
server): debug off, static files collected and served by WhiteNoise, which answers with the
Brotli or gzip file the browser accepts and a year's cache lifetime for fingerprinted names.
Headless Chromium (``/usr/bin/chromium``) opens each key page in a fresh context (empty
cache) and waits until the network is idle, then opens it again in the same context: the
repeat visit. Every response's ``encodedDataLength`` (Chrome DevTools Protocol,
``Network.loadingFinished``: bytes received over the network, headers included, compressed
as served) is added up; what the cache answers counts nothing.

The portal gzips its HTML itself (``cop_portal.middleware``): the HTML is measured as
served, and beside it its size uncompressed and its gzip size. Targets (issue 7): a first
visit under 120 KB, a repeat visit under 25 KB (1 KB = 1,024 bytes)."""

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TARGET_FIRST_KB = 120
TARGET_REPEAT_KB = 25
KB = 1024


def parse(argv=None):
    return _server.base_parser(__doc__.split("\n\n")[0]).parse_args(argv)


class Transfer:
    """Counts what the network delivers to one page, from DevTools Protocol events."""

    def __init__(self, context, page):
        self.session = context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.reset()
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.requestServedFromCache", self._cached)
        self.session.on("Network.responseReceived", self._response)
        self.session.on("Network.loadingFinished", self._finished)

    def reset(self):
        self.requests = {}
        self.from_cache = set()
        self.bytes = {}
        self.types = {}

    def _sent(self, event):
        if not event["request"]["url"].startswith("data:"):
            self.requests[event["requestId"]] = event["request"]["url"]

    def _cached(self, event):
        self.from_cache.add(event["requestId"])

    def _response(self, event):
        self.types[event["requestId"]] = event.get("type", "Other")
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.from_cache.add(event["requestId"])

    def _finished(self, event):
        if event["requestId"] in self.requests:
            self.bytes[event["requestId"]] = event["encodedDataLength"]

    def figures(self):
        total = sum(self.bytes.values())
        by_type = {}
        for request_id, size in self.bytes.items():
            kind = self.types.get(request_id, "Other")
            by_type[kind] = by_type.get(kind, 0) + size
        network = [r for r in self.requests if r not in self.from_cache]
        return {
            "bytes": total,
            "kb": total / KB,
            "requests": len(self.requests),
            "from_network": len(network),
            "by_type_kb": {k: v / KB for k, v in sorted(by_type.items())},
            "responses": [
                {"url": url, "type": self.types.get(r, "Other"), "bytes": self.bytes.get(r, 0)}
                for r, url in self.requests.items()
            ],
        }


def visit(context, page, transfer, url):
    """Open ``url`` and wait for the network to settle; the document's response."""
    transfer.reset()
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return response


def measure(browser, base_url, path, session_key=None):
    """First and repeat visit of one page in a fresh context."""
    context = browser.new_context(extra_http_headers=_server.PROXY_HEADERS)
    try:
        if session_key:
            context.add_cookies(
                [
                    {
                        "name": _server.session_cookie_name(),
                        "value": session_key,
                        "domain": urlsplit(base_url).hostname,
                        "path": "/",
                        "secure": True,
                        "httpOnly": True,
                        "sameSite": "Lax",
                    }
                ]
            )
        page = context.new_page()
        transfer = Transfer(context, page)
        response = visit(context, page, transfer, base_url + path)
        first = transfer.figures()
        html = response.body()
        encoding = response.headers.get("content-encoding", "")
        final_url = response.url
        visit(context, page, transfer, base_url + path)
        repeat = transfer.figures()
        return {
            "status": response.status,
            "final_url": final_url,
            "first": first,
            "repeat": repeat,
            "html_kb": len(html) / KB,
            "html_encoding": encoding or "none",
            "html_gzip_kb": len(gzip.compress(html, 6)) / KB,
        }
    finally:
        context.close()


HEADER = (
    f"{'page':<27} {'who':<9} {'first KB':>8} {'reqs':>4} {'repeat KB':>9} {'reqs':>4} "
    f"{'HTML KB':>7} {'gzipped':>7}  {'<120KB':<6} {'<25KB':<5}"
)


def ok(flag):
    return "ok" if flag else "MISS"


def main(argv=None):
    from playwright.sync_api import sync_playwright

    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="cop-bench-static-") as static_root:
        _server.setup_django(static_root)
        users = _server.find_users(
            args.member, args.reviewer, create=args.create_users, password=args.password
        )
        pages, notes = _server.key_pages(args.pages)
        rows = []
        with _server.Server(args.workers, args.worker_class) as server:
            if args.password:
                sessions = {
                    who: _server.form_session(server.host, server.port, u.email, args.password)
                    for who, u in users.items()
                }
            else:
                sessions = {who: _server.database_session(u) for who, u in users.items()}
            sessions["anonymous"] = None
            print(f"Page weight, {time.strftime('%Y-%m-%d %H:%M %Z')}, headless Chromium")
            print(f"  database: {_server.database_summary()}")
            print(f"  served by gunicorn on {server.url}, debug off, static files by WhiteNoise")
            for note in notes:
                print(f"  {note}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                try:
                    for page in pages:
                        for who in page.who:
                            # Each page's first path: the same page every run.
                            figures = measure(browser, server.url, page.paths[0], sessions[who])
                            rows.append((page, who, figures))
                finally:
                    browser.close()

        print()
        print(HEADER)
        encodings = set()
        misses = []
        for page, who, figures in rows:
            first, repeat = figures["first"], figures["repeat"]
            checks = {
                "first": first["kb"] < TARGET_FIRST_KB,
                "repeat": repeat["kb"] < TARGET_REPEAT_KB,
            }
            encodings.add(figures["html_encoding"])
            print(
                f"{page.title:<27} {who:<9} {first['kb']:8.1f} {first['from_network']:4d} "
                f"{repeat['kb']:9.1f} {repeat['from_network']:4d} {figures['html_kb']:7.1f} "
                f"{figures['html_gzip_kb']:7.1f}  {ok(checks['first']):<6} {ok(checks['repeat'])}"
            )
            if figures["status"] != 200:
                print(f"    answered {figures['status']} ({figures['final_url']})")
            missed = [name for name, passed in checks.items() if not passed]
            if missed:
                misses.append(f"{page.title} ({who}): {', '.join(missed)}")
            figures.update(page=page.name, title=page.title, who=who, path=page.paths[0])
            figures["targets"] = checks
        print(
            "\nKB: bytes received (headers included, compressed as served) / 1,024; reqs: "
            "requests that went to the network."
        )
        print(
            "HTML is served "
            + ("uncompressed" if encodings == {"none"} else f"with {', '.join(sorted(encodings))}")
            + " by the portal; 'gzipped' is its size if a proxy gzipped it (level 6)."
        )
        print(f"targets: first visit < {TARGET_FIRST_KB} KB, repeat visit < {TARGET_REPEAT_KB} KB")
        print("missed: " + ("; ".join(misses) if misses else "none"))
        if args.json:
            document = {
                "date": time.strftime("%Y-%m-%d %H:%M %Z"),
                "database": _server.database_summary(),
                "pages": [figures for _page, _who, figures in rows],
                "notes": notes,
            }
            Path(args.json).write_text(json.dumps(document, indent=2) + "\n")
            print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
