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

Working days come from ``core.workdays.WorkingDayCalendar`` (the one calendar, which keeps
them as day numbers so that counting is a subtraction) with the municipality's closing days.
The norm that applies comes from ``framework.selectors.NormBook``.

The calendar runs from ``FIRST_DAY`` to ``LAST_DAY``. Input outside it is refused before it
gets here (``models.EARLIEST_DATE``, the future check); should such a date arrive anyway, the
calculation raises ``OutOfCalendar`` (never a crash deep inside, never an endless loop). A due
moment that would lie after the calendar's end (an absurd norm of a million weeks) is set to
the end of ``LAST_DAY``: as good as never.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.workdays import (
    FIRST_DAY,
    LAST_DAY,
    OfficeHours,
    OutOfCalendar,
    WorkingDayCalendar,
    office_hours,
    within_calendar,
)
from dienstverlening.framework.models import Norm, NormUnit
from dienstverlening.framework.selectors import NormBook, norm_book

from .models import KIND_SUBJECTS, ClosingDay

__all__ = [
    "FIRST_DAY",  # the calendar's years (core.workdays), named here for the callers of due
    "LAST_DAY",
    "Calendars",
    "OutOfCalendar",
    "Period",
    "add_office_time",
    "due_moment",
    "kind_norms",
    "lead_working_days",
    "local_date",
    "local_date_within",
    "norm_for_kind",
    "suspended_working_days",
]

END_OF_DAY = datetime.time(23, 59, 59)
MIDNIGHT = datetime.time(0, 0)


class Calendars:
    """One calendar per municipality, with its closing days; built once per batch."""

    def __init__(self) -> None:
        closing: dict[int, set[datetime.date]] = {}
        for municipality_id, day in ClosingDay.objects.values_list("municipality_id", "date"):
            closing.setdefault(municipality_id, set()).add(day)
        self._closing = closing
        self._cache: dict[int, WorkingDayCalendar] = {}

    def for_municipality(self, municipality_id: int) -> WorkingDayCalendar:
        if municipality_id not in self._cache:
            calendar = WorkingDayCalendar(closing_days=self._closing.get(municipality_id, ()))
            self._cache[municipality_id] = calendar
        return self._cache[municipality_id]


def kind_norms(*, day: datetime.date | None = None) -> NormBook:
    """The norms of every subject a kind of work is measured by (valid on ``day`` if given,
    else all versions): one query, then ``norm_for_kind`` for as many items as needed."""
    subjects = {subject for subjects in KIND_SUBJECTS.values() for subject in subjects}
    return norm_book(subjects=subjects, first_day=day, last_day=day)


def norm_for_kind(
    norms: NormBook,
    *,
    kind: str,
    day: datetime.date,
    team_id: int | None,
    service_id: int | None = None,
) -> Norm | None:
    """The norm for an item of ``kind`` received on ``day``: of its subjects (``KIND_SUBJECTS``)
    the first with a norm, service over team over organisation (``framework.selectors``)."""
    return norms.first_applicable(
        subjects=KIND_SUBJECTS[kind], day=day, team_id=team_id, service_id=service_id
    )


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
        return within_calendar(local_date(moment))
    except OverflowError:
        raise OutOfCalendar(moment.date()) from None


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=AMSTERDAM)


def _ceil(value: Decimal) -> int:
    return math.ceil(value)


def suspended_working_days(
    calendar: WorkingDayCalendar, suspensions: Iterable[Period], until: datetime.date
) -> int:
    """Working days in the suspensions: from the start day up to (not including) the resume day."""
    total = 0
    for period in suspensions:
        end = period.ends_on or until
        if end > period.starts_on:
            one = datetime.timedelta(days=1)
            total += calendar.working_days_between(period.starts_on - one, end - one)
    return max(total, 0)


def _suspended_days(suspensions: Iterable[Period], until: datetime.date) -> int:
    return sum(max(((p.ends_on or until) - p.starts_on).days, 0) for p in suspensions)


def due_moment(
    *,
    norm: Norm | None,
    received_at: datetime.datetime,
    calendar: WorkingDayCalendar,
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
        return _end_of(calendar.add_working_days(received_on, _ceil(value) + extra))
    if unit in (NormUnit.CALENDAR_DAYS, NormUnit.WEEKS):
        days = _ceil(value * (7 if unit == NormUnit.WEEKS else 1))
        days += _suspended_days(suspensions, received_on)
        if days > (LAST_DAY - received_on).days:
            return _end_of(LAST_DAY)
        end = received_on + datetime.timedelta(days=days)
        return _end_of(calendar.next_legal_day(end))
    seconds = float(value) * {NormUnit.HOURS: 3600, NormUnit.MINUTES: 60}.get(unit, 1)
    due = add_office_time(received_at, seconds, calendar, office_hours())
    extra = suspended_working_days(calendar, suspensions, received_on) if suspensions else 0
    if extra:
        due = due.replace(tzinfo=None)
        due = datetime.datetime.combine(
            calendar.add_working_days(due.date(), extra), due.time(), AMSTERDAM
        )
    return due


def add_office_time(
    start: datetime.datetime, seconds: float, calendar: WorkingDayCalendar, hours: OfficeHours
) -> datetime.datetime:
    """``seconds`` of office time after ``start``: counted only within office hours on working
    days; outside office hours the count starts at the next opening."""
    local = start.astimezone(AMSTERDAM)
    day = local.date()
    now = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    opens, closes = hours.opens_at, hours.closes_at  # seconds after midnight
    if now >= closes or not calendar.is_working_day(day):
        day, now = calendar.add_working_days(day, 1), opens
    elif now < opens:
        now = opens
    left_today = closes - now
    if seconds <= left_today:
        at = now + seconds
    else:
        whole_days, rest = divmod(seconds - left_today, closes - opens)
        if rest == 0:
            day, at = calendar.add_working_days(day, int(whole_days)), closes
        else:
            day, at = calendar.add_working_days(day, int(whole_days) + 1), opens + rest
    # Wall-clock arithmetic within one day (office hours never span a daylight-saving switch).
    return datetime.datetime.combine(day, MIDNIGHT, AMSTERDAM) + datetime.timedelta(seconds=at)


def lead_working_days(
    *,
    received_at: datetime.datetime,
    closed_at: datetime.datetime,
    calendar: WorkingDayCalendar,
    suspensions: Iterable[Period] = (),
) -> int:
    received_on = local_date(received_at)
    closed_on = local_date(closed_at)
    days = calendar.working_days_between(received_on, closed_on)
    days -= suspended_working_days(calendar, suspensions, closed_on)
    return max(days, 0)
