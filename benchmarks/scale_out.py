"""The portal on more than one process, as a production with several machines runs it, under
a bounded mixed load, with an app server and a task worker killed in the middle (issue 20).
Not a test: it prints figures, and exits non-zero when something was lost or done twice.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        benchmarks/scale_out.py [--seconds 40] [--clients 6]

What runs, all on 127.0.0.1 and all started and stopped by the script:

- nginx (Debian's package) in front, with TLS (a throwaway certificate), an upstream of the two
  app servers, the forwarded headers production sends, and the internal location that sends
  protected files (X-Accel-Redirect) from the bucket;
- two gunicorn servers and two ``db_worker`` task workers, sharing one PostgreSQL database (a
  scratch one beside the database ``DATABASE_URL`` names, dropped at the end), one Redis
  database for the cache and the rate limits, and S3-compatible storage (moto's server mode) for
  uploaded files;
- an SMTP server (aiosmtpd, in its own process) that records each message it accepts.

The load: clients signed in as members read pages, upload documents, register for a meeting
with fewer places than people, and download what they uploaded; meanwhile an edition of the
bulletin is published to its subscribers. Half-way through, one app server and one worker are
killed (SIGKILL) and started again.

It then counts: requests and errors by status; uploads answered as done against document rows
and objects in the bucket; registrations against places; bulletin messages accepted by the SMTP
server against deliveries. The run passes with nothing lost, nothing done twice, and no error
other than requests that were in flight on the killed server (answered 502 by nginx).
"""

import argparse
import contextlib
import http.client
import io
import itertools
import json
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._server import Server, free_port  # noqa: E402

BUCKET = "cop-portal-files"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=40, help="how long the load runs")
    parser.add_argument("--clients", type=int, default=6, help="concurrent clients")
    parser.add_argument("--members", type=int, default=40, help="members who may register")
    parser.add_argument("--places", type=int, default=15, help="places at the meeting")
    parser.add_argument("--subscribers", type=int, default=300, help="bulletin subscribers")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this file")
    return parser.parse_args()


# -- the services around the portal ---------------------------------------------------------


def scratch_database():
    """A scratch PostgreSQL database on the server DATABASE_URL names: ``(url, drop)``."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The scale-out run needs PostgreSQL: set DATABASE_URL to a PostgreSQL server.")
    name = f"cop_scale_out_{os.getpid()}"
    # The server's maintenance database: the one named may not exist (the test suite's).
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), drop


def smtp_server(port, log_path, ready):
    """The SMTP server process: accept every message, write one line per recipient."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Recording:
        async def handle_DATA(self, server, session, envelope):
            with open(log_path, "a", encoding="utf-8") as log:
                for address in envelope.rcpt_tos:
                    log.write(address + "\n")
            return "250 2.0.0 Accepted"

    controller = Controller(Recording(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**6))
    finally:
        controller.stop()


