"""Bulk writes faster than the ORM's bulk_create, for imports and generators.

Django's bulk_create spends most of its time compiling SQL value by value (≈ 7 s for
44,000 members of 16 columns on this machine). insert_many() prepares each column's
values with a per-field converter and sends them in multi-row INSERT statements:
the same rows, the same database-side checks (constraints, foreign keys), several times
faster. It sets no primary keys on the objects: read them back by a natural key.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable

from django.db import connections, models, router

Converter = Callable[[object], object]


def _converter(field: models.Field, connection) -> Converter | None:
    """None where the Python value already is what the driver takes."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, (models.CharField, models.TextField, models.BooleanField,
                          models.IntegerField, models.ForeignKey)) and not isinstance(
            field, (models.UUIDField,)):
        return None

    def prep(value, field=field):
        return field.get_db_prep_save(value, connection)

    return prep


def placeholders(width: int, rows: int = 1) -> str:
    """"(%s, …, %s)" with `width` markers, `rows` times, comma-separated: the VALUES of a
    multi-row INSERT, or the list of an IN (…)."""
    row = "(" + ", ".join(["%s"] * width) + ")"
    return ", ".join([row] * rows)


@contextlib.contextmanager
def fast_cursor(connection=None, *, server_binding: bool = False):
    """A cursor for hot or large statements, without Django's per-query wrappers. On
    PostgreSQL psycopg's cursor: by default the connection's cursor_factory, which Django
    sets to client-side binding (values quoted into the SQL text by psycopg) — measured the
    cheapest for the few small statements of a single check-in; with server_binding=True a
    plain psycopg.Cursor, which sends the values apart from the SQL (no quoting of tens of
    thousands of values in Python) for batch statements. Elsewhere Django's cursor. Either
    way the driver's errors become Django's."""
    connection = connection or connections["default"]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        import psycopg

        raw = connection.connection
        cursor = psycopg.Cursor(raw) if server_binding else raw.cursor()
        with connection.wrap_database_errors, cursor:
            yield cursor
    else:
        with connection.cursor() as cursor:
            yield cursor


def fetch_rows(queryset) -> list[tuple]:
    """The rows of a values_list() queryset through fast_cursor(): the ORM builds the SQL,
    the driver binds the (many) parameters. For lookups by long lists of ids."""
    sql, params = queryset.query.sql_with_params()
    with fast_cursor(connections[queryset.db]) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def batched(iterable: Iterable, n: int) -> Iterable[tuple]:
    """itertools.batched of Python 3.12."""
    it = iter(iterable)
    while batch := tuple(itertools.islice(it, n)):
        yield batch


def insert_many(model: type[models.Model], objs: Iterable[models.Model],
                *, batch_size: int = 1000) -> int:
    """INSERT the objects' concrete fields (all but an auto primary key); returns the count.

    On PostgreSQL the rows go through COPY (psycopg's copy protocol); on SQLite in
    multi-row INSERT statements of up to `batch_size` rows within the bound-parameter
    limit. Either way the database checks every constraint and foreign key.
    auto_now / auto_now_add fields are filled as save() would. Call inside a transaction.
    """
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and isinstance(f, models.AutoField))]
    converters = [_converter(f, connection) for f in fields]
    auto_time = [f for f in fields if getattr(f, "auto_now", False)
                 or getattr(f, "auto_now_add", False)]
    qn = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields))

    def rows() -> Iterable[tuple]:
        for obj in objs:
            for f in auto_time:
                f.pre_save(obj, add=True)
            yield tuple(value if conv is None or value is None else conv(value)
                        for value, conv in zip((getattr(obj, f.attname) for f in fields),
                                               converters, strict=True))

    count = 0
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        # COPY: about ten times the speed of even a pipelined INSERT (0.07 s against
        # 0.7 s for 44,000 five-column rows here); same rows, same constraints.
        copy_sql = "COPY {} ({}) FROM STDIN".format(
            qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields))
        # wrap_database_errors: the driver's errors become Django's (IntegrityError, …).
        with (connection.wrap_database_errors, connection.connection.cursor() as cursor,
              cursor.copy(copy_sql) as copy):
            for row in rows():
                copy.write_row(row)
                count += 1
        return count
    per_statement = max(1, min(batch_size, connection.features.max_query_params // len(fields)))
    with connection.cursor() as cursor:
        for batch in batched(rows(), per_statement):
            cursor.execute(head + placeholders(len(fields), len(batch)),
                           [value for row in batch for value in row])
            count += len(batch)
    return count


def update_many(model: type[models.Model], objs: Iterable[models.Model],
                fields: Iterable[str]) -> int:
    """UPDATE the named fields of each object, by primary key: one prepared statement run
    for every row (executemany); returns the number of objects.

    Django's bulk_update builds one CASE WHEN … per field per batch, which SQLite evaluates
    row by row against every WHEN: a roster import that changed all 44,000 members of a
    province held SQLite's write lock for over a minute that way (docs/reliability.md).
    Call inside a transaction."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    converters = [_converter(f, connection) for f in targets]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(meta.db_table), ", ".join(f"{qn(f.column)} = %s" for f in targets),
        qn(meta.pk.column))

    def rows() -> Iterable[tuple]:
        for obj in objs:
            yield (*(value if conv is None or value is None else conv(value)
                     for value, conv in zip((getattr(obj, f.attname) for f in targets),
                                            converters, strict=True)), obj.pk)

    count = 0
    with connection.cursor() as cursor:
        for batch in batched(rows(), 2000):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
