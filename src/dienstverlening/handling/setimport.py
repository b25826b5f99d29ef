"""The set-based import: a large CSV read, checked, derived and written by the database.

``importing.handling_import`` sends a CSV of ``DV_HANDLING_SET_IMPORT_ROWS`` lines or more here;
smaller files, XLSX and the API keep the row-by-row path (``services.items_upsert_nested``).
Both give the same register rows and roll-ups (``tests/handling/test_set_import.py`` checks that
over random items, calendars, norms and office hours, on SQLite and PostgreSQL). The design, in
``docs/handling.md`` (*Set-based import*):

1. **Staging.** PostgreSQL ``COPY``s the file as it is into a temporary table of text columns
   (when it holds no quote character; otherwise, or when COPY refuses it, Python's ``csv``
   reads it and feeds COPY). SQLite, where Python reads every row anyway, gets the rows with
   one ``executemany``, their names, dates and times already looked up. Cells are trimmed as
   ``str.strip`` trims them (not at all when the file has no white space at a cell's edge);
   rows whose cells are all empty are skipped, as ``core.tabular`` skips them.
2. **Names, dates and times once per distinct value.** The distinct combinations of kind,
   municipality, team, service, channel and outcome go through the very code of the
   row-by-row check (``importing.row_names``); the distinct date parts and time parts through
   ``core.tabular.parse_date`` / ``parse_datetime``. Each answer goes into a small table the
   rows are joined with: a file of a million rows has a few hundred of each.
3. **Norms** per combination and period of receipt: the norm history is cut where any norm
   starts or ends, and ``NormBook`` (service over team over organisation) answers per piece.
4. **Working days** as a table per municipality, one row per calendar day with its number
   among the working days (``core.workdays.WorkingDayCalendar`` with the municipality's
   closing days: the calendar of the row-by-row path), whether it is one, its next legal day
   (Algemene termijnenwet) and its offsets from UTC. Counting working days is a subtraction;
   the N-th working day after a day is a lookup. The table reaches as far beyond the last
   receipt as the norms in use need (at most ``MAX_SPAN_DAYS``).
5. **Due moments, lead times, verdicts** in SQL, by unit: working days, calendar days and
   weeks, and hours/minutes/seconds in office hours (``DV_OFFICE_HOURS``) with the same
   floating-point steps as ``due.add_office_time``. Local times become UTC as ``zoneinfo``
   reads them (fold 0).
6. **Checks.** A row with any problem sends the whole file back to the row-by-row path, which
   reports every problem per line in Dutch as always; nothing has been written then.
7. **Rows left to Python**: an existing item with suspensions, and a due moment beyond the
   working-day table. They go through ``services.items_upsert_deltas`` in the same
   transaction; their roll-up changes are merged with the set-based ones.
8. **Writing**, in one transaction: the re-delivered items are locked (PostgreSQL), their old
   roll-up contributions read and their rows updated (``UPDATE … FROM``); the new rows are
   inserted (``INSERT … SELECT``, in chunks so the progress moves; a source id twice breaks the
   unique constraint and the file goes row by row); the roll-ups get the difference per row
   with one ``INSERT … ON CONFLICT DO UPDATE`` per table.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import logging
import math
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from dienstverlening.core import tabular
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.tabular import EARLIEST_DATE, CellError, Limits, TableTooLarge
from dienstverlening.core.workdays import WorkingDayCalendar, office_hours
from dienstverlening.framework.models import Norm, NormUnit
from dienstverlening.organisation.figure_versions import figures_changed

from . import importing
from .due import norm_for_kind
from .models import (
    FUTURE_TOLERANCE,
    KIND_SUBJECTS,
    LEAD_BUCKET_MAX,
    HandlingItem,
    ImportSource,
    Outcome,
)
from .retention import purged_before
from .rollups import ROLLUPS, Deltas, Rollup
from .services import Context, ItemInput, UpsertResult, items_upsert_deltas

logger = logging.getLogger(__name__)

DEFAULT_ROWS = 1000  # from this many lines on a CSV goes the set-based way
MAX_SPAN_DAYS = 366 * 40  # the working-day table reaches at most this far beyond the last receipt
EPOCH = datetime.date(1970, 1, 1).toordinal()
# What ``str.strip()`` takes off: every character Python counts as white space.
WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # Python cannot decode these
END_OF_COPY = re.compile(rb"(?:^|[\r\n])\\\.(?:[\r\n]|$)")  # a line "\." ends a PostgreSQL COPY
SQLITE_MINIMUM = (3, 33, 0)  # UPDATE … FROM
SQLITE_CACHE_KIB = 256 * 1024
INSERT_CHUNK = 25_000  # new rows per statement, so that the progress moves
EMPTY = "''"
NAMES = ["kind", "municipality", "team", "service", "channel", "outcome"]
TEMP_TABLES = [
    "dv_imp_raw",
    "dv_imp_pre",
    "dv_imp_combo",
    "dv_imp_date",
    "dv_imp_time",
    "dv_imp_norm",
    "dv_imp_wd",
    "dv_imp_wdn",
    "dv_imp_rows",
    "dv_imp_old",
    "dv_imp_delta",
    "dv_imp_groups",
]


class NotSetBased(Exception):
    """This file goes the row-by-row way (``importing``); the message says why."""


def threshold() -> int:
    return int(getattr(settings, "DV_HANDLING_SET_IMPORT_ROWS", DEFAULT_ROWS))


def wanted(data: bytes, filename: str) -> bool:
    """Whether ``data`` is a CSV large enough for the set-based import."""
    if connection.vendor not in {"postgresql", "sqlite"}:
        return False
    if tabular._is_xlsx(io.BytesIO(data), filename):
        return False
    return data.count(b"\n") >= threshold()


# --- the file as a whole ----------------------------------------------------------------------


@dataclass
class Plan:
    encoding: str  # "utf-8-sig" or "cp1252", as core.tabular decides
    delimiter: str
    width: int  # columns with a header (empty headers at the right end are no columns)
    raw_width: int  # fields on the header line
    positions: dict[str, int]  # field -> column
    start: int  # the data after a byte-order mark
    end: int  # … and before trailing line ends
    raw: bool  # COPY can read the bytes as they are
    trim: bool  # some cell may start or end with white space


def _plan(source: ImportSource, data: bytes) -> Plan:
    """What the row-by-row path would make of the file as a whole, or ``NotSetBased`` where it
    would report a problem (the row-by-row path then words it)."""
    limits = Limits.from_settings()
    if len(data) > limits.file_bytes:
        raise NotSetBased("file over the size limit")
    stream = io.BytesIO(data)
    encoding = tabular._encoding(stream)
    if encoding == "cp1252" and any(byte in data for byte in CP1252_UNDEFINED):
        raise NotSetBased("undecodable bytes")
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        sample = text.read(8192)
        text.seek(0)
        delimiter = tabular._sniff_delimiter(sample)
        header = next(csv.reader(text, delimiter=delimiter), [])
    except (csv.Error, UnicodeDecodeError) as error:
        raise NotSetBased(f"header unreadable: {error}") from None
    finally:
        text.detach()
    headers = tabular._headers(header)
    try:
        tabular._check_columns(headers, limits)
    except TableTooLarge:
        raise NotSetBased("too many columns") from None
    if len(set(headers)) != len(headers):
        raise NotSetBased("a header twice")
    columns = importing._columns(source, headers)
    missing = importing.missing_columns(source, columns)
    if missing:
        raise NotSetBased(f"no column for {missing[0]}")
    start = 3 if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else 0
    end = len(data)
    while end > start and data[end - 1] in (10, 13):
        end -= 1
    raw = (
        connection.vendor == "postgresql" and b'"' not in data and END_OF_COPY.search(data) is None
    )
    return Plan(
        trim=_may_need_trimming(data, encoding, delimiter),
        encoding=encoding,
        delimiter=delimiter,
        width=len(headers),
        raw_width=len(header),
        positions={name: headers.index(header) for name, header in columns.items()},
        start=start,
        end=end,
        raw=raw,
    )


def _may_need_trimming(data: bytes, encoding: str, delimiter: str) -> bool:
    """Whether a cell may start or end with white space (``str.strip`` would take it off): a
    space next to a delimiter or line end, any other white space character, or a quote (a
    quoted cell may hold anything). Most exports have none, and then the SQL trims nothing."""
    if b'"' in data:
        return True
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    separator = delimiter.encode(codec)
    others = set()
    for character in WHITESPACE:
        if character in " \r\n" or character == delimiter:
            continue
        try:
            others.add(character.encode(codec))
        except UnicodeEncodeError:
            continue
    leads = {encoded[0] for encoded in others}
    # One pass keeps only the bytes such a character can start with; usually nothing is left.
    rest = data.translate(None, delete=bytes(b for b in range(256) if b not in leads))
    if rest and any(encoded in data for encoded in others):
        return True
    edges = (b" " + separator, separator + b" ", b" \n", b"\n ", b" \r", b"\r ")
    return any(edge in data for edge in edges) or data.startswith(b" ") or data.endswith(b" ")


def _csv_rows(plan: Plan, data: bytes) -> Iterator[list[str]]:
    """The data rows as ``core.tabular`` reads them, each cut or padded to the header's width."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding=plan.encoding, newline="")
    reader = csv.reader(text, delimiter=plan.delimiter)
    next(reader, None)
    width = plan.width
    padding = [""] * width
    for row in reader:
        if len(row) != width:
            row = (row + padding)[:width]
        yield row


