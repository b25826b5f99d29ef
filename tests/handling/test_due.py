"""Due moments in working days and legal terms, as a team leader would check them by hand."""

import datetime
from decimal import Decimal

import pytest

from dienstverlening.core.workdays import WorkingDayCalendar
from dienstverlening.framework.models import Level, NormSubject, NormUnit
from dienstverlening.framework.selectors import norm_applicable
from dienstverlening.handling.due import (
    OutOfCalendar,
    Period,
    due_moment,
    kind_norms,
    lead_working_days,
    norm_for_kind,
)
from tests.framework.factories import NormFactory
from tests.handling.factories import moment


def calendar(closing=()) -> WorkingDayCalendar:
    return WorkingDayCalendar(closing_days=closing)


class FakeNorm:
    def __init__(self, value, unit) -> None:
        self.target_value = Decimal(value)
        self.unit = unit


def due(received: str, value, unit, closing=(), suspensions=()) -> str:
    result = due_moment(
        norm=FakeNorm(value, unit),
        received_at=moment(received),
        calendar=calendar(closing),
        suspensions=suspensions,
    )
    return result.astimezone(moment(received).tzinfo).strftime("%Y-%m-%d %H:%M")


def test_one_working_day_skips_the_weekend():
    assert due("2026-11-27 16:00", 1, NormUnit.WORKING_DAYS) == "2026-11-30 23:59"


def test_two_working_days_over_christmas_and_a_closing_day():
    # 24 Dec (Thu) + 2: 25/26 Dec are holidays, 27 Dec Sunday, 28 Dec closed locally.
    assert due("2026-12-24 09:00", 2, NormUnit.WORKING_DAYS) == "2026-12-29 23:59"
    closing = {datetime.date(2026, 12, 28)}
    assert due("2026-12-24 09:00", 2, NormUnit.WORKING_DAYS, closing) == "2026-12-30 23:59"


def test_good_friday_and_easter_monday_are_not_working_days():
    # 2026: Good Friday 3 April, Easter Monday 6 April.
    assert due("2026-04-02 10:00", 1, NormUnit.WORKING_DAYS) == "2026-04-07 23:59"


def test_liberation_day_is_off_every_year_not_only_every_fifth():
    # 5 May 2026 is a Tuesday and not a lustrum year.
    assert due("2026-05-04 10:00", 1, NormUnit.WORKING_DAYS) == "2026-05-06 23:59"


def test_kings_day_and_ascension():
    assert due("2026-04-26 10:00", 1, NormUnit.WORKING_DAYS) == "2026-04-28 23:59"  # 27 April
    assert due("2026-05-13 10:00", 1, NormUnit.WORKING_DAYS) == "2026-05-15 23:59"  # Ascension


def test_fraction_of_a_working_day_rounds_up():
    assert due("2026-11-23 10:00", "0.5", NormUnit.WORKING_DAYS) == "2026-11-24 23:59"


def test_legal_term_in_weeks_counts_calendar_days():
    assert due("2026-01-05 10:00", 8, NormUnit.WEEKS) == "2026-03-02 23:59"


def test_legal_term_ending_on_a_weekend_or_holiday_moves_to_the_next_working_day():
    # 6 weeks after 17 Nov 2025 is 29 Dec... pick one ending on Saturday 28 Nov 2026.
    assert due("2026-10-17 10:00", 6, NormUnit.WEEKS) == "2026-11-30 23:59"
    # Ending on Christmas Day: to 28 December (Monday).
    assert due("2026-11-20 10:00", 35, NormUnit.CALENDAR_DAYS) == "2026-12-28 23:59"


def test_local_closing_days_do_not_stretch_legal_terms():
    closing = {datetime.date(2026, 3, 2)}
    assert due("2026-01-05 10:00", 8, NormUnit.WEEKS, closing) == "2026-03-02 23:59"


def test_hours_are_office_hours():
    # Friday 16:00-17:00, then Monday from 08:30 (tests/handling/test_office_hours.py: more).
    assert due("2026-11-27 16:00", 8, NormUnit.HOURS) == "2026-11-30 15:30"


