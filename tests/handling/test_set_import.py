"""The set-based import gives the same register rows and roll-ups as the row-by-row import.

Each check imports one file both ways from the same starting point (a savepoint rolled back in
between) and compares every register row and every roll-up row. The property test draws the
items, the calendars (closing days), the norms (units, sizes, levels, history), the office
hours and the items already in the register (some suspended) at random. Run it on SQLite and on
PostgreSQL (DATABASE_URL=postgres://…).
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dienstverlening.core.importing import ImportFailed
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.progress import Stage
from dienstverlening.framework.models import Level, NormSubject, NormUnit
from dienstverlening.handling.importing import handling_import
from dienstverlening.handling.models import (
    SUSPENDABLE,
    ClosingDay,
    DailyFlow,
    HandlingItem,
    ImportSource,
    ItemKind,
    LeadTimeBucket,
    Suspension,
)
from dienstverlening.handling.services import (
    COPY_COLUMNS,
    ItemInput,
    item_suspend,
    items_upsert,
)
from dienstverlening.handling.setimport import NotSetBased, import_set_based
from tests.framework.factories import NormFactory
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import (
    ChannelFactory,
    ServiceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

# Every stored column of an item but its uuid and the moment of writing; the key first.
KEY = ["source", "source_id"]
ITEM_FIELDS = [*KEY, *(c for c in COPY_COLUMNS if c not in {*KEY, "uuid", "updated_at"})]
DIMS = ["day", "municipality_id", "team_id", "service_id", "channel_id", "kind"]
NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=AMSTERDAM)  # tests/clock.py


def snapshot() -> tuple:
    """The register and the roll-ups (zero rows included), in an order that ignores ids."""
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
    """Import ``data`` once each way from the same starting point: what each left behind, or
    twice the row-by-row errors when the set-based path (rightly) handed the file back."""
    before = snapshot()
    point = transaction.savepoint()
    try:
        try:
            result = row_by_row(source, data)
        except ImportFailed as failed:
            errors = [str(error) for error in failed.errors]
            transaction.savepoint_rollback(point)
            point = transaction.savepoint()
            with pytest.raises(NotSetBased):
                set_based(source, data)
            assert snapshot() == before
            return errors, errors
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
def source(team, woerden, oudewater):
    return ImportSource.objects.create(name="zaken", description="Zaaksysteem")


HEADER = "kenmerk;soort;gemeente;team;dienst;kanaal;ontvangen;afgehandeld;uitkomst\n"


def plain_file(rows: int = 300) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        received = datetime.datetime(2026, 10, 1 + n % 28, 7 + n % 12, n % 60, tzinfo=AMSTERDAM)
        closed = received + datetime.timedelta(hours=n % 100)
        kind = ["terugbelverzoek", "aanvraag", "e-mail"][n % 3]
        lines.append(
            f"Z-{n};{kind};{'Woerden' if n % 4 else 'GM0589'};Burgerzaken;"
            f"{'Paspoort aanvragen' if n % 2 else ''};{'balie' if n % 5 else ''};"
            f"{received:%d-%m-%Y %H:%M};{f'{closed:%d-%m-%Y %H:%M}' if n % 3 else ''};"
            f"{'toegekend' if n % 7 else ''}\n"
        )
    return "".join(lines).encode()


@pytest.fixture
def organisation(team, woerden, oudewater):
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
    NormFactory(subject=NormSubject.EMAIL, target_value=Decimal("2"), unit=NormUnit.WORKING_DAYS)
    ClosingDay.objects.create(municipality=oudewater, date=datetime.date(2026, 10, 9))
    return service


def test_a_plain_file_gives_the_same_rows_and_rollups_both_ways(source, organisation):
    expected, found = both_paths(source, plain_file())
    assert expected == found
    assert found[:2] == (300, 0)


def test_a_file_delivered_again_updates_closes_and_reopens_the_same_way(source, organisation):
    first = plain_file()
    row_by_row(source, first)
    # Again: some rows now closed, some reopened (no closing moment any more), some moved.
    again = first.decode().replace(";toegekend\n", ";afgewezen\n")
    again = again.replace("-10-2026 09:", "-10-2026 10:").replace(";Woerden;", ";Oudewater;")
    lines = again.splitlines(keepends=True)
    lines = [line.replace(";11:", ";") if n % 9 == 0 else line for n, line in enumerate(lines)]
    expected, found = both_paths(source, "".join(lines).encode())
    assert expected == found
    assert found[:2] == (0, 300)


def test_a_suspended_item_delivered_again_goes_the_row_by_row_way_within_the_same_import(
    source, organisation, team, woerden
):
    received = datetime.datetime(2026, 10, 5, 9, 0, tzinfo=AMSTERDAM)
    item = items_upsert(
        items=[
            ItemInput(
                kind=ItemKind.APPLICATION,
                source="zaken",
                source_id="Z-1",
                municipality_id=woerden.pk,
                team_id=team.pk,
                service_id=organisation.pk,
                received_at=received,
            )
        ],
        keep=True,
    ).items[0]
    item_suspend(item=item, starts_on=datetime.date(2026, 10, 7))
    expected, found = both_paths(source, plain_file())
    assert expected == found
    suspended = next(row for row in found[2][0] if row[1] == "Z-1")
    assert suspended[7] == "closed"  # closed by the file; the suspension ended on closing


def test_a_file_with_problems_is_reported_per_line_as_ever_and_nothing_is_written(
    source, organisation
):
    data = plain_file(3000).decode()
    data = data.replace("Z-17;", "Z-16;").replace(";Burgerzaken;", ";Onbekend;", 1)
    data += "Z-9999;aanvraag;Woerden;Burgerzaken;;;31-02-2026;;\n"
    expected, found = both_paths(source, data.encode())
    assert expected == found
    assert "Regel 2: team 'Onbekend' is onbekend." in found
    assert "Regel 19: kenmerk 'Z-16' staat ook op regel 18." in found
    assert any(line.startswith("Regel 3002: '31-02-2026' is geen geldige datum") for line in found)
    with pytest.raises(ImportFailed) as failed:
        handling_import(source=source, data=data.encode(), filename="groot.csv")
    assert [str(error) for error in failed.value.errors] == found
    assert HandlingItem.objects.count() == 0 and DailyFlow.objects.count() == 0


def _received(text: str, change) -> str:
    """``text`` with ``change(cell, line number)`` applied to every received moment."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines[1:], 1):
        cells = line.split(";")
        cells[6] = change(cells[6], number)
        lines[number] = ";".join(cells)
    return "".join(lines)


