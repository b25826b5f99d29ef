"""The bulk-write toolkit on the roll-up it serves: counts add up on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum

from dienstverlening.core import bulk
from dienstverlening.core.bulk import RollupKey, bulk_insert, increment_upsert
from dienstverlening.handling.models import FLOW_KEY, LEAD_KEY, DailyFlow, LeadTimeBucket
from dienstverlening.surveys.models import TALLY_KEY, AnswerTally
from tests.organisation.factories import MunicipalityFactory, ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db

COUNTS = ["received", "closed", "closed_on_time"]
DAY = datetime.date(2026, 11, 2)


@pytest.fixture
def groups():
    team = TeamFactory()
    return MunicipalityFactory().pk, team.pk, ServiceFactory(team=team).pk


def flows() -> dict:
    return {
        (row.day, row.service_id): (row.received, row.closed, row.closed_on_time)
        for row in DailyFlow.objects.all()
    }


def test_counts_are_added_to_existing_rows_and_new_keys_become_rows(groups):
    municipality, team, service = groups
    first = (DAY, municipality, team, service, None, "email", 2, 0, 0)
    increment_upsert(DailyFlow, FLOW_KEY, COUNTS, [first])
    increment_upsert(
        DailyFlow,
        FLOW_KEY,
        COUNTS,
        [
            (DAY, municipality, team, service, None, "email", 1, 1, 1),
            (DAY, municipality, team, None, None, "email", 4, 0, 0),
        ],
    )
    assert flows() == {(DAY, service): (3, 1, 1), (DAY, None): (4, 0, 0)}


def test_no_service_is_one_group_not_a_new_row_per_write(groups):
    """The key compares a nullable field as COALESCE(field, 0): NULL meets NULL."""
    municipality, team, _service = groups
    row = (DAY, municipality, team, None, None, "email", 1, 0, 0)
    for _n in range(3):
        increment_upsert(DailyFlow, FLOW_KEY, COUNTS, [row])
    assert flows() == {(DAY, None): (3, 0, 0)}


def test_a_large_batch_adds_up_as_a_small_one(groups, monkeypatch):
    """More rows than ``COPY_ROWS`` take PostgreSQL's COPY path; the sums are the same."""
    municipality, team, service = groups
    monkeypatch.setattr(bulk, "COPY_ROWS", 10)
    days = [DAY + datetime.timedelta(days=n) for n in range(25)]
    rows = [(day, municipality, team, service, None, "email", 1, 1, 0) for day in days]
    increment_upsert(DailyFlow, FLOW_KEY, COUNTS, rows)
    increment_upsert(DailyFlow, FLOW_KEY, COUNTS, list(reversed(rows)))
    assert DailyFlow.objects.count() == 25
    assert DailyFlow.objects.aggregate(r=Sum("received"), c=Sum("closed")) == {"r": 50, "c": 50}


def test_fresh_rows_are_inserted_without_looking_for_existing_ones(groups):
    municipality, team, service = groups
    rows = [(DAY, municipality, team, service, None, "email", 1, 0, 0)]
    increment_upsert(DailyFlow, FLOW_KEY, COUNTS, rows, fresh=True)
    assert flows() == {(DAY, service): (1, 0, 0)}


def test_bulk_insert_writes_plain_rows(groups):
    municipality, team, service = groups
    columns = ["day", "municipality_id", "team_id", "service_id", "channel_id", "kind", "bucket"]
    rows = [(DAY, municipality, team, service, None, "email", b) for b in range(3)]
    bulk_insert(LeadTimeBucket, [*columns, "count", "on_time"], [(*r, 1, 1) for r in rows])
    bulk_insert(LeadTimeBucket, columns, [])
    assert sorted(LeadTimeBucket.objects.values_list("bucket", flat=True)) == [0, 1, 2]


def test_each_roll_up_constraint_is_built_from_its_one_key():
    for model, key in ((AnswerTally, TALLY_KEY), (DailyFlow, FLOW_KEY), (LeadTimeBucket, LEAD_KEY)):
        [constraint] = model._meta.constraints
        assert constraint.deconstruct() == key.constraint(constraint.name).deconstruct()
    assert LEAD_KEY.fields == (*FLOW_KEY.fields, "bucket")


def test_a_key_is_built_from_exactly_its_fields():
    key = RollupKey("month", "run")
    assert key.values(run=3, month=DAY) == (DAY, 3)
    with pytest.raises(TypeError):
        key.values(month=DAY)
    assert TALLY_KEY.attnames(AnswerTally)[1] == "run_id"


def test_the_conflict_target_names_the_columns_of_the_unique_index():
    target = FLOW_KEY.conflict_target(DailyFlow)
    quoted = connection.ops.quote_name
    assert target.startswith(f"({quoted('day')}, ")
    assert f"(COALESCE({quoted('service_id')}, 0))" in target


def test_bulk_update_writes_every_kind_of_value_across_chunks(groups, monkeypatch):
    """Dates with time zones, empty values, booleans, keys and text reach each row, also past a
    chunk boundary, and rows not passed keep their values."""
    from dienstverlening.handling.models import HandlingItem
    from dienstverlening.handling.services import items_upsert
    from tests.handling.factories import item_input
    from tests.organisation.factories import MunicipalityFactory

    monkeypatch.setattr(bulk, "CHUNK_PARAMS", 40)  # 8 columns: 5 rows per statement
    municipality = MunicipalityFactory()
    team = TeamFactory()
    received = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    items_upsert(items=[item_input(team, municipality, f"B-{n}", received) for n in range(13)])
    items = list(HandlingItem.objects.order_by("source_id"))
    other = TeamFactory()
    closed = received + datetime.timedelta(days=1, hours=2)
    for n, item in enumerate(items[:12]):
        item.team_id = other.pk
        item.closed_at = closed if n % 2 else None
        item.on_time = bool(n % 3) if n % 2 else None
        item.lead_days = n if n % 2 else None
        item.outcome = "granted" if n % 2 else "unknown"
        item.status = "closed" if n % 2 else "open"
        item.kind = "email"

    fields = ["team", "closed_at", "on_time", "lead_days", "outcome", "status", "kind"]
    assert bulk.bulk_update(HandlingItem, items[:12], fields) == 12

    for n, row in enumerate(HandlingItem.objects.order_by("source_id")[:12]):
        expected = items[n]
        assert (row.team_id, row.closed_at, row.on_time, row.lead_days) == (
            other.pk,
            expected.closed_at,
            expected.on_time,
            expected.lead_days,
        )
        assert (row.outcome, row.status, row.kind) == (expected.outcome, expected.status, "email")
    untouched = HandlingItem.objects.order_by("source_id").last()
    assert (untouched.team_id, untouched.kind) == (team.pk, "callback")
