"""The reference rows the data migrations create, put back in one call.

A transactional test ends with a flush that empties every table, so the next test on the
same worker may find no counties, pillars or staff groups. Each app keeps its reference data
and the functions that create it in its ``reference_data`` module, which its migrations
call too; this runs them all, lowest layer first.
"""

from accounts import reference_data as accounts_reference_data
from committees import reference_data as committees_reference_data
from members import reference_data as members_reference_data
from privacy import reference_data as privacy_reference_data

IN_ORDER = [
    accounts_reference_data,
    members_reference_data,
    committees_reference_data,
    privacy_reference_data,
]


def load_reference_data(apps):
    """Create (or complete) every app's reference rows, with the app registry ``apps``."""
    for module in IN_ORDER:
        module.create_all(apps)