class Process:
    """A child process started (and started again) with the same command."""

    def __init__(self, name, command, log_dir, env=None):
        self.name, self.command, self.env = name, command, env
        self.log = open(Path(log_dir) / f"{name}.log", "ab")  # noqa: SIM115 - kept open
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            self.command,
            cwd=ROOT,
            env=self.env or os.environ.copy(),
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        return self

    def kill(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(check, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


def moto_server(log_dir):
    port = free_port()
    process = Process(
        "s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], log_dir
    ).start()
    endpoint = f"http://127.0.0.1:{port}"

    def up():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/")
        return connection.getresponse().status < 500

    wait_for(up, "moto's S3 server")
    return process, endpoint


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="scale-out",
        aws_secret_access_key="scale-out-secret",
    )


NGINX_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream portal {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        client_max_body_size 25m;
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream error timeout;
        }}
        # Protected files: the portal checks permission and names the file's signed address
        # in the bucket; nginx fetches it and sends it with the portal's sandbox policy.
        location /protected/ {{
            internal;
            proxy_pass {s3}/;
            proxy_set_header Host {s3_host};
            proxy_hide_header Content-Type;
            proxy_hide_header Content-Disposition;
            proxy_hide_header Cache-Control;
            add_header Content-Security-Policy "sandbox; default-src 'none'" always;
            add_header X-Content-Type-Options nosniff always;
        }}
    }}
}}
"""


def nginx(log_dir, app_ports, s3_endpoint):
    folder = Path(log_dir)
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "/usr/bin/openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],  # fmt: skip
        check=True,
        capture_output=True,
    )
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            # As root, nginx's workers would drop to "nobody", who cannot read the scratch
            # folder; as another user the directive is not allowed.
            user="user root;" if os.geteuid() == 0 else "",
            dir=folder,
            port=port,
            servers="\n".join(
                f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in app_ports
            ),
            s3=s3_endpoint,
            s3_host=urlsplit(s3_endpoint).netloc,
        )
    )
    process = Process("nginx", [NGINX, "-c", str(conf), "-p", str(folder)], log_dir).start()
    wait_for(lambda: Client(port).request("GET", "/_minimal/")[0] == 200, "nginx")
    return process, port


# -- the portal -----------------------------------------------------------------------------


def portal_environment(database_url, smtp_port, s3_endpoint, static_root, nginx_port):
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"https://127.0.0.1:{nginx_port}",
        "BENCHMARK_STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "CACHE_URL": "redis://127.0.0.1:6379/13",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "scale-out",
        "AWS_SECRET_ACCESS_KEY": "scale-out-secret",
        "PROTECTED_MEDIA_ACCEL_PREFIX": "/protected/",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        # A stopped worker's bulletin rows are claimable again after the lease.
        "BULLETIN_SEND_LEASE": "5",
        "BULLETIN_SEND_BATCH": "50",
    }


def build(members, places, subscribers):
    """The data the load needs, built with the same factories as the tests: members of an
    active organisation, a meeting with fewer places than members, a bulletin edition ready
    to publish and its confirmed subscribers. Returns the people and the meeting."""
    from django.utils import timezone

    from bulletin.models import Subscriber
    from members.models import CodeOfConductAcceptance
    from members.selectors import current_code_of_conduct
    from tests.factories import bulletin, committees
    from tests.factories.accounts import coordinator
    from tests.factories.members import OrganisationFactory, member

    organisation = OrganisationFactory(name="Scale-out Trust", slug="scale-out-trust")
    people = [
        member(organisation=organisation, user__email=f"member{n}@scale-out.example")
        for n in range(members)
    ]
    code = current_code_of_conduct()
    if code:
        CodeOfConductAcceptance.objects.bulk_create(
            [CodeOfConductAcceptance(user=user, code=code) for user in people]
        )
    meeting = committees.meeting(
        committees.oversight(), title="Financing the scale-up", capacity=places
    )
    editor = coordinator()
    edition = bulletin.edition(editor, items=2)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n}@scale-out.example",
            status=Subscriber.Status.SUBSCRIBED,
            source=Subscriber.Source.PUBLIC,
            confirmed_at=now,
        )
        for n in range(subscribers)
    )
    return people, meeting, edition, editor


class Client:
    """HTTPS to nginx with a session cookie; every answer is recorded."""

    context = ssl._create_unverified_context()  # noqa: S323 - the run's own throwaway certificate

    def __init__(self, port, session=None, record=None):
        self.port, self.record = port, record
        self.cookies = {}
        if session:
            from django.conf import settings

            self.cookies[settings.SESSION_COOKIE_NAME] = session

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, timeout=60, context=self.context
        )
        origin = f"https://127.0.0.1:{self.port}"
        sent = {"Origin": origin, "Referer": origin + path, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            self._note(f"connection error ({type(error).__name__})", path)
            return None, None, b""
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        self._note(response.status, path)
        return response.status, response.headers, data

    def _note(self, status, path):
        if self.record is not None:
            self.record.append((time.monotonic(), status, path))

    def csrf(self, path):
        status, _, body = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body or b"")
        return match.group(1).decode() if status == 200 and match else None

    def post(self, path, fields, files=None, form_page=None):
        """POST ``fields`` (and ``files``) with the CSRF token of ``form_page`` (the page
        the form is on; ``path`` by default)."""
        token = self.csrf(form_page or path)
        if token is None:
            return None
        fields = {**fields, "csrfmiddlewaretoken": token}
        if files:
            boundary = secrets.token_hex(12)
            body, content_type = _multipart(fields, files, boundary)
        else:
            body, content_type = urlencode(fields, doseq=True), "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers={"Content-Type": content_type})[0]


def _multipart(fields, files, boundary):
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Load:
    """The clients' work, shared by their threads."""

    def __init__(self, port, sessions, meeting, seconds):
        self.port, self.seconds = port, seconds
        self.sessions = list(sessions.items())  # (user pk, session key)
        self.unregistered = list(sessions)
        from django.urls import reverse

        self.meeting_path = meeting.get_absolute_url()
        self.register_path = reverse("committees:meeting_register", args=[meeting.pk])
        self.record = []
        self.uploads = {}  # title -> status of the POST
        self.registered = {}  # user pk -> status of the POST
        self.downloads = Counter()
        self.lock = threading.Lock()
        self.numbers = itertools.count(1)

    def run(self, clients):
        stop_at = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self.client, args=(n, stop_at), daemon=True)
            for n in range(clients)
        ]
        for thread in threads:
            thread.start()
        return threads

    def client(self, n, stop_at):
        chooser = random.Random(n)  # noqa: S311 - a load mix, not a secret
        pages = ["/", "/documents/", "/events/", "/members/", "/bulletin/", self.meeting_path]
        while time.monotonic() < stop_at:
            user, session = chooser.choice(self.sessions)
            client = Client(self.port, session, self.record)
            action = chooser.choices(
                ["read", "upload", "register", "download"], weights=[10, 3, 3, 2]
            )[0]
            if action == "read":
                client.request("GET", chooser.choice(pages))
            elif action == "upload":
                self.upload(client)
            elif action == "register":
                self.register(client)
            else:
                self.download(client, chooser)

    def upload(self, client):
        number = next(self.numbers)
        title = f"Scale-out field report {number}"
        text = f"Field report {number}: cash transfers reached households in Turkana. "
        status = client.post(
            "/documents/new/",
            {"title": title, "type": "research", "language": "en", "visibility": "members"},
            files={"file": (f"report-{number}.txt", (text * 20).encode(), "text/plain")},
        )
        with self.lock:
            self.uploads[title] = status

    def register(self, client):
        with self.lock:
            if not self.unregistered:
                return
            user = self.unregistered.pop()
        session = dict(self.sessions)[user]
        client = Client(self.port, session, self.record)
        status = client.post(self.register_path, {}, form_page=self.meeting_path)
        with self.lock:
            self.registered[user] = status

    def download(self, client, chooser):
        from repository.models import Document

        with self.lock:
            done = [title for title, status in self.uploads.items() if status == 302]
        if not done:
            return
        document = Document.objects.filter(title=chooser.choice(done)).first()
        if document is None:
            return
        status, headers, body = client.request("GET", document.get_absolute_url() + "download/")
        if status == 200:
            sandboxed = "sandbox" in (headers.get("Content-Security-Policy") or "")
            self.downloads["sandboxed" if sandboxed else "without the sandbox policy"] += 1
            self.downloads["bytes right" if b"Turkana" in body else "bytes wrong"] += 1


