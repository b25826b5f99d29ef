"""Bulk writes, the same on SQLite and PostgreSQL: adding to roll-up rows and inserting many rows.

- ``RollupKey`` declares the unique key of a roll-up table once, beside its model: the model's
  unique constraint is built from it (``key.constraint(name)``) and every upsert targets it. A
  nullable field of the key is compared as ``COALESCE(field, 0)``, so "no service" is one group.
- ``increment_upsert`` adds counts to roll-up rows: one
  ``INSERT … ON CONFLICT (key) DO UPDATE SET col = table.col + excluded.col`` per chunk of rows
  (SQLite ≥ 3.24 and PostgreSQL alike), rows sorted by key so concurrent writers lock in the
  same order. On PostgreSQL a large batch is COPYed into a temporary table first and upserted
  from there in one statement.
- ``bulk_insert`` inserts plain rows: a few in one ``INSERT … VALUES``, many with COPY on
  PostgreSQL and ``executemany`` elsewhere.
- ``bulk_update`` writes fields of many saved instances: one
  ``WITH v AS (VALUES …) UPDATE … FROM v`` per chunk. Django's own ``bulk_update`` builds a
  ``CASE WHEN pk = … THEN …`` expression per row and field, which costs milliseconds of Python
  per row (an import of 6,000 changed items spent 76 of its 84 seconds there).

Call these inside the transaction of the service that writes; they never commit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model, UniqueConstraint
from django.db.models.functions import Coalesce

CHUNK_PARAMS = 30_000  # well below SQLite's 32,766 bound parameters per statement
CHUNK_ROWS = 500
COPY_ROWS = 1_000  # above this many rows PostgreSQL COPYs into a temporary table first
VALUES_ROWS = 100  # up to this many rows (in a list) bulk_insert sends one INSERT … VALUES


def _concrete(model: type[Model], name: str) -> Field:
    """A key field of ``model``: a column of its own, never a reverse relation."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


class RollupKey:
    """The fields (model field names, in order) that make a roll-up row unique."""

    def __init__(self, *fields: str, nullable: Iterable[str] = ()) -> None:
        self.fields = tuple(fields)
        self.nullable = tuple(f for f in fields if f in set(nullable))

    def __repr__(self) -> str:
        return f"RollupKey{self.fields!r}"

    def extend(self, *fields: str) -> RollupKey:
        """This key with more fields at the end (a finer roll-up of the same groups)."""
        return RollupKey(*self.fields, *fields, nullable=self.nullable)

    def constraint(self, name: str) -> UniqueConstraint:
        """The model's unique constraint for this key (``Meta.constraints``)."""
        if not self.nullable:
            return UniqueConstraint(fields=list(self.fields), name=name)
        parts = [Coalesce(f, 0) if f in self.nullable else f for f in self.fields]
        return UniqueConstraint(*parts, name=name)

    def attnames(self, model: type[Model]) -> list[str]:
        """The attributes holding the key on an instance (``run_id`` for ``run``)."""
        return [_concrete(model, f).attname for f in self.fields]

    def columns(self, model: type[Model]) -> list[str]:
        return [str(_concrete(model, f).column) for f in self.fields]

    def values(self, **values: Any) -> tuple:
        """A key as a tuple in key order, given by field name: ``key.values(month=…, run=…)``."""
        if len(values) != len(self.fields):
            unknown = set(values) ^ set(self.fields)
            raise TypeError(f"{self!r}: not the fields of the key: {sorted(unknown)}")
        return tuple(values[f] for f in self.fields)

    def conflict_target(self, model: type[Model]) -> str:
        parts = []
        for field, column in zip(self.fields, self.columns(model), strict=True):
            name = _q(column)
            parts.append(f"(COALESCE({name}, 0))" if field in self.nullable else name)
        return "(" + ", ".join(parts) + ")"


