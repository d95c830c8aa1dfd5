"""The demo's prose, read from the TOML files in ``demo/data``: ``load("members")`` is the
content of ``demo/data/members.toml``. Each demo module turns it into its own shapes."""

import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name):
    """The data file ``demo/data/<name>.toml`` as a dict (read once; do not modify it)."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
