"""Writing many rows at once, for the generators that fill a large CoP (PostgreSQL only).

Rows are plain tuples written with COPY: no model instances, no signals, no per-row
queries. Ids are taken from the table's own sequence beforehand when other rows must point
to them, so the sequence stays right for rows the portal creates later."""

from django.db import connection


def require_postgresql():
    if connection.vendor != "postgresql":
        raise RuntimeError("The generators write with COPY: they need PostgreSQL.")


def table_of(model):
    return model._meta.db_table


def reserve_ids(model, count):
    """``count`` fresh primary keys for ``model``, in increasing order."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table_of(model), model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, columns, rows):
    """Write ``rows`` (tuples in the order of ``columns``, database column names) into the
    model's table; returns how many. ``model`` may also be a table name."""
    quote = connection.ops.quote_name
    table = quote(model if isinstance(model, str) else table_of(model))
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with (
        connection.cursor() as wrapper,
        wrapper.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def through(model, field_name):
    """The table of a many-to-many field and its two columns (this side, the other side)."""
    field = model._meta.get_field(field_name)
    through_model = field.remote_field.through
    return (
        table_of(through_model),
        through_model._meta.get_field(field.m2m_field_name()).column,
        through_model._meta.get_field(field.m2m_reverse_field_name()).column,
    )


def copy_m2m(model, field_name, pairs):
    """Write (this side id, other side id) pairs into a many-to-many field's table."""
    table, this, other = through(model, field_name)
    return copy_rows(table, (this, other), pairs)


def analyse(*models):
    """Fresh planner statistics for tables that were just filled."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model if isinstance(model, str) else table_of(model)}")
