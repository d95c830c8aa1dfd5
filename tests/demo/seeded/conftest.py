"""The demo, seeded once per worker for every read-only check in this package.

``seed_demo`` takes seconds (the documents are written, extracted and indexed); the checks
in this package only read what it made, so they share one seeding instead of each paying
for it. It runs inside a transaction opened when the first check of the package starts and
rolled back after the last, so no other test on the worker sees it; each check runs in a
savepoint inside it (pytest-django's usual per-test transaction), so a check that changes
something leaves the next one the demo as seeded. That running it again adds nothing is
tested on its own, in ``tests/demo/test_seed_demo.py``."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded demo: ``demo.output`` is what ``seed_demo`` printed."""
    media = tmp_path_factory.mktemp("seeded-demo-media")
    out = io.StringIO()
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as every test has it
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("seed_demo", force=True, stdout=out)
        yield SimpleNamespace(output=out.getvalue(), media=media)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, demo):
    """The demo's files, for every check (instead of an empty folder per test)."""
    settings.MEDIA_ROOT = demo.media
