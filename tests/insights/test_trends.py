"""Trend charts name their series, read Dutch months, show the margin as a band, mark the month
that is still running, and come with a table of one row per month and a column per series."""

import csv
import datetime
import io
import json
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from dienstverlening.handling.services import items_close, items_upsert
from dienstverlening.insights import charts
from tests.conftest import logged_in
from tests.handling.factories import item_input
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
D = datetime.date
AMS = ZoneInfo("Europe/Amsterdam")
NOVEMBER = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=AMS)
AUTUMN = {"periode": "2026-H2"}  # July up to and including November (still running)
VALUES = ["Menselijk", "Makkelijk", "Betrouwbaar", "Betrokken"]


class Tables(HTMLParser):
    """Every table of a page as {caption: [[cell, …], …]} (header row first)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = self._cell = self._row = None
        self._rows: list = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.caption, self._caption = self._caption.strip(), None
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(re.sub(r"[ \t\n]+", " ", self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._rows.append(self._row)
            self._row = None
        elif tag == "table":
            self.tables[self.caption] = self._rows

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data
        if self._cell is not None:
            self._cell += data


def trends(client, user, **params):
    return logged_in(client, user).get(reverse("insights-trends"), {**AUTUMN, **params})


def svg_of(html: str, key: str) -> str:
    """The chart as drawn from the page's own spec (the same spec the PDF reports render)."""
    match = re.search(rf'<script id="{key}-spec" type="application/json">(.*?)</script>', html)
    return charts.to_svg(json.loads(match.group(1)))


@pytest.fixture
def autumn(answer, service):
    """Ten residents in each of September, October and November 2026."""
    with time_machine.travel(NOVEMBER, tick=False):
        for day in (D(2026, 9, 10), D(2026, 10, 10), D(2026, 11, 10)):
            answer(service, 10, day=day)


def test_trend_table_has_a_row_per_month_and_a_column_per_series(client, employee, autumn):
    with time_machine.travel(NOVEMBER, tick=False):
        html = trends(client, employee).content.decode()
    table = Tables(html).tables["Gegevens bij: Kernwaarden door de tijd"]
    assert table[0] == ["Maand", *VALUES]
    assert [row[0] for row in table[1:]] == [
        "jul 2026",
        "aug 2026",
        "sep 2026",
        "okt 2026",
        "nov 2026 (loopt nog)",
    ]
    assert table[1][1] == "geen antwoorden"
    assert table[3][1] == "100\u00a0% (84–100\u00a0%) van 20"
    marks = Tables(html).tables["Gegevens bij: Rapportcijfer door de tijd"]
    assert marks[0] == ["Maand", "Rapportcijfer"]
    assert marks[4] == ["okt 2026", "8,0 (8,0–8,0) van 10"]


def test_chart_has_a_legend_dutch_months_a_band_and_marks_the_running_month(
    client, employee, autumn
):
    with time_machine.travel(NOVEMBER, tick=False):
        html = trends(client, employee).content.decode()
    svg = svg_of(html, "trend-kernwaarden")
    legend = re.search(r'aria-roledescription="legend" aria-label="([^"]*)"', svg)
    assert legend, "the chart has no legend"
    assert all(value in legend.group(1) for value in VALUES)
    assert "sep 2026" in svg and "nov 2026" in svg and "2026-09" not in svg
    assert 'class="mark-area role-mark' in svg  # the 95 % margin as a band
    assert "loopt nog" in svg
    assert "loopt nog" in svg_of(html, "trend-rapportcijfer")
    assert "95%-marge" in html  # the summary says what the band is


def test_a_finished_month_is_not_marked_as_running(client, employee, autumn):
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, 0, tzinfo=AMS), tick=False):
        html = trends(client, employee, periode="2026-11").content.decode()
    assert "loopt nog" not in html
    assert "loopt nog" not in svg_of(html, "trend-kernwaarden")
    table = Tables(html).tables["Gegevens bij: Kernwaarden door de tijd"]
    assert table[-1][0] == "nov 2026"


def test_quarters_read_as_dutch_quarters(client, employee, autumn):
    with time_machine.travel(NOVEMBER, tick=False):
        html = trends(client, employee, per="kwartaal").content.decode()
    table = Tables(html).tables["Gegevens bij: Kernwaarden door de tijd"]
    assert [row[0] for row in table[1:]] == ["K3 2026", "K4 2026 (loopt nog)"]


def test_months_below_the_minimum_stay_in_the_table_without_figures(
    client, employee, answer, service
):
    with time_machine.travel(NOVEMBER, tick=False):
        answer(service, 10, day=D(2026, 9, 10))
        answer(service, 4, day=D(2026, 10, 10))
        html = trends(client, employee).content.decode()
    table = {
        row[0]: row[1:] for row in Tables(html).tables["Gegevens bij: Kernwaarden door de tijd"]
    }
    assert table["okt 2026"] == ["te weinig antwoorden"] * 4
    assert table["nov 2026 (loopt nog)"] == ["geen antwoorden"] * 4


def test_trend_download_is_wide_with_plain_numbers(client, employee, autumn):
    with time_machine.travel(NOVEMBER, tick=False):
        response = trends(client, employee, download="trend-kernwaarden", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == [
        "Maand",
        "Menselijk eens %",
        "Menselijk ondergrens %",
        "Menselijk bovengrens %",
        "Menselijk aantal",
    ]
    assert rows[0][-1] == "Maand loopt nog"
    assert [row[0] for row in rows[1:]] == [
        "jul 2026",
        "aug 2026",
        "sep 2026",
        "okt 2026",
        "nov 2026",
    ]
    assert rows[3][1] == "100" and rows[3][4] == "20"
    assert rows[5][-1] == "ja" and rows[3][-1] == "nee"


def test_on_time_chart_names_its_kinds_per_month(client, employee, team, callback_norm):
    with time_machine.travel(NOVEMBER, tick=False):
        received = datetime.datetime(2026, 10, 5, 9, 0, tzinfo=AMS)
        items_upsert(
            items=[item_input(team, MunicipalityFactory(), str(i), received) for i in range(4)]
        )
        from dienstverlening.handling.models import HandlingItem

        items = list(HandlingItem.objects.all())
        items_close(items=items, closed_at={item.pk: received for item in items})
        html = trends(client, employee).content.decode()
    table = Tables(html).tables["Gegevens bij: Op tijd afgehandeld door de tijd"]
    assert table[0] == ["Maand", "terugbelverzoek"]
    assert table[4] == ["okt 2026", "100\u00a0% van 4"]
    svg = svg_of(html, "trend-op-tijd")
    legend = re.search(r'aria-roledescription="legend" aria-label="([^"]*)"', svg)
    assert "terugbelverzoek" in legend.group(1)
