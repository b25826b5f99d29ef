"""Moments in the future and dates that do not exist: refused with a Dutch reason, nothing kept."""

import pytest

from dienstverlening.core.importing import ImportFailed
from dienstverlening.framework.models import NormSubject
from dienstverlening.handling.importing import handling_import
from dienstverlening.handling.models import DailyFlow, HandlingItem
from tests.core.factories import api_client
from tests.framework.factories import NormFactory
from tests.handling.factories import case_payload, moment, task_payload
from tests.organisation.factories import MunicipalityFactory

# Wednesday 2 December 2026, 10:00 in Amsterdam: every test here runs at that moment.
NOW = moment("2026-12-02 10:00")
pytestmark = [pytest.mark.django_db, pytest.mark.moment(NOW)]
HEADER = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld\r\n"


@pytest.fixture
def api(team, service):
    MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)
    return api_client("koppeling-datums")


def import_errors(source, lines: list[str]) -> list[str]:
    data = (HEADER + "".join(lines)).encode()
    with pytest.raises(ImportFailed) as failed:
        handling_import(source=source, data=data, filename="kcc.csv")
    return [str(error) for error in failed.value.errors]


def test_import_refuses_moments_in_the_future_and_keeps_nothing(clock, source):
    errors = import_errors(
        source,
        [
            "OK-1;Burgerzaken;Woerden;02-12-2026 10:04;\r\n",  # 4 minutes ahead: clock skew
            "F-1;Burgerzaken;Woerden;01-01-2099 09:00;\r\n",
            "F-2;Burgerzaken;Woerden;02-12-2026 08:00;02-12-2026 11:00\r\n",
            "F-3;Burgerzaken;Woerden;03-12-2026;\r\n",
        ],
    )
    assert errors == [
        "Regel 3: de ontvangstdatum 01-01-2099 09:00 ligt in de toekomst.",
        "Regel 4: de afhandeldatum 02-12-2026 11:00 ligt in de toekomst.",
        "Regel 5: de ontvangstdatum 03-12-2026 00:00 ligt in de toekomst.",
    ]
    assert HandlingItem.objects.count() == 0
    assert DailyFlow.objects.count() == 0


def test_import_accepts_a_moment_a_few_minutes_ahead(clock, source):
    data = (HEADER + "OK-1;Burgerzaken;Woerden;02-12-2026 10:04;\r\n").encode()
    assert handling_import(source=source, data=data, filename="kcc.csv").created == 1


def test_import_says_which_date_does_not_exist(clock, source):
    errors = import_errors(
        source,
        [
            "D-1;Burgerzaken;Woerden;31-02-2026;\r\n",
            "D-2;Burgerzaken;Woerden;29-02-2026 10:00;\r\n",
            "D-3;Burgerzaken;Woerden;12-13-2026;\r\n",
            "D-4;Burgerzaken;Woerden;2026-04-31;\r\n",
            "D-5;Burgerzaken;Woerden;gisteren;\r\n",
        ],
    )
    assert errors == [
        "Regel 2: '31-02-2026' is geen geldige datum: die dag bestaat niet "
        "(februari 2026 heeft 28 dagen).",
        "Regel 3: '29-02-2026' is geen geldige datum: die dag bestaat niet "
        "(februari 2026 heeft 28 dagen).",
        "Regel 4: '12-13-2026' is geen geldige datum: maand 13 bestaat niet.",
        "Regel 5: '2026-04-31' is geen geldige datum: die dag bestaat niet "
        "(april 2026 heeft 30 dagen).",
        "Regel 6: 'gisteren' is geen geldige datum (verwacht dd-mm-jjjj).",
    ]


TASK = task_payload(toegewezenOp="2026-12-02T09:00:00+01:00")
CASE = case_payload(startdatum="2026-12-01")


def problem(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


def test_api_refuses_a_received_moment_in_2099(clock, api):
    response = api.post(
        "/api/v1/interne-taken/", {**TASK, "toegewezenOp": "2099-01-01T09:00:00+01:00"}, "json"
    )
    assert problem(response) == {
        "toegewezenOp": "Dit moment (01-01-2099 09:00) ligt in de toekomst. "
        "Geef een moment dat al voorbij is."
    }
    assert HandlingItem.objects.count() == 0
    assert DailyFlow.objects.count() == 0


def test_api_refuses_a_closing_moment_in_the_future_also_on_patch(clock, api):
    created = api.post("/api/v1/interne-taken/", TASK, "json")
    assert created.status_code == 201
    response = api.patch(
        f"/api/v1/interne-taken/{created.json()['uuid']}/",
        {"status": "verwerkt", "afgehandeldOp": "2026-12-02T10:30:00+01:00"},
        "json",
    )
    assert problem(response) == {
        "afgehandeldOp": "Dit moment (02-12-2026 10:30) ligt in de toekomst. "
        "Geef een moment dat al voorbij is."
    }
    assert HandlingItem.objects.get().closed_at is None


def test_api_accepts_a_moment_a_few_minutes_ahead(clock, api):
    ahead = {**TASK, "toegewezenOp": "2026-12-02T10:04:00+01:00"}
    assert api.post("/api/v1/interne-taken/", ahead, "json").status_code == 201


def test_api_refuses_case_dates_after_today(clock, api):
    response = api.post("/api/v1/zaken/", {**CASE, "startdatum": "2026-12-03"}, "json")
    assert problem(response) == {"startdatum": "De datum 03-12-2026 ligt in de toekomst."}
    response = api.post("/api/v1/zaken/", {**CASE, "einddatum": "2026-12-03"}, "json")
    assert problem(response) == {"einddatum": "De datum 03-12-2026 ligt in de toekomst."}
    assert HandlingItem.objects.count() == 0


def test_api_closing_a_case_today_is_not_a_moment_in_the_future(clock, api):
    response = api.post("/api/v1/zaken/", {**CASE, "einddatum": "2026-12-02"}, "json")
    assert response.status_code == 201, response.content
    assert HandlingItem.objects.get().closed_at <= NOW


def test_api_says_which_date_does_not_exist(clock, api):
    response = api.post("/api/v1/zaken/", {**CASE, "startdatum": "2026-02-31"}, "json")
    assert problem(response) == {
        "startdatum": "'2026-02-31' is geen geldige datum: die dag bestaat niet "
        "(februari 2026 heeft 28 dagen)."
    }
    response = api.post(
        "/api/v1/interne-taken/", {**TASK, "toegewezenOp": "2026-02-31T10:00:00+01:00"}, "json"
    )
    assert problem(response) == {
        "toegewezenOp": "'2026-02-31' is geen geldige datum: die dag bestaat niet "
        "(februari 2026 heeft 28 dagen)."
    }
    response = api.post("/api/v1/zaken/", {**CASE, "startdatum": "31-02-2026"}, "json")
    assert problem(response) == {
        "startdatum": "'31-02-2026' is geen geldige datum: die dag bestaat niet "
        "(februari 2026 heeft 28 dagen)."
    }
    response = api.post("/api/v1/zaken/", {**CASE, "startdatum": "01-12-2026"}, "json")
    assert problem(response) == {
        "startdatum": "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-11-29."
    }
    assert HandlingItem.objects.count() == 0
