"""How fast we handle requests, read from the handling register's roll-ups.

Open work comes from the register (a partial index keeps it small); flow, on-time shares and
lead-time percentiles come from the roll-ups, so the cost does not grow with the millions of
closed items: the monthly ones (``MonthlyFlow``, ``MonthlyLeadTime``: month × municipality ×
team × kind) for whole months of the organisation, a municipality, a domain or a team; the daily
ones (``DailyFlow``, ``LeadTimeBucket``, also per service and channel) for a service, a channel,
weeks and days. Both hold the same counts (``handling.rollups``).
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
    MonthlyFlow,
    MonthlyLeadTime,
)

from .figure_cache import FigureCache
from .periods import Period, month_end
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


def _monthly(scope: Scope, period: Period) -> bool:
    """Whether the monthly roll-ups answer: whole months, no service or channel chosen."""
    return (
        scope.service is None
        and scope.channel is None
        and period.start.day == 1
        and period.end == month_end(period.end)
    )


def flow_rows(scope: Scope, period: Period):
    """The flow roll-up rows of the scope in the period (monthly when that answers): a queryset
    with ``municipality``, ``team``, ``kind``, ``received``, ``closed``, ``closed_on_time`` and
    ``day`` or ``month``."""
    if _monthly(scope, period):
        return MonthlyFlow.objects.filter(
            scope.handling_q(), month__gte=period.start, month__lte=period.end
        )
    return DailyFlow.objects.filter(scope.handling_q(), day__gte=period.start, day__lte=period.end)


def lead_rows(scope: Scope, period: Period):
    """The lead-time histogram rows of the scope in the period (monthly when that answers)."""
    if _monthly(scope, period):
        return MonthlyLeadTime.objects.filter(
            scope.handling_q(), month__gte=period.start, month__lte=period.end
        )
    return LeadTimeBucket.objects.filter(
        scope.handling_q(), day__gte=period.start, day__lte=period.end
    )


def _period_counts(
    scope: Scope, period: Period
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[int, int]]]:
    """Per kind the flow in the period, and the lead-time histogram: two grouped queries."""
    flows = {
        row["kind"]: row
        for row in flow_rows(scope, period)
        .values("kind")
        .annotate(received=Sum("received"), closed=Sum("closed"), on_time=Sum("closed_on_time"))
        .order_by()
    }
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for row in (
        lead_rows(scope, period).values("kind", "bucket").annotate(n=Sum("count")).order_by()
    ):
        histograms[row["kind"]][row["bucket"]] = row["n"]
    return flows, dict(histograms)


def _open_counts(scope: Scope, now: datetime.datetime) -> dict[str, dict[str, Any]]:
    """Per kind what is open now and how much of it is past its due moment: one query."""
    return {
        row["kind"]: row
        for row in HandlingItem.objects.open()
        .filter(scope.handling_q())
        .values("kind")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        .order_by()
    }


def handling_overview(
    scope: Scope, period: Period, *, figures: FigureCache | None = None
) -> list[KindRow]:
    """Per kind: open and overdue now; received, closed, on time, median and p90 in the period.

    The period's counts come from ``figures`` (the figure cache) when given. What is open and
    overdue is counted at the current minute: with ``figures`` once per minute per scope (any
    new, closed or changed item raises the figure version, so it shows at once; what passes its
    due moment shows from the next minute), so the page does not grow with the open work."""
    now = timezone.now().replace(second=0, microsecond=0)
    if figures is None:
        open_rows = _open_counts(scope, now)
        flows, histograms = _period_counts(scope, period)
    else:
        open_rows = figures.get("open-work", period, now, compute=lambda: _open_counts(scope, now))
        flows, histograms = figures.get(
            "handling", period, compute=lambda: _period_counts(scope, period)
        )
    targets = _targets(scope, timezone.localdate())
    rows = []
    for kind, label in ItemKind.choices:
        opened: Mapping[str, Any] = open_rows.get(kind, {})
        flow: Mapping[str, Any] = flows.get(kind, {})
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
                median_days=percentile_from_histogram(histograms.get(kind, {}), 0.5),
                p90_days=percentile_from_histogram(histograms.get(kind, {}), 0.9),
            )
        )
    return rows


def on_time_trend(scope: Scope, period: Period, *, grain: str = "month") -> list[dict]:
    """On-time share per month (or quarter) and kind, from the daily roll-up."""
    from django.db.models.functions import TruncMonth, TruncQuarter

    field_name = "month" if _monthly(scope, period) else "day"
    trunc = TruncQuarter(field_name) if grain == "quarter" else TruncMonth(field_name)
    rows = (
        flow_rows(scope, period)
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


@dataclass(frozen=True)
class OnTime:
    """Closed and closed on time of one kind of work, judged against its norm."""

    kind: str
    closed: int
    on_time: int
    target_share: float | None
    start: datetime.date | None = None  # the week's Monday, for ``on_time_weeks``

    @property
    def label(self) -> str:
        return str(dict(ItemKind.choices).get(self.kind, self.kind))

    @property
    def share(self) -> float | None:
        return 100 * self.on_time / self.closed if self.closed else None

    @property
    def status(self) -> Verdict:
        """``framework.verdicts.norm_verdict``: too few closed items get no verdict."""
        return norm_verdict(
            closed=self.closed, on_time=self.on_time, target_share=self.target_share
        )

    @property
    def below_target(self) -> bool:
        return self.status in (Verdict.AMBER, Verdict.RED)


@dataclass(frozen=True)
class UnitWork:
    """The handling of one team or service in a period: how much came in, and per kind how
    much was closed on time against the norm."""

    pk: int
    received: int
    kinds: list[OnTime]


def handling_per_unit(scope: Scope, period: Period, by: str) -> dict[int, UnitWork]:
    """``handling_overview``'s received and on-time figures for every team or service (``by``)
    of the scope at once, from the daily roll-up: two queries. Work without a service counts
    for its team only."""
    field_name = {"team": "team", "service": "service"}[by]
    source = (
        DailyFlow.objects.filter(scope.handling_q(), day__gte=period.start, day__lte=period.end)
        if by == "service"
        else flow_rows(scope, period)
    )
    rows = (
        source.exclude(**{f"{field_name}__isnull": True})
        .values(field_name, "team", "kind")
        .annotate(received=Sum("received"), closed=Sum("closed"), on_time=Sum("closed_on_time"))
        .order_by(field_name, "kind")
    )
    today = timezone.localdate()
    norms = kind_norms(day=today)
    received: dict[int, int] = defaultdict(int)
    kinds: dict[int, dict[str, list[int]]] = defaultdict(dict)
    teams: dict[int, int] = {}
    for row in rows:
        pk = row[field_name]
        teams[pk] = row["team"]
        received[pk] += row["received"] or 0
        counts = kinds[pk].setdefault(row["kind"], [0, 0])
        counts[0] += row["closed"] or 0
        counts[1] += row["on_time"] or 0
    result = {}
    for pk, per_kind in kinds.items():
        service_id = pk if by == "service" else None
        result[pk] = UnitWork(
            pk=pk,
            received=received[pk],
            kinds=[
                OnTime(
                    kind=kind,
                    closed=closed,
                    on_time=on_time,
                    target_share=_target(norms, kind, today, teams[pk], service_id),
                )
                for kind, (closed, on_time) in per_kind.items()
            ],
        )
    return result


def _target(norms, kind: str, day: datetime.date, team_id, service_id) -> float | None:
    norm = norm_for_kind(norms, kind=kind, day=day, team_id=team_id, service_id=service_id)
    return float(norm.target_share) if norm else None


def on_time_weeks(
    scope: Scope, *, weeks: int, today: datetime.date
) -> dict[int, dict[str, list[OnTime]]]:
    """Per team and kind of work: closed and on time in each of the last ``weeks`` whole weeks
    (Monday to Sunday) before the week of ``today``, oldest first, against the team's norm of
    today. One query on the daily roll-up (and one for the norms)."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks)
    mondays = [first + datetime.timedelta(weeks=i) for i in range(weeks)]
    rows = (
        DailyFlow.objects.filter(scope.handling_q(), day__gte=first, day__lt=this_monday)
        .values("team", "kind", "day")
        .annotate(closed=Sum("closed"), on_time=Sum("closed_on_time"))
        .order_by()
    )
    counts: dict[tuple[int, str], dict[datetime.date, list[int]]] = defaultdict(dict)
    for row in rows:
        monday = row["day"] - datetime.timedelta(days=row["day"].weekday())
        week = counts[(row["team"], row["kind"])].setdefault(monday, [0, 0])
        week[0] += row["closed"] or 0
        week[1] += row["on_time"] or 0
    norms = kind_norms(day=today)
    result: dict[int, dict[str, list[OnTime]]] = defaultdict(dict)
    for (team_id, kind), per_week in sorted(counts.items()):
        target = _target(norms, kind, today, team_id, None)
        result[team_id][kind] = [
            OnTime(
                kind=kind,
                closed=per_week.get(monday, [0, 0])[0],
                on_time=per_week.get(monday, [0, 0])[1],
                target_share=target,
                start=monday,
            )
            for monday in mondays
        ]
    return dict(result)


__all__ = [
    "LEAD_BUCKET_MAX",
    "VERDICTS",
    "KindRow",
    "OnTime",
    "UnitWork",
    "handling_overview",
    "handling_per_unit",
    "on_time_trend",
    "on_time_weeks",
]
