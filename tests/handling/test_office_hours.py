"""Norms in hours, minutes or seconds count office hours on working days, not clock time."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.workdays import OfficeHours, WorkingDayCalendar, office_hours
from dienstverlening.framework.models import NormSubject, NormUnit
from dienstverlening.handling.due import Period, add_office_time, due_moment
from dienstverlening.handling.models import ClosingDay, HandlingItem, LeadTimeBucket
from tests.core.factories import api_client
from tests.framework.factories import NormFactory
from tests.handling.factories import moment
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import MunicipalityFactory


class FakeNorm:
    def __init__(self, value, unit) -> None:
        self.target_value = Decimal(value)
        self.unit = unit


def due(received: str, value, unit=NormUnit.HOURS, closing=(), suspensions=()) -> str:
    calendar = WorkingDayCalendar(closing_days=closing)
    result = due_moment(
        norm=FakeNorm(value, unit),
        received_at=moment(received),
        calendar=calendar,
        suspensions=suspensions,
    )
    return result.astimezone(moment(received).tzinfo).strftime("%a %Y-%m-%d %H:%M")


def test_late_afternoon_call_back_is_due_next_working_day_before_noon():
    # Wednesday 2 December 2026 16:30 + 4 h: half an hour today, 3.5 h tomorrow from 08:30.
    assert due("2026-12-02 16:30", 4) == "Thu 2026-12-03 12:00"


def test_friday_afternoon_goes_over_the_weekend():
    assert due("2026-11-27 16:07", 4) == "Mon 2026-11-30 11:37"


def test_received_outside_office_hours_counts_from_the_next_opening():
    assert due("2026-12-01 07:00", 4) == "Tue 2026-12-01 12:30"  # before opening
    assert due("2026-12-01 18:00", 4) == "Wed 2026-12-02 12:30"  # after closing
    assert due("2026-11-28 10:00", 4) == "Mon 2026-11-30 12:30"  # Saturday


def test_christmas_and_a_local_closing_day_are_skipped():
    # Thursday 24 December 15:00: 2 h that day; 25/26 December and Sunday 27 are off.
    assert due("2026-12-24 15:00", 4) == "Mon 2026-12-28 10:30"
    closing = {datetime.date(2026, 12, 28)}
    assert due("2026-12-24 15:00", 4, closing=closing) == "Tue 2026-12-29 10:30"


def test_a_norm_longer_than_a_day_counts_whole_office_days():
    # 0.5 h Thursday, 8.5 h Friday, 8.5 h Monday, 2.5 h Tuesday = 20 h.
    assert due("2026-12-03 16:30", 20) == "Tue 2026-12-08 11:00"
    # Ending exactly at closing time stays on that day.
    assert due("2026-12-03 16:30", 9) == "Fri 2026-12-04 17:00"
    assert due("2026-12-02 12:30", "4.5") == "Wed 2026-12-02 17:00"


def test_minutes_and_seconds_count_office_time_too():
    assert due("2026-12-02 16:45", 30, NormUnit.MINUTES) == "Thu 2026-12-03 08:45"
    assert due("2026-12-02 16:59", 120, NormUnit.SECONDS) == "Thu 2026-12-03 08:31"


def test_summer_time_starting_over_the_weekend():
    # Summer time starts on Sunday 29 March 2026; Monday 11:30 is 09:30 UTC.
    result = due_moment(
        norm=FakeNorm(4, NormUnit.HOURS),
        received_at=moment("2026-03-27 16:00"),
        calendar=WorkingDayCalendar(),
    )
    assert result == datetime.datetime(2026, 3, 30, 9, 30, tzinfo=datetime.UTC)


def test_a_suspension_moves_an_hour_norm_by_working_days():
    stop = [Period(datetime.date(2026, 12, 3), datetime.date(2026, 12, 7))]  # Thu, Fri
    assert due("2026-12-02 16:30", 4, suspensions=stop) == "Mon 2026-12-07 12:00"


def test_office_hours_come_from_the_setting(settings):
    settings.DV_OFFICE_HOURS = "09:00-12:00"
    assert due("2026-12-02 11:00", 2) == "Thu 2026-12-03 10:00"
    settings.DV_OFFICE_HOURS = "17:00-08:30"
    with pytest.raises(ImproperlyConfigured, match="DV_OFFICE_HOURS"):
        office_hours()
    settings.DV_OFFICE_HOURS = "half negen tot vijf"
    with pytest.raises(ImproperlyConfigured, match="uu:mm-uu:mm"):
        office_hours()


def test_a_wrong_setting_is_caught_by_the_system_check(settings):
    settings.DV_OFFICE_HOURS = "8-17"
    with pytest.raises(SystemCheckError, match="DV_OFFICE_HOURS '8-17' is onleesbaar"):
        call_command("check")


@pytest.mark.django_db
def test_a_call_back_answered_next_morning_is_on_time(team):
    woerden = MunicipalityFactory()
    ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 12, 3))
    NormFactory(
        subject=NormSubject.CALLBACK,
        target_value=Decimal("4"),
        unit=NormUnit.HOURS,
        title="Binnen 4 uur teruggebeld",
    )
    client = api_client("kcc-uren")
    task = {
        "bron": "kcc",
        "nummer": "T-430",
        "gemeente": "woerden",
        "team": "burgerzaken",
        "toegewezenOp": "2026-12-02T16:30:00+01:00",
    }
    with time_machine.travel(moment("2026-12-04 10:00"), tick=False):
        created = client.post("/api/v1/interne-taken/", task, format="json")
        # Thursday 3 December is a closing day of Woerden: the clock runs on Friday.
        assert created.json()["uiterlijkAfgehandeldOp"] == "2026-12-04T12:00:00+01:00"
        closed = client.patch(
            f"/api/v1/interne-taken/{created.json()['uuid']}/",
            {"status": "verwerkt", "afgehandeldOp": "2026-12-04T09:15:00+01:00"},
            format="json",
        )
    assert closed.json()["opTijd"] is True
    assert HandlingItem.objects.get().on_time is True
    assert LeadTimeBucket.objects.get(count=1).on_time == 1
    assert_rollups_match_raw()


def walk_minutes(start: datetime.datetime, minutes: int, calendar: WorkingDayCalendar):
    """The slow way: step through the clock minute by minute, counting office minutes."""
    hours = office_hours_default()
    current = start.replace(tzinfo=None)
    while minutes > 0:
        if calendar.is_working_day(current.date()) and hours[0] <= current.time() < hours[1]:
            minutes -= 1
        current += datetime.timedelta(minutes=1)
    return current


def office_hours_default():
    return datetime.time(8, 30), datetime.time(17, 0)


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    # hypothesis takes naive bounds; the test gives each start the Amsterdam zone itself
    start=st.datetimes(datetime.datetime(2026, 12, 20), datetime.datetime(2027, 1, 10)),  # noqa: DTZ001
    minutes=st.integers(1, 3000),
)
def test_office_time_agrees_with_walking_the_clock(start, minutes):
    start = start.replace(second=0, microsecond=0, tzinfo=AMSTERDAM)
    calendar = WorkingDayCalendar(closing_days={datetime.date(2026, 12, 28)})
    hours = OfficeHours(*office_hours_default())
    got = add_office_time(start, minutes * 60, calendar, hours).replace(tzinfo=None)
    assert got == walk_minutes(start, minutes, calendar)
