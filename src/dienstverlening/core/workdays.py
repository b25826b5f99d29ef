"""Dutch working days and office hours.

Public holidays come from the ``holidays`` package (NL). The organisation adds what that package
leaves out but its staff have off: Good Friday and Liberation Day (5 May) every year (settings
``DV_GOOD_FRIDAY_OFF`` and ``DV_LIBERATION_DAY_OFF``), and local closing days passed in by the
caller (for instance between Christmas and New Year). Weekends are never working days.
This is the one calendar: due moments, lead times, ages and the tests all count with it.

Office hours (``DV_OFFICE_HOURS``, default 08:30-17:00) are the hours on a working day in which
norms in hours count: a call-back due "within 4 hours" received at 16:30 is due at 12:00 the
next working day.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

# The years the calendar knows (Python's dates end in 9999; the last year keeps a margin for
# converting between time zones and for the next working day).
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)


class OutOfCalendar(ValueError):
    """A date before ``FIRST_DAY`` or after ``LAST_DAY`` was given to the calendar."""

    def __init__(self, day: datetime.date) -> None:
        super().__init__(f"{day.isoformat()} ligt buiten de kalender ({FIRST_DAY}–{LAST_DAY})")
        self.day = day


def within_calendar(day: datetime.date) -> datetime.date:
    """``day`` itself; ``OutOfCalendar`` when it lies outside ``FIRST_DAY``–``LAST_DAY``."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfCalendar(day)
    return day


@lru_cache(maxsize=64)
def _public_holidays(year: int, good_friday: bool, liberation_day: bool) -> frozenset:
    days = set(holidays.country_holidays("NL", years=year).keys())
    # Some versions of ``holidays`` list Good Friday, older ones do not: the setting decides.
    good_friday_date = easter(year) - datetime.timedelta(days=2)
    if good_friday:
        days.add(good_friday_date)
    else:
        days.discard(good_friday_date)
    if liberation_day:
        days.add(datetime.date(year, 5, 5))
    return frozenset(days)


@lru_cache(maxsize=256)
def _working_ordinals(year: int, good_friday: bool, liberation_day: bool) -> tuple[int, ...]:
    """The ordinals of the weekdays of ``year`` that are no public holiday, in order."""
    off = _public_holidays(year, good_friday, liberation_day)
    current = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    days = []
    while current <= end:
        if current.weekday() < 5 and current not in off:
            days.append(current.toordinal())
        current += datetime.timedelta(days=1)
    return tuple(days)


class WorkingDayCalendar:
    """Counts and adds working days, fast enough for a million rows.

    Cheap to build. Working days are kept as a sorted list of day numbers, filled a year at a
    time as dates come in: counting is a subtraction and adding a lookup, over every year
    between the dates asked about. Dates outside ``FIRST_DAY``–``LAST_DAY`` raise
    ``OutOfCalendar`` (never a crash deep inside, never an endless loop); adding beyond
    ``LAST_DAY`` gives ``LAST_DAY``.
    """

    def __init__(self, closing_days: Iterable[datetime.date] = ()) -> None:
        self.closing_days = frozenset(closing_days)
        self.good_friday = getattr(settings, "DV_GOOD_FRIDAY_OFF", True)
        self.liberation_day = getattr(settings, "DV_LIBERATION_DAY_OFF", True)
        self._closed = {day.toordinal() for day in self.closing_days}
        self._years: set[int] = set()
        self._working: set[int] = set()
        self._ordinals: list[int] = []
        self._sorted = True
        self._legal: WorkingDayCalendar | None = None

    @property
    def legal(self) -> WorkingDayCalendar:
        """The same calendar without the local closing days: for legal terms."""
        if not self.closing_days:
            return self
        if self._legal is None:
            self._legal = WorkingDayCalendar()
        return self._legal

    def holidays_in(self, year: int) -> frozenset:
        return _public_holidays(year, self.good_friday, self.liberation_day)

    def _fill(self, first_year: int, last_year: int) -> list[int]:
        """Make sure every year from ``first_year`` to ``last_year`` is in; the sorted list."""
        for year in range(max(first_year, FIRST_DAY.year), min(last_year, LAST_DAY.year) + 1):
            if year not in self._years:
                self._years.add(year)
                days = _working_ordinals(year, self.good_friday, self.liberation_day)
                self._working.update(d for d in days if d not in self._closed)
                self._sorted = False
        if not self._sorted:
            self._ordinals = sorted(self._working)
            self._sorted = True
        return self._ordinals

    def is_working_day(self, day: datetime.date) -> bool:
        year = within_calendar(day).year
        if year not in self._years:
            self._fill(year, year)
        return day.toordinal() in self._working

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The date ``count`` working days after ``day`` (``day`` itself does not count);
        ``LAST_DAY`` when that lies beyond the calendar."""
        if count <= 0:
            return day
        first = within_calendar(day).year
        last = first + 1 + count // 200  # at least 200 working days in every year
        while True:
            last = min(last, LAST_DAY.year)
            ordinals = self._fill(first, last)
            position = bisect_right(ordinals, day.toordinal()) + count
            if position <= len(ordinals):
                found = datetime.date.fromordinal(ordinals[position - 1])
                if found.year <= last:  # no year left out between ``day`` and ``found``
                    return found
            if last >= LAST_DAY.year:
                return LAST_DAY
            last += 1

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        if end <= start:
            return 0
        ordinals = self._fill(within_calendar(start).year, within_calendar(end).year)
        return bisect_right(ordinals, end.toordinal()) - bisect_right(ordinals, start.toordinal())

    def next_legal_day(self, day: datetime.date) -> datetime.date:
        """``day`` or the first day after it that is no Saturday, Sunday or public holiday
        (Algemene termijnenwet: local closing days do not move a legal term)."""
        legal = self.legal
        while not legal.is_working_day(day):
            if day >= LAST_DAY:
                return LAST_DAY
            day += datetime.timedelta(days=1)
        return day


@dataclass(frozen=True)
class OfficeHours:
    """Opening and closing time on every working day (the same for each day)."""

    opens: datetime.time
    closes: datetime.time

    @cached_property
    def opens_at(self) -> int:
        """Opening time in seconds after midnight."""
        return _seconds(self.opens)

    @cached_property
    def closes_at(self) -> int:
        """Closing time in seconds after midnight."""
        return _seconds(self.closes)


def _seconds(moment: datetime.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


_OFFICE_HOURS = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


@lru_cache(maxsize=8)
def _parse_office_hours(text: str) -> OfficeHours:
    match = _OFFICE_HOURS.match(text)
    if not match:
        raise ImproperlyConfigured(
            _("DV_OFFICE_HOURS '%(value)s' is onleesbaar: schrijf uu:mm-uu:mm, bijv. 08:30-17:00.")
            % {"value": text}
        )
    numbers = [int(part) for part in match.groups()]
    opens: datetime.time | None
    closes: datetime.time | None
    try:
        opens = datetime.time(numbers[0], numbers[1])
        closes = datetime.time(numbers[2], numbers[3])
    except ValueError:
        opens = closes = None
    if opens is None or closes is None or closes <= opens:
        raise ImproperlyConfigured(
            _("DV_OFFICE_HOURS '%(value)s': de sluitingstijd moet na de openingstijd liggen.")
            % {"value": text}
        )
    return OfficeHours(opens, closes)


def office_hours() -> OfficeHours:
    """The organisation's office hours from the setting ``DV_OFFICE_HOURS``."""
    return _parse_office_hours(getattr(settings, "DV_OFFICE_HOURS", "08:30-17:00"))
