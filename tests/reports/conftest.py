"""Data for reports, entered the way the intake enters it: survey answers and handled
call-backs. The answers are dated in November 2026 (and 2025 for a comparison); tests read the
clock on Wednesday 2 December 2026, as the dashboard tests do."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from dienstverlening.handling.models import HandlingItem
from dienstverlening.handling.services import items_close, items_upsert
from tests.clock import at, working_days_after
from tests.handling.factories import item_input
from tests.insights import conftest as insights
from tests.organisation.factories import MunicipalityFactory

AMS = ZoneInfo("Europe/Amsterdam")
# The dashboard tests' fixtures: statements, survey runs, answers and the call-back norm.
statements = insights.statements
run = insights.run
baseline_run = insights.baseline_run
answer = insights.answer
callback_norm = insights.callback_norm
default_moment = insights.default_moment
THIS_YEAR = "2026"
LAST_YEAR = "2025"


@pytest.fixture
def woerden(db):
    return MunicipalityFactory()


@pytest.fixture
def measured(answer, service, woerden):
    """Last year 10 of 20 residents agreed; this year 18 of 20: a real improvement."""
    answer(service, 10, agree=True, day=datetime.date(2025, 6, 2), mark=6)
    answer(service, 10, agree=False, day=datetime.date(2025, 6, 2), mark=6)
    answer(service, 18, agree=True, day=datetime.date(2026, 11, 2), mark=8)
    answer(service, 2, agree=False, day=datetime.date(2026, 11, 2), mark=8)
    return service


@pytest.fixture
def callbacks(team, woerden, callback_norm):
    """Twelve call-backs in November 2026: ten closed the next working day, two after three."""
    received = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    items_upsert(items=[item_input(team, woerden, f"cb-{i}", received) for i in range(12)])
    items = list(HandlingItem.objects.order_by("source_id"))
    closing = {
        item.pk: at(working_days_after(received.date(), 1 if i < 10 else 3), 10)
        for i, item in enumerate(items)
    }
    items_close(items=items, closed_at=closing)
    return items