# -- the run --------------------------------------------------------------------------------


def main():
    args = parse()
    log_dir = tempfile.mkdtemp(prefix="cop-scale-out-")
    os.chmod(log_dir, 0o755)  # noqa: S103 - nginx's workers read its configuration here
    started = []
    database_url, drop = scratch_database()
    figures = {}
    try:
        figures = run(args, log_dir, database_url, started)
    finally:
        for process in reversed(started):
            process.stop()
        drop()
        shutil.rmtree(log_dir, ignore_errors=True)
    failures = figures.get("failures", ["the run did not finish"])
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    print("PASS" if not failures else "FAIL:\n  " + "\n  ".join(failures))
    return 0 if not failures else 1


def run(args, log_dir, database_url, started):
    smtp_port = free_port()
    smtp_log = Path(log_dir) / "smtp.txt"
    smtp_log.touch()
    ready = multiprocessing.Event()
    smtp = multiprocessing.Process(
        target=smtp_server, args=(smtp_port, str(smtp_log), ready), daemon=True
    )
    smtp.start()
    ready.wait(30)

    s3, s3_endpoint = moto_server(log_dir)
    started.append(s3)
    s3_client(s3_endpoint).create_bucket(Bucket=BUCKET)

    static_root = Path(log_dir) / "static"
    app_ports = [free_port(), free_port()]
    nginx_port = free_port()  # reserved now, so that SITE_URL can name it
    environment = portal_environment(database_url, smtp_port, s3_endpoint, static_root, nginx_port)
    os.environ.update(environment)
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    redis.Redis.from_url(environment["CACHE_URL"]).flushdb()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    people, meeting, edition, editor = build(args.members, args.places, args.subscribers)

    servers = []
    for port in app_ports:
        server = Server(workers=1)
        server.port = port
        servers.append(server.__enter__())
    workers = [
        Process(f"worker{n}", [sys.executable, "manage.py", "db_worker"], log_dir).start()
        for n in (1, 2)
    ]
    started.extend(workers)
    proxy, port = nginx(log_dir, app_ports, s3_endpoint)
    started.append(proxy)
    print(
        f"nginx (TLS) on :{port} -> gunicorn on :{app_ports[0]} and :{app_ports[1]}; "
        f"2 db_workers; PostgreSQL; Redis; S3 (moto) at {s3_endpoint}; SMTP (aiosmtpd)"
    )

    from benchmarks._server import database_session

    sessions = {user.pk: database_session(user) for user in people}
    load = Load(port, sessions, meeting, args.seconds)
    began = time.monotonic()
    threads = load.run(args.clients)

    # A third of the way: the bulletin goes out (its batches run on the two workers).
    time.sleep(args.seconds / 3)
    from bulletin import services as bulletin_services

    bulletin_services.edition_publish(edition=edition, acting_user=editor)

    # Half-way: one app server and one worker are killed, then started again.
    time.sleep(max(0.0, began + args.seconds / 2 - time.monotonic()))
    killed_at = time.monotonic()
    _kill_with_workers(servers[0].process)
    workers[0].kill()
    print(f"killed gunicorn :{app_ports[0]} and worker1 at {killed_at - began:.1f} s")
    time.sleep(2)
    restarted = Server(workers=1)
    restarted.port = app_ports[0]
    servers[0] = restarted.__enter__()
    workers[0].start()
    back_at = time.monotonic()
    print(f"started them again at {back_at - began:.1f} s")

    for thread in threads:
        thread.join()
    load_seconds = time.monotonic() - began
    settle = wait_for_mail(edition, args.subscribers, smtp_log)
    for server in servers:
        server.__exit__(None, None, None)
    return count(load, load_seconds, settle, edition, meeting, args, smtp_log, s3_endpoint,
                 killed_at, back_at)  # fmt: skip


