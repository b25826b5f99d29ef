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
