"""The database that search runs on, behind one interface (``base.SearchBackend``):
PostgreSQL's full-text search (``postgresql``), or on anything else the demo's simple
fallback (``sqlite``). ``backend()`` is the one for the connection in use."""

from django.db import connection

from .base import SearchBackend
from .postgresql import PostgreSQL
from .sqlite import SQLite

_POSTGRESQL, _SQLITE = PostgreSQL(), SQLite()


def backend():
    """The search backend of the default connection: PostgreSQL's, else SQLite's."""
    return _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE


def is_postgresql():
    """True on PostgreSQL: for code outside the backends that stores what only it reads
    (``services.document_reindex`` writes the vectors)."""
    return connection.vendor == "postgresql"


__all__ = ["PostgreSQL", "SQLite", "SearchBackend", "backend", "is_postgresql"]
