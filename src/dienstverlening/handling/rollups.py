"""Roll-up bookkeeping: what an item counts for in ``DailyFlow`` and ``LeadTimeBucket``, and
in their monthly sums ``MonthlyFlow`` and ``MonthlyLeadTime``.

Changes are applied by difference (``Deltas``): subtract what an item counted for before a
write, add what it counts for after, group per roll-up row and add the groups to each table
(``ROLLUPS``) with ``core.bulk.increment_upsert`` on the keys declared once in ``models``
(``FLOW_KEY``, ``LEAD_KEY``, ``MONTH_FLOW_KEY``, ``MONTH_LEAD_KEY``). The monthly rows get the
daily changes summed per month, team, municipality and kind, so both grains move together, and
the version of the teams' figures is raised (``organisation.figure_versions``). Called only from
``services.py`` and ``recompute.py``, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Model, Q

from dienstverlening.core.bulk import RollupKey, increment_upsert
from dienstverlening.organisation.figure_versions import figures_changed

from .models import (
    FLOW_KEY,
    LEAD_BUCKET_MAX,
    LEAD_KEY,
    MONTH_FLOW_KEY,
    MONTH_LEAD_KEY,
    DailyFlow,
    HandlingItem,
    LeadTimeBucket,
    MonthlyFlow,
    MonthlyLeadTime,
)

# A key: ("flow" or "lead", then the values of FLOW_KEY or LEAD_KEY in order: the day first).
Key = tuple
DIMS = FLOW_KEY.attnames(DailyFlow)[1:]  # the groups after the day
# Where the monthly key's groups (after the month) sit among ``DIMS``.
MONTH_DIMS = [DIMS.index(name) for name in MONTH_FLOW_KEY.attnames(MonthlyFlow)[1:]]
FLOW_COUNTS = ("received", "closed", "closed_on_time")
LEAD_COUNTS = ("count", "on_time")


@dataclass(frozen=True)
class Rollup:
    """One roll-up table: its model, its key and its counters. ``kind`` is what its keys here
    start with (``"flow"``, or ``"lead"`` for a lead-time histogram: the key ends in the bucket);
    ``monthly`` for the monthly sums of the daily table of the same kind."""

    model: type[Model]
    key: RollupKey
    counters: tuple[str, ...]
    kind: str
    monthly: bool


# The roll-up tables, in the order every write adds to them (``Deltas.apply`` and the set-based
# import).
ROLLUPS = (
    Rollup(DailyFlow, FLOW_KEY, FLOW_COUNTS, kind="flow", monthly=False),
    Rollup(LeadTimeBucket, LEAD_KEY, LEAD_COUNTS, kind="lead", monthly=False),
    Rollup(MonthlyFlow, MONTH_FLOW_KEY, FLOW_COUNTS, kind="flow", monthly=True),
    Rollup(MonthlyLeadTime, MONTH_LEAD_KEY, LEAD_COUNTS, kind="lead", monthly=True),
)


def _contribution(item: HandlingItem) -> list[tuple[Key, tuple[int, ...]]]:
    """The roll-up rows this item counts in, with what it adds to each."""
    dims = tuple(getattr(item, name) for name in DIMS)
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
        monthly: dict[Key, list[int]] = {}
        for key, amounts in self.values.items():
            if any(amounts):
                current = monthly.setdefault(_month_key(key), [0] * len(amounts))
                for i, amount in enumerate(amounts):
                    current[i] += amount
        rows: dict[tuple[str, bool], list[tuple]] = {(r.kind, r.monthly): [] for r in ROLLUPS}
        for per_month, values in ((False, self.values), (True, monthly)):
            for key, amounts in values.items():
                if any(amounts):
                    rows[key[0], per_month].append((*key[1:], *amounts))
        for rollup in ROLLUPS:
            increment_upsert(
                rollup.model, rollup.key, rollup.counters, rows[rollup.kind, rollup.monthly]
            )
        figures_changed(teams=self.teams())
        self.values = {}

    def teams(self) -> set[tuple[int, int]]:
        """The (municipality, team) pairs whose figures these changes move."""
        position = [DIMS.index("municipality_id"), DIMS.index("team_id")]
        return {
            (key[2 + position[0]], key[2 + position[1]])
            for key, amounts in self.values.items()
            if any(amounts)
        }


def _month_key(key: Key) -> Key:
    """The monthly roll-up row a daily key adds to: its month and the groups it keeps (and the
    bucket for the lead-time histogram)."""
    rollup, day, *rest = key
    dims = rest[: len(DIMS)]
    return (rollup, day.replace(day=1), *(dims[i] for i in MONTH_DIMS), *rest[len(DIMS) :])


def rollup_counts_from_items(queryset=None) -> Deltas:
    """What the roll-ups should hold, aggregated in the database from the raw register.

    Used by the tests and after a bulk delete; never needed for normal writes.
    """
    queryset = queryset if queryset is not None else HandlingItem.objects.all()
    dims = DIMS
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
