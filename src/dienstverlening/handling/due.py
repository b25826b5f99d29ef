"""Due moments and lead times in working days, fast enough for a million rows.

The rules (see docs/handling.md):

- working days: the due date is the N-th working day after the day of receipt (the day of
  receipt does not count), due at the end of that day; fractions round up;
- calendar days and weeks (legal terms): receipt day + N days (or 7·N); a term that ends on a
  Saturday, Sunday or public holiday moves to the next working day (Algemene termijnenwet);
- hours, minutes, seconds: counted in office hours (``DV_OFFICE_HOURS``) on working days, from
  the received moment or, outside office hours, from the next opening;
- suspensions stop the clock: the due moment moves by the working days (or calendar days) that
  the item was suspended;
- lead time: working days after the day of receipt up to and including the day of closing,
  minus suspended working days.

Working days come from ``core.workdays.WorkingDayCalendar`` with the municipality's closing
days; this module only caches them as day numbers so that counting is a subtraction.

The calendar runs from ``FIRST_DAY`` to ``LAST_DAY``. Input outside it is refused before it
gets here (``models.EARLIEST_DATE``, the future check); should such a date arrive anyway, the
calculation raises ``OutOfCalendar`` (never a crash deep inside, never an endless loop). A due
moment that would lie after the calendar's end (an absurd norm of a million weeks) is set to
the end of ``LAST_DAY``: as good as never.
"""

from __future__ import annotations

import datetime
import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dienstverlening.core.tabular import AMSTERDAM
from dienstverlening.core.workdays import OfficeHours, WorkingDayCalendar, office_hours
from dienstverlening.framework.models import Level, Norm, NormUnit

from .models import KIND_SUBJECTS, ClosingDay

END_OF_DAY = datetime.time(23, 59, 59)
MIDNIGHT = datetime.time(0, 0)
# The years the calendar knows (Python's dates end in 9999; the last year keeps a margin for
# converting between time zones and for the next working day).
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)


class OutOfCalendar(ValueError):
    """A date before ``FIRST_DAY`` or after ``LAST_DAY`` was given to the calendar."""

    def __init__(self, day: datetime.date) -> None:
        super().__init__(f"{day.isoformat()} ligt buiten de kalender ({FIRST_DAY}–{LAST_DAY})")
        self.day = day


def _within(day: datetime.date) -> datetime.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfCalendar(day)
    return day