SHAPES = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "comma": lambda text: text.replace(";", ","),
    "quotes": lambda text: "".join(
        ";".join(f'"{cell}"' for cell in line.split(";")) + "\n" for line in text.splitlines()
    ),
    "spaces": lambda text: text.replace(";Burgerzaken;", ";  Burgerzaken\t;").replace(
        "\nZ-", "\n Z-"
    ),
    "nbsp": lambda text: text.replace(";balie;", ";balie\u00a0;"),
    "blank-lines": lambda text: text.replace("\nZ-5;", "\n\n;;;;;;;;\nZ-5;") + "\n\n",
    "ragged": lambda text: text.replace(";toegekend\n", ";toegekend;\n", 3),
    "no-newline-at-end": lambda text: text.rstrip("\n"),
    "accents": lambda text: "".join(
        line.rstrip("\n") + (";opmerking\n" if n == 0 else f";café € {n} ë\n")
        for n, line in enumerate(text.splitlines(keepends=True))
    ),
    "date-only": lambda text: _received(text, lambda cell, n: cell[:10] if n % 2 else cell),
    "iso-dates": lambda text: _received(
        text, lambda cell, n: f"{cell[6:10]}-{cell[3:5]}-{cell[:2]}" if n % 3 else cell
    ),
    "odd-times": lambda text: _received(
        text,
        lambda cell, n: [cell, cell.replace(" ", "  "), cell.replace(":", "."), cell + ":30"][
            n % 4
        ],
    ),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_files_as_office_software_writes_them_give_the_same_outcome(source, organisation, shape):
    data = SHAPES[shape](plain_file(120).decode())
    encoding = "cp1252" if shape in ("comma", "accents") else "utf-8"
    expected, found = both_paths(source, data.encode(encoding))
    assert expected == found
    assert found[:2] == (120, 0)


def test_a_source_with_defaults_and_a_file_without_those_columns(team, woerden):
    NormFactory(subject=NormSubject.LETTER, target_value=Decimal("3"), unit=NormUnit.WEEKS)
    source = ImportSource.objects.create(
        name="post",
        default_kind=ItemKind.LETTER,
        default_municipality=woerden,
        default_team=team,
        mapping={"source_id": "Nummer", "received_at": "Datum in", "closed_at": "Datum uit"},
    )
    lines = ["Nummer;Datum in;Datum uit;Opmerking\n"]
    for n in range(50):
        lines.append(f"P-{n};{1 + n % 28:02d}-09-2026;{1 + n % 28:02d}-11-2026;vrij veld {n}\n")
    expected, found = both_paths(source, "".join(lines).encode())
    assert expected == found
    assert found[:2] == (50, 0)


