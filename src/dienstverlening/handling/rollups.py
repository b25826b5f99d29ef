"""Roll-up bookkeeping: what an item counts for in ``DailyFlow`` and ``LeadTimeBucket``.

Changes are applied by difference (``Deltas``): subtract what an item counted for before a
write, add what it counts for after, group per roll-up row and write each table with one
upsert statement. Called only from ``services.py``, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Count, Q

from .models import LEAD_BUCKET_MAX, DailyFlow, HandlingItem, LeadTimeBucket

CHUNK = 5000

Key = tuple


def _contribution(item: HandlingItem) -> list[tuple[Key, tuple[int, ...]]]:
    """The roll-up rows this item counts in, with what it adds to each."""
    dims = (item.municipality_id, item.team_id, item.service_id, item.channel_id, item.kind)
    rows: list[tuple[Key, tuple[int, ...]]] = [(("flow", item.received_on, *dims), (1, 0, 0))]
    if item.closed_at is not None and item.closed_on is not None:
        on_time = 1 if item.on_time else 0
        rows.append((("flow", item.closed_on, *dims), (0, 1, on_time)))
        bucket = min(item.lead_days or 0, LEAD_BUCKET_MAX)
        rows.append((("lead", item.closed_on, *dims, bucket), (1, on_time)))
    return rows


class Deltas:
    def __init__(self) -> None:
        self.values: dict[Key, list[int]] = {}

    def add(self, item: HandlingItem, sign: int) -> None:
        for key, amounts in _contribution(item):
            current = self.values.setdefault(key, [0] * len(amounts))
            for i, amount in enumerate(amounts):
                current[i] += sign * amount

    def add_counts(self, key: Key, amounts: Sequence[int]) -> None:
        current = self.values.setdefault(key, [0] * len(amounts))
        for i, amount in enumerate(amounts):
            current[i] += amount

    def apply(self) -> None:
        flow = []
        lead = []
        for key, amounts in self.values.items():
            if not any(amounts):
                continue
            day = key[1].isoformat()
            if key[0] == "flow":
                flow.append((day, *key[2:], *amounts))
            else:
                lead.append((day, *key[2:], *amounts))
        _upsert(DailyFlow, ["received", "closed", "closed_on_time"], flow)
        _upsert(LeadTimeBucket, ["count", "on_time"], lead, extra_key=["bucket"])
        self.values = {}


def _upsert(model, counters: list[str], rows: list[tuple], extra_key: Iterable[str] = ()) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    extra_key = list(extra_key)
    columns = [
        "day",
        "municipality_id",
        "team_id",
        "service_id",
        "channel_id",
        "kind",
        *extra_key,
        *counters,
    ]
    conflict = [
        "day",
        "municipality_id",
        "team_id",
        "(COALESCE(service_id, 0))",
        "(COALESCE(channel_id, 0))",
        "kind",
        *extra_key,
    ]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per roll-up table: the rows travel as arrays.
            types = ["date", "int", "int", "int", "int", "text"] + ["int"] * (len(columns) - 6)
            selects = ", ".join(f"%s::{t}[]" for t in types)
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"SELECT * FROM unnest({selects}) "
                f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}"
            )
            arrays = [list(column) for column in zip(*rows, strict=True)]
            cursor.execute(sql, arrays)
            return
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def rollup_counts_from_items(queryset=None) -> Deltas:
    """What the roll-ups should hold, aggregated in the database from the raw register.

    Used by the tests and after a bulk delete; never needed for normal writes.
    """
    queryset = queryset if queryset is not None else HandlingItem.objects.all()
    dims = ["municipality_id", "team_id", "service_id", "channel_id", "kind"]
    deltas = Deltas()
    for row in queryset.values("received_on", *dims).annotate(n=Count("pk")).order_by():
        deltas.add_counts(("flow", row["received_on"], *(row[d] for d in dims)), (row["n"], 0, 0))
    closed = queryset.filter(closed_at__isnull=False)
    for row in (
        closed.values("closed_on", *dims)
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)))
        .order_by()
    ):
        key = ("flow", row["closed_on"], *(row[d] for d in dims))
        deltas.add_counts(key, (0, row["n"], row["ok"]))
    for row in (
        closed.values("closed_on", "lead_days", *dims)
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)))
        .order_by()
    ):
        bucket = min(row["lead_days"] or 0, LEAD_BUCKET_MAX)
        key = ("lead", row["closed_on"], *(row[d] for d in dims), bucket)
        deltas.add_counts(key, (row["n"], row["ok"]))
    return deltas
