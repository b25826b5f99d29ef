"""Words and numbers that mean the same everywhere: verdicts, Dutch number formats, a Dutch API."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from dienstverlening.core.exports import csv_bytes
from dienstverlening.handling.services import items_close, items_upsert
from dienstverlening.surveys.imports import mapping_guess, responses_import
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import run_create
from tests.conftest import logged_in
from tests.handling.factories import item_input
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def callbacks(team, n: int, *, closed: bool, late: bool = False) -> None:
    municipality = MunicipalityFactory()
    received = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=AMS)
    items_upsert(
        items=[item_input(team, municipality, f"{closed}-{i}", received) for i in range(n)]
    )
    if closed:
        from dienstverlening.handling.models import HandlingItem

        items = list(HandlingItem.objects.filter(source_id__startswith=f"{closed}-"))
        moment = received + datetime.timedelta(days=9 if late else 0)
        items_close(items=items, closed_at={item.pk: moment for item in items})


def test_a_norm_with_nothing_closed_says_so_instead_of_no_norm(
    client, employee, team, callback_norm
):
    callbacks(team, 3, closed=False)
    html = (
        logged_in(client, employee)
        .get(reverse("dashboard"), {"periode": "jaar", "team": team.slug})
        .content.decode()
    )
    assert "niets afgehandeld in deze periode" in html
    assert "geen norm" not in html
    api = client.get(reverse("api-kpis"), {"periode": "jaar", "team": team.slug}).json()
    [row] = api["afhandeling"]
    assert row["oordeel"] == "nothing_closed"
    assert row["oordeelTekst"] == "niets afgehandeld in deze periode"


def test_without_a_norm_the_verdict_is_no_norm(client, employee, team):
    callbacks(team, 3, closed=True)
    api = logged_in(client, employee).get(reverse("api-kpis"), {"team": team.slug}).json()
    [row] = api["afhandeling"]
    assert (row["oordeel"], row["oordeelTekst"]) == ("none", "geen norm")


def test_api_labels_and_verdicts_are_dutch_beside_the_codes(client, employee, team, callback_norm):
    callbacks(team, 10, closed=True, late=True)
    api = logged_in(client, employee).get(reverse("api-kpis"), {"team": team.slug}).json()
    [row] = api["afhandeling"]
    assert row["soort"] == "callback" and row["soortNaam"] == "terugbelverzoek"
    assert row["oordeel"] == "red" and row["oordeelTekst"] == "onder de norm"


def test_api_schema_documents_the_verdict_and_round_codes(client, employee):
    schema = logged_in(client, employee).get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/kpis/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters["meting"]["schema"]["enum"]) == {
        "doorlopend",
        "tweejaarlijks",
        "nulmeting",
        "extern",
    }
    text = str(schema["components"])
    for code in ("green", "amber", "red", "few", "none", "nothing_closed"):
        assert code in text
    assert "niets afgehandeld in deze periode" in text and "norm gehaald" in text
    assert "aantalInwoners" in text and "oordeelTekst" in text


def test_numbers_on_the_dashboard_are_dutch_everywhere(client, employee, run, service, statements):
    municipality, channel = MunicipalityFactory(), ChannelFactory()
    headers = ["Dienst", "Kanaal", "Gemeente", "Datum", "Rapportcijfer", "Stelling 1"]
    rows = [[service.name, channel.name, municipality.name, "10-11-2026", "8", "eens"]] * 1234
    from dienstverlening.core.tabular import read_csv

    table = read_csv(csv_bytes(headers, rows))
    large = run_create(name="Groot", kind=RunKind.CONTINUOUS, starts_on=datetime.date(2026, 1, 1))
    responses_import(
        run=large, table=table, mapping=mapping_guess(headers=table.headers, run=large)
    )
    html = (
        logged_in(client, employee).get(reverse("dashboard"), {"periode": "jaar"}).content.decode()
    )
    assert "1.234 inwoners gaven een oordeel" in html
    # Years in the period picker are names, not counts.
    html = re.sub(r"<select.*?</select>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", html, flags=re.S))
    assert not re.search(r"(?<![\d.,-])\d{4,}(?![\d-])", text.replace("2026", "")), re.findall(
        r"(?<![\d.,-])\d{4,}(?![\d-])", text.replace("2026", "")
    )