def test_a_large_csv_takes_the_set_based_way_and_reports_its_progress(
    source, organisation, settings
):
    settings.DV_HANDLING_SET_IMPORT_ROWS = 100
    calls = []
    result = handling_import(
        source=source,
        data=plain_file(500),
        filename="groot.csv",
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert (result.created, result.updated) == (500, 0)
    assert calls[0] == (Stage.READ, 0, None)
    stages = [stage for stage, _done, _total in calls]
    assert stages == sorted(stages, key=[Stage.READ, Stage.CHECK, Stage.SAVE].index)
    assert [call for call in calls if call[0] == Stage.CHECK] == [
        (Stage.CHECK, 0, 500),
        (Stage.CHECK, 500, 500),
    ]
    saved = [done for stage, done, total in calls if stage == Stage.SAVE]
    assert saved[0] == 0 and saved[-1] == 500 and saved == sorted(saved)
    assert_rollups_match_raw()


def test_the_new_rows_are_written_in_chunks_so_the_progress_moves(
    source, organisation, settings, monkeypatch
):
    from dienstverlening.handling import setimport

    monkeypatch.setattr(setimport, "INSERT_CHUNK", 40)
    calls = []
    result = import_set_based(
        source=source,
        data=plain_file(300),
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert result.created == 300
    saved = [done for stage, done, total in calls if stage == Stage.SAVE]
    assert len(set(saved)) >= 5 and saved == sorted(saved) and saved[-1] == 300
    assert HandlingItem.objects.count() == 300
    assert_rollups_match_raw()


def test_a_norm_beyond_the_working_day_table_goes_row_by_row_within_the_import(
    source, organisation
):
    NormFactory(
        subject=NormSubject.CALLBACK,
        level=Level.TEAM,
        team=organisation.team,
        target_value=Decimal("999999.99"),
        unit=NormUnit.WEEKS,
    )
    expected, found = both_paths(source, plain_file(60))
    assert expected == found
    assert any(row[14].year == 9998 for row in found[2][0] if row[2] == "callback")


@pytest.mark.parametrize("hours", ["00:00-23:59", "02:30-03:30", "08:30-17:00"])
@pytest.mark.parametrize(
    "norm",
    ["0.55 hours", "0.07 hours", "9.5 hours", "1020 minutes", "45 minutes", "90.5 seconds"],
)
def test_times_around_the_clock_change_and_closing_time_agree(source, team, hours, norm):
    """Moments in the spring gap and the doubled autumn hour; norms that end exactly at closing
    time (received 16:00 + 9.5 h with office hours 08:30-17:00) or only up to a rounding error
    of floating point (16:27 + 0.55 h, which is 1980.0000000000002 s, is due the next morning
    at 08:30 in ``due.add_office_time``): the same both ways."""
    value, unit = norm.split()
    NormFactory(
        subject=NormSubject.CALLBACK,
        target_value=Decimal(value),
        unit={"hours": NormUnit.HOURS, "minutes": NormUnit.MINUTES}.get(unit, NormUnit.SECONDS),
    )
    lines = [HEADER]
    for day in ("29-03-2026", "25-10-2026", "24-11-2026", "27-11-2026"):
        for hour in (0, 1, 2, 3, 8, 12, 16, 22, 23):
            for minute in (0, 1, 27, 30, 57, 59):
                number = len(lines)
                lines.append(
                    f"T-{number};terugbelverzoek;Woerden;Burgerzaken;;;"
                    f"{day} {hour:02d}:{minute:02d};;\n"
                )
    with override_settings(DV_OFFICE_HOURS=hours):
        expected, found = both_paths(source, "".join(lines).encode())
    assert expected == found
    assert found[0] == len(lines) - 1


# --- the property ------------------------------------------------------------------------------

SUBJECTS = [
    NormSubject.CALLBACK,
    NormSubject.EMAIL,
    NormSubject.LETTER,
    NormSubject.COMPLAINT,
    NormSubject.OBJECTION,
    NormSubject.LEAD_TIME,
    NormSubject.DECISION,
    NormSubject.SIGNAL,
]
KIND_WORDS = {
    ItemKind.CALLBACK: ["terugbelverzoek", "Terugbelverzoek", "callback"],
    ItemKind.EMAIL: ["e-mail", "E-mail", "email"],
    ItemKind.APPLICATION: ["aanvraag", "AANVRAAG"],
    ItemKind.COMPLAINT: ["klacht"],
    ItemKind.OBJECTION: ["bezwaar"],
    ItemKind.REPORT: ["melding openbare ruimte", "report"],
    ItemKind.LETTER: ["brief"],
    ItemKind.SIGNAL: ["signaal"],
}
# Days the calendar and the clock make interesting: clock changes, holidays, weekends.
SPECIAL_DAYS = [
    datetime.date(2025, 3, 30),
    datetime.date(2025, 10, 26),
    datetime.date(2026, 3, 29),
    datetime.date(2026, 10, 25),
    datetime.date(2025, 12, 24),
    datetime.date(2025, 12, 31),
    datetime.date(2026, 4, 3),
    datetime.date(2026, 5, 5),
    datetime.date(2026, 11, 27),
    datetime.date(2026, 11, 28),
    datetime.date(2026, 12, 2),
]
FIRST = datetime.date(2025, 3, 1)
LAST = datetime.date(2026, 12, 2)
OFFICE_HOURS = ["08:30-17:00", "07:00-19:30", "00:00-23:59", "09:15-12:45"]

days = st.one_of(st.sampled_from(SPECIAL_DAYS), st.dates(min_value=FIRST, max_value=LAST))
moments = st.builds(
    lambda day, hour, minute: datetime.datetime.combine(day, datetime.time(hour, minute)),
    days,
    st.integers(0, 23),
    st.sampled_from([0, 1, 15, 29, 30, 45, 59]),
)
values = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("40"), places=2),
    st.sampled_from([Decimal("0.07"), Decimal("0.05"), Decimal("8.5"), Decimal("9999.99")]),
)
# The organisation's norm per subject (most of the time), then norms of teams and services and
# later versions on top.
base_norms = st.fixed_dictionaries(
    {
        subject: st.one_of(
            st.tuples(st.sampled_from(list(NormUnit)), values), st.sampled_from([None])
        )
        for subject in SUBJECTS
    }
)
norms = st.lists(
    st.fixed_dictionaries(
        {
            "subject": st.sampled_from(SUBJECTS),
            "level": st.sampled_from(["organisation", "team", "service"]),
            "unit": st.sampled_from(list(NormUnit)),
            "value": values,
            "from": st.dates(min_value=datetime.date(2024, 1, 1), max_value=LAST),
            "days": st.one_of(st.none(), st.integers(0, 400)),
            "which": st.integers(0, 1),
        }
    ),
    max_size=7,
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(0, 30),
            "kind": st.sampled_from(list(KIND_WORDS)),
            "word": st.integers(0, 2),
            "municipality": st.sampled_from(["Woerden", "GM0589", "oudewater"]),
            "team": st.integers(0, 2),
            "service": st.integers(0, 3),
            "channel": st.sampled_from(["", "Balie", "telefoon"]),
            "received": moments,
            "closed": st.one_of(
                st.none(), st.integers(0, 60 * 24 * 40), st.sampled_from([0, 60, 510])
            ),
            "outcome": st.sampled_from(["", "toegekend", "afgewezen", "nvt", "onbekend"]),
            "space": st.booleans(),
        }
    ),
    min_size=1,
    max_size=25,
    unique_by=lambda row: row["id"],
)
existing = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(0, 30),
            "kind": st.sampled_from(list(KIND_WORDS)),
            "received": moments,
            "closed": st.one_of(st.none(), st.integers(0, 60 * 24 * 10)),
            "suspend": st.one_of(st.none(), st.integers(0, 20)),
        }
    ),
    max_size=8,
    unique_by=lambda row: row["id"],
)


