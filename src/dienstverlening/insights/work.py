"""How fast we handle requests, read from the handling register's roll-ups.

Open work comes from the register (a partial index keeps it small); flow, on-time shares and
lead-time percentiles come from the daily roll-ups (``DailyFlow``, ``LeadTimeBucket``), so the
cost does not grow with the millions of closed items.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from dienstverlening.core.stats import percentile_from_histogram
from dienstverlening.framework.models import Norm
from dienstverlening.framework.verdicts import Verdict, norm_verdict
from dienstverlening.handling.due import kind_norms, norm_for_kind
from dienstverlening.handling.models import (
    LEAD_BUCKET_MAX,
    DailyFlow,
    HandlingItem,
    ItemKind,
    LeadTimeBucket,
)

from .periods import Period
from .scope import Scope

# The verdict against the norm: its code (kept stable for the API) and the words people read.
VERDICTS = dict(Verdict.choices)


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
    def status(self) -> Verdict:
        """The verdict on the norm (``framework.verdicts.norm_verdict``): green, amber, red,
        few (fewer closed than the minimum group size), nothing_closed, none (no norm)."""
        return norm_verdict(
            closed=self.closed, on_time=self.on_time, target_share=self.target_share
        )


def _targets(scope: Scope, day: datetime.date) -> dict[str, Norm]:
    """Per kind the norm that applies to the scope on ``day`` (``framework.selectors``)."""
    norms = kind_norms(day=day)
    team = scope.owning_team
    found = {
        kind: norm_for_kind(
            norms,
            kind=kind,
            day=day,
            team_id=team.pk if team is not None else None,
            service_id=scope.service.pk if scope.service is not None else None,
        )
        for kind in ItemKind.values
    }
    return {kind: norm for kind, norm in found.items() if norm is not None}


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
        opened: Mapping[str, Any] = open_rows.get(kind, {})
        flow: Mapping[str, Any] = flow_rows.get(kind, {})
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
