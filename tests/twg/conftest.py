import pytest


@pytest.fixture(autouse=True)
def _meeting_links(settings):
    settings.ROOT_URLCONF = "tests.twg.urls"
