"""The intake API: Open Klant InterneTaak and ZGW Zaak shapes, upserts, problem+json."""

import datetime

import pytest
from rest_framework.test import APIClient

from dienstverlening.handling.models import HandlingItem, ItemStatus
from tests.clock import by_moment
from tests.conftest import logged_in
from tests.core.factories import api_client
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import ChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(intake_norms):
    ChannelFactory(name="Telefoon", slug="telefoon")
    return api_client("kcc-koppeling")


TASK = {
    "bron": "kcc",
    "nummer": "T-1",
    "gemeente": "GM0632",
    "team": "burgerzaken",
    "kanaal": "telefoon",
    "toegewezenOp": "2026-11-20T10:00:00+01:00",
}


def test_create_task_then_idempotent_repush_then_close(api):
    created = api.post("/api/v1/interne-taken/", TASK, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "te_verwerken"
    assert body["uiterlijkAfgehandeldOp"].startswith("2026-11-23")
    again = api.post("/api/v1/interne-taken/", TASK, format="json")
    assert again.status_code == 200
    assert again.json()["uuid"] == body["uuid"]
    assert HandlingItem.objects.count() == 1
    closed = api.patch(
        f"/api/v1/interne-taken/{body['uuid']}/",
        {"status": "verwerkt", "afgehandeldOp": "2026-11-23T09:00:00+01:00"},
        format="json",
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "verwerkt" and closed.json()["opTijd"] is True
    shown = api.get(f"/api/v1/interne-taken/{body['uuid']}/").json()
    assert shown["afgehandeldOp"] == "2026-11-23T09:00:00+01:00"
    assert_rollups_match_raw()


@pytest.mark.every_moment
def test_case_with_suspension_and_result(api, service, now, clock):
    today = now.date()
    start = today - datetime.timedelta(weeks=8)
    case = {
        "bron": "zaaksysteem",
        "identificatie": "ZAAK-2026-001",
        "gemeente": "woerden",
        "dienst": service.slug,
        "startdatum": start.isoformat(),
    }
    created = api.post("/api/v1/zaken/", case, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["team"] == "burgerzaken"  # from the service
    # Started 8 weeks ago: due today, or on the next working day when today is none.
    assert body["uiterlijkeEinddatumAfdoening"] == by_moment(
        now,
        {
            "wednesday": "2026-12-02",
            "saturday": "2026-12-07",
            "good-friday": "2027-03-30",  # Easter Monday is off as well
            "new-years-eve-2330": "2026-12-31",
        },
    )
    suspended = api.patch(
        f"/api/v1/zaken/{body['uuid']}/",
        {"opschorting": {"indicatie": True, "reden": "wacht op stukken van J. Jansen"}},
        format="json",
    )
    assert suspended.json()["status"] == ItemStatus.SUSPENDED
    assert suspended.json()["uiterlijkeEinddatumAfdoening"] is None
    clock.shift(datetime.timedelta(weeks=1))
    today += datetime.timedelta(weeks=1)
    resumed = api.patch(
        f"/api/v1/zaken/{body['uuid']}/", {"opschorting": {"indicatie": False}}, format="json"
    )
    assert resumed.json()["status"] == ItemStatus.OPEN
    # A week suspended: the legal term (8 weeks) runs a week longer, then moves off a day off.
    assert resumed.json()["uiterlijkeEinddatumAfdoening"] == by_moment(
        now,
        {
            "wednesday": "2026-12-09",
            "saturday": "2026-12-14",  # 8 weeks + 1 week ends on Saturday 12 December
            "good-friday": "2027-04-02",  # a working Friday
            "new-years-eve-2330": "2027-01-07",
        },
    )
    done = api.patch(
        f"/api/v1/zaken/{body['uuid']}/",
        {"einddatum": today.isoformat(), "resultaat": "geweigerd"},
        format="json",
    )
    assert done.json()["resultaat"] == "geweigerd" and done.json()["einddatum"] == today.isoformat()
    assert "Jansen" not in str(HandlingItem.objects.values().get())
    assert_rollups_match_raw()


def test_bad_input_is_problem_json_with_invalid_params(api):
    bad = {**TASK, "team": "bestaat-niet", "toegewezenOp": "gisteren"}
    response = api.post("/api/v1/interne-taken/", bad, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"team", "toegewezenOp"}
    early = {**TASK, "status": "verwerkt", "afgehandeldOp": "2026-11-19T10:00:00+01:00"}
    response = api.post("/api/v1/interne-taken/", early, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "afgehandeldOp"
    assert HandlingItem.objects.count() == 0


def test_no_token_is_401_problem_json(db):
    response = APIClient().post("/api/v1/interne-taken/", TASK, format="json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_client_without_the_handling_scope_may_not_push(api):
    reader = api_client("powerbi", scopes=["kpis"], sources=[])
    response = reader.post("/api/v1/interne-taken/", TASK, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Deze koppeling mag dit niet. Vraag de functioneel beheerder."
    )


def test_a_logged_in_employee_cannot_push_with_the_session(api, client, employee):
    logged_in(client, employee)
    response = client.post("/api/v1/interne-taken/", TASK, content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_schema_documents_the_endpoints(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/interne-taken/" in schema["paths"]
    assert "/api/v1/zaken/{uuid}/" in schema["paths"]
