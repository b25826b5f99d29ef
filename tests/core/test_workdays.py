import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dienstverlening.core.workdays import WorkingDayCalendar

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
