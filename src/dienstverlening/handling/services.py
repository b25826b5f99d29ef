"""Every write to the register. Each function is one transaction that also updates the roll-ups.

The public functions are top-level services: each opens a durable transaction
(``atomic(durable=True)``), so none can run inside another transaction by accident. A service
that combines writes calls the inner functions (``_nested`` or ``_``-prefixed), which run in the
caller's transaction (``item_upsert`` suspends or resumes in the same transaction; ``mailsync``
records a folder and the import writes its rows with ``items_upsert_nested`` and
``items_close_nested``).

The roll-ups (``DailyFlow``, ``LeadTimeBucket``) are changed by difference: what an item
contributed before the write is subtracted, what it contributes after is added, grouped per
roll-up row in Python and written with one upsert statement per batch.
"""

from __future__ import annotations

import datetime
import os
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.bulk import bulk_insert, bulk_update
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.organisation.models import Service, Team

from .due import (
    LAST_DAY,
    Calendars,
    Period,
    due_moment,
    kind_norms,
    lead_working_days,
    local_date,
    norm_for_kind,
)
from .models import (
    EARLIEST_DATE,
    SUSPENDABLE,
    TRANSITIONS,
    HandlingItem,
    ItemStatus,
    MailMessage,
    Outcome,
    Suspension,
)
from .retention import purged_before
from .rollups import Deltas, rollup_counts_from_items

CHUNK = 5000


@dataclass
class ItemInput:
    """One item as a source delivers it (ids already resolved)."""

    kind: str
    source: str
    source_id: str
    municipality_id: int
    team_id: int
    received_at: datetime.datetime
    service_id: int | None = None
    channel_id: int | None = None
    closed_at: datetime.datetime | None = None
    outcome: str = Outcome.UNKNOWN


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    # New items closed before the last purge's cutoff (``retention.purged_before``): not taken,
    # as a purged item counts in the roll-ups already.
    skipped: int = 0
    items: list[HandlingItem] = field(default_factory=list)


class Context:
    """What a batch needs once: calendars per municipality and all norms."""

    def __init__(self) -> None:
        self.calendars = Calendars()
        self.norms = kind_norms()


# --- deriving due moments ---------------------------------------------------------------------


def _derive(
    item: HandlingItem, periods: list[Period], context: Context, today: datetime.date
) -> None:
    """Fill in the computed fields: dates, norm, due moment, status, lead time, on time."""
    item.received_on = local_date(item.received_at)
    item.closed_on = local_date(item.closed_at) if item.closed_at else None
    calendar = context.calendars.for_municipality(item.municipality_id)
    if item.closed_at is not None:
        # Closing ends a running suspension on the day of closing.
        periods = [
            Period(p.starts_on, p.ends_on or max(item.closed_on, p.starts_on)) for p in periods
        ]
    item.norm = norm_for_kind(
        context.norms,
        kind=item.kind,
        day=item.received_on,
        team_id=item.team_id,
        service_id=item.service_id,
    )
    item.due_at = due_moment(
        norm=item.norm, received_at=item.received_at, calendar=calendar, suspensions=periods
    )
    if item.closed_at is not None:
        item.status = ItemStatus.CLOSED
        item.lead_days = lead_working_days(
            received_at=item.received_at,
            closed_at=item.closed_at,
            calendar=calendar,
            suspensions=periods,
        )
        item.on_time = None if item.due_at is None else item.closed_at <= item.due_at
    else:
        item.status = (
            ItemStatus.SUSPENDED if any(p.ends_on is None for p in periods) else ItemStatus.OPEN
        )
        item.lead_days = None
        item.on_time = None


DERIVED = [
    "received_on",
    "closed_on",
    "norm",
    "due_at",
    "status",
    "lead_days",
    "on_time",
]
INPUT = [
    "kind",
    "municipality",
    "team",
    "service",
    "channel",
    "received_at",
    "closed_at",
    "outcome",
]


def _check(item: HandlingItem, old_status: str | None) -> None:
    if item.closed_at is not None and item.closed_at < item.received_at:
        raise ValidationError(
            {"closed_at": _("De afhandeling ligt vóór de ontvangst.")}, code="order"
        )
    if old_status is not None and item.status not in TRANSITIONS[old_status]:
        raise ValidationError(_("Deze statuswijziging kan niet."), code="transition")


def import_outcome(result: UpsertResult) -> dict:
    """What an import did, for its job page and the command line: counts, and why rows were
    skipped (``skipped_reason``) when some were."""
    outcome = {"created": result.created, "updated": result.updated, "skipped": result.skipped}
    if result.skipped:
        outcome["skipped_reason"] = purged_message(purged_before()).messages[0]
    return outcome


