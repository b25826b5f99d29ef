"""The set-based import gives the same register rows and roll-ups as the row-by-row import."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import override_settings

from dienstverlening.core.importing import ImportFailed
from dienstverlening.framework.models import Level, NormSubject, NormUnit
from dienstverlening.handling.importing import handling_import
from dienstverlening.handling.models import (
    ClosingDay,
    DailyFlow,
    HandlingItem,
    ImportSource,
    LeadTimeBucket,
)
from dienstverlening.handling.setimport import NotSetBased, import_set_based
from tests.framework.factories import NormFactory
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import ChannelFactory, MunicipalityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ITEM_FIELDS = [
    "source",
    "source_id",
    "kind",
    "municipality_id",
    "team_id",
    "service_id",
    "channel_id",
    "status",
    "received_at",
    "received_on",
    "closed_at",
    "closed_on",
    "outcome",
    "norm_id",
    "due_at",
    "lead_days",
    "on_time",
]
DIMS = ["day", "municipality_id", "team_id", "service_id", "channel_id", "kind"]


def snapshot() -> tuple:
    """The register and the roll-ups, in an order that does not depend on ids."""
    items = sorted(HandlingItem.objects.values_list(*ITEM_FIELDS), key=lambda row: row[:2])
    flows = sorted(
        DailyFlow.objects.values_list(*DIMS, "received", "closed", "closed_on_time"), key=repr
    )
    leads = sorted(
        LeadTimeBucket.objects.values_list(*DIMS, "bucket", "count", "on_time"), key=repr
    )
    return items, flows, leads


def row_by_row(source, data: bytes):
    with override_settings(DV_HANDLING_SET_IMPORT_ROWS=10**9):
        return handling_import(source=source, data=data, filename="bestand.csv")


def set_based(source, data: bytes):
    return import_set_based(source=source, data=data, filename="bestand.csv")


def both_paths(source, data: bytes) -> tuple:
    """Import ``data`` once each way from the same starting point; what each left behind (or
    the errors of the row-by-row path, when the set-based path handed the file back)."""
    point = transaction.savepoint()
    try:
        try:
            result = row_by_row(source, data)
        except ImportFailed as failed:
            expected = [str(error) for error in failed.errors]
            with pytest.raises(NotSetBased):
                set_based(source, data)
            return expected, expected
        expected = (result.created, result.updated, snapshot())
        assert_rollups_match_raw()
        transaction.savepoint_rollback(point)
        point = transaction.savepoint()
        result = set_based(source, data)
        found = (result.created, result.updated, snapshot())
        assert_rollups_match_raw()
        return expected, found
    finally:
        transaction.savepoint_rollback(point)


@pytest.fixture
def source(team):
    MunicipalityFactory()
    return ImportSource.objects.create(name="zaken", description="Zaaksysteem")


HEADER = "kenmerk;soort;gemeente;team;dienst;kanaal;ontvangen;afgehandeld;uitkomst\n"


def test_a_plain_file_gives_the_same_rows_and_rollups_both_ways(source, team):
    service = ServiceFactory(team=team, name="Paspoort aanvragen", slug="paspoort")
    ChannelFactory(name="Balie", slug="balie")
    NormFactory(subject=NormSubject.CALLBACK, target_value=Decimal("4"), unit=NormUnit.HOURS)
    NormFactory(
        subject=NormSubject.LEAD_TIME,
        level=Level.SERVICE,
        service=service,
        target_value=Decimal("5"),
        unit=NormUnit.WORKING_DAYS,
    )
    NormFactory(subject=NormSubject.DECISION, target_value=Decimal("8"), unit=NormUnit.WEEKS)
    ClosingDay.objects.create(municipality=MunicipalityFactory(), date=datetime.date(2026, 10, 9))
    lines = [HEADER]
    for n in range(300):
        received = datetime.datetime(2026, 10, 1 + n % 28, 7 + n % 12, n % 60)
        closed = received + datetime.timedelta(hours=n % 100)
        kind = ["terugbelverzoek", "aanvraag", "e-mail"][n % 3]
        lines.append(
            f"Z-{n};{kind};Woerden;Burgerzaken;{'Paspoort aanvragen' if n % 2 else ''};"
            f"{'balie' if n % 5 else ''};{received:%d-%m-%Y %H:%M};"
            f"{f'{closed:%d-%m-%Y %H:%M}' if n % 3 else ''};{'toegekend' if n % 7 else ''}\n"
        )
    expected, found = both_paths(source, "".join(lines).encode())
    assert expected == found
    assert found[0] == 300
