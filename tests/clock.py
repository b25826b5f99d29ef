"""Time is an input: the moments the suite runs at, and helpers to place data around them.

Every test runs with the clock stopped at a known moment (the autouse ``now`` fixture in
``tests/conftest.py``). See ``docs/architecture.md``, "Time in tests".
"""

from __future__ import annotations

import datetime

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.workdays import WorkingDayCalendar

# The four moments a test marked ``every_moment`` runs at, chosen because each breaks a
# different careless assumption about "today".
MOMENTS: dict[str, datetime.datetime] = {
    # An ordinary working day in the middle of the week.
    "wednesday": datetime.datetime(2026, 12, 2, 10, 0, tzinfo=AMSTERDAM),
    # Today is no working day: ages and due dates must not count it.
    "saturday": datetime.datetime(2026, 12, 5, 11, 0, tzinfo=AMSTERDAM),
    # A day off by the organisation's own rule (not every ``holidays`` version lists it);
    # Easter Monday follows.
    "good-friday": datetime.datetime(2027, 3, 26, 10, 0, tzinfo=AMSTERDAM),
    # The last half hour of the year, just after Christmas; 22:30 UTC, so still the same date.
    "new-years-eve-2330": datetime.datetime(2026, 12, 31, 23, 30, tzinfo=AMSTERDAM),
}

# Tests that are not marked run here, or at DV_TEST_MOMENT when it is set.
DEFAULT_MOMENT = "wednesday"


def moment_from(value: str | datetime.datetime) -> datetime.datetime:
    """A moment by name (``MOMENTS``), as an ISO text (Amsterdam time unless it says otherwise)
    or as an aware datetime."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value!r} heeft geen tijdzone.")
        return value
    if value in MOMENTS:
        return MOMENTS[value]
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        names = ", ".join(MOMENTS)
        raise ValueError(
            f"Onbekend moment {value!r}: kies uit {names} of geef een tijd als 2027-01-01T00:30."
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=AMSTERDAM)


def working_days_ago(today: datetime.date, count: int) -> datetime.date:
    """The latest working day by which exactly ``count`` working days have passed on ``today``:
    an item received then is ``count`` working days old (the project's calendar). On a
    Saturday, 0 is the Friday before."""
    calendar = WorkingDayCalendar()
    day = today
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    for _ in range(count):
        day -= datetime.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
    return day


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The date ``count`` working days after ``day`` (the project's calendar)."""
    return WorkingDayCalendar().add_working_days(day, count)


def by_moment(now: datetime.datetime, expected: dict[str, object]):
    """The expected value for the named moment the test runs at: one hand-checked answer per
    moment, e.g. ``by_moment(now, {"wednesday": ..., "saturday": ..., ...})``."""
    for name, value in expected.items():
        if MOMENTS[name] == now:
            return value
    raise KeyError(f"Geen verwachting voor {now.isoformat()}: vul {sorted(MOMENTS)} in.")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour:minute`` Amsterdam time."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)
