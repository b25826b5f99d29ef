import datetime
import statistics
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from dienstverlening.handling.models import HandlingItem
from dienstverlening.handling.services import items_close, items_upsert
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.work import handling_overview, percentile_from_histogram
from tests.clock import at, working_days_after, working_days_ago
from tests.conftest import logged_in
from tests.handling.factories import item_input
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 11, 29), "jaar")


def make_callbacks(team, lead_days: list[int], received: datetime.datetime | None = None):
    """One call-back per entry, received on Monday 2 Nov 2026 (or ``received``), closed after
    n working days (None: still open)."""
    municipality = MunicipalityFactory()
    received = received or datetime.datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    items_upsert(
        items=[item_input(team, municipality, str(i), received) for i in range(len(lead_days))]
    )
    items = {int(item.source_id): item for item in HandlingItem.objects.all()}
    closing = {
        items[i].pk: at(working_days_after(received.date(), days), received.hour)
        for i, days in enumerate(lead_days)
        if days is not None
    }
    items_close(
        items=[items[i] for i in range(len(lead_days)) if lead_days[i] is not None],
        closed_at=closing,
    )


def test_percentile_from_histogram():
    assert percentile_from_histogram({0: 5, 1: 3, 2: 2}, 0.5) == 0
    assert percentile_from_histogram({0: 4, 1: 3, 2: 3}, 0.5) == 1
    assert percentile_from_histogram({0: 4, 1: 3, 2: 3}, 0.9) == 2
    assert percentile_from_histogram({}, 0.5) is None


def test_on_time_share_median_and_target_from_the_rollups(team, callback_norm):
    make_callbacks(team, [0, 1, 1, 1, 2, 3, 4, 1, None, None])
    [row] = handling_overview(Scope(team=team), YEAR)
    raw = HandlingItem.objects.filter(closed_at__isnull=False)
    on_time = raw.filter(on_time=True).count()
    assert (row.closed, row.open) == (8, 2)
    assert row.on_time == on_time
    assert row.on_time_share == pytest.approx(100 * on_time / 8)
    assert row.median_days == int(statistics.median_low(raw.values_list("lead_days", flat=True)))
    assert row.target_share == 90
    assert row.status == "few"  # 8 closed: under the minimum group size (10), no verdict


@pytest.mark.every_moment
@pytest.mark.parametrize(
    ("lead_days", "verdict"),
    [
        ([0] * 9 + [1], "norm gehaald"),  # 10 of 10 within 1 working day: 100 % against 90 %
        ([0] * 26 + [3] * 4, "net onder de norm"),  # 26 of 30: 86.7 %, within 5 points
        ([0] * 8 + [2, 3], "onder de norm"),  # 8 of 10: 80 %
    ],
    ids=["gehaald", "net-niet", "niet-gehaald"],
)
def test_handling_table_on_dashboard_says_the_verdict_in_words(
    client, employee, team, callback_norm, now, lead_days, verdict
):
    make_callbacks(team, lead_days, received=at(working_days_ago(now.date(), 5), 9))
    html = (
        logged_in(client, employee)
        .get(reverse("dashboard"), {"periode": "12m", "team": team.slug})
        .content.decode()
    )
    assert "Afhandeling tegen de normen" in html
    assert "terugbelverzoek" in html
    assert f'<td class="utrecht-table__cell">{verdict}</td>' in html


def test_dashboard_and_compliance_page_give_the_same_verdict_for_the_same_figures(
    client, employee, team, callback_norm, now
):
    # 3 call-backs closed, 2 of them late: 33 % against 90 %, but 3 is under the minimum
    # group size (10), so neither page judges.
    make_callbacks(team, [0, 3, 4], received=at(working_days_ago(now.date(), 5), 9))
    logged_in(client, employee)
    dashboard = client.get(reverse("dashboard"), {"periode": "jaar", "team": team.slug})
    compliance = client.get(reverse("handling-compliance"))
    [kind_row] = dashboard.context["handling"]
    [compliance_row] = compliance.context["rows"]
    assert kind_row.status == compliance_row.status == "few"
    assert '<td class="utrecht-table__cell">te weinig om te oordelen</td>' in (
        dashboard.content.decode()
    )
    badge = 'utrecht-status-badge--neutral">Te weinig om te oordelen</span>'
    assert badge in compliance.content.decode()
    [api_row] = client.get(reverse("api-kpis"), {"periode": "jaar", "team": team.slug}).json()[
        "afhandeling"
    ]
    assert (api_row["oordeel"], api_row["oordeelTekst"]) == ("few", "te weinig om te oordelen")
