"""The purge's handling rule: items go two years after closing, with their suspensions; open
items stay; the roll-ups, and so the dashboard's handling figures, do not change."""

import datetime

import pytest

from dienstverlening.core.models import DeletionLog
from dienstverlening.core.retention import purge_run
from dienstverlening.handling.models import HandlingItem, ItemKind, Suspension
from dienstverlening.handling.services import item_close, item_resume, item_suspend, item_upsert
from dienstverlening.insights import work
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope
from tests.handling.factories import item_input, moment
from tests.handling.rollups import assert_monthly_matches_daily, stored_monthly, stored_rollups
from tests.organisation.factories import MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.moment("wednesday")]

EVERYTHING = Period(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1), "eigen")
# Whole months: read from the monthly roll-ups.
ALL_MONTHS = Period(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31), "eigen")


@pytest.fixture
def register(team):
    """Items around the boundary at the suite's moment (2 December 2026, 10:00): two years
    back is 2 December 2024, 10:00."""
    woerden = MunicipalityFactory()

    def add(source_id, received, closed=None, *, kind=ItemKind.CALLBACK):
        item, _ = item_upsert(
            data=item_input(team, woerden, source_id, moment(received), kind=kind)
        )
        if closed:
            item_close(item=item, closed_at=moment(closed))
        return item

    objection = add("B-1", "2024-06-03 10:00", kind=ItemKind.OBJECTION)
    item_suspend(item=objection, starts_on=datetime.date(2024, 6, 10))
    item_resume(item=objection, ends_on=datetime.date(2024, 6, 20))
    item_close(item=objection, closed_at=moment("2024-12-02 09:59"))
    return {
        "past": objection,
        "boundary": add("T-1", "2024-11-28 09:00", "2024-12-02 10:00"),
        "open": add("T-2", "2020-03-02 09:00"),
        "recent": add("T-3", "2026-11-30 09:00", "2026-12-01 11:00"),
    }


def figures() -> tuple:
    assert_monthly_matches_daily()
    return (
        stored_rollups(),
        stored_monthly(),
        work.handling_overview(Scope(), EVERYTHING),
        work.handling_overview(Scope(), ALL_MONTHS),
        work.on_time_trend(Scope(), EVERYTHING),
        work.on_time_trend(Scope(), ALL_MONTHS),
    )


def remaining() -> set[str]:
    return set(HandlingItem.objects.values_list("source_id", flat=True))


def test_an_item_closed_two_years_ago_goes_with_its_suspension_and_the_figures_stay(register):
    before = figures()
    assert Suspension.objects.filter(item=register["past"]).exists()

    [result] = purge_run(codes=["handling_items"])

    assert remaining() == {"T-1", "T-2", "T-3"}  # closed exactly two years ago: still inside
    assert not Suspension.objects.exists()
    assert (result.count, result.details) == (
        1,
        {"handling.HandlingItem": 1, "handling.Suspension": 1},
    )
    assert figures() == before


def test_a_minute_later_the_item_on_the_boundary_goes_too_and_a_second_run_finds_nothing(
    register, clock
):
    before = figures()
    purge_run(codes=["handling_items"])
    clock.shift(datetime.timedelta(minutes=1))

    purge_run(codes=["handling_items"])
    purge_run(codes=["handling_items"])

    assert remaining() == {"T-2", "T-3"}  # the open one, received in 2020, stays
    assert list(DeletionLog.objects.order_by("pk").values_list("count", flat=True)) == [1, 1, 0]
    assert figures() == before


def test_a_dry_run_deletes_nothing(register):
    [result] = purge_run(codes=["handling_items"], dry_run=True)
    assert result.count == 1
    assert remaining() == {"B-1", "T-1", "T-2", "T-3"}
    assert Suspension.objects.count() == 1
