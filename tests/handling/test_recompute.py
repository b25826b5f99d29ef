"""Closing days added later move the due moments of open items; a command recomputes a period."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from dienstverlening.framework.models import Level, NormSubject, NormUnit
from dienstverlening.handling.models import (
    ClosingDay,
    DailyFlow,
    HandlingItem,
    ItemKind,
    LeadTimeBucket,
)
from dienstverlening.handling.recompute import due_recompute
from dienstverlening.handling.services import item_suspend, items_upsert
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.framework.factories import NormFactory
from tests.handling.factories import item_input, moment
from tests.handling.rollups import assert_due_moments_current, assert_rollups_match_raw

# Wednesday 2 December 2026, 10:00 in Amsterdam: every test here runs at that moment.
NOW = moment("2026-12-02 10:00")
pytestmark = [pytest.mark.django_db, pytest.mark.moment(NOW)]


@pytest.fixture
def register(clock, team, service, woerden, oudewater):
    """Items whose due moments do or do not depend on 28-31 December and on 30 November."""
    NormFactory(subject=NormSubject.CALLBACK)  # 1 working day
    NormFactory(
        subject=NormSubject.LEAD_TIME,
        level=Level.SERVICE,
        service=service,
        target_value=Decimal("20"),
        title="Binnen 20 werkdagen",
    )
    NormFactory(
        subject=NormSubject.OBJECTION,
        target_value=Decimal("6"),
        unit=NormUnit.WEEKS,
        title="Bezwaar binnen 6 weken",
    )

    def row(source_id, received, kind=ItemKind.CALLBACK, closed=None, place=woerden, **extra):
        return item_input(
            team,
            place,
            source_id,
            moment(received),
            kind=kind,
            source="bron",
            closed_at=moment(closed) if closed else None,
            **extra,
        )

    application = {"kind": ItemKind.APPLICATION, "service_id": service.pk}
    items_upsert(
        items=[
            # 20 working days from Mon 30 Nov: Tue 29 Dec; with 28-31 Dec closed: Tue 5 Jan.
            row("aanvraag-lang", "2026-11-30 09:00", **application),
            # 20 working days from Fri 20 Nov: Fri 18 Dec, before the closing days.
            row("aanvraag-kort", "2026-11-20 09:00", **application),
            # The same long application in Oudewater: Woerden's closing days do not apply.
            row("aanvraag-oudewater", "2026-11-30 09:00", place=oudewater, **application),
            # Legal term of 6 weeks: local closing days never stretch it.
            row("bezwaar", "2026-11-30 09:00", kind=ItemKind.OBJECTION),
            # Call-backs of Friday 27 November, one open, one closed on Tuesday 1 December.
            row("terugbel-open", "2026-11-27 10:00"),
            row("terugbel-dicht", "2026-11-27 10:00", closed="2026-12-01 09:00"),
            row("terugbel-op-tijd", "2026-11-27 10:00", closed="2026-11-30 09:00"),
        ]
    )


def due_of(source_id: str) -> str:
    item = HandlingItem.objects.get(source_id=source_id)
    return item.due_at.astimezone(NOW.tzinfo).strftime("%Y-%m-%d") if item.due_at else "-"


@pytest.fixture
def admin_client(client, clock):
    user = UserFactory(username="beheer-sluitingsdagen", role="administrator", is_superuser=True)
    return logged_in(client, user)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_adding_closing_days_in_the_admin_moves_open_items(register, woerden, admin_client):
    for day in ("2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"):
        response = admin_client.post(
            "/beheer/handling/closingday/add/",
            {"municipality": woerden.pk, "date": day, "reason": "Tussen kerst en oud en nieuw"},
            follow=True,
        )
        assert response.status_code == 200
    assert ClosingDay.objects.count() == 4
    assert "1 openstaand item kreeg een nieuwe uiterste datum." in messages_of(response)
    assert due_of("aanvraag-lang") == "2027-01-05"
    assert due_of("aanvraag-kort") == "2026-12-18"
    assert due_of("aanvraag-oudewater") == "2026-12-29"
    assert due_of("bezwaar") == "2027-01-11"  # 11 January 2027 is a Monday
    assert_due_moments_current(HandlingItem.objects.open())
    assert_rollups_match_raw()


def test_a_closing_day_in_the_past_moves_open_items_but_not_closed_ones(
    register, woerden, admin_client
):
    closed_before = HandlingItem.objects.get(source_id="terugbel-dicht")
    assert (closed_before.lead_days, closed_before.on_time) == (2, False)
    response = admin_client.post(
        "/beheer/handling/closingday/add/",
        {"municipality": woerden.pk, "date": "2026-11-30", "reason": "Storing"},
        follow=True,
    )
    assert "2 openstaande items kregen een nieuwe uiterste datum." in messages_of(response)
    assert due_of("terugbel-open") == "2026-12-01"
    closed = HandlingItem.objects.get(source_id="terugbel-dicht")
    assert (closed.due_at, closed.lead_days, closed.on_time) == (
        closed_before.due_at,
        2,
        False,
    )
    assert_rollups_match_raw()


def test_moving_and_deleting_a_closing_day_in_the_admin(register, woerden, oudewater, admin_client):
    day = ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 12, 28))
    assert due_recompute().moved_open == 1
    assert due_of("aanvraag-lang") == "2026-12-30"
    # Moved to a day after the due moment: back to Tuesday 29 December.
    response = admin_client.post(
        f"/beheer/handling/closingday/{day.pk}/change/",
        {"municipality": woerden.pk, "date": "2027-01-04", "reason": ""},
        follow=True,
    )
    assert "1 openstaand item kreeg een nieuwe uiterste datum." in messages_of(response)
    assert due_of("aanvraag-lang") == "2026-12-29"
    # Back to 28 December, then given to Oudewater: Woerden's item moves back, Oudewater's on.
    admin_client.post(
        f"/beheer/handling/closingday/{day.pk}/change/",
        {"municipality": woerden.pk, "date": "2026-12-28", "reason": ""},
    )
    assert (due_of("aanvraag-lang"), due_of("aanvraag-oudewater")) == ("2026-12-30", "2026-12-29")
    response = admin_client.post(
        f"/beheer/handling/closingday/{day.pk}/change/",
        {"municipality": oudewater.pk, "date": "2026-12-28", "reason": ""},
        follow=True,
    )
    assert "2 openstaande items kregen een nieuwe uiterste datum." in messages_of(response)
    assert (due_of("aanvraag-lang"), due_of("aanvraag-oudewater")) == ("2026-12-29", "2026-12-30")
    response = admin_client.post(
        f"/beheer/handling/closingday/{day.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert "1 openstaand item kreeg een nieuwe uiterste datum." in messages_of(response)
    assert due_of("aanvraag-oudewater") == "2026-12-29"
    assert_due_moments_current(HandlingItem.objects.open())
    assert_rollups_match_raw()


def test_deleting_several_closing_days_at_once(register, woerden, oudewater, admin_client):
    days = [
        ClosingDay.objects.create(municipality=place, date=datetime.date(2026, 12, 28))
        for place in (woerden, oudewater)
    ]
    due_recompute()
    assert (due_of("aanvraag-lang"), due_of("aanvraag-oudewater")) == ("2026-12-30",) * 2
    response = admin_client.post(
        "/beheer/handling/closingday/",
        {"action": "delete_selected", "_selected_action": [d.pk for d in days], "post": "yes"},
        follow=True,
    )
    assert ClosingDay.objects.count() == 0
    assert "2 openstaande items kregen een nieuwe uiterste datum." in messages_of(response)
    assert (due_of("aanvraag-lang"), due_of("aanvraag-oudewater")) == ("2026-12-29",) * 2
    assert_rollups_match_raw()


def test_a_suspended_item_gets_its_due_moment_when_the_clock_runs_again(register, woerden):
    item = HandlingItem.objects.get(source_id="aanvraag-lang")
    item_suspend(item=item, starts_on=datetime.date(2026, 12, 1))
    ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 12, 28))
    assert due_recompute().moved_open == 0
    assert due_of("aanvraag-lang") == "-"


def test_command_recomputes_closed_items_of_a_period_on_purpose(register, woerden, capsys):
    ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 11, 30))
    flow_before = list(DailyFlow.objects.values_list("day", "closed", "closed_on_time"))
    call_command(
        "recompute_due",
        "--van",
        "01-11-2026",
        "--tot",
        "30-11-2026",
        "--ook-afgesloten",
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert "Proefdraai: er is niets opgeslagen." in out
    # Open: the call-back of 27 November and the application due on 18 December.
    assert "Nieuwe uiterste datum: 4 items (2 open, 2 afgehandeld)." in out
    assert "Andere doorlooptijd of oordeel: 2 afgehandelde items." in out
    assert HandlingItem.objects.get(source_id="terugbel-dicht").on_time is False
    assert list(DailyFlow.objects.values_list("day", "closed", "closed_on_time")) == flow_before

    call_command("recompute_due", "--van", "2026-11-01", "--tot", "2026-11-30", "--ook-afgesloten")
    out = capsys.readouterr().out
    assert "Nieuwe uiterste datum: 4 items (2 open, 2 afgehandeld)." in out
    closed = HandlingItem.objects.get(source_id="terugbel-dicht")
    assert (closed.lead_days, closed.on_time) == (1, True)
    on_time = HandlingItem.objects.get(source_id="terugbel-op-tijd")
    assert (on_time.lead_days, on_time.on_time) == (0, True)
    # The roll-ups moved with them: both call-backs now count on time, in the right buckets.
    buckets = dict(
        LeadTimeBucket.objects.filter(kind=ItemKind.CALLBACK, count__gt=0).values_list(
            "bucket", "on_time"
        )
    )
    assert buckets == {0: 1, 1: 1}
    assert_due_moments_current(HandlingItem.objects.all())
    assert_rollups_match_raw()


def test_command_without_closed_items_leaves_them_alone(register, woerden, capsys):
    ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 11, 30))
    call_command("recompute_due", "--van", "2026-11-01", "--tot", "2026-11-30")
    assert "Nieuwe uiterste datum: 2 items (2 open, 0 afgehandeld)." in capsys.readouterr().out
    assert HandlingItem.objects.get(source_id="terugbel-dicht").on_time is False
    assert_rollups_match_raw()


def test_command_explains_bad_input_in_dutch(clock, db):
    with pytest.raises(CommandError, match="ligt vóór"):
        call_command("recompute_due", "--van", "2026-12-31", "--tot", "2026-01-01")
    with pytest.raises(CommandError, match="geen geldige datum: die dag bestaat niet"):
        call_command("recompute_due", "--van", "31-02-2026", "--tot", "2026-03-01")


def test_recompute_is_set_based(clock, team, woerden, django_assert_max_num_queries):
    NormFactory(subject=NormSubject.EMAIL, target_value=Decimal("20"))
    items_upsert(
        items=[
            item_input(
                team,
                woerden,
                str(n),
                moment("2026-12-01 09:00") - datetime.timedelta(minutes=n),
                kind=ItemKind.EMAIL,
                source="mail",
            )
            for n in range(600)
        ]
    )
    ClosingDay.objects.create(municipality=woerden, date=datetime.date(2026, 12, 28))
    # Reading is one query per 2,000 items; writing one per 500 changed rows (SQLite: per ~120,
    # its limit of 999 parameters per statement).
    with django_assert_max_num_queries(16):
        result = due_recompute()
    assert result.moved_open == 600
    assert_due_moments_current(HandlingItem.objects.all())
    assert_rollups_match_raw()
