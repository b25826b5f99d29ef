"""The coördinator's download of anonymous responses: no row may point at one resident.

The adversarial check: for every exported row, the rows that carry the very same identifying
values (meting, year, quarter, month, team, service, channel, municipality, outcome; an empty
cell is a value too) number at least the minimum group size.
"""

import csv
import datetime
import io
import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from dienstverlening.surveys.exports import LEVELS, cells_coarsen, responses_table
from dienstverlening.surveys.models import OpenAnswer, Response, SurveyRun
from tests import snapshot
from tests.clock import MOMENTS
from tests.conftest import logged_in
from tests.organisation.factories import (
    ChannelFactory,
    MunicipalityFactory,
    ServiceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

IDENTIFYING = [
    "meting",
    "jaar",
    "kwartaal",
    "maand",
    "team",
    "dienst",
    "kanaal",
    "gemeente",
    "uitkomst",
]


def read_csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def smallest_group(rows: list[dict]) -> int:
    """The size of the smallest set of rows with the same identifying values (0: no rows)."""
    groups = Counter(tuple(str(row[column]) for column in IDENTIFYING) for row in rows)
    return min(groups.values(), default=0)


def as_dicts(table) -> list[dict]:
    return [dict(zip(table.headers, row, strict=True)) for row in table.rows]


@pytest.fixture
def places(db):
    return {
        "balie": ChannelFactory(name="Balie", slug="balie"),
        "telefoon": ChannelFactory(name="Telefoon", slug="telefoon"),
        "email": ChannelFactory(name="E-mail", slug="email"),
        "woerden": MunicipalityFactory(),
        "oudewater": MunicipalityFactory(
            name="Oudewater", slug="oudewater", cbs_code="GM0589", inhabitants=10000
        ),
    }


def answer(run, service, places, *, channel, municipality, day, outcome="granted", mark=8):
    response = Response.objects.create(
        run=run,
        questionnaire=run.questionnaire,
        service=service,
        channel=places[channel],
        municipality=places[municipality],
        outcome=outcome,
        answered_on=day,
        mark=mark,
        source="open_link",
    )
    OpenAnswer.objects.create(response=response, question="good", text=f"antwoord {response.pk}")
    return response


@pytest.fixture
def constructed(run, service, places, settings):
    """Groups of every size, with minimum 3. ``service`` is 'Paspoort aanvragen' (Burgerzaken)."""
    settings.DV_MIN_GROUP_SIZE = 3
    march = datetime.date(2026, 3, 4)
    burgerzaken = service.team
    rijbewijs = ServiceFactory(name="Rijbewijs", team=burgerzaken)
    verhuizing = ServiceFactory(name="Verhuizing", team=burgerzaken)
    uittreksel = ServiceFactory(name="Uittreksel", team=burgerzaken)
    kwijtschelding = ServiceFactory(name="Kwijtschelding", team=TeamFactory(name="Belastingen"))

    def add(target, n, **where):
        for i in range(n):
            answer(run, target, places, mark=5 + i, **where)

    # Big enough as is: four at the counter in Woerden in March.
    add(service, 4, channel="balie", municipality="woerden", day=march)
    # One by phone, two by e-mail, Woerden, March: together three without the channel.
    add(service, 1, channel="telefoon", municipality="woerden", day=march)
    add(service, 2, channel="email", municipality="woerden", day=march.replace(day=28))
    # Oudewater in March: one granted, two refused: three only without municipality and outcome.
    add(service, 1, channel="balie", municipality="oudewater", day=march)
    add(service, 2, channel="telefoon", municipality="oudewater", day=march, outcome="refused")
    # Rijbewijs: two in January, one in May: three only per year.
    add(rijbewijs, 2, channel="balie", municipality="woerden", day=datetime.date(2026, 1, 9))
    add(rijbewijs, 1, channel="email", municipality="oudewater", day=datetime.date(2026, 5, 2))
    # Verhuizing and Uittreksel: one and two in the year: three only for the team.
    add(verhuizing, 1, channel="balie", municipality="woerden", day=datetime.date(2026, 7, 1))
    add(uittreksel, 2, channel="telefoon", municipality="woerden", day=datetime.date(2026, 9, 3))
    # Kwijtschelding: the only one of its team that year: left out.
    add(kwijtschelding, 1, channel="balie", municipality="woerden", day=march)
    return {"rijbewijs": rijbewijs, "kwijtschelding": kwijtschelding}


def test_every_exported_row_is_in_a_group_of_at_least_the_minimum(constructed):
    rows = as_dicts(responses_table())
    assert smallest_group(rows) >= 3
    assert len(rows) == Response.objects.count() - 1  # only Kwijtschelding is left out
    assert "Kwijtschelding" not in str(rows) and "Belastingen" not in str(rows)


def test_rows_are_coarsened_step_by_step_and_the_row_says_how(constructed):
    table = responses_table()
    notes = Counter(row["grover gemaakt"] for row in as_dicts(table))
    assert notes == {
        "nee": 4,
        "zonder kanaal": 3,
        "zonder kanaal, gemeente en uitkomst": 3,
        "jaar in plaats van maand; zonder kanaal, gemeente en uitkomst": 3,
        "jaar in plaats van maand, team in plaats van dienst; zonder kanaal, gemeente en "
        "uitkomst": 3,
    }
    first = as_dicts(table)[0]
    assert {key: first[key] for key in IDENTIFYING[1:]} == {
        "jaar": 2026,
        "kwartaal": 1,
        "maand": 3,
        "team": "Burgerzaken",
        "dienst": "Paspoort aanvragen",
        "kanaal": "Balie",
        "gemeente": "Woerden",
        "uitkomst": "toegekend",
    }
    team_rows = [row for row in as_dicts(table) if row["dienst"] == ""]
    assert {(row["team"], row["jaar"], row["kwartaal"], row["maand"]) for row in team_rows} == {
        ("Burgerzaken", 2026, "", "")
    }
    assert table.left_out == 1 and table.per_level[0] == 4


def test_the_export_never_gives_the_day_and_the_order_does_not_follow_the_date(
    client, coordinator, run, service, places, settings
):
    settings.DV_MIN_GROUP_SIZE = 2
    late = answer(run, service, places, channel="balie", municipality="woerden",
                  day=datetime.date(2026, 3, 30), mark=6)  # fmt: skip
    early = answer(run, service, places, channel="balie", municipality="woerden",
                   day=datetime.date(2026, 3, 2), mark=9)  # fmt: skip
    rows = read_csv(logged_in(client, coordinator).get("/metingen/antwoorden.csv"))
    assert "datum" not in rows[0]
    assert [row["maand"] for row in rows] == ["3", "3"]
    assert [row["wat ging goed"] for row in rows] == [f"antwoord {late.pk}", f"antwoord {early.pk}"]
    assert not any("30-03" in value or "02-03" in value for row in rows for value in row.values())


def test_the_csv_names_what_was_coarsened_in_a_column(client, coordinator, constructed):
    rows = read_csv(logged_in(client, coordinator).get("/metingen/antwoorden.csv"))
    assert list(rows[0])[:11] == [*IDENTIFYING, "grover gemaakt", "versie vragenlijst"]
    by_note = {row["grover gemaakt"]: row for row in rows}
    assert by_note["zonder kanaal"]["kanaal"] == "" and by_note["nee"]["kanaal"] == "Balie"
    assert smallest_group(rows) >= 3


def test_the_excel_file_explains_the_coarsening_on_a_second_sheet(client, coordinator, constructed):
    logged_in(client, coordinator)
    form = client.get("/metingen/antwoorden.xlsx").context["form"]
    started = client.post("/metingen/antwoorden.xlsx", {"sleutel": form["sleutel"].value()})
    job = client.get(started["Location"])
    url = re.search(r'href="(/metingen/antwoorden/[^"]+\.xlsx)"', job.content.decode()).group(1)
    response = client.get(url)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, notes = book.worksheets
    assert notes.title == "Toelichting"
    text = "\n".join(str(row[0]) for row in notes.iter_rows(values_only=True) if row[0])
    assert "minstens 3 rijen" in text
    assert "nooit een datum" in text
    assert "4 rijen – grover gemaakt: nee" in text
    assert "1 van de 17 antwoorden is weggelaten" in text
    header = [cell.value for cell in data[1]]
    rows = [dict(zip(header, row, strict=True)) for row in data.iter_rows(2, values_only=True)]
    rows = [{key: "" if value is None else value for key, value in row.items()} for row in rows]
    assert smallest_group(rows) >= 3 and len(rows) == 16


def test_an_export_of_one_run_is_exactly_that_runs_part_of_the_whole(
    run, service, places, constructed, questionnaire
):
    other = SurveyRun.objects.create(
        name="Tevredenheidsonderzoek", kind="biennial", questionnaire=questionnaire,
        starts_on=datetime.date(2026, 1, 1),
    )  # fmt: skip
    for _ in range(3):
        answer(other, service, places, channel="balie", municipality="woerden",
               day=datetime.date(2026, 3, 9))  # fmt: skip
    whole = responses_table().rows
    assert responses_table(run=run).rows == [row for row in whole if row[0] == run.name]
    assert responses_table(run=other).rows == [row for row in whole if row[0] == other.name]


def test_the_number_of_queries_does_not_grow_with_the_rows(
    constructed, run, service, places, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        responses_table()
    for _ in range(30):
        answer(run, service, places, channel="email", municipality="oudewater",
               day=datetime.date(2026, 11, 5))  # fmt: skip
    with django_assert_num_queries(len(before.captured_queries)):
        responses_table()


def test_the_pages_with_the_download_say_how_it_protects_residents(
    client, coordinator, run, settings
):
    settings.DV_MIN_GROUP_SIZE = 3
    Response.objects.create(
        run=run, questionnaire=run.questionnaire, service=ServiceFactory(),
        channel=ChannelFactory(), municipality=MunicipalityFactory(),
        answered_on=datetime.date(2026, 3, 2), source="open_link",
    )  # fmt: skip
    logged_in(client, coordinator)
    for url in ["/metingen/", run.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "geen datum, alleen de maand" in page and "minstens 3 antwoorden" in page
        assert "grover gemaakt" in page


def test_the_query_string_must_name_a_run(client, coordinator, run):
    assert (
        logged_in(client, coordinator).get("/metingen/antwoorden.csv?meting=x").status_code == 404
    )


# --- the steps themselves, on any cells ----------------------------------------------------------

CELLS = st.dictionaries(
    st.tuples(
        st.integers(1, 2),  # meting
        st.builds(datetime.date, st.just(2026), st.integers(1, 12), st.just(1)),
        st.integers(1, 6),  # service
        st.integers(1, 3),  # channel
        st.integers(1, 2),  # municipality
        st.sampled_from(["granted", "refused"]),
    ),
    st.integers(1, 6),
    max_size=60,
)
TEAM_OF = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3}


@given(CELLS, st.integers(1, 12))
def test_no_group_of_any_step_is_smaller_than_the_minimum(cells, minimum):
    placed = cells_coarsen(cells, team_of=TEAM_OF, minimum=minimum)
    shown: Counter = Counter()
    for cell, level in placed.items():
        shown[(level, LEVELS[level].key(cell, TEAM_OF))] += cells[cell]
    assert all(size >= minimum for size in shown.values())
    # A cell is left out only when even the coarsest step could not place it.
    left = {cell: n for cell, n in cells.items() if cell not in placed}
    coarsest: Counter = Counter()
    for cell, n in left.items():
        coarsest[LEVELS[-1].key(cell, TEAM_OF)] += n
    assert all(size < minimum for size in coarsest.values())


# --- the demo organisation ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organisation at a small scale, for this module at the suite's moment."""
    with snapshot.shared_demo(django_db_blocker, now=MOMENTS["wednesday"]):
        yield


@pytest.mark.parametrize("minimum", [10, 5])
def test_the_demo_export_has_no_row_in_a_group_below_the_minimum(demo, db, settings, minimum):
    settings.DV_MIN_GROUP_SIZE = minimum
    table = responses_table()
    rows = as_dicts(table)
    assert rows, "the demo must give rows, or the check proves nothing"
    assert smallest_group(rows) >= minimum
    assert table.total == Response.objects.count() == len(rows) + table.left_out
    for run in SurveyRun.objects.filter(pk__in=Response.objects.values("run")):
        part = as_dicts(responses_table(run=run))
        assert smallest_group(part) >= minimum or not part
        assert part == [row for row in rows if row["meting"] == run.name]