def _kill_with_workers(master):
    """SIGKILL gunicorn's master and its workers at once, as a machine going away would (a
    worker outlives a killed master until it notices)."""
    children = []
    for task in Path("/proc").iterdir():
        if task.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (task / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == master.pid:
                    children.append(int(task.name))
    master.kill()
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    master.wait()


def wait_for_mail(edition, subscribers, smtp_log, seconds=90):
    """Wait until every delivery of the edition is settled (sent or failed) and the
    extraction tasks are done; returns the seconds waited."""
    from bulletin.models import Delivery

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        waiting = Delivery.objects.filter(edition=edition).exclude(
            status__in=[Delivery.Status.SENT, Delivery.Status.FAILED_PERMANENT]
        )
        total = Delivery.objects.filter(edition=edition).count()
        if total >= subscribers and not waiting.exists():
            break
        # What production's cron does every five minutes: rows a killed worker held are
        # claimable once their lease has run out.
        from django.core.management import call_command

        call_command("send_bulletin", stdout=io.StringIO())
        time.sleep(1)
    return time.monotonic() - started


def count(load, load_seconds, settle, edition, meeting, args, smtp_log, s3_endpoint,
          killed_at, back_at):  # fmt: skip
    from bulletin.models import Delivery
    from committees.models import Registration
    from repository.models import Document

    failures = []
    statuses = Counter(str(status) for _, status, _ in load.record)
    errors = {s: n for s, n in statuses.items() if not s.isdigit() or int(s) >= 500}
    # A request in flight on the killed server is answered 502 by nginx (a POST is not
    # retried on the other server: it may have been applied). Anything else is an error.
    in_flight = [
        (at, status)
        for at, status, _ in load.record
        if str(status) == "502" and killed_at - 1 <= at <= back_at + 5
    ]
    unexplained = sum(errors.values()) - len(in_flight)
    if unexplained:
        failures.append(f"{unexplained} errors other than requests in flight: {errors}")
    if len(in_flight) > args.clients:
        failures.append(f"{len(in_flight)} requests failed at the kill, more than the clients")

    # Uploads: every one answered as done has one row, and its file is in the bucket.
    rows = Counter(
        Document.objects.filter(title__startswith="Scale-out field report").values_list(
            "title", flat=True
        )
    )
    done = [title for title, status in load.uploads.items() if status == 302]
    lost = [title for title in done if not rows[title]]
    doubled = [title for title, n in rows.items() if n > 1]
    keys = set()
    paginator = s3_client(s3_endpoint).get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=BUCKET):
        keys.update(item["Key"] for item in page.get("Contents", []))
    files = list(
        Document.objects.filter(title__startswith="Scale-out field report").values_list(
            "versions__file", flat=True
        )
    )
    missing_files = [name for name in files if name not in keys]
    orphans = len(keys) - len(set(files) & keys)
    if lost:
        failures.append(f"{len(lost)} uploads answered as done have no row")
    if doubled:
        failures.append(f"{len(doubled)} uploads stored twice")
    if missing_files:
        failures.append(f"{len(missing_files)} document rows without their file in the bucket")
    if orphans > len(in_flight):
        failures.append(f"{orphans} files in the bucket without a row")

    # Registrations: never more confirmed than places, one per person, none lost.
    registrations = Registration.objects.filter(meeting=meeting)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
    per_person = Counter(registrations.values_list("user_id", flat=True))
    answered = [user for user, status in load.registered.items() if status == 302]
    registration_lost = [user for user in answered if not per_person[user]]
    if confirmed > args.places:
        failures.append(f"{confirmed} confirmed registrations for {args.places} places")
    if any(n > 1 for n in per_person.values()):
        failures.append("a person is registered twice")
    if registration_lost:
        failures.append(f"{len(registration_lost)} registrations answered as done are missing")

    # The bulletin: each subscriber got exactly one message, and each sent row was accepted.
    accepted = Counter(smtp_log.read_text().split())
    readers = {address: n for address, n in accepted.items() if address.startswith("reader")}
    sent = Delivery.objects.filter(
        edition=edition, status=Delivery.Status.SENT, subscriber__email__startswith="reader"
    ).count()
    twice = sum(1 for n in readers.values() if n > 1)
    if len(readers) != args.subscribers or sent != args.subscribers:
        failures.append(
            f"bulletin: {len(readers)} subscribers reached, {sent} deliveries sent, "
            f"of {args.subscribers}"
        )
    if twice:
        failures.append(f"bulletin: {twice} subscribers got the edition twice")
    if load.downloads["without the sandbox policy"] or load.downloads["bytes wrong"]:
        failures.append(f"downloads: {dict(load.downloads)}")

    figures = {
        "seconds": round(load_seconds, 1),
        "clients": args.clients,
        "requests": len(load.record),
        "requests_per_second": round(len(load.record) / load_seconds, 1),
        "statuses": dict(sorted(statuses.items())),
        "in_flight_at_kill": len(in_flight),
        "uploads": {
            "answered_done": len(done),
            "rows": sum(rows.values()),
            "files_in_bucket": len(keys),
            "lost": len(lost),
            "duplicated": len(doubled),
            "orphan_files": orphans,
        },
        "registrations": {
            "answered_done": len(answered),
            "confirmed": confirmed,
            "places": args.places,
            "waitlisted": registrations.filter(status=Registration.Status.WAITLISTED).count(),
            "lost": len(registration_lost),
        },
        "bulletin": {
            "subscribers": args.subscribers,
            "deliveries_sent": sent,
            "messages_accepted": sum(readers.values()),
            "received_twice": twice,
            "settled_after_load_s": round(settle, 1),
        },
        "downloads": dict(load.downloads),
        "failures": failures,
    }
    print(json.dumps({k: v for k, v in figures.items() if k != "failures"}, indent=2))
    return figures


if __name__ == "__main__":
    sys.exit(main())
