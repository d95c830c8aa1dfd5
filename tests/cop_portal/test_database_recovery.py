"""When PostgreSQL drops the portal's connections (a restart, a failover, an idle timeout),
the next request gets a live one: the pool checks a connection before handing it out."""

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the connection pool is PostgreSQL's"
)


def kill_portal_connections():
    """Terminate every server process serving the test database, as a restart would."""
    params = connection.get_connection_params()
    params.pop("pool", None)
    name = connection.settings_dict["NAME"]
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()[0]
    return killed


@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_database_dropped_its_connections_succeeds(client):
    if not connection.settings_dict.get("OPTIONS", {}).get("pool"):
        pytest.skip("DATABASE_POOL is off")
    assert client.get("/documents/").status_code == 200
    connection.close()  # back to the pool, as at the end of every request

    assert kill_portal_connections() >= 1

    assert client.get("/documents/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_pool_full_of_dropped_connections_still_serves_the_next_request(client):
    """Every connection the pool may hold, all dropped at once: the pool's own check waits
    longer after each dead one (1, 2, 4, 8 s), so before the whole pool was checked on the
    first dead connection, the request ran out of time and answered 500."""
    if not connection.settings_dict.get("OPTIONS", {}).get("pool"):
        pytest.skip("DATABASE_POOL is off")
    pool = connection.pool
    connection.close()  # the test's own connection back to the pool, so all can be taken
    held = []
    try:
        for _ in range(pool.max_size):
            held.append(pool.getconn())
    finally:  # never leave the worker's pool short, whatever happened
        for conn in held:
            pool.putconn(conn)

    assert kill_portal_connections() >= pool.max_size

    assert client.get("/documents/").status_code == 200