# --- SQL for both databases -------------------------------------------------------------------


class Dialect:
    """The few expressions PostgreSQL and SQLite write differently."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"

    def day(self, ep: str) -> str:
        """A date from a day number (days since 1970-01-01)."""
        if self.pg:
            return f"(DATE '1970-01-01' + CAST({ep} AS INTEGER))"
        return f"date({ep} * 86400, 'unixepoch')"

    def month(self, ep: str) -> str:
        """The first day of the month of a day number."""
        if self.pg:
            return f"CAST(date_trunc('month', {self.day(ep)}) AS DATE)"
        return f"date({ep} * 86400, 'unixepoch', 'start of month')"

    def ep(self, day: str) -> str:
        """A day number from a date column."""
        if self.pg:
            return f"({day} - DATE '1970-01-01')"
        return f"CAST(julianday({day}) - 2440587.5 AS INTEGER)"

    def moment(self, us: str) -> str:
        """A stored moment from microseconds since the epoch (UTC); as Django stores it."""
        if self.pg:
            return f"(TIMESTAMPTZ 'epoch' + ({us}) * INTERVAL '1 microsecond')"
        return (
            f"(datetime({us} / 1000000, 'unixepoch') || CASE WHEN {us} %% 1000000 = 0 "
            f"THEN '' ELSE printf('.%%06d', {us} %% 1000000) END)"
        )

    def trim(self, value: str) -> str:
        spaces = WHITESPACE.replace("'", "''")
        function = "btrim" if self.pg else "trim"
        return f"{function}(COALESCE({value}, ''), '{spaces}')"

    def position(self, text: str, part: str) -> str:
        return f"strpos({text}, {part})" if self.pg else f"instr({text}, {part})"

    def length(self, text: str) -> str:
        return f"char_length({text})" if self.pg else f"length({text})"

    def floor(self, value: str) -> str:
        """Rounded down; on SQLite only for values of 0 or more."""
        return f"CAST(floor({value}) AS BIGINT)" if self.pg else f"CAST({value} AS INTEGER)"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.pg else f"MIN({a}, {b})"

    def uuid(self) -> str:
        if self.pg:
            return "gen_random_uuid()"
        # 32 hex digits as Django stores a UUID on SQLite: random, version 4, variant 10xx.
        return (
            "lower(hex(randomblob(6)) || '4' || substr(hex(randomblob(2)), 2) || "
            "substr('89ab', 1 + abs(random()) %% 4, 1) || substr(hex(randomblob(8)), 2))"
        )

    @property
    def unmerged(self) -> str:
        """Keeps a subquery from being merged into the query around it."""
        return "OFFSET 0" if self.pg else "LIMIT -1 OFFSET 0"

    def nulls_first(self, column: str) -> str:
        return f"{column} NULLS FIRST" if self.pg else column


EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _microseconds(moment: datetime.datetime) -> int:
    """A moment as the staging tables hold it: microseconds since the epoch (UTC)."""
    return (moment - EPOCH_UTC) // datetime.timedelta(microseconds=1)


def _execute(sql: str, params: Sequence = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _fetch(sql: str, params: Sequence = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _fill(table: str, rows: Iterable[Sequence]) -> int:
    """Rows into a temporary table: COPY on PostgreSQL, ``executemany`` on SQLite. Returns
    how many."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return max(cursor.cursor.rowcount, 0)
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        marks = ", ".join(["?"] * len(first))
        sqlite3.Cursor.executemany(
            cursor.cursor, f"INSERT INTO {table} VALUES ({marks})", _chain(first, rows)
        )
        return max(cursor.cursor.rowcount, 0)


def _chain(first, rest):
    yield first
    yield from rest


def _drop_temporary_tables() -> None:
    for table in TEMP_TABLES:
        _execute(f"DROP TABLE IF EXISTS {table}")


def _index(table: str, columns: list[str]) -> None:
    """SQLite: an index for the joins (PostgreSQL hashes the small tables instead)."""
    if connection.vendor == "sqlite":
        _execute(f"CREATE INDEX {table}_idx ON {table} ({', '.join(columns)})")


def _analyze(table: str) -> None:
    if connection.vendor == "postgresql":
        _execute(f"ANALYZE {table}")


# --- the import -------------------------------------------------------------------------------