def increment_upsert(
    model: type[Model],
    key: RollupKey,
    counters: Sequence[str],
    rows: Iterable[Sequence],
    *,
    fresh: bool = False,
) -> None:
    """Add ``rows`` to the roll-up ``model``: each row is the key's values, then ``counters``.

    A row whose key exists adds its counts to it; a new key inserts the row. One row per key
    (sum first). ``counters`` are column names. ``fresh``: the caller knows none of the keys
    exists yet (nobody else can write them), so the rows are inserted without the upsert.
    """
    rows = sorted(rows, key=_sort_key(len(key.fields)))
    if not rows:
        return
    if fresh:
        bulk_insert(model, [*key.columns(model), *counters], rows)
        return
    table, names, on_conflict = _upsert_parts(model, key, tuple(counters), connection.vendor)
    width = len(key.fields) + len(counters)
    if connection.vendor == "postgresql" and len(rows) > COPY_ROWS:
        _copy_upsert(table, names, rows, on_conflict, len(key.fields))
        return
    chunk = max(1, min(CHUNK_ROWS, CHUNK_PARAMS // width))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            values = ", ".join([row_sql] * len(part))
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {values} {on_conflict}",
                [value for row in part for value in row],
            )


@functools.cache
def _upsert_parts(
    model: type[Model], key: RollupKey, counters: tuple[str, ...], vendor: str
) -> tuple[str, str, str]:
    """Table, column list and ON CONFLICT clause of an upsert, quoted once per process (the
    public form adds one row per response: quoting some sixty names each time cost more than
    the statement's round trip)."""
    table = _q(model._meta.db_table)
    increments = ", ".join(f"{_q(c)} = {table}.{_q(c)} + excluded.{_q(c)}" for c in counters)
    on_conflict = f"ON CONFLICT {key.conflict_target(model)} DO UPDATE SET {increments}"
    names = ", ".join(_q(c) for c in [*key.columns(model), *counters])
    return table, names, on_conflict


def bulk_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert plain rows (values in the order of the column names ``columns``).

    Up to ``VALUES_ROWS`` rows in a list: one ``INSERT … VALUES`` (the answers of one response).
    More: COPY on PostgreSQL, ``executemany`` elsewhere. No model instances, no ``save()``, no
    signals: for derived and imported rows whose invariants the caller has checked.
    """
    if isinstance(rows, Sequence) and not rows:
        return
    table = _q(model._meta.db_table)
    names = ", ".join(_q(c) for c in columns)
    with connection.cursor() as cursor:
        if (
            isinstance(rows, Sequence)
            and len(rows) <= VALUES_ROWS
            and len(rows) * len(columns) <= CHUNK_PARAMS
        ):
            row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row_sql] * len(rows))}",
                [value for row in rows for value in row],
            )
            return
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        rows = list(rows)
        if rows:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def bulk_update(model: type[Model], objs: Sequence[Model], fields: Sequence[str]) -> int:
    """Write ``fields`` of the saved instances ``objs`` to their rows; returns how many were sent.

    Values are prepared by the fields as ``save()`` prepares them; no ``save()``, no signals.
    """
    if not objs:
        return 0
    pk = model._meta.pk
    assert pk is not None
    concrete = [_concrete(model, name) for name in fields]
    width = 1 + len(concrete)
    table = _q(model._meta.db_table)
    names = ", ".join(_q(f"c{n}") for n in range(width))
    postgres = connection.vendor == "postgresql"

    def value(n: int, field: Field) -> str:
        column = f"v.{_q(f'c{n}')}"
        return f"CAST({column} AS {field.db_type(connection)})" if postgres else column

    sets = ", ".join(f"{_q(_column(f))} = {value(n, f)}" for n, f in enumerate(concrete, 1))
    row = "(" + ", ".join(["%s"] * width) + ")"
    per_chunk = max(1, min(CHUNK_ROWS * 4, CHUNK_PARAMS // width))
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objs), per_chunk):
            part = objs[start : start + per_chunk]
            params: list[Any] = []
            for obj in part:
                params.append(pk.get_db_prep_value(obj.pk, connection))
                params.extend(
                    f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete
                )
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {', '.join([row] * len(part))}) "
                f"UPDATE {table} SET {sets} FROM v WHERE {table}.{_q(_column(pk))} = "
                f"{value(0, pk)}",
                params,
            )
    return len(objs)


def _copy_upsert(
    table: str, names: str, rows: list[Sequence], on_conflict: str, key_width: int
) -> None:
    """PostgreSQL: COPY into a temporary table, then one upsert from it in key order."""
    staging = _q("dv_bulk_in")
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} "
            f"ORDER BY {', '.join(str(i) for i in range(1, key_width + 1))} {on_conflict}"
        )
        cursor.execute(f"DROP TABLE {staging}")


def _sort_key(width: int):
    """Rows in key order; an empty (NULL) key value sorts first."""

    def sort_key(row: Sequence) -> tuple:
        return tuple((value is not None, value) for value in row[:width])

    return sort_key


def _column(field: Field) -> str:
    """The column of a concrete field (``db_column`` when it has one)."""
    column = field.get_attname_column()[1]
    assert column is not None, field
    return column


def _q(name: str) -> str:
    return connection.ops.quote_name(name)
