import datetime

import holidays
import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from dienstverlening.core.workdays import LAST_DAY, OutOfCalendar, WorkingDayCalendar

D = datetime.date


def test_weekends_and_public_holidays_are_not_working_days():
    calendar = WorkingDayCalendar()
    assert not calendar.is_working_day(D(2026, 11, 28))  # Saturday
    assert not calendar.is_working_day(D(2026, 12, 25))  # Christmas
    assert not calendar.is_working_day(D(2026, 4, 27))  # King's Day
    assert calendar.is_working_day(D(2026, 11, 30))


def test_good_friday_and_liberation_day_every_year():
    calendar = WorkingDayCalendar()
    assert not calendar.is_working_day(D(2026, 4, 3))  # Good Friday 2026
    assert not calendar.is_working_day(D(2026, 5, 5))  # not a lustrum year
    assert not calendar.is_working_day(D(2027, 3, 26))  # Good Friday 2027


def test_settings_can_make_good_friday_a_working_day(settings):
    settings.DV_GOOD_FRIDAY_OFF = False
    assert WorkingDayCalendar().is_working_day(D(2026, 4, 3))


def test_local_closing_days():
    calendar = WorkingDayCalendar(closing_days=[D(2026, 12, 28), D(2026, 12, 29)])
    # Thursday 24-12 + 1 working day: 25/26 holidays, weekend, 28/29 closed → 30-12.
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 30)


def test_call_back_on_friday_is_due_monday():
    assert WorkingDayCalendar().add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)


@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)),
    st.integers(min_value=0, max_value=60),
)
def test_adding_then_counting_gives_the_same_number(start, days):
    calendar = WorkingDayCalendar()
    due = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, due) == days
    assert days == 0 or calendar.is_working_day(due)


@pytest.mark.parametrize(("start", "end", "expected"), [(D(2026, 11, 30), D(2026, 11, 30), 0)])
def test_no_working_days_in_an_empty_period(start, end, expected):
    assert WorkingDayCalendar().working_days_between(start, end) == expected


def is_working_day_by_hand(day: D, closing=frozenset()) -> bool:
    """The rule written out with the ``holidays`` library: no weekend, no public holiday, no
    Good Friday or Liberation Day (the organisation's own days off), no closing day."""
    good_friday = easter(day.year) - datetime.timedelta(days=2)
    return (
        day.weekday() < 5
        and day not in holidays.country_holidays("NL", years=day.year)
        and day not in (good_friday, D(day.year, 5, 5))
        and day not in closing
    )


@pytest.mark.parametrize("year", range(2020, 2032))
def test_every_day_of_a_year_agrees_with_the_holidays_library(year):
    calendar = WorkingDayCalendar()
    day = D(year, 1, 1)
    while day.year == year:
        assert calendar.is_working_day(day) == is_working_day_by_hand(day), day
        day += datetime.timedelta(days=1)


CLOSED = frozenset({D(2025, 12, 29), D(2026, 12, 28)})


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(D(2024, 1, 1), D(2027, 12, 31)),
    days=st.integers(0, 400),
    count=st.integers(0, 60),
)
def test_counting_and_adding_agree_with_walking_day_by_day(start, days, count):
    calendar = WorkingDayCalendar(closing_days=CLOSED)
    end = start + datetime.timedelta(days=days)
    walked = sum(
        is_working_day_by_hand(start + datetime.timedelta(days=n), CLOSED)
        for n in range(1, days + 1)
    )
    assert calendar.working_days_between(start, end) == walked
    due, left = start, count
    while left:
        due += datetime.timedelta(days=1)
        left -= is_working_day_by_hand(due, CLOSED)
    assert calendar.add_working_days(start, count) == due


def test_closing_days_do_not_move_a_legal_term():
    calendar = WorkingDayCalendar(closing_days=[D(2026, 12, 28)])
    assert calendar.next_legal_day(D(2026, 12, 26)) == D(2026, 12, 28)  # Saturday → Monday
    assert not calendar.is_working_day(D(2026, 12, 28))


def test_dates_outside_the_calendar_are_refused_by_name():
    with pytest.raises(OutOfCalendar):
        WorkingDayCalendar().is_working_day(D(1899, 12, 31))
    assert WorkingDayCalendar().add_working_days(D(9998, 12, 1), 100) == LAST_DAY


def test_a_calendar_asked_about_years_far_apart_counts_the_years_between_too():
    calendar = WorkingDayCalendar()
    assert calendar.is_working_day(D(2020, 6, 2))
    assert calendar.is_working_day(D(2030, 6, 3))
    start, end = D(2020, 6, 2), D(2030, 6, 3)
    walked = sum(
        is_working_day_by_hand(start + datetime.timedelta(days=n))
        for n in range(1, (end - start).days + 1)
    )
    assert calendar.working_days_between(start, end) == walked
    day, left = D(2021, 12, 1), 300
    while left:
        day += datetime.timedelta(days=1)
        left -= is_working_day_by_hand(day)
    assert calendar.add_working_days(D(2021, 12, 1), 300) == day