@pytest.fixture
def world(team, other_team, woerden, oudewater):
    services = [
        ServiceFactory(team=team, name="Paspoort aanvragen", slug="paspoort"),
        ServiceFactory(team=team, name="Rijbewijs aanvragen", slug="rijbewijs"),
        ServiceFactory(team=other_team, name="Kwijtschelding", slug="kwijtschelding"),
    ]
    ChannelFactory(name="Balie", slug="balie")
    ChannelFactory(name="Telefoon", slug="telefoon")
    TeamFactory(name="Openbare Orde, Veiligheid en APV", slug="veiligheid")
    source = ImportSource.objects.create(name="zaken", description="Zaaksysteem")
    return source, [team, other_team], services, [woerden, oudewater]


def _norms(base, drawn, teams, services) -> None:
    for subject, drawn_base in base.items():
        if drawn_base is not None:
            unit, value = drawn_base
            NormFactory(subject=subject, target_value=value, unit=unit)
    for norm in drawn:
        scope = {}
        if norm["level"] == "team":
            scope = {"level": Level.TEAM, "team": teams[norm["which"]]}
        elif norm["level"] == "service":
            scope = {"level": Level.SERVICE, "service": services[norm["which"]]}
        until = norm["from"] + datetime.timedelta(days=norm["days"]) if norm["days"] else None
        NormFactory(
            subject=norm["subject"],
            target_value=norm["value"],
            unit=norm["unit"],
            valid_from=norm["from"],
            valid_until=until,
            **scope,
        )