class FastCalendar:
    """A ``WorkingDayCalendar`` as a sorted list of working-day ordinals (built per year)."""

    def __init__(self, calendar: WorkingDayCalendar, legal: WorkingDayCalendar) -> None:
        self.calendar = calendar
        self.legal = legal  # without local closing days: for legal terms
        self._years: set[int] = set()
        self._ready: set[int] = set()  # years whose neighbours are built too
        self._ordinals: list[int] = []
        self._working: set[int] = set()
        self._office_hours: OfficeHours | None = None

    @property
    def office_hours(self) -> OfficeHours:
        """``DV_OFFICE_HOURS``, read once per calendar (so once per batch)."""
        if self._office_hours is None:
            self._office_hours = office_hours()
        return self._office_hours

    def _ensure(self, day: datetime.date) -> None:
        if day.year in self._ready:
            return
        self._ready.add(day.year)
        for year in (day.year - 1, day.year, day.year + 1):
            if year in self._years or year < FIRST_DAY.year or year > LAST_DAY.year:
                continue
            self._years.add(year)
            current = datetime.date(year, 1, 1)
            end = datetime.date(year, 12, 31)
            added = []
            while current <= end:
                if self.calendar.is_working_day(current):
                    added.append(current.toordinal())
                current += datetime.timedelta(days=1)
            self._working.update(added)
            self._ordinals = sorted(self._working)

    def _count(self, day: datetime.date) -> int:
        """Working days up to and including ``day`` among the years built so far."""
        return bisect_right(self._ordinals, day.toordinal())

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        if end <= start:
            return 0
        self._ensure(_within(start))
        self._ensure(_within(end))
        return self._count(end) - self._count(start)

    def is_working_day(self, day: datetime.date) -> bool:
        self._ensure(_within(day))
        return day.toordinal() in self._working

    def add(self, day: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``day``; ``LAST_DAY`` when that lies beyond it."""
        if count <= 0:
            return day
        self._ensure(_within(day))
        position = self._count(day) + count
        while position > len(self._ordinals):
            last = datetime.date.fromordinal(self._ordinals[-1])
            if last.year >= LAST_DAY.year:
                return LAST_DAY
            self._ensure(min(last + datetime.timedelta(days=400), LAST_DAY))
        return datetime.date.fromordinal(self._ordinals[position - 1])

    def next_legal_day(self, day: datetime.date) -> datetime.date:
        while not self.legal.is_working_day(day):
            if day >= LAST_DAY:
                return LAST_DAY
            day += datetime.timedelta(days=1)
        return day


class Calendars:
    """One fast calendar per municipality, with its closing days; built once per batch."""

    def __init__(self) -> None:
        closing: dict[int, set[datetime.date]] = {}
        for municipality_id, day in ClosingDay.objects.values_list("municipality_id", "date"):
            closing.setdefault(municipality_id, set()).add(day)
        self._closing = closing
        self._legal = WorkingDayCalendar()
        self._cache: dict[int, FastCalendar] = {}

    def for_municipality(self, municipality_id: int) -> FastCalendar:
        if municipality_id not in self._cache:
            calendar = WorkingDayCalendar(closing_days=self._closing.get(municipality_id, ()))
            self._cache[municipality_id] = FastCalendar(calendar, self._legal)
        return self._cache[municipality_id]


class NormResolver:
    """``framework.selectors.norm_applicable`` for many items at once: one query, then memory.

    Same rule: the norm valid on the day of receipt, service over team over organisation.
    """

    def __init__(self, norms: Iterable[Norm] | None = None) -> None:
        self._by_subject: dict[str, list[Norm]] = {}
        for norm in norms if norms is not None else Norm.objects.all():
            self._by_subject.setdefault(norm.subject, []).append(norm)
        self._cache: dict[tuple, Norm | None] = {}

    def resolve(
        self, *, kind: str, day: datetime.date, team_id: int, service_id: int | None
    ) -> Norm | None:
        key = (kind, day, team_id, service_id)
        if key in self._cache:
            return self._cache[key]
        found = None
        for subject in KIND_SUBJECTS[kind]:
            best = None
            rank = 9
            for norm in self._by_subject.get(subject, ()):
                if norm.valid_from > day or (norm.valid_until and norm.valid_until < day):
                    continue
                if norm.level == Level.SERVICE and service_id and norm.service_id == service_id:
                    level_rank = 0
                elif norm.level == Level.TEAM and norm.team_id == team_id:
                    level_rank = 1
                elif norm.level == Level.ORGANISATION:
                    level_rank = 2
                else:
                    continue
                if level_rank < rank:
                    best, rank = norm, level_rank
            if best is not None:
                found = best
                break
        self._cache[key] = found
        return found


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date | None


def local_date(moment: datetime.datetime) -> datetime.date:
    """The date in Amsterdam of an aware moment."""
    return moment.astimezone(AMSTERDAM).date()


def local_date_within(moment: datetime.datetime) -> datetime.date:
    """The date in Amsterdam of ``moment``; ``OutOfCalendar`` outside the calendar's years (also
    where converting the time zone itself would overflow, as for 0001-01-01 00:00)."""
    try:
        return _within(local_date(moment))
    except OverflowError:
        raise OutOfCalendar(moment.date()) from None


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=AMSTERDAM)


def _ceil(value: Decimal) -> int:
    return math.ceil(value)


def suspended_working_days(
    calendar: FastCalendar, suspensions: Iterable[Period], until: datetime.date
) -> int:
    """Working days in the suspensions: from the start day up to (not including) the resume day."""
    total = 0
    for period in suspensions:
        end = period.ends_on or until
        if end > period.starts_on:
            one = datetime.timedelta(days=1)
            total += calendar.between(period.starts_on - one, end - one)
    return max(total, 0)


def _suspended_days(suspensions: Iterable[Period], until: datetime.date) -> int:
    return sum(max(((p.ends_on or until) - p.starts_on).days, 0) for p in suspensions)


def due_moment(
    *,
    norm: Norm | None,
    received_at: datetime.datetime,
    calendar: FastCalendar,
    suspensions: Iterable[Period] = (),
    today: datetime.date | None = None,
) -> datetime.datetime | None:
    """When the item must be handled, or ``None`` without a norm or while the clock stands still."""
    if norm is None:
        return None
    suspensions = list(suspensions)
    if any(p.ends_on is None for p in suspensions):
        return None
    received_on = local_date_within(received_at)
    value = norm.target_value
    unit = norm.unit
    if unit == NormUnit.WORKING_DAYS:
        extra = suspended_working_days(calendar, suspensions, received_on)
        return _end_of(calendar.add(received_on, _ceil(value) + extra))
    if unit in (NormUnit.CALENDAR_DAYS, NormUnit.WEEKS):
        days = _ceil(value * (7 if unit == NormUnit.WEEKS else 1))
        days += _suspended_days(suspensions, received_on)
        if days > (LAST_DAY - received_on).days:
            return _end_of(LAST_DAY)
        end = received_on + datetime.timedelta(days=days)
        return _end_of(calendar.next_legal_day(end))
    seconds = float(value) * {NormUnit.HOURS: 3600, NormUnit.MINUTES: 60}.get(unit, 1)
    due = add_office_time(received_at, seconds, calendar, calendar.office_hours)
    extra = suspended_working_days(calendar, suspensions, received_on) if suspensions else 0
    if extra:
        due = due.replace(tzinfo=None)
        due = datetime.datetime.combine(calendar.add(due.date(), extra), due.time(), AMSTERDAM)
    return due


def add_office_time(
    start: datetime.datetime, seconds: float, calendar: FastCalendar, hours: OfficeHours
) -> datetime.datetime:
    """``seconds`` of office time after ``start``: counted only within office hours on working
    days; outside office hours the count starts at the next opening."""
    local = start.astimezone(AMSTERDAM)
    day = local.date()
    now = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    opens, closes = hours.opens_at, hours.closes_at  # seconds after midnight
    if now >= closes or not calendar.is_working_day(day):
        day, now = calendar.add(day, 1), opens
    elif now < opens:
        now = opens
    left_today = closes - now
    if seconds <= left_today:
        at = now + seconds
    else:
        whole_days, rest = divmod(seconds - left_today, closes - opens)
        if rest == 0:
            day, at = calendar.add(day, int(whole_days)), closes
        else:
            day, at = calendar.add(day, int(whole_days) + 1), opens + rest
    # Wall-clock arithmetic within one day (office hours never span a daylight-saving switch).
    return datetime.datetime.combine(day, MIDNIGHT, AMSTERDAM) + datetime.timedelta(seconds=at)


def lead_working_days(
    *,
    received_at: datetime.datetime,
    closed_at: datetime.datetime,
    calendar: FastCalendar,
    suspensions: Iterable[Period] = (),
) -> int:
    received_on = local_date(received_at)
    closed_on = local_date(closed_at)
    days = calendar.between(received_on, closed_on)
    days -= suspended_working_days(calendar, suspensions, closed_on)
    return max(days, 0)