def purged_message(purged: datetime.datetime | None) -> ValidationError:
    """Why a new item closed before the last purge's cutoff is not taken, in Dutch."""
    day = local_date(purged) if purged else timezone.localdate()
    message = _(
        "Afgehandeld vóór %(date)s: zo oude items zijn na de bewaartermijn uit het register "
        "verwijderd en tellen al mee in de cijfers. Ze worden niet opnieuw opgenomen."
    ) % {"date": _written(day)}
    return ValidationError(message, code="purged")


def _written(day: datetime.date) -> str:
    """dd-mm-jjjj, also for years before 1000 (``strftime`` would write 'jjj')."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def _check_dates(data: ItemInput) -> None:
    """Refuse dates before ``EARLIEST_DATE`` or past the calendar's end, before any calculation
    (which would overflow on them). The date is taken as written: no time zone conversion."""
    for name in ("received_at", "closed_at"):
        moment = getattr(data, name)
        if moment is None:
            continue
        day = moment.date()
        if day < EARLIEST_DATE:
            message = _("De datum %(date)s ligt vóór %(earliest)s. Klopt het jaartal?") % {
                "date": _written(day),
                "earliest": _written(EARLIEST_DATE),
            }
            raise ValidationError({name: ValidationError(message, code="too_early")})
        if day >= LAST_DAY:
            message = _("De datum %(date)s ligt te ver weg.") % {"date": _written(day)}
            raise ValidationError({name: ValidationError(message, code="future")})


def item_team_resolve(
    *, team_id: int | None, service_id: int | None, service_team_id: int | None = None
) -> int | None:
    """The team an item belongs to; the one rule for the API and the import.

    With a service, the item belongs to the team that owns the service: an empty team becomes
    that team, another team is refused (``ValidationError`` on ``team``, code
    ``team_service``) rather than guessed. Without a service, the given team (or None).
    ``service_team_id`` saves a query when the caller already knows the service's team.
    """
    if service_id is None:
        return team_id
    if service_team_id is None:
        service_team_id = Service.objects.values_list("team_id", flat=True).get(pk=service_id)
    if team_id is None or team_id == service_team_id:
        return service_team_id
    names = dict(Team.objects.filter(pk__in=[team_id, service_team_id]).values_list("pk", "name"))
    service_name = Service.objects.values_list("name", flat=True).get(pk=service_id)
    message = _(
        "De dienst '%(service)s' hoort bij team '%(owner)s', niet bij '%(team)s'. "
        "Laat het team leeg of geef team '%(owner)s'."
    ) % {
        "service": service_name,
        "owner": names.get(service_team_id, ""),
        "team": names.get(team_id, ""),
    }
    raise ValidationError({"team": ValidationError(message, code="team_service")})


def _existing_ids(source: str, ids: list[str]) -> list[str]:
    """Which of ``ids`` are already in the register (cheap: the unique index only)."""
    if connection.vendor == "postgresql":
        table = HandlingItem._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT source_id FROM {table} WHERE source = %s AND source_id = ANY(%s)",
                [source, list(ids)],
            )
            return [row[0] for row in cursor.fetchall()]
    return list(
        HandlingItem.objects.filter(source=source, source_id__in=ids).values_list(
            "source_id", flat=True
        )
    )


def _periods_for(item_ids: Iterable[int]) -> dict[int, list[Period]]:
    result: dict[int, list[Period]] = {}
    ids = list(item_ids)
    for start in range(0, len(ids), CHUNK):
        for item_id, starts_on, ends_on in Suspension.objects.filter(
            item_id__in=ids[start : start + CHUNK]
        ).values_list("item_id", "starts_on", "ends_on"):
            result.setdefault(item_id, []).append(Period(starts_on, ends_on))
    return result


def items_upsert(
    *,
    items: Sequence[ItemInput],
    context: Context | None = None,
    keep: bool = False,
    progress: Progress | None = None,
) -> UpsertResult:
    """Create or update many items by (source, source id). Never duplicates; all or nothing.

    ``progress(Stage.SAVE, done, total)`` is called after every chunk of ``CHUNK`` items."""
    with transaction.atomic(durable=True):
        result = items_upsert_nested(items=items, context=context, keep=keep, progress=progress)
    if progress:
        progress(Stage.SAVE, len(items), len(items))
    return result


def _existing_items(chunk: Sequence[ItemInput]) -> dict[tuple[str, str], HandlingItem]:
    """The items of ``chunk`` already in the register, by (source, source id)."""
    existing: dict[tuple[str, str], HandlingItem] = {}
    by_source: dict[str, list[str]] = {}
    for data in chunk:
        by_source.setdefault(data.source, []).append(data.source_id)
    for source, ids in by_source.items():
        known = _existing_ids(source, ids)
        if known:
            for found in HandlingItem.objects.filter(source=source, source_id__in=known):
                existing[(found.source, found.source_id)] = found
    return existing


def _apply(item, data: ItemInput) -> None:
    """Copy what the source says about an item onto it (a model instance or a plain row)."""
    for name in ("kind", "municipality_id", "team_id", "service_id", "channel_id"):
        setattr(item, name, getattr(data, name))
    item.received_at = data.received_at
    item.closed_at = data.closed_at
    item.outcome = data.outcome or Outcome.UNKNOWN


def items_upsert_nested(
    *,
    items: Sequence[ItemInput],
    context: Context | None,
    keep: bool,
    progress: Progress | None,
) -> UpsertResult:
    """``items_upsert`` inside the caller's transaction."""
    deltas = Deltas()
    result = items_upsert_deltas(
        items=items, context=context, keep=keep, progress=progress, deltas=deltas
    )
    deltas.apply()
    return result


