"""Roll-up bookkeeping: what an item counts for in ``DailyFlow`` and ``LeadTimeBucket``, and
in their monthly sums ``MonthlyFlow`` and ``MonthlyLeadTime``.

Changes are applied by difference (``Deltas``): subtract what an item counted for before a
write, add what it counts for after, group per roll-up row and add the groups to each table with
``core.bulk.increment_upsert`` on the keys declared once in ``models`` (``FLOW_KEY``,
``LEAD_KEY``, ``MONTH_FLOW_KEY``, ``MONTH_LEAD_KEY``). The monthly rows get the daily changes
summed per month, team, municipality and kind, so both grains move together, and the version of
the teams' figures is raised (``organisation.figure_versions``). Called only from
``services.py`` and ``recompute.py``, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q

from dienstverlening.core.bulk import increment_upsert
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
FLOW_COUNTS = ["received", "closed", "closed_on_time"]
LEAD_COUNTS = ["count", "on_time"]


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
        flow: list[tuple] = []
        lead: list[tuple] = []
        monthly: dict[Key, list[int]] = {}
        for key, amounts in self.values.items():
            if any(amounts):
                (flow if key[0] == "flow" else lead).append((*key[1:], *amounts))
                month_key = _month_key(key)
                current = monthly.setdefault(month_key, [0] * len(amounts))
                for i, amount in enumerate(amounts):
                    current[i] += amount
        month_flow: list[tuple] = []
        month_lead: list[tuple] = []
        for key, amounts in monthly.items():
            if any(amounts):
                (month_flow if key[0] == "flow" else month_lead).append((*key[1:], *amounts))
        increment_upsert(DailyFlow, FLOW_KEY, FLOW_COUNTS, flow)
        increment_upsert(LeadTimeBucket, LEAD_KEY, LEAD_COUNTS, lead)
        increment_upsert(MonthlyFlow, MONTH_FLOW_KEY, FLOW_COUNTS, month_flow)
        increment_upsert(MonthlyLeadTime, MONTH_LEAD_KEY, LEAD_COUNTS, month_lead)
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
