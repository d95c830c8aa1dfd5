"""The scorecard's blocks, in the order the page shows them. A new block is one more
provider here (the discussions app's questions and answers, once it exists)."""

from .actions import ActionsProvider
from .bulletin import BulletinProvider
from .documents import DocumentsProvider
from .meetings import MeetingsProvider
from .membership import MembershipProvider
from .working_groups import WorkingGroupsProvider

PROVIDERS = [
    MembershipProvider(),
    MeetingsProvider(),
    WorkingGroupsProvider(),
    ActionsProvider(),
    DocumentsProvider(),
    BulletinProvider(),
]


def provider(key):
    return next(item for item in PROVIDERS if item.key == key)


def all_figures():
    """``[(provider, figure)]`` in page order."""
    return [(item, figure) for item in PROVIDERS for figure in item.figures]