def _without_purged(items: Sequence[ItemInput]) -> tuple[Sequence[ItemInput], int]:
    """``items`` without the new ones closed before the last purge's cutoff (if such an item
    was here, it was purged and counts already), and how many those were."""
    purged = purged_before()
    if purged is None:
        return items, 0

    def closed_before(data: ItemInput) -> bool:
        return data.closed_at is not None and data.closed_at < purged

    by_source: dict[str, list[str]] = {}
    for data in filter(closed_before, items):
        by_source.setdefault(data.source, []).append(data.source_id)
    if not by_source:
        return items, 0
    known = {
        (source, found)
        for source, ids in by_source.items()
        for start in range(0, len(ids), CHUNK)
        for found in _existing_ids(source, ids[start : start + CHUNK])
    }
    kept = [d for d in items if not closed_before(d) or (d.source, d.source_id) in known]
    return kept, len(items) - len(kept)


def items_upsert_deltas(
    *,
    items: Sequence[ItemInput],
    context: Context | None,
    keep: bool,
    progress: Progress | None,
    deltas: Deltas,
) -> UpsertResult:
    """``items_upsert_nested`` that adds its roll-up changes to ``deltas`` and leaves them for
    the caller to apply (the set-based import merges them with its own)."""
    context = context or Context()
    today = timezone.localdate()
    items, skipped = _without_purged(items)
    result = UpsertResult(skipped=skipped)
    # A large import on PostgreSQL skips model instances: plain rows go straight to COPY.
    plain = connection.vendor == "postgresql" and len(items) > 1000
    uuids = _uuids(len(items)) if plain else None

    def new_item(*, source: str, source_id: str):
        if plain:
            return _NewRow(source, source_id, next(uuids))
        return HandlingItem(source=source, source_id=source_id)

    for start in range(0, len(items), CHUNK):
        if progress:
            progress(Stage.SAVE, start, len(items))
        chunk = items[start : start + CHUNK]
        existing = _existing_items(chunk)
        periods = _periods_for(item.pk for item in existing.values())
        to_create: list[HandlingItem] = []
        to_update: list[HandlingItem] = []
        seen: dict[tuple[str, str], HandlingItem] = {}
        for data in chunk:
            _check_dates(data)
            key = (data.source, data.source_id)
            item = seen.get(key) or existing.get(key)
            old_status = None
            if item is not None:
                if item.pk:
                    deltas.add(item, -1)
                old_status = item.status
            else:
                item = new_item(source=data.source, source_id=data.source_id)
            _apply(item, data)
            _derive(item, periods.get(item.pk, []), context, today)
            _check(item, old_status)
            if item.pk:
                deltas.add(item, 1)
                if key not in seen:
                    to_update.append(item)
            elif key not in seen:
                to_create.append(item)
            seen[key] = item
        _insert(to_create, need_pk=keep)
        for item in to_create:
            deltas.add(item, 1)
        if to_update:
            now = timezone.now()
            for item in to_update:
                item.updated_at = now
            bulk_update(HandlingItem, to_update, [*INPUT, *DERIVED, "updated_at"])
        result.created += len(to_create)
        result.updated += len(to_update)
        if keep:
            result.items.extend(to_create)
            result.items.extend(to_update)
    return result


