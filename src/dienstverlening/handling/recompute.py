"""Services for a changed calendar: recompute due moments, and save or delete closing days.

A due moment is computed when an item is written. When the calendar changes afterwards (a local
closing day added, moved or removed) the stored moments are stale. ``due_recompute`` derives
them again, exactly as a re-delivery of the item would, in chunks of items with one
``core.bulk.bulk_update`` for the changed rows, and moves the roll-ups (``DailyFlow``,
``LeadTimeBucket``) by difference in the same transaction.

Open items follow every change of a closing day (``closing_day_save``,
``closing_days_delete``, called by the admin). Closed items keep their verdict unless the
functioneel beheerder recomputes a period on purpose (``dienstverlening recompute_due``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dienstverlening.core.bulk import bulk_update
from dienstverlening.core.localtime import AMSTERDAM

from .models import ClosingDay, HandlingItem
from .rollups import Deltas
from .services import Context, _derive, _periods_for

CHUNK = 2000
# What a new calendar or norm can change (the dates of receipt and closing stay).
RECOMPUTED = ["norm", "due_at", "status", "lead_days", "on_time", "updated_at"]


@dataclass
class DueRecomputeResult:
    checked: int = 0  # items looked at
    moved_open: int = 0  # open items with another due moment
    moved_closed: int = 0  # closed items with another due moment
    changed_closed: int = 0  # closed items with another lead time or verdict
    dry_run: bool = False

    @property
    def moved(self) -> int:
        return self.moved_open + self.moved_closed


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0, 0), AMSTERDAM)


def _touching(changed_days: Mapping[int, Iterable[datetime.date]]) -> Q | None:
    """Items whose due moment or lead time can depend on these days of these municipalities:
    received on or before the last day, and due or closed on or after the first."""
    condition = None
    for municipality_id, days in changed_days.items():
        days = sorted(set(days))
        if not days:
            continue
        first, last = days[0], days[-1]
        part = Q(municipality_id=municipality_id, received_on__lte=last) & (
            Q(due_at__gte=_start_of(first)) | Q(closed_on__gte=first)
        )
        condition = part if condition is None else condition | part
    return condition


def due_recompute(
    *,
    open_only: bool = True,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    changed_days: Mapping[int, Iterable[datetime.date]] | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DueRecomputeResult:
    """Derive due moments (and for closed items lead time and verdict) again with today's
    calendar and norms. ``changed_days`` ({municipality id: dates}) narrows it to the items a
    change of those closing days can touch. ``dry_run`` counts without writing."""
    queryset = _selection(
        open_only=open_only,
        received_from=received_from,
        received_to=received_to,
        changed_days=changed_days,
    )
    with transaction.atomic(durable=True):
        return _recompute(queryset, dry_run=dry_run, progress=progress)


def _selection(
    *,
    open_only: bool = True,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    changed_days: Mapping[int, Iterable[datetime.date]] | None = None,
) -> QuerySet[HandlingItem] | None:
    """The items to derive again; None when a change of closing days touches none."""
    queryset: QuerySet[HandlingItem] = HandlingItem.objects.all()
    if open_only:
        queryset = queryset.open()
    if received_from:
        queryset = queryset.filter(received_on__gte=received_from)
    if received_to:
        queryset = queryset.filter(received_on__lte=received_to)
    if changed_days is not None:
        condition = _touching(changed_days)
        if condition is None:
            return None
        queryset = queryset.filter(condition)
    return queryset


def _recompute(
    queryset: QuerySet[HandlingItem] | None,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DueRecomputeResult:
    """``due_recompute`` in the caller's transaction."""
    result = DueRecomputeResult(dry_run=dry_run)
    if queryset is None:
        return result
    total = queryset.count() if progress else 0
    context = Context()
    today = timezone.localdate()
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:CHUNK])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        _recompute_chunk(chunk, context, today, result)
        if progress:
            progress(result.checked, total)
    return result


def _recompute_chunk(
    chunk: list[HandlingItem], context: Context, today: datetime.date, result: DueRecomputeResult
) -> None:
    periods = _periods_for(item.pk for item in chunk)
    deltas = Deltas()
    changed: list[HandlingItem] = []
    for item in chunk:
        before = (item.due_at, item.lead_days, item.on_time, item.norm_id, item.status)
        _derive(item, periods.get(item.pk, []), context, today)
        result.checked += 1
        if (item.due_at, item.lead_days, item.on_time, item.norm_id, item.status) == before:
            continue
        changed.append(item)
        moved = item.due_at != before[0]
        if item.closed_at is None:
            result.moved_open += moved
            continue
        result.moved_closed += moved
        after = (item.lead_days, item.on_time)
        if after != before[1:3]:
            # The roll-ups count lead time and verdict (not the due moment): move them.
            result.changed_closed += 1
            item.lead_days, item.on_time = before[1:3]
            deltas.add(item, -1)
            item.lead_days, item.on_time = after
            deltas.add(item, 1)
    if result.dry_run or not changed:
        return
    now = timezone.now()
    for item in changed:
        item.updated_at = now
    bulk_update(HandlingItem, changed, RECOMPUTED)
    deltas.apply()


def closing_day_save(
    *, closing_day: ClosingDay, before: tuple[int, datetime.date] | None = None
) -> DueRecomputeResult:
    """Save a new or changed closing day and move the due moments of the open items it touches.
    ``before`` is (municipality id, date) as stored before a change.

    Not durable: the admin calls it inside its own transaction for the change form."""
    with transaction.atomic():
        closing_day.full_clean()
        closing_day.save()
        changed: dict[int, set[datetime.date]] = {closing_day.municipality_id: {closing_day.date}}
        if before is not None:
            changed.setdefault(before[0], set()).add(before[1])
        return _recompute(_selection(changed_days=changed))


def closing_days_delete(*, queryset: QuerySet[ClosingDay]) -> DueRecomputeResult:
    """Delete closing days and move the due moments of the open items they touched (inside the
    admin's transaction, like ``closing_day_save``)."""
    with transaction.atomic():
        changed: dict[int, set[datetime.date]] = {}
        for municipality_id, day in queryset.values_list("municipality_id", "date"):
            changed.setdefault(municipality_id, set()).add(day)
        queryset.delete()
        return _recompute(_selection(changed_days=changed))
