import pytest

from tests import factories


@pytest.fixture
def twg():
    """A working group's body (without the twg app's WorkingGroup row)."""
    return factories.BodyFactory()


@pytest.fixture
def lead(twg):
    """The chair of ``twg``."""
    return factories.convener(twg)