def _existing(drawn, teams, municipalities) -> None:
    for row in drawn:
        received = min(row["received"].replace(tzinfo=AMSTERDAM), NOW)
        closed = None
        if row["closed"] is not None:
            closed = min(received + datetime.timedelta(minutes=row["closed"]), NOW)
        item = items_upsert(
            items=[
                ItemInput(
                    kind=row["kind"],
                    source="zaken",
                    source_id=f"A-{row['id']}",
                    municipality_id=municipalities[row["id"] % 2].pk,
                    team_id=teams[row["id"] % 2].pk,
                    received_at=received,
                    closed_at=closed,
                )
            ],
            keep=True,
        ).items[0]
        if row["suspend"] is not None and row["kind"] in SUSPENDABLE and closed is None:
            starts_on = min(item.received_on + datetime.timedelta(days=row["suspend"]), LAST)
            item_suspend(item=item, starts_on=starts_on)


def _file(drawn, services, *, quote: bool, bad: int) -> bytes:
    """The rows as a CSV; ``quote`` puts every cell between quotes; ``bad`` 5 makes the first
    row's receipt lie in the future, 6 names an unknown team."""
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=quoting)
    writer.writerow(HEADER.strip().split(";"))
    team_names = ["Burgerzaken", "", "Openbare Orde, Veiligheid en APV"]
    for row in drawn:
        service = ([None, *services])[row["service"]]
        team = team_names[row["team"]]
        if service is not None and team:
            team = service.team.name  # a team that owns the service (a mismatch is an error)
        elif service is None and not team:
            team = "Belastingen"
        latest = NOW.replace(tzinfo=None)
        received = min(row["received"], latest - datetime.timedelta(minutes=1))
        if bad == 5 and row is drawn[0]:
            received = latest + datetime.timedelta(minutes=30)
        if bad == 6 and row is drawn[0]:
            team = "Onbekend team"
        closed = ""
        if row["closed"] is not None:
            moment = min(received + datetime.timedelta(minutes=row["closed"]), latest)
            closed = moment.strftime("%d-%m-%Y %H:%M")
        words = KIND_WORDS[row["kind"]]
        pad = " " if row["space"] else ""
        writer.writerow(
            [
                f"A-{row['id']}{pad}",
                words[row["word"] % len(words)],
                row["municipality"],
                f"{pad}{team}",
                service.name if service else "",
                row["channel"],
                received.strftime("%d-%m-%Y %H:%M"),
                closed,
                row["outcome"],
            ]
        )
    return out.getvalue().encode()


@hypothesis_settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    base=base_norms,
    drawn_norms=norms,
    closing=st.lists(st.tuples(st.integers(0, 1), days), max_size=12),
    hours=st.sampled_from(OFFICE_HOURS),
    drawn_existing=existing,
    drawn_rows=rows,
    quote=st.booleans(),
    bad=st.integers(0, 11),
)
def test_set_based_and_row_by_row_imports_agree(
    world, base, drawn_norms, closing, hours, drawn_existing, drawn_rows, quote, bad
):
    source, teams, services, municipalities = world
    point = transaction.savepoint()
    try:
        with override_settings(DV_OFFICE_HOURS=hours):
            _norms(base, drawn_norms, teams, services)
            for which, day in set(closing):
                ClosingDay.objects.create(municipality=municipalities[which], date=day)
            _existing(drawn_existing, teams, municipalities)
            data = _file(drawn_rows, services, quote=quote, bad=bad)
            expected, found = both_paths(source, data)
            assert expected == found
            if isinstance(found[0], str):
                event(f"refused by both: {found[0][9:40]}")
            else:
                due = any(row[14] for row in found[2][0])
                event(f"saved; updated: {bool(found[1])}; with a due moment: {due}")
                suspended = Suspension.objects.filter(
                    item__source_id__in=[f"A-{row['id']}" for row in drawn_rows]
                )
                event(f"a suspended item delivered again: {suspended.exists()}")
    finally:
        transaction.savepoint_rollback(point)


def test_the_property_runs_on_this_database():
    """A reminder in the output of which database the property test above ran on."""
    assert connection.vendor in {"sqlite", "postgresql"}
