"""How fast we handle requests, read from the handling register's roll-ups.

Open work comes from the register (a partial index keeps it small); flow, on-time shares and
lead-time percentiles come from the daily roll-ups (``DailyFlow``, ``LeadTimeBucket``), so the
cost does not grow with the millions of closed items.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dienstverlening.framework.models import Level, Norm
from dienstverlening.handling.models import (
    KIND_SUBJECTS,
    LEAD_BUCKET_MAX,
    DailyFlow,
    HandlingItem,
    ItemKind,
    LeadTimeBucket,
)

from .periods import Period
from .scope import Scope

AMBER_MARGIN = 5.0  # percentage points below the target that still count as "bijna"

# The verdict against the norm: a code (kept stable for the API) and the words people read.
VERDICTS = {
    "green": gettext_lazy("norm gehaald"),
    "amber": gettext_lazy("net onder de norm"),
    "red": gettext_lazy("onder de norm"),
    "nothing_closed": gettext_lazy("niets afgehandeld in deze periode"),
    "none": gettext_lazy("geen norm"),
}


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    open: int
    overdue: int
    received: int
    closed: int
    on_time: int
    on_time_share: float | None  # 0..100
    target_share: float | None
    norm_title: str | None
    median_days: int | None
    p90_days: int | None

    @property
    def status(self) -> str:
        """A key of ``VERDICTS``: green (target met), amber (within 5 points), red (further
        below), nothing_closed (a norm applies, but nothing was closed), none (no norm)."""
        if self.target_share is None:
            return "none"
        if self.on_time_share is None:
            return "nothing_closed"
        if self.on_time_share >= self.target_share:
            return "green"
        if self.on_time_share >= self.target_share - AMBER_MARGIN:
            return "amber"
        return "red"


def percentile_from_histogram(histogram: dict[int, int], fraction: float) -> int | None:
    """The smallest bucket at or below which ``fraction`` of the items fall."""
    total = sum(histogram.values())
    if total == 0:
        return None
    threshold = fraction * total
    running = 0
    for bucket in sorted(histogram):
        running += histogram[bucket]
        if running >= threshold:
            return bucket
    return max(histogram)


def _targets(scope: Scope, day: datetime.date) -> dict[str, Norm]:
    """Per kind the norm that applies to the scope today (service over team over organisation)."""
    subjects = {s for subjects in KIND_SUBJECTS.values() for s in subjects}
    team = scope.owning_team
    q = Q(level=Level.ORGANISATION)
    if team is not None:
        q |= Q(level=Level.TEAM, team=team)
    if scope.service is not None:
        q |= Q(level=Level.SERVICE, service=scope.service)
    rank = {Level.SERVICE: 0, Level.TEAM: 1, Level.ORGANISATION: 2}
    best: dict[str, Norm] = {}
    for norm in Norm.objects.valid_on(day).filter(q, subject__in=subjects):
        current = best.get(norm.subject)
        if current is None or rank[norm.level] < rank[current.level]:
            best[norm.subject] = norm
    result = {}
    for kind, kind_subjects in KIND_SUBJECTS.items():
        for subject in kind_subjects:
            if subject in best:
                result[kind] = best[subject]
                break
    return result


def handling_overview(scope: Scope, period: Period) -> list[KindRow]:
    """Per kind: open and overdue now; received, closed, on time, median and p90 in the period."""
    now = timezone.now()
    where = scope.handling_q()
    open_rows = {
        row["kind"]: row
        for row in HandlingItem.objects.open()
        .filter(where)
        .values("kind")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        .order_by()
    }
    flow_rows = {
        row["kind"]: row
        for row in DailyFlow.objects.filter(where, day__gte=period.start, day__lte=period.end)
        .values("kind")
        .annotate(received=Sum("received"), closed=Sum("closed"), on_time=Sum("closed_on_time"))
        .order_by()
    }
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for row in (
        LeadTimeBucket.objects.filter(where, day__gte=period.start, day__lte=period.end)
        .values("kind", "bucket")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        histograms[row["kind"]][row["bucket"]] = row["n"]
    targets = _targets(scope, timezone.localdate())
    rows = []
    for kind, label in ItemKind.choices:
        opened, flow = open_rows.get(kind, {}), flow_rows.get(kind, {})
        closed = flow.get("closed") or 0
        on_time = flow.get("on_time") or 0
        if not opened and not closed and not flow.get("received"):
            continue
        norm = targets.get(kind)
        rows.append(
            KindRow(
                kind=kind,
                label=str(label),
                open=opened.get("open", 0),
                overdue=opened.get("overdue", 0),
                received=flow.get("received") or 0,
                closed=closed,
                on_time=on_time,
                on_time_share=100 * on_time / closed if closed else None,
                target_share=float(norm.target_share) if norm else None,
                norm_title=norm.title if norm else None,
                median_days=percentile_from_histogram(histograms[kind], 0.5),
                p90_days=percentile_from_histogram(histograms[kind], 0.9),
            )
        )
    return rows


def on_time_trend(scope: Scope, period: Period, *, grain: str = "month") -> list[dict]:
    """On-time share per month (or quarter) and kind, from the daily roll-up."""
    from django.db.models.functions import TruncMonth, TruncQuarter

    trunc = TruncQuarter("day") if grain == "quarter" else TruncMonth("day")
    rows = (
        DailyFlow.objects.filter(scope.handling_q(), day__gte=period.start, day__lte=period.end)
        .annotate(bucket=trunc)
        .values("bucket", "kind")
        .annotate(closed=Sum("closed"), on_time=Sum("closed_on_time"))
        .order_by("bucket", "kind")
    )
    labels = dict(ItemKind.choices)
    return [
        {
            "bucket": row["bucket"],
            "kind": str(labels.get(row["kind"], row["kind"])),
            "closed": row["closed"],
            "share": 100 * row["on_time"] / row["closed"] if row["closed"] else None,
        }
        for row in rows
    ]


__all__ = ["LEAD_BUCKET_MAX", "VERDICTS", "KindRow", "handling_overview", "on_time_trend"]
