"""The open-items page and its CSV download use the same status word for each item."""

import csv
import datetime
import io

import lxml.html
import pytest
import time_machine

from dienstverlening.framework.models import NormSubject, NormUnit
from dienstverlening.handling.models import HandlingItem, ItemKind
from dienstverlening.handling.services import ItemInput, item_suspend, items_upsert
from tests.conftest import logged_in
from tests.framework.factories import NormFactory
from tests.handling.factories import item_input, moment
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 10:00 in Amsterdam.
NOW = moment("2026-12-02 10:00")


@pytest.fixture
def items(team):
    woerden = MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)  # 1 working day
    NormFactory(subject=NormSubject.COMPLAINT, target_value=6, unit=NormUnit.WEEKS)

    def row(source_id: str, kind: str, received: str) -> ItemInput:
        return item_input(team, woerden, source_id, moment(received), kind=kind)

    with time_machine.travel(NOW, tick=False):
        items_upsert(
            items=[
                row("late", ItemKind.CALLBACK, "2026-11-23 10:00"),  # due 24 Nov: past due
                row("fresh", ItemKind.CALLBACK, "2026-12-02 09:00"),  # due 3 Dec
                row("waiting", ItemKind.COMPLAINT, "2026-11-30 09:00"),
            ]
        )
        item_suspend(
            item=HandlingItem.objects.get(source_id="waiting"), starts_on=datetime.date(2026, 12, 1)
        )


def page_words(html: str) -> dict[str, str]:
    tree = lxml.html.fromstring(html)
    words = {}
    for tr in tree.xpath("//table//tbody/tr"):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
        words[cells[0].split(": ", 1)[1]] = cells[-1]
    return words


def csv_words(content: bytes) -> dict[str, str]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    return {row["kenmerk"]: row["status"] for row in reader}


def test_the_download_uses_the_words_of_the_page(client, employee, items):
    logged_in(client, employee)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/openstaand-werk/teams/burgerzaken/")
        download = client.get("/openstaand-werk/teams/burgerzaken/?formaat=csv")
    on_page = page_words(page.content.decode())
    assert on_page == {"late": "te laat", "fresh": "open", "waiting": "opgeschort"}
    assert csv_words(download.content) == on_page


def test_a_kenmerk_that_looks_like_a_formula_is_downloaded_as_text(client, employee, team):
    with time_machine.travel(NOW, tick=False):
        items_upsert(
            items=[item_input(team, MunicipalityFactory(), "=1+2", moment("2026-12-02 09:00"))]
        )
        download = logged_in(client, employee).get(
            "/openstaand-werk/teams/burgerzaken/?formaat=csv"
        )
    assert list(csv_words(download.content)) == ["'=1+2"]
