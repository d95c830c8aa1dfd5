"""Settings the page benchmarks serve the portal with: the portal's own settings (read from
the environment as in production) plus one page of the framework's own, ``/_minimal/``.

Static files are collected into the folder ``BENCHMARK_STATIC_ROOT`` names (a temporary one,
so the benchmark leaves the checkout as it was)."""

import os

from cop_portal.settings import *  # noqa: F403
from cop_portal.settings import BASE_DIR, STATIC_ROOT, TEMPLATES

ROOT_URLCONF = "benchmarks.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]}
]
STATIC_ROOT = os.environ.get("BENCHMARK_STATIC_ROOT") or STATIC_ROOT
