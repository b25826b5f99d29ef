"""Dutch working days and office hours.

Public holidays come from the ``holidays`` package (NL). The organisation adds what that package
leaves out but its staff have off: Good Friday and Liberation Day (5 May) every year (settings
``DV_GOOD_FRIDAY_OFF`` and ``DV_LIBERATION_DAY_OFF``), and local closing days passed in by the
caller (for instance between Christmas and New Year). Weekends are never working days.

Office hours (``DV_OFFICE_HOURS``, default 08:30-17:00) are the hours on a working day in which
norms in hours count: a call-back due "within 4 hours" received at 16:30 is due at 12:00 the
next working day.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


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


class WorkingDayCalendar:
    """Counts and adds working days. Cheap to build; holiday sets are cached per year."""

    def __init__(self, closing_days: Iterable[datetime.date] = ()) -> None:
        self.closing_days = frozenset(closing_days)
        self.good_friday = getattr(settings, "DV_GOOD_FRIDAY_OFF", True)
        self.liberation_day = getattr(settings, "DV_LIBERATION_DAY_OFF", True)

    def holidays_in(self, year: int) -> frozenset:
        return _public_holidays(year, self.good_friday, self.liberation_day)

    def is_working_day(self, day: datetime.date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.closing_days
            and day not in self.holidays_in(day.year)
        )

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The date ``count`` working days after ``day`` (``day`` itself does not count)."""
        current = day
        remaining = count
        while remaining > 0:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        if end <= start:
            return 0
        count = 0
        current = start
        while current < end:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


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