COPY_COLUMNS = [
    "uuid",
    "kind",
    "source",
    "source_id",
    "municipality_id",
    "team_id",
    "service_id",
    "channel_id",
    "status",
    "received_at",
    "received_on",
    "closed_at",
    "closed_on",
    "outcome",
    "norm_id",
    "due_at",
    "lead_days",
    "on_time",
    "updated_at",
]


class _NewRow:
    """A new item for COPY: the attributes of ``HandlingItem`` without the model machinery."""

    __slots__ = (
        "channel_id",
        "closed_at",
        "closed_on",
        "due_at",
        "kind",
        "lead_days",
        "municipality_id",
        "norm",
        "on_time",
        "outcome",
        "pk",
        "received_at",
        "received_on",
        "service_id",
        "source",
        "source_id",
        "status",
        "team_id",
        "updated_at",
        "uuid",
    )

    def __init__(self, source: str, source_id: str, uuid: uuid_module.UUID) -> None:
        self.pk = None
        self.source = source
        self.source_id = source_id
        self.uuid = uuid
        self.status = None


def _uuids(count: int):
    """Random (version 4) UUIDs, drawn from the OS in one go."""
    data = os.urandom(16 * count)
    for start in range(0, 16 * count, 16):
        yield uuid_module.UUID(bytes=data[start : start + 16], version=4)


def _insert(items: list[HandlingItem], *, need_pk: bool) -> None:
    """New rows: COPY on PostgreSQL for a large batch (then one query for the new keys when the
    caller needs them), ``bulk_create`` otherwise."""
    if not items:
        return
    if not isinstance(items[0], _NewRow):
        HandlingItem.objects.bulk_create(items, batch_size=1000)
        return
    now = timezone.now()
    table = HandlingItem._meta.db_table
    bulk_insert(
        HandlingItem,
        COPY_COLUMNS,
        (
            (
                item.uuid,
                item.kind,
                item.source,
                item.source_id,
                item.municipality_id,
                item.team_id,
                item.service_id,
                item.channel_id,
                item.status,
                item.received_at,
                item.received_on,
                item.closed_at,
                item.closed_on,
                item.outcome,
                item.norm.pk if item.norm is not None else None,
                item.due_at,
                item.lead_days,
                item.on_time,
                now,
            )
            for item in items
        ),
    )
    if need_pk:
        with connection.cursor() as cursor:
            by_key = {(item.source, item.source_id): item for item in items}
            for source in {item.source for item in items}:
                cursor.execute(
                    f"SELECT source_id, id FROM {table} WHERE source = %s AND source_id = ANY(%s)",
                    [source, [i.source_id for i in items if i.source == source]],
                )
                for source_id, pk in cursor.fetchall():
                    by_key[(source, source_id)].pk = pk


def item_upsert(*, data: ItemInput, suspended: bool | None = None) -> tuple[HandlingItem, bool]:
    """One item; returns it and whether it was new. ``suspended`` True stops an open item's
    clock today, False starts a suspended item's clock again today, None leaves it."""
    with transaction.atomic(durable=True):
        result = items_upsert_nested(items=[data], context=None, keep=True, progress=None)
        if result.skipped:
            raise ValidationError({"closed_at": purged_message(purged_before())})
        item = result.items[0]
        if item.pk is None:  # pragma: no cover - bulk_create sets pk on both databases
            item = HandlingItem.objects.get(source=data.source, source_id=data.source_id)
        today = timezone.localdate()
        if suspended and item.status == ItemStatus.OPEN:
            item_suspend_nested(item=item, starts_on=today)
        elif suspended is False and item.status == ItemStatus.SUSPENDED:
            _item_resume(item=item, ends_on=today)
    return item, result.created == 1


def _refresh(items: list[HandlingItem], mutate, context: Context | None = None) -> None:
    """Recompute items after ``mutate(item)`` changed them, moving their roll-up counts."""
    context = context or Context()
    today = timezone.localdate()
    deltas = Deltas()
    periods = _periods_for(item.pk for item in items)
    for item in items:
        deltas.add(item, -1)
        old_status = item.status
        mutate(item)
        _derive(item, periods.get(item.pk, []), context, today)
        _check(item, old_status)
        deltas.add(item, 1)
    now = timezone.now()
    for item in items:
        item.updated_at = now
    bulk_update(HandlingItem, items, [*INPUT, *DERIVED, "updated_at"])
    deltas.apply()