def import_set_based(
    *, source: ImportSource, data: bytes, filename: str = "", progress: Progress | None = None
) -> UpsertResult:
    """Import a CSV set-based: all rows or none, the same outcome as the row-by-row path.

    Raises ``NotSetBased`` (having written nothing) when the file needs the row-by-row path:
    a problem to report per line, or a shape the SQL does not read the same way."""
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info < SQLITE_MINIMUM:
        raise NotSetBased("SQLite too old")
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise NotSetBased(f"no set-based import on {connection.vendor}")
    if progress:
        progress(Stage.READ, 0, None)
    plan = _plan(source, data)
    with transaction.atomic(durable=True), _sqlite_cache():
        return _Import(source, plan, data, progress).run()


@contextlib.contextmanager
def _sqlite_cache() -> Iterator[None]:
    """SQLite: a page cache of ``SQLITE_CACHE_KIB`` for the import (the default 2 MB thrashes on
    the register's ten indexes once it holds a million rows); the previous size afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    (previous,) = _fetch("PRAGMA cache_size")[0]
    _execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        _execute(f"PRAGMA cache_size = {int(previous)}")


class _Import:
    def __init__(
        self, source: ImportSource, plan: Plan, data: bytes, progress: Progress | None
    ) -> None:
        self.source = source
        self.plan = plan
        self.data = data
        self.progress = progress
        self.sql = Dialect()
        self.context = Context()
        self.lookup = importing.Lookup()
        self.now = timezone.now()
        self.latest = self.now + FUTURE_TOLERANCE
        self.latest_us = _microseconds(self.latest)
        self.latest_day = self.latest.astimezone(AMSTERDAM).date()
        self.hours = office_hours()
        self.timings: dict[str, float] = {}
        self.total = 0
        self.skipped = 0  # new rows closed before the last purge's cutoff (``check``)
        self.staged = 0  # rows in the staging table (empty rows included), for the progress

    def report(self, stage: str, done: int, total: int | None) -> None:
        if self.progress:
            self.progress(stage, done, total)

    def run(self) -> UpsertResult:
        step = self.step
        if self.sql.pg:
            _execute("SET LOCAL jit = off")
            _execute("SET LOCAL work_mem = '64MB'")
        _drop_temporary_tables()
        if self.sql.pg:
            step("staging", self.stage)
            self.clean()
            self.report(Stage.CHECK, 0, self.staged or None)
            distinct_names, date_texts, time_texts = step("distinct values", self.distinct)
            combos = self.names(distinct_names)
            days = self.dates(date_texts)
            self.times(time_texts)
        else:
            combos, days = step("staging", self.stage_resolved)
            self.report(Stage.CHECK, 0, self.staged or None)
        step("norms", lambda: self.norms(combos, days))
        step("working days", lambda: self.calendars(combos, days))
        step("derivation", self.derive)
        total = self.total = step("checks", self.check)
        self.report(Stage.CHECK, total, total)
        self.report(Stage.SAVE, 0, total)
        result = self.write()
        _drop_temporary_tables()
        self.report(Stage.SAVE, total, total)
        logger.info(
            "Set-based import of %s rows: %s",
            total,
            ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.timings.items()),
        )
        return result

    def step(self, name: str, work):
        """Run ``work`` and remember how long it took under ``name`` (logged at the end)."""
        start = time.perf_counter()
        try:
            return work()
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    # 1. staging ----------------------------------------------------------------------------

    def stage(self) -> None:
        plan = self.plan
        if plan.raw:
            columns = ", ".join(f"c{n} text" for n in range(plan.raw_width))
            _execute(f"CREATE TEMPORARY TABLE dv_imp_raw ({columns}) ON COMMIT DROP")
            if self._copy_raw():
                return
            _execute("DROP TABLE dv_imp_raw")
            plan.raw = False
        columns = ", ".join(f"c{n} text" for n in range(plan.width))
        commit = " ON COMMIT DROP" if self.sql.pg else ""
        _execute(f"CREATE TEMPORARY TABLE dv_imp_raw ({columns}){commit}")
        try:
            self.staged = _fill("dv_imp_raw", _csv_rows(plan, self.data))
        except (csv.Error, UnicodeDecodeError) as error:
            raise NotSetBased(f"unreadable: {error}") from None

    def _copy_raw(self) -> bool:
        """COPY the bytes as they are; False when PostgreSQL refuses them (ragged rows, an empty
        line, mixed line ends): then Python's csv reads them."""
        import psycopg

        plan = self.plan
        encoding = "UTF8" if plan.encoding == "utf-8-sig" else "WIN1252"
        delimiter = plan.delimiter.replace("'", "''")
        body = memoryview(self.data)[plan.start : plan.end]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                sql = (
                    f"COPY dv_imp_raw FROM STDIN WITH (FORMAT csv, HEADER true, "
                    f"DELIMITER '{delimiter}', ENCODING '{encoding}')"
                )
                with cursor.cursor.copy(sql) as copy:
                    step = 1 << 20
                    for start in range(0, len(body), step):
                        copy.write(body[start : start + step])
                self.staged = max(cursor.cursor.rowcount, 0)
        except (DatabaseError, psycopg.Error):
            return False
        return True

    def stage_resolved(self) -> tuple[list[tuple], list[int]]:
        """SQLite, where Python reads every row anyway: the rows go into the staging table with
        their names, dates and times already resolved, each distinct value once (as ``clean``,
        ``distinct``, ``dates`` and ``times`` do in SQL on PostgreSQL)."""
        plan = self.plan
        positions = plan.positions
        sid_at, received_at = positions["source_id"], positions["received_at"]
        closed_at = positions.get("closed_at")
        name_at = [positions.get(name) for name in NAMES]
        combos: dict[tuple, int] = {}
        dates: dict[str, int | None] = {}
        times: dict[str, int | None] = {}
        moments: dict[str, tuple[int | None, int | None]] = {"": (None, None)}

        def moment(text: str) -> tuple[int | None, int | None]:
            found = moments.get(text)
            if found is None:
                # As ``parse_datetime`` splits: the date before the first space, the time after.
                date_part, _space, time_part = text.partition(" ")
                if date_part not in dates:
                    dates[date_part] = self._day(date_part)
                if time_part not in times:
                    times[time_part] = self._seconds(time_part)
                day, seconds = dates[date_part], times[time_part]
                found = (day, seconds) if day is not None and seconds is not None else (None, None)
                moments[text] = found
            return found

        def rows() -> Iterator[tuple]:
            for row in _csv_rows(plan, self.data):
                if plan.trim:
                    row = [cell.strip() for cell in row]
                if not any(row):
                    continue
                names = tuple("" if at is None else row[at] for at in name_at)
                combo = combos.get(names)
                if combo is None:
                    combo = combos[names] = len(combos) + 1
                received = row[received_at]
                closed = "" if closed_at is None else row[closed_at]
                yield (
                    row[sid_at],
                    combo,
                    received,
                    closed,
                    closed != "",
                    *moment(received),
                    *moment(closed),
                )

        _execute(
            "CREATE TEMPORARY TABLE dv_imp_pre (sid text, combo integer, received_t text, "
            "closed_t text, closed boolean, r_ep bigint, r_sod bigint, c_ep bigint, c_sod bigint)"
        )
        try:
            self.staged = _fill("dv_imp_pre", rows())
        except (csv.Error, UnicodeDecodeError) as error:
            raise NotSetBased(f"unreadable: {error}") from None
        days = sorted({day for day in dates.values() if day is not None})
        return self.names(list(combos)), days

    def _day(self, text: str) -> int | None:
        """A date part as ``core.tabular.parse_date`` reads it, as a day number; None where the
        row-by-row path refuses it (unreadable, before ``EARLIEST_DATE``, after the latest
        moment allowed)."""
        if not text:
            return None
        try:
            day = tabular.parse_date(text)
        except CellError:
            return None
        return day.toordinal() - EPOCH if EARLIEST_DATE <= day <= self.latest_day else None

    @staticmethod
    def _seconds(text: str) -> int | None:
        """A time part as ``core.tabular.parse_datetime`` reads it, in seconds after midnight
        (none: midnight); None where it refuses it."""
        if not text:
            return 0
        try:
            moment = tabular.parse_datetime("01-01-2000 " + text)
        except CellError:
            return None
        return moment.hour * 3600 + moment.minute * 60 + moment.second

    def clean(self) -> None:
        """PostgreSQL: the rows as the row-by-row check sees them (``self.cells``, a query
        other queries read from): trimmed cells per field, empty rows left out, moments split
        into a date part and a time part."""
        sql = self.sql
        plan = self.plan
        cells = ", ".join(
            f"{sql.trim(f'c{n}') if plan.trim else f'COALESCE(c{n}, {EMPTY})'} AS t{n}"
            for n in range(plan.width)
        )
        long = " OR ".join(
            f"COALESCE({sql.length(f'c{n}')}, 0) >= {csv.field_size_limit()}"
            for n in range(plan.raw_width if plan.raw else 0)
        )
        fields = {name: f"t{position}" for name, position in plan.positions.items()}
        selected = [
            f"{fields.get(name, EMPTY)} AS {name}_t"
            for name in ["source_id", *NAMES, "received_at", "closed_at"]
        ]
        for name in ("received_at", "closed_at"):
            # As ``parse_datetime`` splits: the date before the first space, the time after it.
            cell = fields.get(name, EMPTY)
            space = sql.position(f"{cell} || ' '", "' '")
            selected.append(f"substr({cell}, 1, {space} - 1) AS {name}_d")
            selected.append(f"substr({cell}, {space} + 1) AS {name}_h")
        some = " OR ".join(f"t{n} <> ''" for n in range(plan.width)) or "1 = 0"
        # Each layer is computed once per row (not merged into the query around it).
        self.cells = (
            f"SELECT {', '.join(selected)}, too_long FROM (SELECT {cells}, "
            f"{'(' + long + ')' if long else '(1 = 0)'} AS too_long "
            f"FROM dv_imp_raw {sql.unmerged}) s WHERE {some} {sql.unmerged}"
        )

    # 2. names, dates, times once per distinct value -------------------------------------------

    def distinct(self) -> tuple[list[tuple], set[str], set[str]]:
        """PostgreSQL: the distinct combinations of names, date parts and time parts, in one
        pass (grouping sets). (SQLite finds them while staging, ``stage_resolved``.)"""
        names = ", ".join(f"{name}_t" for name in NAMES)
        parts = ["received_at_d", "closed_at_d", "received_at_h", "closed_at_h"]
        rows = _fetch(
            f"SELECT {names}, {', '.join(parts)}, GROUPING({names}) = 0 AS combo "
            f"FROM ({self.cells}) i GROUP BY GROUPING SETS (({names}), "
            f"{', '.join(f'({part})' for part in parts)})"
        )
        width = len(NAMES)
        found = [row[:width] for row in rows if row[-1]]
        dates = {row[width + n] for row in rows for n in (0, 1) if row[width + n] is not None}
        times = {row[width + n] for row in rows for n in (2, 3) if row[width + n] is not None}
        return found, dates, times

    def names(self, distinct: list[tuple]) -> list[tuple]:
        """Each distinct combination of names, resolved by the row-by-row code."""
        combos = []
        for number, row in enumerate(distinct, 1):
            values = dict(zip(NAMES, row, strict=True))
            problems: list[str] = []
            found = importing.row_names(self.source, values, self.lookup, problems)
            combos.append(
                (
                    number,
                    *row,
                    not problems,
                    found.kind,
                    found.municipality_id,
                    found.team_id,
                    found.service_id,
                    found.channel_id,
                    found.outcome or Outcome.UNKNOWN,
                )
            )
        commit = " ON COMMIT DROP" if self.sql.pg else ""
        _execute(
            f"CREATE TEMPORARY TABLE dv_imp_combo (id integer, "
            f"{', '.join(f'{name}_t text' for name in NAMES)}, "
            f"ok boolean, kind text, mun bigint, team bigint, service bigint, channel bigint, "
            f"outcome text){commit}"
        )
        _fill("dv_imp_combo", combos)
        _analyze("dv_imp_combo")
        _index("dv_imp_combo", ["id"])
        return combos

    def dates(self, texts: set[str]) -> list[int]:
        """The distinct date parts (``_day``); only dates the row-by-row path accepts get a row."""
        rows = [(text, day) for text in texts if (day := self._day(text)) is not None]
        commit = " ON COMMIT DROP" if self.sql.pg else ""
        _execute(f"CREATE TEMPORARY TABLE dv_imp_date (t text, ep bigint){commit}")
        _fill("dv_imp_date", rows)
        _analyze("dv_imp_date")
        return sorted({day for _text, day in rows})

    def times(self, texts: set[str]) -> None:
        """The distinct time parts (``_seconds``); only times the row-by-row path accepts."""
        rows = [(text, sod) for text in texts if (sod := self._seconds(text)) is not None]
        commit = " ON COMMIT DROP" if self.sql.pg else ""
        _execute(f"CREATE TEMPORARY TABLE dv_imp_time (t text, sod bigint){commit}")
        _fill("dv_imp_time", rows)
        _analyze("dv_imp_time")

    # 3. norms ------------------------------------------------------------------------------

    def norms(self, combos: list[tuple], days: list[int]) -> None:
        """Per combination and period of receipt: the norm, its kind of count and its size."""
        self.spans = {"w": 0, "c": 0}
        rows: list[tuple] = []
        commit = " ON COMMIT DROP" if self.sql.pg else ""
        _execute(
            f"CREATE TEMPORARY TABLE dv_imp_norm (combo integer, lo bigint, hi bigint, "
            f"norm_id bigint, cls text, n bigint, secs double precision){commit}"
        )
        if not days:
            return
        first, last = days[0], days[-1]
        subjects = {subject for subjects in KIND_SUBJECTS.values() for subject in subjects}
        cuts = {first}
        for valid_from, valid_until in Norm.objects.filter(subject__in=subjects).values_list(
            "valid_from", "valid_until"
        ):
            for day in (valid_from, valid_until and valid_until + datetime.timedelta(days=1)):
                if day is not None and first < day.toordinal() - EPOCH <= last:
                    cuts.add(day.toordinal() - EPOCH)
        starts = sorted(cuts)
        periods = list(zip(starts, [*(s - 1 for s in starts[1:]), last], strict=True))
        answers: dict[tuple, list[tuple]] = {}
        measures: dict[int, tuple[str, int | None, float | None]] = {}
        for combo in combos:
            number, ok, kind, team_id, service_id = (
                combo[0],
                combo[7],
                combo[8],
                combo[10],
                combo[11],
            )
            if not ok:
                continue
            key = (kind, team_id, service_id)
            if key not in answers:
                pieces: list[list] = []
                for lo, hi in periods:
                    norm = norm_for_kind(
                        self.context.norms,
                        kind=kind,
                        day=datetime.date.fromordinal(lo + EPOCH),
                        team_id=team_id,
                        service_id=service_id,
                    )
                    norm_id = norm.pk if norm is not None else None
                    if norm is not None and norm.pk not in measures:
                        measures[norm.pk] = self._measure(norm.unit, norm.target_value)
                    if pieces and pieces[-1][2] == norm_id:
                        pieces[-1][1] = hi
                    else:
                        pieces.append([lo, hi, norm_id])
                answers[key] = [tuple(piece) for piece in pieces if piece[2] is not None]
            for lo, hi, norm_id in answers[key]:
                rows.append((number, lo, hi, norm_id, *measures[norm_id]))
        _fill("dv_imp_norm", rows)
        _analyze("dv_imp_norm")
        _index("dv_imp_norm", ["combo", "lo"])

    def _measure(self, unit: str, value: Decimal) -> tuple[str, int | None, float | None]:
        """How ``due.due_moment`` counts a norm: working days (N), calendar days (N) or seconds
        of office time, with the same rounding."""
        if unit == NormUnit.WORKING_DAYS:
            count = math.ceil(value)
            self.spans["w"] = max(self.spans["w"], count)
            return ("w", count, None)
        if unit in (NormUnit.CALENDAR_DAYS, NormUnit.WEEKS):
            count = math.ceil(value * (7 if unit == NormUnit.WEEKS else 1))
            self.spans["c"] = max(self.spans["c"], count)
            return ("c", count, None)
        factors: dict[str, int] = {NormUnit.HOURS: 3600, NormUnit.MINUTES: 60}  # as due_moment
        seconds = float(value) * factors.get(unit, 1)
        length = self.hours.closes_at - self.hours.opens_at
        self.spans["w"] = max(self.spans["w"], math.ceil(seconds / length) + 2)
        return ("h", None, seconds)

    # 4. working days -----------------------------------------------------------------------

    def calendars(self, combos: list[tuple], days: list[int]) -> None:
        """Per municipality of the file, a row per calendar day from the first date in the file
        to as far beyond the last as the norms reach."""
        commit = " ON COMMIT DROP" if self.sql.pg else ""
        _execute(
            f"CREATE TEMPORARY TABLE dv_imp_wd (m bigint, ep bigint, cum bigint, working boolean, "
            f"off_m bigint, off_e bigint, legal_ep bigint, legal_off_e bigint, "
            f"PRIMARY KEY (m, ep)){commit}"
        )
        _execute(
            f"CREATE TEMPORARY TABLE dv_imp_wdn (m bigint, n bigint, ep bigint, off_m bigint, "
            f"off_e bigint, PRIMARY KEY (m, n)){commit}"
        )
        if not days:
            return
        first, last = days[0], days[-1]
        municipalities = sorted({combo[9] for combo in combos if combo[7]})
        legal = WorkingDayCalendar()
        zones: dict[int, tuple[int, int, int, int]] = {}

        def zone(ep: int) -> tuple[int, int, int, int]:
            if ep not in zones:
                day = datetime.date.fromordinal(ep + EPOCH)
                morning, evening = _offsets(day)
                legal_day = legal.next_legal_day(day)
                zones[ep] = (
                    morning,
                    evening,
                    legal_day.toordinal() - EPOCH,
                    _offsets(legal_day)[1],
                )
            return zones[ep]

        wd_rows: list[tuple] = []
        wdn_rows: list[tuple] = []
        for municipality in municipalities:
            calendar = self.context.calendars.for_municipality(municipality)
            ep, cum, after = first, 0, 0
            while ep <= last + MAX_SPAN_DAYS:
                if ep > last + self.spans["c"] and after >= self.spans["w"]:
                    break
                day = datetime.date.fromordinal(ep + EPOCH)
                working = calendar.is_working_day(day)
                morning, evening, legal_ep, legal_evening = zone(ep)
                if working:
                    cum += 1
                    after += ep > last
                    wdn_rows.append((municipality, cum, ep, morning, evening))
                wd_rows.append(
                    (municipality, ep, cum, working, morning, evening, legal_ep, legal_evening)
                )
                ep += 1
        _fill("dv_imp_wd", wd_rows)
        _fill("dv_imp_wdn", wdn_rows)
        _analyze("dv_imp_wd")
        _analyze("dv_imp_wdn")

    # 5. due moments, lead times, verdicts --------------------------------------------------

    def derive(self) -> None:
        sql = self.sql
        u = sql.unmerged  # each layer computes its columns once, for the layers above
        opens, closes = self.hours.opens_at, self.hours.closes_at
        length = closes - opens
        names = " AND ".join(f"i.{name}_t = c.{name}_t" for name in NAMES)
        if sql.pg:
            parsed = f"""
            SELECT i.source_id_t AS sid, i.too_long, c.id AS combo, c.ok AS c_ok, c.kind,
                   c.mun, c.team, c.service, c.channel, c.outcome,
                   dr.ep AS r_ep, hr.sod AS r_sod, i.closed_at_t <> '' AS closed,
                   dc.ep AS c_ep, hc.sod AS c_sod
            FROM ({self.cells}) i
            LEFT JOIN dv_imp_combo c ON {names}
            LEFT JOIN dv_imp_date dr ON dr.t = i.received_at_d
            LEFT JOIN dv_imp_time hr ON hr.t = i.received_at_h
            LEFT JOIN dv_imp_date dc ON dc.t = i.closed_at_d
            LEFT JOIN dv_imp_time hc ON hc.t = i.closed_at_h
            """
        else:
            parsed = """
            SELECT i.sid, 0 AS too_long, c.id AS combo, c.ok AS c_ok, c.kind,
                   c.mun, c.team, c.service, c.channel, c.outcome,
                   i.r_ep, i.r_sod, i.closed, i.c_ep, i.c_sod
            FROM dv_imp_pre i
            LEFT JOIN dv_imp_combo c ON c.id = i.combo
            """
        # Typed local time -> UTC: fold 0 (before 03:00 on a switch day the morning offset).
        located = f"""
            SELECT a.*, wr.cum AS cum_r, wr.working AS working_r, wc.cum AS cum_c,
                   n.norm_id, n.cls, n.n, n.secs,
                   CASE WHEN a.r_sod < 10800 THEN wr.off_m ELSE wr.off_e END AS r_off,
                   wr.off_m AS r_off_m, wr.off_e AS r_off_e,
                   CASE WHEN a.c_sod < 10800 THEN wc.off_m ELSE wc.off_e END AS c_off
            FROM ({parsed} {u}) a
            LEFT JOIN dv_imp_wd wr ON wr.m = a.mun AND wr.ep = a.r_ep
            LEFT JOIN dv_imp_wd wc ON wc.m = a.mun AND wc.ep = a.c_ep
            LEFT JOIN dv_imp_norm n ON n.combo = a.combo AND a.r_ep BETWEEN n.lo AND n.hi
        """
        # The local time of the moment (``astimezone``): in the spring gap an hour later.
        local = (
            "(b.r_sod - b.r_off + CASE WHEN b.r_sod - b.r_off < 3600 THEN b.r_off_m "
            "ELSE b.r_off_e END)"
        )
        moved = f"({local} >= {closes} OR NOT b.working_r)"
        start = f"""
            SELECT b.*,
                   (b.r_ep * 86400 + b.r_sod - b.r_off) * 1000000 AS recv_us,
                   (b.c_ep * 86400 + b.c_sod - b.c_off) * 1000000 AS closed_us,
                   CASE WHEN {moved} THEN {opens} WHEN {local} < {opens} THEN {opens}
                        ELSE {local} END AS now0,
                   b.cum_r + CASE WHEN {moved} THEN 1 ELSE 0 END AS k0
            FROM ({located} {u}) b
        """
        # due.add_office_time: whole office days and the rest, as Python's float divmod.
        office = f"""
            SELECT s.*, s.secs <= {closes} - s.now0 AS fits,
                   s.secs - ({closes} - s.now0) AS x,
                   CASE WHEN s.cls = 'h' AND s.secs > {closes} - s.now0
                        THEN {sql.floor(f"(s.secs - ({closes} - s.now0)) / {length}")} END AS q0
            FROM ({start} {u}) s
        """
        rest = f"(o.x - o.q0 * {length})"
        divided = f"""
            SELECT o.*,
                   CASE WHEN {rest} < 0 THEN o.q0 - 1 WHEN {rest} >= {length} THEN o.q0 + 1
                        ELSE o.q0 END AS q,
                   CASE WHEN {rest} < 0 THEN {rest} + {length} WHEN {rest} >= {length}
                        THEN {rest} - {length} ELSE {rest} END AS r
            FROM ({office} {u}) o
        """
        targets = f"""
            SELECT e.*,
                   CASE WHEN e.cls = 'w' THEN e.cum_r + e.n
                        WHEN e.cls = 'h' THEN e.k0 + CASE WHEN e.fits THEN 0
                            WHEN e.r = 0 THEN e.q ELSE e.q + 1 END END AS n_target,
                   CASE WHEN e.cls = 'c' THEN e.r_ep + e.n END AS c_target,
                   CASE WHEN e.fits THEN e.now0 + e.secs WHEN e.r = 0 THEN {closes}
                        ELSE {opens} + e.r END AS at_s
            FROM ({divided} {u}) e
        """
        due = f"""
            SELECT f.*,
                   CASE WHEN f.cls = 'w' THEN (t.ep * 86400 + 86399 - t.off_e) * 1000000
                        WHEN f.cls = 'c' THEN (g.legal_ep * 86400 + 86399 - g.legal_off_e)
                            * 1000000
                        WHEN f.cls = 'h' THEN t.ep * 86400000000
                            + CAST(round(f.at_s * 1000000) AS BIGINT)
                            - (CASE WHEN f.at_s < 10800 THEN t.off_m ELSE t.off_e END) * 1000000
                   END AS due_us
            FROM ({targets} {u}) f
            LEFT JOIN dv_imp_wdn t ON t.m = f.mun AND t.n = f.n_target
            LEFT JOIN dv_imp_wd g ON g.m = f.mun AND g.ep = f.c_target
        """
        good = f"""
            COALESCE(z.c_ok AND z.sid <> '' AND {sql.length("z.sid")} <= 100
                AND z.recv_us IS NOT NULL AND z.recv_us <= {self.latest_us}
                AND (NOT z.closed OR (z.closed_us IS NOT NULL
                    AND z.closed_us <= {self.latest_us} AND z.closed_us >= z.recv_us))
                AND NOT z.too_long, 1 = 0)
        """
        commit = " ON COMMIT DROP" if sql.pg else ""
        _execute(
            f"""
            CREATE TEMPORARY TABLE dv_imp_rows{commit} AS
            SELECT z.sid, z.kind, z.mun, z.team, z.service, z.channel, z.outcome,
                   z.r_ep, z.recv_us, z.closed, z.c_ep, z.closed_us, z.norm_id, z.due_us,
                   CASE WHEN z.closed THEN CASE WHEN z.c_ep > z.r_ep THEN z.cum_c - z.cum_r
                       ELSE 0 END END AS lead,
                   CASE WHEN z.closed AND z.due_us IS NOT NULL THEN z.closed_us <= z.due_us
                   END AS on_time,
                   NOT {good} AS bad,
                   h.id AS item_id,
                   (z.norm_id IS NOT NULL AND z.due_us IS NULL) OR (h.id IS NOT NULL AND EXISTS (
                       SELECT 1 FROM handling_suspension s WHERE s.item_id = h.id)) AS py
            FROM ({due} {u}) z
            LEFT JOIN handling_handlingitem h ON h.source = %s AND h.source_id = z.sid
            """,
            [self.source.name],
        )

    # 6. checks -----------------------------------------------------------------------------

    def check(self) -> int:
        """Whether every row is good (else the row-by-row path reports them); the number of
        rows. A source id twice among new rows is found by the register's unique constraint on
        writing; here among the re-delivered and the Python rows."""
        purged = purged_before()
        if purged is not None:
            # New items closed before the last purge's cutoff: a purged item counts already.
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM dv_imp_rows WHERE item_id IS NULL AND closed AND NOT bad "
                    "AND closed_us < %s",
                    [_microseconds(purged)],
                )
                self.skipped = max(cursor.rowcount, 0)
        count, bad, py, existing = _fetch(
            "SELECT count(*), SUM(CASE WHEN bad THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN py THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN item_id IS NOT NULL THEN 1 ELSE 0 END) FROM dv_imp_rows"
        )[0]
        if count == 0:
            raise NotSetBased("no rows")
        if count > Limits.from_settings().rows:
            raise NotSetBased("too many rows")
        if bad:
            raise NotSetBased(f"{bad} rows with problems")
        twice = []
        if existing:
            twice.append(
                "SELECT 1 FROM dv_imp_rows WHERE item_id IS NOT NULL GROUP BY item_id "
                "HAVING count(*) > 1"
            )
        if py:
            twice.append("SELECT 1 FROM dv_imp_rows WHERE py GROUP BY sid HAVING count(*) > 1")
        if twice and _fetch(f"SELECT 1 FROM ({' UNION ALL '.join(twice)}) d LIMIT 1"):
            raise NotSetBased("a source id twice")
        if self.sql.pg and existing:
            # Lock the re-delivered items; one suspended since they were read goes to Python.
            _fetch(
                "SELECT count(*) FROM (SELECT 1 FROM handling_handlingitem h JOIN dv_imp_rows r "
                "ON h.id = r.item_id WHERE NOT r.py FOR UPDATE OF h) s"
            )
            if _fetch(
                "SELECT 1 FROM dv_imp_rows r JOIN handling_suspension s ON s.item_id = r.item_id "
                "WHERE NOT r.py LIMIT 1"
            ):
                raise NotSetBased("an item was suspended meanwhile")
        self.counts = (int(py or 0), int(existing or 0))
        return int(count)

    # 7, 8. writing -------------------------------------------------------------------------

    def write(self) -> UpsertResult:
        result = UpsertResult(skipped=self.skipped)
        deltas = Deltas()
        py, existing = self.counts
        if py:
            partial = self.step("rows left to Python", lambda: self.write_in_python(deltas))
            result.created += partial.created
            result.updated += partial.updated
            result.skipped += partial.skipped
        table = HandlingItem._meta.db_table
        now = HandlingItem._meta.get_field("updated_at").get_db_prep_value(self.now, connection)
        if existing:
            result.updated += self.step("register update", lambda: self._update(table, now))
        done = result.created + result.updated
        result.created += self.step("register insert", lambda: self._insert(table, now, done))
        self.step("roll-ups", lambda: self.rollups(deltas, old=bool(existing)))
        return result

    def _update(self, table: str, now) -> int:
        """The re-delivered items: first what they counted for in the roll-ups, then their rows."""
        sql = self.sql
        commit = " ON COMMIT DROP" if sql.pg else ""
        _execute(
            f"""
            CREATE TEMPORARY TABLE dv_imp_old{commit} AS
            SELECT {sql.ep("h.received_on")} AS r_ep, {sql.ep("h.closed_on")} AS c_ep,
                   h.closed_at IS NOT NULL AND h.closed_on IS NOT NULL AS closed,
                   h.municipality_id AS mun, h.team_id AS team, h.service_id AS service,
                   h.channel_id AS channel, h.kind,
                   CASE WHEN h.on_time THEN 1 ELSE 0 END AS ok,
                   {sql.least("COALESCE(h.lead_days, 0)", str(LEAD_BUCKET_MAX))} AS bucket
            FROM {table} h JOIN dv_imp_rows r ON r.item_id = h.id
            WHERE NOT r.py
            """
        )
        fields = f"""
            kind = r.kind, municipality_id = r.mun, team_id = r.team, service_id = r.service,
            channel_id = r.channel, status = CASE WHEN r.closed THEN 'closed' ELSE 'open' END,
            received_at = {sql.moment("r.recv_us")}, received_on = {sql.day("r.r_ep")},
            closed_at = CASE WHEN r.closed THEN {sql.moment("r.closed_us")} END,
            closed_on = CASE WHEN r.closed THEN {sql.day("r.c_ep")} END,
            outcome = r.outcome, norm_id = r.norm_id,
            due_at = CASE WHEN r.due_us IS NOT NULL THEN {sql.moment("r.due_us")} END,
            lead_days = r.lead, on_time = r.on_time, updated_at = %s
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {fields} FROM dv_imp_rows r "
                f"WHERE {table}.id = r.item_id AND NOT r.py",
                [now],
            )
            return cursor.rowcount

    def _insert(self, table: str, now, done: int) -> int:
        """The new rows, a chunk of about ``INSERT_CHUNK`` at a time so that the progress moves.
        A source id twice among them breaks the unique constraint: then the file goes row by
        row (which names both lines); so does one a concurrent writer inserted meanwhile."""
        sql = self.sql
        inserted = 0
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for part in self._chunks():
                    cursor.execute(
                        f"""
                INSERT INTO {table} (uuid, source, source_id, kind, municipality_id, team_id,
                    service_id, channel_id, status, received_at, received_on, closed_at,
                    closed_on, outcome, norm_id, due_at, lead_days, on_time, updated_at)
                SELECT {sql.uuid()}, %s, r.sid, r.kind, r.mun, r.team, r.service, r.channel,
                    CASE WHEN r.closed THEN 'closed' ELSE 'open' END,
                    {sql.moment("r.recv_us")}, {sql.day("r.r_ep")},
                    CASE WHEN r.closed THEN {sql.moment("r.closed_us")} END,
                    CASE WHEN r.closed THEN {sql.day("r.c_ep")} END,
                    r.outcome, r.norm_id,
                    CASE WHEN r.due_us IS NOT NULL THEN {sql.moment("r.due_us")} END,
                    r.lead, r.on_time, %s
                FROM dv_imp_rows r WHERE r.item_id IS NULL AND NOT r.py AND {part}
                """,
                        [self.source.name, now],
                    )
                    inserted += cursor.rowcount
                    self.report(Stage.SAVE, done + inserted, self.total)
        except IntegrityError as error:
            raise NotSetBased(f"a source id twice or inserted meanwhile: {error}") from None
        return inserted

    def _chunks(self) -> list[str]:
        """Conditions that split the staged rows into chunks of about ``INSERT_CHUNK``, each
        read without a scan of the others: ranges of pages (PostgreSQL, a TID range scan) or of
        row ids (SQLite)."""
        parts = max(1, math.ceil(self.total / INSERT_CHUNK))
        if parts == 1:
            return ["1 = 1"]
        if self.sql.pg:
            ((pages,),) = _fetch(
                "SELECT pg_relation_size('dv_imp_rows') / current_setting('block_size')::int"
            )
            step = max(1, math.ceil(pages / parts))
            starts = range(0, max(pages, 1), step)
            return [
                f"r.ctid >= '({start},0)'::tid"
                + (f" AND r.ctid < '({start + step},0)'::tid" if start + step < pages else "")
                for start in starts
            ]
        step = math.ceil(self.total / parts)
        return [
            f"r.rowid > {start}"
            + (f" AND r.rowid <= {start + step}" if start + step < self.total else "")
            for start in range(0, self.total, step)
        ]

    def write_in_python(self, deltas: Deltas) -> UpsertResult:
        """The rows the SQL leaves to Python, read again by the row-by-row code."""
        if self.sql.pg:
            fields = [f"i.{name}_t" for name in ["source_id", *NAMES, "received_at", "closed_at"]]
            rows = _fetch(
                f"SELECT {', '.join(fields)} FROM ({self.cells}) i JOIN dv_imp_rows r "
                f"ON r.sid = i.source_id_t WHERE r.py"
            )
        else:
            fields = ["i.sid", *(f"c.{name}_t" for name in NAMES), "i.received_t", "i.closed_t"]
            rows = _fetch(
                f"SELECT {', '.join(fields)} FROM dv_imp_pre i JOIN dv_imp_combo c "
                f"ON c.id = i.combo JOIN dv_imp_rows r ON r.sid = i.sid WHERE r.py"
            )
        items: list[ItemInput] = []
        mapped = set(self.plan.positions)
        for row in rows:
            values = {
                name: text
                for name, text in zip(
                    ["source_id", *NAMES, "received_at", "closed_at"], row, strict=True
                )
                if name in mapped
            }
            problems: list[str] = []
            item = importing._row_item(
                self.source, values, self.lookup, problems, latest=self.latest
            )
            assert item is not None, problems  # checked in SQL already
            items.append(item)
        return items_upsert_deltas(
            items=items, context=self.context, keep=False, progress=None, deltas=deltas
        )

    def rollups(self, deltas: Deltas, *, old: bool) -> None:
        """The roll-ups by difference: minus what the re-delivered items counted for, plus what
        every row counts for now, plus what the Python rows changed; one upsert per table."""
        sql = self.sql
        commit = " ON COMMIT DROP" if sql.pg else ""
        _execute(
            f"CREATE TEMPORARY TABLE dv_imp_delta (k text, ep bigint, mun bigint, team bigint, "
            f"service bigint, channel bigint, kind text, bucket bigint, a bigint, b bigint, "
            f"c bigint){commit}"
        )
        epoch = datetime.date(1970, 1, 1)
        rows = []
        for key, amounts in deltas.values.items():
            rollup, day, *dims = key
            bucket = dims.pop() if rollup == "lead" else None
            padding = [0] * (3 - len(amounts))
            rows.append((rollup, (day - epoch).days, *dims, bucket, *amounts, *padding))
        _fill("dv_imp_delta", rows)
        columns = "mun, team, service, channel, kind"
        minus_flow = minus_lead = ""
        if old:  # what the re-delivered items counted for before
            minus_flow = (
                f"UNION ALL SELECT r_ep, {columns}, -1, 0, 0 FROM dv_imp_old "
                f"UNION ALL SELECT c_ep, {columns}, 0, -1, -ok FROM dv_imp_old WHERE closed"
            )
            minus_lead = (
                f"UNION ALL SELECT c_ep, {columns}, bucket, -1, -ok FROM dv_imp_old WHERE closed"
            )
        # The rows once, grouped by everything a roll-up row depends on: far fewer groups than
        # rows, and both roll-ups are summed from the groups.
        _execute(
            f"""
            CREATE TEMPORARY TABLE dv_imp_groups{commit} AS
            SELECT r_ep, c_ep, {columns}, closed,
                   {sql.least("lead", str(LEAD_BUCKET_MAX))} AS bucket,
                   CASE WHEN on_time THEN 1 ELSE 0 END AS ok, count(*) AS n
            FROM dv_imp_rows WHERE NOT py
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
            """
        )
        flow = f"""
            SELECT r_ep AS ep, {columns}, n AS a, 0 AS b, 0 AS c FROM dv_imp_groups
            UNION ALL SELECT c_ep, {columns}, 0, n, ok * n FROM dv_imp_groups WHERE closed
            {minus_flow}
            UNION ALL SELECT ep, {columns}, a, b, c FROM dv_imp_delta WHERE k = 'flow'
        """
        lead = f"""
            SELECT c_ep AS ep, {columns}, bucket, n AS a, ok * n AS b
                FROM dv_imp_groups WHERE closed
            {minus_lead}
            UNION ALL SELECT ep, {columns}, bucket, a, b FROM dv_imp_delta WHERE k = 'lead'
        """
        # The daily roll-ups and their monthly sums from the same changes (``rollups.Deltas``
        # does the same in Python).
        for rollup in ROLLUPS:
            self._upsert(rollup, flow if rollup.kind == "flow" else lead)
        # Who sees new figures: every team and municipality a row went to or came from.
        moved = _fetch("SELECT DISTINCT mun, team FROM dv_imp_groups")
        if old:
            moved += _fetch("SELECT DISTINCT mun, team FROM dv_imp_old")
        figures_changed(teams={*((int(m), int(t)) for m, t in moved), *deltas.teams()})

    def _upsert(self, rollup: Rollup, rows: str) -> None:
        """Add the changes ``rows`` (a day number ``ep``, the groups, the bucket of a lead-time
        roll-up, then a, b, c) to the ``rollup``: per day and all groups, or (monthly) per
        month, municipality, team and kind."""
        sql = self.sql
        model, key, counters, monthly = rollup.model, rollup.key, rollup.counters, rollup.monthly
        table = model._meta.db_table
        dims = ["mun", "team", "kind"] if monthly else ["mun", "team", "service", "channel", "kind"]
        group = ["g", *dims, *(["bucket"] if rollup.kind == "lead" else [])]
        first = sql.month("ep") if monthly else sql.day("ep")
        sums = [f"SUM({name})" for name in ("a", "b", "c")[: len(counters)]]
        order = ", ".join(
            sql.nulls_first(name) if name in ("service", "channel") else name for name in group
        )
        increments = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
        _execute(
            f"""
            INSERT INTO {table} ({", ".join(key.columns(model))}, {", ".join(counters)})
            SELECT {", ".join([*group, *sums])}
            FROM (SELECT {first} AS g, u.* FROM ({rows}) u) v WHERE true
            GROUP BY {", ".join(group)}
            HAVING {" OR ".join(f"{s} <> 0" for s in sums)}
            ORDER BY {order}
            ON CONFLICT {key.conflict_target(model)} DO UPDATE SET {increments}
            """
        )


def _offsets(day: datetime.date) -> tuple[int, int]:
    """The offsets from UTC (seconds) at the start and at the end of ``day`` in Amsterdam.

    On a day the clocks change, the SQL takes a typed time before 03:00 at the morning offset
    and one from 03:00 at the evening offset, and the moment's own offset as the morning's
    until 01:00 UTC: so ``zoneinfo`` reads them (fold 0). Checked here for every such day."""
    morning = datetime.datetime.combine(day, datetime.time(0, 0), AMSTERDAM).utcoffset()
    evening = datetime.datetime.combine(day, datetime.time(23, 59, 59), AMSTERDAM).utcoffset()
    assert morning is not None and evening is not None
    if morning != evening:
        before = datetime.datetime.combine(day, datetime.time(2, 59, 59), AMSTERDAM).utcoffset()
        after = datetime.datetime.combine(day, datetime.time(3, 0), AMSTERDAM).utcoffset()
        midnight = datetime.datetime.combine(day, datetime.time(0, 0), datetime.UTC)
        early = (midnight + datetime.timedelta(seconds=3599)).astimezone(AMSTERDAM).utcoffset()
        late = (midnight + datetime.timedelta(seconds=3600)).astimezone(AMSTERDAM).utcoffset()
        if (before, after, early, late) != (morning, evening, morning, evening):
            raise NotSetBased(f"clock change on {day} not at 01:00 UTC")
    return int(morning.total_seconds()), int(evening.total_seconds())
