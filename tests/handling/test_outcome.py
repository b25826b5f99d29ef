"""One list of outcomes (``framework.models.Outcome``) for the survey answer and the register."""

import pytest

from dienstverlening.framework.models import NormSubject, Outcome
from dienstverlening.handling.importing import handling_import
from dienstverlening.handling.models import HandlingItem
from dienstverlening.handling.services import item_close
from dienstverlening.surveys.models import AnswerTally, Invitation, Response
from tests.framework.factories import NormFactory
from tests.handling.factories import ImportSourceFactory
from tests.organisation.factories import MunicipalityFactory

HEADER = "Nummer;Team;Gemeente;Aangemaakt;Uitkomst\r\n"


def test_surveys_and_handling_store_the_same_outcome_codes_with_dutch_labels():
    for model in (HandlingItem, Response, Invitation, AnswerTally):
        assert model._meta.get_field("outcome").choices == Outcome.choices
    assert dict(Outcome.choices) == {
        "granted": "toegekend",
        "refused": "afgewezen",
        "not_applicable": "niet van toepassing",
        "unknown": "onbekend",
    }


@pytest.fixture
def source(db, team):
    MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)
    mapping = {
        "source_id": "Nummer",
        "team": "Team",
        "municipality": "Gemeente",
        "received_at": "Aangemaakt",
        "outcome": "Uitkomst",
    }
    return ImportSourceFactory(mapping=mapping)


def test_an_import_reads_the_dutch_words_and_an_empty_cell_as_unknown(source):
    words = ["toegekend", "afgewezen", "geweigerd", "nvt", "niet van toepassing", "onbekend", ""]
    text = HEADER + "".join(
        f"K-{n};Burgerzaken;Woerden;20-11-2026 10:00;{word}\r\n" for n, word in enumerate(words)
    )
    handling_import(source=source, data=text.encode("utf-8"), filename="kcc.csv")
    stored = dict(HandlingItem.objects.values_list("source_id", "outcome"))
    assert [stored[f"K-{n}"] for n in range(len(words))] == [
        "granted",
        "refused",
        "refused",
        "not_applicable",
        "not_applicable",
        "unknown",
        "unknown",
    ]


def test_closing_without_an_outcome_keeps_the_one_already_known(source, now):
    text = HEADER + "K-1;Burgerzaken;Woerden;20-11-2026 10:00;toegekend\r\n"
    text += "K-2;Burgerzaken;Woerden;20-11-2026 10:00;\r\n"
    handling_import(source=source, data=text.encode("utf-8"), filename="kcc.csv")
    item_close(item=HandlingItem.objects.get(source_id="K-1"), closed_at=now)
    item_close(item=HandlingItem.objects.get(source_id="K-2"), closed_at=now, outcome="refused")
    stored = dict(HandlingItem.objects.values_list("source_id", "outcome"))
    assert stored == {"K-1": Outcome.GRANTED, "K-2": Outcome.REFUSED}
