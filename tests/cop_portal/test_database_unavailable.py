"""While the database is out of reach, every page answers 503 in the portal's look, with a
Retry-After header, one warning in the log and no mail to the administrators; the first
request once it is back is served as usual (issue 20)."""

import logging

import pytest
from django.core import mail
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client

from tests.factories import document, member

PAGES = ["/documents/", "/members/", "/events/", "/twg/", "/bulletin/", "/committees/"]


@pytest.fixture(autouse=True)
def _administrators(settings):
    """Administrators to mail: without any, a server error would send nothing to see."""
    settings.ADMINS = [("Administration team", "admin@example.org")]


@pytest.fixture
def as_served():
    """A client that answers as the server would, rather than re-raising the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    """Every database connection fails to connect, as when PostgreSQL is stopped or out of
    reach; undoing the patch brings it back."""

    def down(error=None):
        error = error or OperationalError("connection failed: server closed the connection")

        def refuse(*args, **kwargs):
            raise error

        for alias in connections:
            monkeypatch.setattr(connections[alias], "ensure_connection", refuse)
        return monkeypatch

    return down


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "<h1>The portal is briefly unavailable</h1>" in html
    assert 'class="site-header"' in html
    assert "vendor/bootstrap/bootstrap.min.css" in html
    assert "Traceback" not in html
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_visitor_gets_the_unavailable_page_while_the_database_is_down(
    as_served, database_down, page
):
    database_down()

    assert_unavailable_page(as_served.get(page))


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/", *PAGES])
def test_a_signed_in_person_gets_the_unavailable_page_while_the_database_is_down(
    as_served, database_down, page
):
    # The session and user lookups are the first queries, before any view runs.
    as_served.force_login(member())
    database_down()

    assert_unavailable_page(as_served.get(page))


@pytest.mark.django_db
def test_a_connection_closed_under_the_request_is_answered_the_same(as_served, database_down):
    database_down(InterfaceError("connection already closed"))

    assert_unavailable_page(as_served.get("/documents/"))


@pytest.mark.django_db
def test_the_outage_is_logged_as_one_warning_without_a_traceback(as_served, database_down, caplog):
    as_served.force_login(member())
    database_down()

    with caplog.at_level(logging.INFO):
        as_served.get("/documents/")

    assert [(r.name, r.levelno, r.exc_info) for r in caplog.records] == [
        ("cop_portal.middleware", logging.WARNING, None)
    ]
    assert "/documents/" in caplog.records[0].getMessage()
    assert "server closed the connection" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_the_first_request_after_the_database_is_back_is_served(as_served, database_down):
    doc = document(visibility="public")
    as_served.force_login(member())
    outage = database_down()
    assert as_served.get(doc.get_absolute_url()).status_code == 503

    outage.undo()

    response = as_served.get(doc.get_absolute_url())
    assert response.status_code == 200
    assert doc.title in response.content.decode()


@pytest.mark.django_db
def test_other_database_errors_remain_server_errors(as_served, monkeypatch):
    """Only a lost database is an outage: a failing query is a bug, and mailed as one."""
    from django.db import ProgrammingError

    def broken(*args, **kwargs):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(connection, "ensure_connection", broken)

    assert as_served.get("/documents/").status_code == 500
    assert len(mail.outbox) == 1


def wrapped(cause):
    """Django's OperationalError around the driver's, as Django raises it."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def sqlite_error(message, name):
    import sqlite3

    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name
    return error


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cause",
    [
        pytest.param(
            "psycopg.errors.QueryCanceled:canceling statement due to statement timeout",
            id="statement-timeout",
        ),
        pytest.param("psycopg.errors.DeadlockDetected:deadlock detected", id="deadlock"),
        pytest.param("sqlite:database is locked:SQLITE_BUSY", id="sqlite-locked"),
    ],
)
def test_a_query_failing_on_a_database_that_is_there_is_a_server_error(
    as_served, database_down, cause
):
    """An OperationalError is not always an outage: a timed-out statement or a deadlock is
    a fault to be reported (500, mailed), not a 'briefly unavailable' page that hides it."""
    import importlib

    if cause.startswith("sqlite:"):
        _, message, name = cause.split(":")
        driver_error = sqlite_error(message, name)
    else:
        path, message = cause.split(":", 1)
        module, name = path.rsplit(".", 1)
        driver_error = getattr(importlib.import_module(module), name)(message)
    database_down(wrapped(driver_error))

    assert as_served.get("/documents/").status_code == 500
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "driver_error",
    [
        pytest.param("AdminShutdown", id="admin-shutdown"),
        pytest.param("ConnectionFailure", id="connection-failure"),
        pytest.param("CannotConnectNow", id="starting-up"),
    ],
)
def test_the_server_going_away_is_an_outage(as_served, database_down, driver_error):
    from psycopg import errors

    database_down(wrapped(getattr(errors, driver_error)("terminating connection")))

    assert_unavailable_page(as_served.get("/documents/"))


@pytest.mark.django_db
def test_a_sqlite_file_that_cannot_be_opened_is_an_outage(as_served, database_down):
    database_down(wrapped(sqlite_error("unable to open database file", "SQLITE_CANTOPEN")))

    assert_unavailable_page(as_served.get("/documents/"))


@pytest.mark.django_db(transaction=True)
def test_a_pool_out_of_connections_is_answered_503(as_served, monkeypatch):
    """psycopg's pool gives up after its timeout when the server is out of reach: its
    PoolTimeout reaches the portal as Django's OperationalError."""
    if connection.vendor != "postgresql" or connection.pool is None:
        pytest.skip("the connection pool is PostgreSQL's, with DATABASE_POOL on")
    from psycopg_pool import PoolTimeout

    def timeout(*args, **kwargs):
        raise PoolTimeout("couldn't get a connection after 10.00 sec")

    connection.close()  # back to the pool: the request must take one
    monkeypatch.setattr(connection.pool, "getconn", timeout)

    assert_unavailable_page(as_served.get("/documents/"))

    monkeypatch.undo()
    assert as_served.get("/documents/").status_code == 200
