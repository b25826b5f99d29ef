"""The demo organisation, built once per test process and put back in milliseconds.

``demo_load`` takes seconds of CPU even at a small scale. A test process builds each demo it is
asked for (seed, scale, moment) once, the first time, the way the product builds it; after that
the database is copied back from a snapshot: SQLite's backup API, or COPY on PostgreSQL. The
test then sees exactly the rows ``demo_load`` wrote, primary keys included.

The caller gives database access (a transactional test, or ``django_db_blocker.unblock()``) and
empties the database afterwards (a transactional test's flush, or ``flush``).
"""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from dienstverlening.demo.services import DemoReport, demo_load


@dataclass
class Snapshot:
    report: DemoReport
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] | None = None


_SNAPSHOTS: dict[tuple[int, float, datetime.datetime], Snapshot] = {}


def demo(*, seed: int, scale: float, now: datetime.datetime) -> DemoReport:
    """The demo organisation as ``demo_load(seed=..., scale=..., now=...)`` leaves it, in an
    empty database."""
    key = (seed, scale, now)
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None:
        with time_machine.travel(now, tick=False):
            report = demo_load(seed=seed, scale=scale, now=now)
        _SNAPSHOTS[key] = _take(report)
    else:
        _restore(snapshot)
        # The restored rows bring their own content type ids; the process's cache (filled after
        # an earlier flush) may hold others, and the audit trail writes content type ids.
        ContentType.objects.clear_cache()
    return _SNAPSHOTS[key].report


# The demo the invariant tests of exports and roll-ups read: one build for those modules in a
# test process.
SHARED_SEED = 7
SHARED_SCALE = 0.05


@contextlib.contextmanager
def shared_demo(
    blocker, *, now: datetime.datetime, seed: int = SHARED_SEED
) -> Iterator[DemoReport]:
    """For a module-scoped fixture: the shared demo at ``now`` for the module, then emptied."""
    from django.core.management import call_command

    with blocker.unblock():
        report = demo(seed=seed, scale=SHARED_SCALE, now=now)
    try:
        yield report
    finally:
        with blocker.unblock():
            call_command("flush", "--noinput", verbosity=0)
            ContentType.objects.clear_cache()


def _take(report: DemoReport) -> Snapshot:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return Snapshot(report=report, sqlite=copy)
    if connection.vendor == "postgresql":
        tables = {}
        with connection.cursor() as cursor:
            for table in _tables():
                name = connection.ops.quote_name(table)
                with cursor.cursor.copy(f"COPY {name} TO STDOUT (FORMAT BINARY)") as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
        return Snapshot(report=report, tables=tables)
    raise NotImplementedError(connection.vendor)


def _restore(snapshot: Snapshot) -> None:
    connection.ensure_connection()
    if snapshot.sqlite is not None:
        snapshot.sqlite.backup(connection.connection)
        return
    assert snapshot.tables is not None
    # Foreign keys are DEFERRABLE INITIALLY DEFERRED in Django's schema: any order will do.
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), list(snapshot.tables), allow_cascade=True):
            cursor.execute(sql)
        for table, data in snapshot.tables.items():
            name = connection.ops.quote_name(table)
            with cursor.cursor.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        from django.apps import apps

        # Many-to-many tables too: ``add()`` inserts with ON CONFLICT DO NOTHING, so a sequence
        # left behind the restored rows (an earlier test's restore or pg_restore set it back)
        # drops the new link without a word.
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))
