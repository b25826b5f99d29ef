"""The migration that adds the monthly roll-ups fills them from the daily ones."""

import datetime

import pytest

from tests.conftest import migrate_to
from tests.core.factories import historical_team_and_municipality

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("handling", "0003_signal_kind")]
AFTER = [("handling", "0004_monthly_rollups")]


def test_monthly_rollups_start_as_the_daily_ones_summed_per_month(migrator):
    old = migrate_to(BEFORE)
    team, municipality = historical_team_and_municipality(old)
    service = old.get_model("organisation", "Service").objects.create(
        name="Paspoort", slug="paspoort", team=team
    )
    flow = old.get_model("handling", "DailyFlow")
    lead = old.get_model("handling", "LeadTimeBucket")
    common = {"municipality": municipality, "team": team, "kind": "callback"}
    # Two days of March (one with a service, one without) and one of April.
    flow.objects.create(day=datetime.date(2026, 3, 2), service=service, received=3, **common)
    flow.objects.create(day=datetime.date(2026, 3, 31), closed=2, closed_on_time=1, **common)
    flow.objects.create(day=datetime.date(2026, 4, 1), received=1, **common)
    lead.objects.create(day=datetime.date(2026, 3, 2), bucket=1, count=2, on_time=2, **common)
    lead.objects.create(
        day=datetime.date(2026, 3, 9), service=service, bucket=1, count=1, on_time=0, **common
    )
    lead.objects.create(day=datetime.date(2026, 3, 9), bucket=4, count=1, on_time=0, **common)

    new = migrate_to(AFTER)
    months = {
        row["month"]: (row["received"], row["closed"], row["closed_on_time"])
        for row in new.get_model("handling", "MonthlyFlow").objects.values()
    }
    assert months == {datetime.date(2026, 3, 1): (3, 2, 1), datetime.date(2026, 4, 1): (1, 0, 0)}
    buckets = {
        (row["month"], row["bucket"]): (row["count"], row["on_time"])
        for row in new.get_model("handling", "MonthlyLeadTime").objects.values()
    }
    assert buckets == {
        (datetime.date(2026, 3, 1), 1): (3, 2),
        (datetime.date(2026, 3, 1), 4): (1, 0),
    }
