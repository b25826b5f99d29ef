"""The roll-up ``AnswerTally``: one wide row per month and group, kept current by the writer.

A response adds to exactly one row: ``responses`` + 1, ``mark_<heel cijfer>`` + 1, the mark in
tenths to ``mark_tenths`` and its square to ``mark_tenths_sq``, and ``s<slot>_<waarde>`` + 1 per
statement answered. ``tallies_add`` writes one
``INSERT … ON CONFLICT (key) DO UPDATE SET col = table.col + excluded.col, …`` row per distinct
key (SQLite ≥ 3.24 and PostgreSQL alike), keys sorted so concurrent writers lock in the same
order. Keys are therefore unique; readers still SUM, which stays correct either way.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from django.db import connection

from .models import (
    MARK_TENTHS,
    MARK_TENTHS_SQUARED,
    TALLY_COLUMNS,
    AnswerTally,
    QuestionnaireStatement,
    mark_column,
    mark_in_tenths,
    statement_column,
)

CHUNK_PARAMS = 30_000  # well below SQLite's 32,766 bound parameters per statement
BULK_ROWS = 1_000  # above this, PostgreSQL COPYs into a temporary table first
KEY_COLUMNS = [
    "month",
    "run_id",
    "service_id",
    "channel_id",
    "municipality_id",
    "outcome",
    "questionnaire_id",
]


class TallyKey(NamedTuple):
    month: datetime.date
    run_id: int
    service_id: int
    channel_id: int
    municipality_id: int
    outcome: str
    questionnaire_id: int


TallyRows = dict[TallyKey, Counter[str]]


def statement_slots(statements: list[QuestionnaireStatement]) -> dict[int, int]:
    """Statement id → slot (its ``order`` in the questionnaire version)."""
    return {qs.statement_id: qs.order for qs in statements}


def tally_add_response(
    tallies: TallyRows,
    *,
    day: datetime.date,
    run_id: int,
    service_id: int,
    channel_id: int,
    municipality_id: int,
    outcome: str,
    questionnaire_id: int,
    slots: dict[int, int],
    statements: dict[int, int],
    mark: int | Decimal | None,
) -> None:
    """Add one response (statement id → 0..5, mark 1..10 with at most one decimal, or None)."""
    key = TallyKey(
        day.replace(day=1),
        run_id,
        service_id,
        channel_id,
        municipality_id,
        outcome,
        questionnaire_id,
    )
    counts = tallies.setdefault(key, Counter())
    counts["responses"] += 1
    if mark is not None:
        tenths = mark_in_tenths(mark)
        counts[mark_column(tenths // 10)] += 1
        counts[MARK_TENTHS] += tenths
        counts[MARK_TENTHS_SQUARED] += tenths * tenths
    for statement_id, value in statements.items():
        counts[statement_column(slots[statement_id], value)] += 1


def tallies_add(tallies: TallyRows, *, fresh: bool = False) -> None:
    """Add ``tallies`` to the roll-up. Call inside the transaction that saves the answers.

    ``fresh``: the caller knows none of these keys exist yet (an external run's first import,
    which no public form can write to), so PostgreSQL may COPY them straight in.
    """
    if not tallies:
        return
    ordered = sorted(tallies.items())
    if len(ordered) == 1:
        # The public form: only the columns this response touches.
        key, counts = ordered[0]
        columns = [c for c in TALLY_COLUMNS if counts.get(c)]
        _upsert([(*key, *(counts[c] for c in columns))], columns)
        return
    columns = list(TALLY_COLUMNS)
    rows = [(*key, *(counts.get(c, 0) for c in columns)) for key, counts in ordered]
    if connection.vendor == "postgresql" and (fresh or len(rows) > BULK_ROWS):
        _copy(rows, columns, fresh=fresh)
        return
    _upsert(rows, columns)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table() -> str:
    return _q(AnswerTally._meta.db_table)


def _names(columns: list[str]) -> str:
    return ", ".join(_q(c) for c in [*KEY_COLUMNS, *columns])


def _on_conflict(columns: list[str]) -> str:
    table = _table()
    increments = ", ".join(f"{_q(c)} = {table}.{_q(c)} + excluded.{_q(c)}" for c in columns)
    return f"ON CONFLICT ({', '.join(_q(c) for c in KEY_COLUMNS)}) DO UPDATE SET {increments}"


def _upsert(rows: list[tuple], columns: list[str]) -> None:
    """Multi-row ``INSERT … VALUES … ON CONFLICT`` in chunks, rows already in key order."""
    width = len(KEY_COLUMNS) + len(columns)
    chunk = max(1, min(500, CHUNK_PARAMS // width))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    head = f"INSERT INTO {_table()} ({_names(columns)}) VALUES "
    tail = " " + _on_conflict(columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            params = [value for row in part for value in row]
            cursor.execute(head + ", ".join([row_sql] * len(part)) + tail, params)


def _copy(rows: list[tuple], columns: list[str], *, fresh: bool) -> None:
    """PostgreSQL bulk path: COPY straight in (``fresh``) or via a temporary table + upsert."""
    names = _names(columns)
    with connection.cursor() as cursor:
        if fresh:
            with cursor.cursor.copy(f"COPY {_table()} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.execute("DROP TABLE IF EXISTS dv_tally_in")
        cursor.execute(
            f"CREATE TEMPORARY TABLE dv_tally_in ON COMMIT DROP AS "
            f"SELECT {names} FROM {_table()} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY dv_tally_in ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        order = ", ".join(_q(c) for c in KEY_COLUMNS)
        cursor.execute(
            f"INSERT INTO {_table()} ({names}) SELECT {names} FROM dv_tally_in "
            f"ORDER BY {order} {_on_conflict(columns)}"
        )
