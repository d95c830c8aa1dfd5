"""The database that search runs on: PostgreSQL, or anything else (SQLite)."""

from django.db import connection


def is_postgresql():
    return connection.vendor == "postgresql"
