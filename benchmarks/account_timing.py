"""Whether the time of an answer tells that someone has an account (issue 20, finding 4):
the median time of sign-up and of a password-reset request, for addresses with an account and
without, with the real password hasher. Not a test: it prints figures, and exits non-zero
when the two medians of either form differ by more than ``--tolerance`` (20 % by default).

    .venv/bin/python benchmarks/account_timing.py [--tries 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        benchmarks/account_timing.py

Without DATABASE_URL it uses a scratch SQLite file; with a PostgreSQL one, a scratch database
beside it (dropped at the end). The requests go through Django's test client in this process
with the portal's settings, e-mail kept in memory: what is timed is the portal's own work,
the password hash included, not the network's. Known and unknown addresses alternate, so that
a machine busy with something else slows both alike.

The suite checks the cause rather than the clock (tests/accounts: both paths hash a password,
both send one e-mail); this script measures the effect."""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bulletin_send import scratch_database  # noqa: E402


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=20, help="requests of each kind")
    parser.add_argument("--tolerance", type=float, default=0.2, help="largest relative gap")
    return parser.parse_args()


def signup_data(email):
    return {
        "full_name": "Achieng Odhiambo",
        "job_title": "M&E officer",
        "email": email,
        "password1": "a-long-pass-phrase-7",
        "password2": "a-long-pass-phrase-7",
        "privacy_consent": "on",
    }


def timed(client, path, data, expected):
    from django.core.cache import cache

    cache.clear()  # the rate limits would refuse a run of tries from one address
    started = time.perf_counter()
    response = client.post(path, data)
    elapsed = time.perf_counter() - started
    if response.status_code != 302 or response["Location"] != expected:
        sys.exit(f"{path} answered {response.status_code}, not a redirect to {expected}")
    return elapsed


def compare(name, known, unknown, tolerance):
    known_ms, unknown_ms = statistics.median(known) * 1000, statistics.median(unknown) * 1000
    gap = abs(known_ms - unknown_ms) / max(known_ms, unknown_ms)
    verdict = "ok" if gap <= tolerance else "TELLS"
    print(
        f"{name:<16} known address {known_ms:7.1f} ms   unknown {unknown_ms:7.1f} ms   "
        f"gap {gap:5.1%}  {verdict}"
    )
    return gap <= tolerance


def main():
    args = parse()
    database_url, clean_up = scratch_database()
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # e-mail to memory; nothing leaves the machine
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        call_command("migrate", verbosity=0)
        client = Client()
        signup, sent = reverse("account_signup"), reverse("account_email_verification_sent")
        reset, reset_done = (
            reverse("account_reset_password"),
            reverse("account_reset_password_done"),
        )
        # Accounts that exist: signed up through the same form.
        for n in range(args.tries):
            client.post(signup, signup_data(f"known{n}@example.org"))
            client.logout()
        print(
            f"{connection.vendor}, {args.tries} tries of each, hasher "
            f"{settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}"
        )
        times = {"signup": ([], []), "reset": ([], [])}
        for n in range(args.tries):
            known = f"known{n}@example.org"
            for index, email in enumerate((known, f"new{n}@example.org")):
                times["signup"][index].append(timed(client, signup, signup_data(email), sent))
                client.logout()
            for index, email in enumerate((known, f"nobody{n}@example.org")):
                times["reset"][index].append(timed(client, reset, {"email": email}, reset_done))
        ok = [compare(name, *pair, args.tolerance) for name, pair in times.items()]
    finally:
        clean_up()
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
