"""The scale-out run (benchmarks/scale_out.py), briefly: nginx in front of two gunicorn
servers and two task workers on PostgreSQL, Redis and S3-compatible storage, one server and
one worker killed in the middle. It passes only with nothing lost and nothing done twice.

It needs PostgreSQL, so it runs in the suite's PostgreSQL run (CI's second run); under CI a
missing nginx is a failure, not a skip."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the scale-out run needs PostgreSQL (DATABASE_URL)",
)


def test_nothing_is_lost_or_done_twice_when_a_server_and_a_worker_are_killed(tmp_path):
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: apt-get install -y nginx")
        pytest.skip("no nginx (apt-get install -y nginx)")
    figures_file = tmp_path / "figures.json"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            "benchmarks/scale_out.py",
            "--seconds",
            "15",
            "--clients",
            "4",
            "--subscribers",
            "120",
            "--json",
            str(figures_file),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    figures = json.loads(figures_file.read_text())
    assert figures["failures"] == []
    # The run did what it says: files went to the bucket and came back through nginx, the
    # meeting filled no further than its places, every subscriber got the edition once.
    assert figures["uploads"]["answered_done"] > 0
    assert figures["uploads"]["files_in_bucket"] >= figures["uploads"]["rows"]
    assert figures["registrations"]["confirmed"] <= figures["registrations"]["places"]
    assert figures["bulletin"]["messages_accepted"] == 120
    assert figures["downloads"].get("sandboxed", 0) > 0
