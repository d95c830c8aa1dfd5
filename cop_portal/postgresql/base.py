"""Django's PostgreSQL backend, with a connection pool that recovers at once when the server
has dropped its connections.

psycopg's pool checks a connection before a request gets it, discards one that fails and
tries the next, but it waits longer after each failure (1, 2, 4, 8 seconds...). After a
restart, a failover or an idle timeout every pooled connection is dead, and a pool holding
several spent the request's whole timeout on them: the request answered 500. Here one dead
connection has the whole pool checked at once, its dead connections replaced, so the request
gets a fresh connection after the first short wait. ``ENGINE`` names this module when
``DATABASE_URL`` is PostgreSQL (``cop_portal/settings.py``)."""

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self):
        pool = super().pool
        if pool is not None and not getattr(pool, "checks_all_on_failure", False):
            pool.checks_all_on_failure = True
            # The pool keeps the check Django gives it; psycopg reads it as ``_check``.
            given = pool._check

            def check(conn):
                try:
                    given(conn)
                except Exception:
                    pool.check()
                    raise

            pool._check = check
        return pool
