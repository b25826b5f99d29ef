"""Every error the API gives is a Dutch application/problem+json answer, never an HTML page and
never a 500 for bad input: dates outside the calendar, a body that is not an object, an unknown
address, a method or content type it does not take, a missing or wrong token, a crash."""

import uuid

import pytest
from rest_framework.test import APIClient

from dienstverlening.handling.models import HandlingItem
from tests.core.factories import api_client
from tests.handling.factories import case_payload, task_payload

pytestmark = pytest.mark.django_db

CASE = case_payload()
TASK = task_payload()
ENGLISH = ["Not found", "not allowed", "Unsupported", "credentials", "Invalid", "Expected"]


@pytest.fixture
def api(intake_norms):
    client = api_client()
    client.raise_request_exception = False
    return client


@pytest.fixture
def case_url(api) -> str:
    response = api.post("/api/v1/zaken/", CASE, format="json")
    assert response.status_code == 201, response.content
    return f"/api/v1/zaken/{response.json()['uuid']}/"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"about:blank#{code}"
    assert body["status"] == status
    texts = [body["title"], body.get("detail", "")]
    texts += [param["reason"] for param in body.get("invalidParams", [])]
    for text in texts:
        assert not any(word in text for word in ENGLISH), text
    return body


def reasons(body: dict) -> dict[str, tuple[str, str]]:
    return {p["name"]: (p["code"], p["reason"]) for p in body["invalidParams"]}


# --- dates outside the calendar: refused, nothing stored ----------------------------------------


@pytest.mark.parametrize(
    ("url", "data", "field", "code"),
    [
        ("/api/v1/zaken/", {**CASE, "startdatum": "0001-01-01"}, "startdatum", "too_early"),
        ("/api/v1/zaken/", {**CASE, "startdatum": "1000-02-01"}, "startdatum", "too_early"),
        ("/api/v1/zaken/", {**CASE, "startdatum": "1999-12-31"}, "startdatum", "too_early"),
        ("/api/v1/zaken/", {**CASE, "startdatum": "9999-12-31"}, "startdatum", "future"),
        (
            "/api/v1/interne-taken/",
            {**TASK, "toegewezenOp": "0001-01-01T00:00:00+01:00"},
            "toegewezenOp",
            "overflow",
        ),
        (
            "/api/v1/interne-taken/",
            {**TASK, "toegewezenOp": "1800-01-01T00:00:00+01:00"},
            "toegewezenOp",
            "too_early",
        ),
        (
            "/api/v1/interne-taken/",
            {**TASK, "toegewezenOp": "9999-12-31T23:59:59+01:00"},
            "toegewezenOp",
            "future",
        ),
    ],
)
def test_a_date_outside_the_calendar_is_a_dutch_400_not_a_crash(api, url, data, field, code):
    body = assert_problem(api.post(url, data, format="json"), 400, "invalid")
    assert reasons(body)[field][0] == code
    assert HandlingItem.objects.count() == 0


def test_a_too_early_date_says_which_date_and_why(api):
    body = assert_problem(
        api.post("/api/v1/zaken/", {**CASE, "startdatum": "0026-11-02"}, format="json"),
        400,
        "invalid",
    )
    assert reasons(body)["startdatum"] == (
        "too_early",
        "De datum 02-11-0026 ligt vóór 01-01-2000. Klopt het jaartal?",
    )


def test_patching_a_start_date_outside_the_calendar_is_refused(api, case_url):
    body = assert_problem(
        api.patch(case_url, {"startdatum": "0001-01-01"}, format="json"), 400, "invalid"
    )
    assert reasons(body)["startdatum"][0] == "too_early"
    assert api.get(case_url).json()["startdatum"] == "2026-11-02"


# --- a body that is not one JSON object --------------------------------------------------------


@pytest.mark.parametrize("body", [[1, 2], [CASE], "tekst", 5, True])
def test_a_patch_body_that_is_not_an_object_is_a_dutch_400(api, case_url, body):
    response = assert_problem(api.patch(case_url, body, format="json"), 400, "invalid")
    assert reasons(response) == {
        "nonFieldErrors": ("invalid", "Geef hier een object met velden (JSON), geen losse waarde.")
    }
    assert api.get(case_url).json()["startdatum"] == "2026-11-02"


