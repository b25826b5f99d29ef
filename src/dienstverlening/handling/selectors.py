"""Reading the register: open work (raw table, partial index) and norm compliance (roll-ups)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.stats import percentile_from_histogram
from dienstverlening.core.workdays import WorkingDayCalendar
from dienstverlening.framework.verdicts import WORST_FIRST, Verdict, norm_verdict
from dienstverlening.organisation.models import Channel, Service, Team

from .due import kind_norms, norm_for_kind
from .models import HandlingItem, ItemKind, LeadTimeBucket

# Age bands in working days: (label key, lowest age, highest age or None).
AGE_BANDS = [("0-1", 0, 1), ("2-5", 2, 5), ("6-10", 6, 10), ("11+", 11, None)]


def organisation_calendar() -> WorkingDayCalendar:
    """Working days without local closing days: for ages on pages that span municipalities."""
    return WorkingDayCalendar()


def _oldest_received_on(
    calendar: WorkingDayCalendar, today: datetime.date, age: int
) -> datetime.date:
    """The earliest receipt date whose age in working days is at most ``age``."""
    day = today
    while calendar.working_days_between(day - datetime.timedelta(days=1), today) <= age:
        day -= datetime.timedelta(days=1)
    return day


@dataclass
class TeamOpenWork:
    team: Team
    total: int = 0
    past_due: int = 0
    per_kind: dict[str, int] = field(default_factory=dict)
    bands: list[int] = field(default_factory=lambda: [0] * len(AGE_BANDS))


def open_work_overview(
    *, now: datetime.datetime | None = None, municipality_id: int | None = None, kind: str = ""
) -> list[TeamOpenWork]:
    """Per team: open items per kind, per age band and past due. One grouped query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = organisation_calendar()
    # The upper ages of the bands below the last, open-ended one.
    limits = [_oldest_received_on(calendar, today, high) for _k, _l, high in AGE_BANDS if high]
    queryset = HandlingItem.objects.open()
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    bands = {
        f"band{i}": Count("received_on", filter=Q(received_on__gte=limit))
        for i, limit in enumerate(limits)
    }
    rows = (
        queryset.values("team_id", "kind")
        .annotate(
            total=Count("received_on"),
            past_due=Count("received_on", filter=Q(due_at__lt=now)),
            **bands,
        )
        .order_by()
    )
    teams = Team.objects.in_bulk()
    result: dict[int, TeamOpenWork] = {}
    for row in rows:
        entry = result.setdefault(row["team_id"], TeamOpenWork(team=teams[row["team_id"]]))
        entry.total += row["total"]
        entry.past_due += row["past_due"]
        entry.per_kind[row["kind"]] = entry.per_kind.get(row["kind"], 0) + row["total"]
        cumulative = [row[f"band{i}"] for i in range(len(limits))] + [row["total"]]
        previous = 0
        for i, value in enumerate(cumulative):
            entry.bands[i] += value - previous
            previous = value
    return sorted(result.values(), key=lambda e: (-e.past_due, -e.total, e.team.name))


def open_items(*, team: Team, kind: str = "") -> QuerySet[HandlingItem]:
    queryset = (
        HandlingItem.objects.open()
        .filter(team=team)
        .select_related("service", "municipality")
        .order_by("received_on", "pk")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def status_word(item: HandlingItem, *, now: datetime.datetime) -> str:
    """The status in words, the same on the page and in the download: 'te laat' once the due
    moment has passed, else the lifecycle status ('open', 'opgeschort')."""
    if item.closed_at is None and item.due_at is not None and item.due_at < now:
        return _("te laat")
    return str(item.get_status_display())


def with_age(items, *, now: datetime.datetime | None = None) -> list[HandlingItem]:
    """Set ``age`` (working days), ``past_due`` and ``status_word`` on a page of items."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = organisation_calendar()
    items = list(items)
    for item in items:
        item.age = calendar.working_days_between(item.received_on, today)
        item.past_due = item.due_at is not None and item.due_at < now
        item.status_word = status_word(item, now=now)
    return items


# --- compliance -------------------------------------------------------------------------------

GROUPINGS = {"team": "team_id", "service": "service_id", "channel": "channel_id"}


@dataclass
class ComplianceRow:
    label: str
    kind: str
    total: int
    on_time: int
    median: int | None
    p90: int | None
    target_share: Decimal | None
    norm_title: str = ""

    @property
    def kind_label(self) -> str:
        return str(ItemKind(self.kind).label)

    @property
    def share(self) -> float | None:
        return 100 * self.on_time / self.total if self.total else None

    @property
    def status(self) -> Verdict:
        """The verdict on the norm (``framework.verdicts.norm_verdict``): 'few' below the
        minimum group size, 'none' without a norm."""
        return norm_verdict(closed=self.total, on_time=self.on_time, target_share=self.target_share)


def _without(column: str, team: str | None) -> str:
    if column == "service_id":
        return _("%(team)s, zonder dienst") % {"team": team}
    return _("%(team)s, zonder kanaal") % {"team": team}


def compliance(
    *,
    start: datetime.date,
    end: datetime.date,
    group_by: str = "team",
    kind: str = "",
    team_id: int | None = None,
) -> list[ComplianceRow]:
    """Closed items in the period: on-time share against the target, median and p90 lead time.

    Read from the lead-time roll-up only (one grouped query), however large the register.
    """
    column = GROUPINGS.get(group_by, "team_id")
    queryset = LeadTimeBucket.objects.filter(day__gte=start, day__lte=end)
    if kind:
        queryset = queryset.filter(kind=kind)
    if team_id:
        queryset = queryset.filter(team_id=team_id)
    dims = ["kind", column] if column == "team_id" else ["kind", column, "team_id"]
    rows = queryset.values(*dims, "bucket").annotate(n=Sum("count"), ok=Sum("on_time")).order_by()
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = (row["kind"], row[column], row["team_id"])
        group = groups.setdefault(key, {"buckets": {}, "n": 0, "ok": 0})
        group["buckets"][row["bucket"]] = group["buckets"].get(row["bucket"], 0) + row["n"]
        group["n"] += row["n"]
        group["ok"] += row["ok"]
    names = {
        "team_id": dict(Team.objects.values_list("pk", "name")),
        "service_id": dict(Service.objects.values_list("pk", "name")),
        "channel_id": dict(Channel.objects.values_list("pk", "name")),
    }[column]
    team_names = dict(Team.objects.values_list("pk", "name"))
    norms = kind_norms(day=end)
    result = []
    for (row_kind, value, team), group in groups.items():
        if group["n"] == 0:
            continue
        norm = norm_for_kind(
            norms,
            kind=row_kind,
            day=end,
            team_id=team,
            service_id=value if column == "service_id" else None,
        )
        result.append(
            ComplianceRow(
                label=names.get(value, "") if value else _without(column, team_names.get(team)),
                kind=row_kind,
                total=group["n"],
                on_time=group["ok"],
                median=percentile_from_histogram(group["buckets"], 0.5),
                p90=percentile_from_histogram(group["buckets"], 0.9),
                target_share=norm.target_share if norm else None,
                norm_title=norm.title if norm else _("Geen norm voor deze groep."),
            )
        )
    return sorted(result, key=lambda r: (WORST_FIRST.index(r.status), r.label, r.kind))
