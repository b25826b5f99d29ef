"""The dashboard keeps its figures per scope and period, and lets go of them when data comes in."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienstverlening.handling.models import HandlingItem
from dienstverlening.handling.services import items_close, items_upsert
from dienstverlening.surveys.models import Response
from tests.conftest import logged_in
from tests.handling.factories import item_input
from tests.organisation.factories import MunicipalityFactory, ServiceFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
RECEIVED = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=AMS)  # this year, before the clock


def page(client, **params):
    return client.get(reverse("dashboard"), {"periode": "jaar", **params})


def handling(response) -> tuple[int, int, int]:
    """(received, closed, open now) of the call-backs in the page's table."""
    rows = {row.kind: row for row in response.context["handling"]}
    row = rows.get("callback")
    return (row.received, row.closed, row.open) if row else (0, 0, 0)


def content(html: str) -> str:
    """What the page shows: from the heading to the end of the main content, without the
    per-request tokens (CSP nonce, CSRF)."""
    main = html[html.index("<h1") : html.index("</main>")]
    return re.sub(r'(nonce|csrfmiddlewaretoken|value)="[^"]*"', "", main)


def add_items(team, municipality, *numbers):
    items_upsert(items=[item_input(team, municipality, str(n), RECEIVED) for n in numbers])


def test_a_new_item_shows_on_the_next_page_load(client, employee, team, other_team):
    municipality = MunicipalityFactory()
    add_items(team, municipality, 1)
    logged_in(client, employee)
    pages = [{}, {"team": team.slug}, {"gemeente": municipality.slug}]
    assert [handling(page(client, **p)) for p in pages] == [(1, 0, 1)] * 3
    add_items(team, municipality, 2)
    assert [handling(page(client, **p)) for p in pages] == [(2, 0, 2)] * 3
    # Another team's item moves the organisation, not this team's page.
    add_items(other_team, municipality, 3)
    assert [handling(page(client, **p)) for p in pages] == [(3, 0, 3), (2, 0, 2), (3, 0, 3)]


def test_closing_an_item_shows_on_the_next_page_load(client, employee, team):
    add_items(team, MunicipalityFactory(), 1, 2)
    logged_in(client, employee)
    assert handling(page(client, team=team.slug)) == (2, 0, 2)
    item = HandlingItem.objects.get(source_id="1")
    items_close(items=[item], closed_at={item.pk: RECEIVED + datetime.timedelta(hours=2)})
    assert handling(page(client, team=team.slug)) == (2, 1, 1)


def test_a_new_response_shows_on_the_next_page_load(client, employee, answer, service):
    answer(service, 10)
    logged_in(client, employee)
    for params in ({}, {"team": service.team.slug}, {"dienst": service.slug}):
        assert "10 inwoners gaven een oordeel" in page(client, **params).content.decode()
    answer(service, 1)
    for params in ({}, {"team": service.team.slug}, {"dienst": service.slug}):
        assert "11 inwoners gaven een oordeel" in page(client, **params).content.decode()


def test_the_second_load_reads_no_roll_up_and_shows_the_same(
    client, employee, answer, service, clock
):
    answer(service, 12)
    add_items(service.team, MunicipalityFactory(), 1, 2, 3)
    logged_in(client, employee)
    first = page(client).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = page(client).content.decode()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "surveys_answertally" not in read
    assert "handling_monthlyflow" not in read and "handling_dailyflow" not in read
    assert "handling_handlingitem" not in read  # open work: counted once in this minute
    assert content(first) == content(second)
    clock.shift(datetime.timedelta(minutes=1))
    with CaptureQueriesContext(connection) as queries:
        third = page(client).content.decode()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "handling_handlingitem" in read  # the next minute counts what is open afresh
    assert content(third) == content(second)


def overdue(response) -> int:
    rows = {row.kind: row for row in response.context["handling"]}
    return rows["callback"].overdue


def test_an_item_past_its_due_moment_counts_as_late_from_the_next_minute(
    client, employee, team, now, clock
):
    add_items(team, MunicipalityFactory(), 1)
    # Due half a minute from now; passing the due moment changes no data, only the time.
    HandlingItem.objects.update(due_at=now + datetime.timedelta(seconds=30))
    logged_in(client, employee)
    assert overdue(page(client, team=team.slug)) == 0

    clock.shift(datetime.timedelta(seconds=20))
    assert overdue(page(client, team=team.slug)) == 0  # still before its due moment

    clock.shift(datetime.timedelta(minutes=1))
    assert overdue(page(client, team=team.slug)) == 1


def test_each_scope_keeps_its_own_figures(client, employee, team, other_team):
    municipality = MunicipalityFactory()
    add_items(team, municipality, 1)
    add_items(other_team, municipality, 2, 3)
    logged_in(client, employee)
    assert handling(page(client)) == (3, 0, 3)
    assert handling(page(client, team=team.slug)) == (1, 0, 1)
    assert handling(page(client, team=other_team.slug)) == (2, 0, 2)


def test_team_page_from_monthly_roll_up_equals_its_only_service_from_daily(client, employee, team):
    service = ServiceFactory(team=team)
    municipality = MunicipalityFactory()
    items_upsert(
        items=[
            item_input(team, municipality, str(n), RECEIVED, service_id=service.pk)
            for n in range(12)
        ]
    )
    items = list(HandlingItem.objects.order_by("source_id"))
    items_close(
        items=items[:9],
        closed_at={
            item.pk: RECEIVED + datetime.timedelta(days=n) for n, item in enumerate(items[:9])
        },
    )
    logged_in(client, employee)
    [team_row] = page(client, team=team.slug).context["handling"]
    [service_row] = page(client, dienst=service.slug).context["handling"]
    assert team_row == service_row
    assert (team_row.received, team_row.closed, team_row.open) == (12, 9, 3)


def test_an_open_item_becomes_overdue_without_new_data(
    client, employee, team, callback_norm, clock, now
):
    items_upsert(
        items=[item_input(team, MunicipalityFactory(), "1", now - datetime.timedelta(hours=1))]
    )
    logged_in(client, employee)
    [row] = page(client, team=team.slug).context["handling"]
    assert (row.received, row.open, row.overdue) == (1, 1, 0)
    # Nothing is written; a week later the call-back (one working day) is late: the cached
    # counts of the period stay, what is open and late now is counted now.
    clock.shift(datetime.timedelta(days=7))
    logged_in(client, employee)  # the session of a week ago has ended
    [row] = page(client, team=team.slug).context["handling"]
    assert (row.received, row.open, row.overdue) == (1, 1, 1)


@pytest.mark.parametrize("renamed", ["service", "channel", "municipality", "domain", "value"])
def test_a_renamed_unit_shows_its_new_name_on_the_next_page_load(
    client, employee, answer, service, statements, renamed
):
    """A name is part of the cached figures (breakdowns, filters): renaming a service, channel,
    municipality, domain or core value shows on the next load, not minutes later."""
    answer(service, 12)
    response = Response.objects.select_related("channel", "municipality").first()
    unit = {
        "service": service,
        "channel": response.channel,
        "municipality": response.municipality,
        "domain": service.team.domain,
        "value": statements[0].value,
    }[renamed]
    logged_in(client, employee)
    params = {"team": service.team.slug} if renamed == "service" else {}
    assert unit.name in content(page(client, **params).content.decode())

    unit.name = "Hernoemd Onderdeel"
    unit.save()

    assert "Hernoemd Onderdeel" in content(page(client, **params).content.decode())