def test_suspension_moves_the_due_date_by_the_suspended_working_days():
    # 5 working days from Mon 16 Nov = Mon 23 Nov; suspended Wed 18 – Fri 20 (resumed Mon 23):
    # 3 working days more → Thu 26 Nov.
    stop = [Period(datetime.date(2026, 11, 18), datetime.date(2026, 11, 23))]
    assert due("2026-11-16 10:00", 5, NormUnit.WORKING_DAYS) == "2026-11-23 23:59"
    assert due("2026-11-16 10:00", 5, NormUnit.WORKING_DAYS, suspensions=stop) == "2026-11-26 23:59"


def test_suspension_moves_a_legal_term_by_calendar_days():
    stop = [Period(datetime.date(2026, 1, 10), datetime.date(2026, 1, 24))]  # 14 days
    assert due("2026-01-05 10:00", 8, NormUnit.WEEKS, suspensions=stop) == "2026-03-16 23:59"


def test_running_suspension_has_no_due_moment():
    result = due_moment(
        norm=FakeNorm(5, NormUnit.WORKING_DAYS),
        received_at=moment("2026-11-16 10:00"),
        calendar=calendar(),
        suspensions=[Period(datetime.date(2026, 11, 18), None)],
    )
    assert result is None


def test_lead_time_in_working_days_minus_suspension():
    cal = calendar()
    assert (
        lead_working_days(
            received_at=moment("2026-11-27 10:00"),
            closed_at=moment("2026-11-30 09:00"),
            calendar=cal,
        )
        == 1
    )
    stop = [Period(datetime.date(2026, 11, 18), datetime.date(2026, 11, 23))]
    assert (
        lead_working_days(
            received_at=moment("2026-11-16 10:00"),
            closed_at=moment("2026-11-26 12:00"),
            calendar=cal,
            suspensions=stop,
        )
        == 5
    )


@pytest.mark.django_db
def test_the_norm_for_a_kind_agrees_with_norm_applicable(team, other_team, service):
    NormFactory(subject=NormSubject.CALLBACK, valid_from=datetime.date(2024, 1, 1))
    NormFactory(
        subject=NormSubject.CALLBACK,
        level=Level.TEAM,
        team=team,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
        target_value=Decimal("8"),
        unit=NormUnit.HOURS,
    )
    NormFactory(
        subject=NormSubject.LEAD_TIME,
        level=Level.SERVICE,
        service=service,
        valid_from=datetime.date(2024, 6, 1),
        target_value=Decimal("5"),
    )
    norms = kind_norms()
    for day in (datetime.date(2024, 3, 1), datetime.date(2025, 6, 1), datetime.date(2026, 6, 1)):
        for kind_team in (team, other_team):
            expected = norm_applicable(subject=NormSubject.CALLBACK, day=day, team=kind_team)
            got = norm_for_kind(norms, kind="callback", day=day, team_id=kind_team.pk)
            assert got == expected
        expected = norm_applicable(subject=NormSubject.LEAD_TIME, day=day, service=service)
        got = norm_for_kind(
            norms, kind="application", day=day, team_id=team.pk, service_id=service.pk
        )
        assert got == expected


# --- the calendar's range: never a crash, never an endless loop ---------------------------------


def test_an_absurd_norm_is_due_at_the_end_of_the_calendar_not_a_crash():
    # 999.999,99 weeks ends past the year 9999: that was an OverflowError.
    assert due("2026-11-27 10:00", "999999.99", NormUnit.WEEKS) == "9998-12-31 23:59"


def test_adding_working_days_near_the_end_of_the_calendar_stops_there():
    # This used to count on past the calendar's last year forever.
    days = calendar()
    assert days.add_working_days(datetime.date(9998, 12, 1), 100) == datetime.date(9998, 12, 31)
    assert days.next_legal_day(datetime.date(9998, 12, 31)) == datetime.date(9998, 12, 31)


@pytest.mark.parametrize(
    "received", [datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), moment("1899-12-31 10:00")]
)
def test_a_receipt_before_the_calendar_is_refused_by_name(received):
    with pytest.raises(OutOfCalendar):
        due_moment(
            norm=FakeNorm(2, NormUnit.WORKING_DAYS), received_at=received, calendar=calendar()
        )