def items_close(
    *,
    items: Sequence[HandlingItem],
    closed_at: datetime.datetime | dict[int, datetime.datetime],
    outcome: str = Outcome.UNKNOWN,
    context: Context | None = None,
) -> int:
    """Close open items (a closing moment before receipt is moved to the moment of receipt)."""
    with transaction.atomic(durable=True):
        return items_close_nested(
            items=items, closed_at=closed_at, outcome=outcome, context=context
        )


def items_close_nested(
    *,
    items: Sequence[HandlingItem],
    closed_at: datetime.datetime | dict[int, datetime.datetime],
    outcome: str = Outcome.UNKNOWN,
    context: Context | None = None,
) -> int:
    """``items_close`` inside the caller's transaction."""
    targets = [item for item in items if item.closed_at is None]
    if not targets:
        return 0

    def close(item: HandlingItem) -> None:
        moment = closed_at.get(item.pk) if isinstance(closed_at, dict) else closed_at
        item.closed_at = max(moment, item.received_at)
        if outcome != Outcome.UNKNOWN:
            item.outcome = outcome

    open_suspensions = Suspension.objects.filter(
        item__in=[t.pk for t in targets], ends_on__isnull=True
    )
    for suspension in open_suspensions.select_related("item"):
        moment = closed_at.get(suspension.item_id) if isinstance(closed_at, dict) else closed_at
        suspension.ends_on = max(local_date(moment), suspension.starts_on)
        suspension.save(update_fields=["ends_on"])
    _refresh(targets, close, context)
    return len(targets)


def item_close(
    *, item: HandlingItem, closed_at: datetime.datetime, outcome: str = Outcome.UNKNOWN
) -> HandlingItem:
    if item.closed_at is not None:
        raise ValidationError(_("Dit item is al afgehandeld."), code="closed")
    items_close(items=[item], closed_at=closed_at, outcome=outcome)
    return item


def item_suspend(*, item: HandlingItem, starts_on: datetime.date) -> HandlingItem:
    """Stop the clock (Awb: waiting for the resident) from ``starts_on``."""
    with transaction.atomic(durable=True):
        return item_suspend_nested(item=item, starts_on=starts_on)


def item_suspend_nested(*, item: HandlingItem, starts_on: datetime.date) -> HandlingItem:
    """``item_suspend`` inside the caller's transaction."""
    if item.kind not in SUSPENDABLE:
        raise ValidationError(
            _("Een %(kind)s kan niet worden opgeschort.") % {"kind": item.get_kind_display()},
            code="not_suspendable",
        )
    if item.status != ItemStatus.OPEN:
        raise ValidationError(_("Alleen een open item kan worden opgeschort."), code="transition")
    if starts_on < item.received_on:
        raise ValidationError(
            {"starts_on": _("De opschorting kan niet vóór de ontvangst beginnen.")}, code="order"
        )
    Suspension.objects.create(item=item, starts_on=starts_on)
    _refresh([item], lambda i: None)
    return item


def item_resume(*, item: HandlingItem, ends_on: datetime.date) -> HandlingItem:
    """Start the clock again on ``ends_on``; the due moment moves by the suspended days."""
    with transaction.atomic(durable=True):
        return _item_resume(item=item, ends_on=ends_on)


def _item_resume(*, item: HandlingItem, ends_on: datetime.date) -> HandlingItem:
    suspension = item.suspensions.filter(ends_on__isnull=True).first()
    if suspension is None:
        raise ValidationError(_("Dit item is niet opgeschort."), code="transition")
    if ends_on < suspension.starts_on:
        raise ValidationError(
            {"ends_on": _("De hervatting ligt vóór de opschorting.")}, code="order"
        )
    suspension.ends_on = ends_on
    suspension.save(update_fields=["ends_on"])
    _refresh([item], lambda i: None)
    return item


def items_delete(*, queryset) -> int:
    """Delete items (for instance a demo source) and take them out of the roll-ups."""
    with transaction.atomic(durable=True):
        return items_delete_nested(queryset=queryset)


def items_delete_nested(*, queryset) -> int:
    """``items_delete`` inside the caller's transaction."""
    deltas = rollup_counts_from_items(queryset)
    for key, amounts in deltas.values.items():
        deltas.values[key] = [-a for a in amounts]
    count = queryset.count()
    Suspension.objects.filter(item__in=queryset).delete()
    MailMessage.objects.filter(item__in=queryset).delete()
    # Related rows are gone: delete in one statement instead of loading every item.
    queryset._raw_delete(queryset.db)
    deltas.apply()
    return count
