"""Writing the register: upserts never duplicate, the lifecycle holds, roll-ups stay exact."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dienstverlening.framework.models import Level, NormSubject, NormUnit
from dienstverlening.handling.models import (
    ClosingDay,
    DailyFlow,
    HandlingItem,
    ItemKind,
    ItemStatus,
    LeadTimeBucket,
)
from dienstverlening.handling.services import (
    ItemInput,
    item_close,
    item_resume,
    item_suspend,
    item_upsert,
    items_delete,
    items_upsert,
)
from tests.framework.factories import NormFactory
from tests.handling.factories import item_input, moment
from tests.handling.rollups import assert_rollups_match_raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def norms(team, service):
    NormFactory(subject=NormSubject.CALLBACK)
    NormFactory(
        subject=NormSubject.LEAD_TIME,
        level=Level.SERVICE,
        service=service,
        target_value=Decimal("5"),
        unit=NormUnit.WORKING_DAYS,
        target_share=Decimal("95"),
    )
    NormFactory(
        subject=NormSubject.OBJECTION,
        target_value=Decimal("6"),
        unit=NormUnit.WEEKS,
        title="Bezwaar binnen 6 weken",
    )


def data(team, woerden, source_id="1", **kwargs) -> ItemInput:
    values = {"received_at": moment("2026-11-20 10:00"), **kwargs}
    return item_input(team=team, municipality=woerden, source_id=source_id, **values)


def test_same_source_and_id_updates_never_duplicates(norms, team, woerden):
    item, created = item_upsert(data=data(team, woerden))
    assert created
    again, created = item_upsert(data=data(team, woerden, closed_at=moment("2026-11-23 09:00")))
    assert not created and again.pk == item.pk
    assert HandlingItem.objects.count() == 1
    again.refresh_from_db()
    assert again.status == ItemStatus.CLOSED
    assert again.on_time is True  # Friday + 1 working day = Monday
    assert again.lead_days == 1
    assert_rollups_match_raw()


def test_due_uses_the_norm_of_the_day_of_arrival(norms, team, woerden, service):
    item, _ = item_upsert(data=data(team, woerden))
    assert item.norm.subject == NormSubject.CALLBACK
    application, _ = item_upsert(
        data=data(team, woerden, "A-1", kind=ItemKind.APPLICATION, service_id=service.pk)
    )
    assert application.norm.target_value == 5
    assert application.due_at.date() == datetime.date(2026, 11, 27)


def test_closing_day_of_the_municipality_moves_the_due_date(norms, team, woerden):
    ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 11, 23))
    item, _ = item_upsert(data=data(team, woerden))
    assert item.due_at.astimezone(moment("2026-01-01 00:00").tzinfo).date() == datetime.date(
        2026, 11, 24
    )


def test_item_without_norm_has_no_due_moment(team, woerden):
    item, _ = item_upsert(data=data(team, woerden))
    assert item.norm is None and item.due_at is None
    item_close(item=item, closed_at=moment("2026-11-24 10:00"))
    item.refresh_from_db()
    assert item.on_time is None and item.lead_days == 2
    assert_rollups_match_raw()


def test_suspend_and_resume_move_the_due_date_and_keep_the_dates(norms, team, woerden):
    item, _ = item_upsert(
        data=data(
            team, woerden, "B-1", kind=ItemKind.OBJECTION, received_at=moment("2026-01-05 10:00")
        )
    )
    assert item.due_at.date() == datetime.date(2026, 2, 16)
    item_suspend(item=item, starts_on=datetime.date(2026, 1, 10))
    item.refresh_from_db()
    assert item.status == ItemStatus.SUSPENDED and item.due_at is None
    with pytest.raises(ValidationError):
        item_suspend(item=item, starts_on=datetime.date(2026, 1, 12))
    item_resume(item=item, ends_on=datetime.date(2026, 1, 24))
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    assert item.due_at.date() == datetime.date(2026, 3, 2)
    suspension = item.suspensions.get()
    assert (suspension.starts_on, suspension.ends_on) == (
        datetime.date(2026, 1, 10),
        datetime.date(2026, 1, 24),
    )
    # A re-import keeps the suspension.
    item_upsert(
        data=data(
            team, woerden, "B-1", kind=ItemKind.OBJECTION, received_at=moment("2026-01-05 10:00")
        )
    )
    item.refresh_from_db()
    assert item.due_at.date() == datetime.date(2026, 3, 2)
    assert_rollups_match_raw()


def test_a_call_back_cannot_be_suspended(norms, team, woerden):
    item, _ = item_upsert(data=data(team, woerden))
    with pytest.raises(ValidationError):
        item_suspend(item=item, starts_on=datetime.date(2026, 11, 21))


def test_closing_twice_is_refused(norms, team, woerden):
    item, _ = item_upsert(data=data(team, woerden))
    item_close(item=item, closed_at=moment("2026-11-23 10:00"))
    with pytest.raises(ValidationError):
        item_close(item=item, closed_at=moment("2026-11-24 10:00"))


def test_closed_before_received_is_refused_and_nothing_changes(norms, team, woerden):
    with pytest.raises(ValidationError):
        items_upsert(
            items=[
                data(team, woerden, "ok"),
                data(team, woerden, "bad", closed_at=moment("2026-11-19 10:00")),
            ]
        )
    assert HandlingItem.objects.count() == 0
    assert DailyFlow.objects.count() == 0


def test_rollups_follow_every_change_and_a_delete(norms, team, other_team, woerden, service):
    rows = [
        data(team, woerden, str(n), received_at=moment(f"2026-11-{10 + n % 5} 10:00"))
        for n in range(30)
    ]
    items_upsert(items=rows)
    assert_rollups_match_raw()
    # Close some, move one to another team, reopen one.
    items_upsert(
        items=[
            data(
                team,
                woerden,
                str(n),
                received_at=rows[n].received_at,
                closed_at=moment("2026-11-18 12:00"),
            )
            for n in range(0, 30, 3)
        ]
    )
    items_upsert(items=[data(other_team, woerden, "1", received_at=rows[1].received_at)])
    items_upsert(items=[data(team, woerden, "0", received_at=rows[0].received_at)])
    assert_rollups_match_raw()
    assert DailyFlow.objects.filter(team=other_team).exists()
    assert LeadTimeBucket.objects.exists()
    items_delete(queryset=HandlingItem.objects.filter(source_id__in=["2", "3"]))
    assert_rollups_match_raw()


def test_rollup_writes_are_batched(norms, team, woerden, django_assert_max_num_queries):
    rows = [data(team, woerden, str(n)) for n in range(500)]
    with django_assert_max_num_queries(20):
        items_upsert(items=rows)
    assert HandlingItem.objects.count() == 500
