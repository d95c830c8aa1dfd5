import pytest
from django.core.cache import cache
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

from tests.factories import PASSWORD, UserFactory, admin_login, load_reference_data
from tests.factories.accounts import PortalClient
from tests.factories.storage import failing_storage  # noqa: F401 (a fixture for every upload path)


@pytest.fixture(autouse=True, scope="session")
def _static_files_from_finders():
    """Tests run without collectstatic: serve static files from the app folders."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make users by the hundred; production's slow hasher is for attackers, not for
    the suite. Passwords still have to match: only the cost changes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Django's test client, whose ``force_login`` also confirms a second factor (see
    ``tests.factories.accounts.PortalClient``)."""
    return PortalClient()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory(password=PASSWORD)


@pytest.fixture
def staff_user(db):
    return UserFactory(password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, staff_user):
    """A superuser in the admin, with two-factor set up as the admin site requires
    (instead of pytest-django's admin_client, which has none)."""
    return admin_login(client, staff_user)


@pytest.fixture
def send_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (where mail is delivered) inside the test's transaction."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def reference_data(transactional_db):
    """Put back the rows data migrations create (counties, pillars, staff groups and their
    permissions): the flush after another transactional test on this worker may have emptied
    those tables."""
    from django.apps import apps

    load_reference_data(apps)


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the rows the data migrations made
    (counties, pillars, staff groups) included. Put them back at once, outside any test's
    transaction, so that the next test on this worker finds them whatever order the tests
    run in (xdist's work stealing hands a worker tests out of their collected order)."""
    result = yield
    # After the worker's last test the test database is gone, and a test skipped before its
    # setup (a browser test without Chromium) never had one: nothing to put back.
    # (Not ``item.funcargs``: it lacks the database fixtures that pytest-django requests
    # by name at run time, for live_server among others.)
    skipped = item.get_closest_marker("skip") is not None
    if nextitem is not None and not skipped and _is_transactional(item):
        from django.apps import apps

        with item.config.stash[blocking_manager_key].unblock():
            load_reference_data(apps)
    return result