@pytest.mark.parametrize("body", [[CASE], "tekst"])
def test_a_post_body_that_is_not_an_object_is_a_dutch_400(api, body):
    response = assert_problem(api.post("/api/v1/zaken/", body, format="json"), 400, "invalid")
    assert list(reasons(response)) == ["nonFieldErrors"]


@pytest.mark.parametrize("field", ["gemeente", "team", "dienst", "kanaal"])
def test_a_name_with_a_nul_character_is_a_dutch_400_not_a_crash(api, field):
    # Found by the fuzzer: PostgreSQL cannot even compare a text holding NUL.
    body = {**CASE, field: "GM06\u000032"}
    response = assert_problem(api.post("/api/v1/zaken/", body, format="json"), 400, "invalid")
    assert reasons(response)[field] == ("invalid", "Geef de korte naam als tekst.")
    assert not HandlingItem.objects.exists()


# --- every other error, as a table ---------------------------------------------------------------


def test_every_kind_of_error_is_problem_json(api, case_url):
    anonymous = APIClient()
    wrong_token = APIClient()
    wrong_token.credentials(HTTP_AUTHORIZATION="Bearer dv_dit-token-bestaat-niet")
    reader = api_client("powerbi", scopes=["kpis"], sources=[])
    cases = [
        (api.get("/api/v1/bestaat-niet/"), 404, "not_found"),
        (api.get("/api/v1/zaken/geen-uuid/"), 404, "not_found"),
        (api.get(f"/api/v1/zaken/{uuid.uuid4()}/"), 404, "not_found"),
        (api.delete(case_url), 405, "method_not_allowed"),
        (api.put(case_url, CASE, format="json"), 405, "method_not_allowed"),
        (api.patch(case_url, "{kapot", content_type="application/json"), 400, "parse_error"),
        (api.patch(case_url, "a=b", content_type="text/plain"), 415, "unsupported_media_type"),
        (api.get(case_url, HTTP_ACCEPT="text/html"), 406, "not_acceptable"),
        (anonymous.get(case_url), 401, "not_authenticated"),
        (anonymous.get("/api/v1/kpis/"), 401, "not_authenticated"),
        (wrong_token.get(case_url), 401, "authentication_failed"),
        (reader.get(case_url), 403, "permission_denied"),
        (reader.post("/api/v1/uitnodigingen/", {}, format="json"), 403, "permission_denied"),
    ]
    for response, status, code in cases:
        assert_problem(response, status, code)
    assert cases[3][0]["Allow"] == "GET, PATCH, HEAD, OPTIONS"
    assert cases[8][0]["WWW-Authenticate"] == 'Bearer realm="api"'
    assert cases[1][0].json()["detail"] == (
        "Dit adres bestaat niet in de API. De adressen staan in /api/v1/docs/."
    )


def test_a_crash_is_a_problem_json_500_in_dutch_and_nothing_is_stored(api, monkeypatch):
    from dienstverlening.handling.api import views

    def crash(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views, "item_upsert", crash)
    body = assert_problem(api.post("/api/v1/zaken/", CASE, format="json"), 500, "server_error")
    assert body["title"] == "Er ging iets mis aan onze kant."
    assert "niets opgeslagen" in body["detail"]
    assert "kapot" not in str(body)
    assert HandlingItem.objects.count() == 0


def test_an_empty_survey_round_in_the_kpi_api_is_named_not_guessed(api):
    """Found by the fuzzer (test_api_fuzz.py): "meting=" gave the standard round's figures."""
    reader = api_client("powerbi", scopes=["kpis"], sources=[])
    response = reader.get("/api/v1/kpis/", {"meting": ""})
    assert_problem(response, 400, "invalid")
    assert reasons(response.json())["meting"] == (
        "blank",
        "Kies een meting: doorlopend, tweejaarlijks, nulmeting, extern.",
    )
    assert reader.get("/api/v1/kpis/").status_code == 200
