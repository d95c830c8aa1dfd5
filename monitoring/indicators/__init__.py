"""The health indicators: one provider per block, computed for a quarter (``compute``)."""

from .period import Period
from .registry import PROVIDERS

# Bumped when what an indicator counts changes, so a stored snapshot says how it was made.
METHOD_VERSION = 1


def compute(quarter, *, readings=None, today=None):
    """Every provider's figures and tables for ``quarter``, as stored in a snapshot."""
    period = Period(quarter, today=today)
    period.readings = dict(readings or {})
    return {
        "method": METHOD_VERSION,
        "blocks": {provider.key: provider.compute(period) for provider in PROVIDERS},
    }
