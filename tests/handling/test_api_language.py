"""Every sentence the intake API writes for people is Dutch; codes for programs are documented."""

import pytest
import time_machine

from dienstverlening.framework.models import NormSubject
from tests.core.factories import api_client
from tests.framework.factories import NormFactory
from tests.handling.factories import case_payload, moment
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

NOW = moment("2026-12-02 10:00")  # a Wednesday
CASE = case_payload(startdatum="2026-11-30")
# Fragments of Django REST framework's own (English or half-translated) messages.
FOREIGN = ["Date ", "Datetime", "valid", "This field", "Expected", "matches the given", "{", "}"]


@pytest.fixture
def api(team, service):
    MunicipalityFactory()
    NormFactory(subject=NormSubject.LEAD_TIME)
    client = api_client("koppeling-taal")
    with time_machine.travel(NOW, tick=False):
        yield client


def human_texts(body: dict) -> list[str]:
    texts = [body["title"], body.get("detail", "")]
    texts += [param["reason"] for param in body.get("invalidParams", [])]
    return [text for text in texts if text]


def assert_dutch(response) -> dict:
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    for text in human_texts(body):
        assert not any(fragment in text for fragment in FOREIGN), text
    return body


def test_field_errors_are_dutch_sentences_with_a_code(api):
    response = api.post(
        "/api/v1/zaken/",
        {
            "bron": "zaak systeem",
            "identificatie": "Z" * 101,
            "soort": "vergunning",
            "startdatum": "30-11-2026",
            "opschorting": {"indicatie": "misschien"},
        },
        "json",
    )
    assert response.status_code == 400
    body = assert_dutch(response)
    params = {p["name"]: (p["code"], p["reason"]) for p in body["invalidParams"]}
    assert params == {
        "bron": (
            "invalid",
            "Gebruik alleen letters, cijfers, liggende streepjes en koppeltekens, "
            "bijvoorbeeld 'kcc' of 'zaaksysteem'.",
        ),
        "identificatie": ("max_length", "Gebruik hoogstens 100 tekens."),
        "gemeente": ("required", "Dit veld is verplicht."),
        "soort": (
            "invalid_choice",
            "'vergunning' is geen geldige keuze. Kies uit: application, complaint, objection, "
            "report.",
        ),
        "startdatum": ("invalid", "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-11-29."),
        "opschorting.indicatie": ("invalid", "Geef true of false."),
    }
    assert body["title"] == "Een of meer velden zijn niet goed ingevuld."


def test_a_moment_without_the_right_form_is_explained(api):
    response = api.post(
        "/api/v1/interne-taken/",
        {
            "bron": "kcc",
            "nummer": "1",
            "gemeente": "woerden",
            "team": "burgerzaken",
            "toegewezenOp": "morgen",
            "kanaal": "bestaat-niet",
            "status": "klaar",
        },
        "json",
    )
    body = assert_dutch(response)
    reasons = {p["name"]: p["reason"] for p in body["invalidParams"]}
    assert reasons["toegewezenOp"] == (
        "Schrijf het moment als jjjj-mm-ddTuu:mm:ss met tijdzone, "
        "bijvoorbeeld 2026-11-29T14:05:00+01:00."
    )
    assert reasons["kanaal"] == "'bestaat-niet' is onbekend."
    assert reasons["status"] == "'klaar' is geen geldige keuze. Kies uit: te_verwerken, verwerkt."


def test_problems_outside_the_fields_are_dutch_too(api):
    broken = api.post("/api/v1/zaken/", "{kapot", content_type="application/json")
    assert broken.status_code == 400
    assert assert_dutch(broken)["title"] == "De inhoud van de aanvraag is geen geldige JSON."
    missing = api.get("/api/v1/zaken/00000000-0000-4000-8000-000000000000/")
    assert missing.status_code == 404
    assert assert_dutch(missing)["detail"] == (
        "Er is hier geen item met uuid 00000000-0000-4000-8000-000000000000."
    )
    wrong_method = api.delete("/api/v1/zaken/00000000-0000-4000-8000-000000000000/")
    assert wrong_method.status_code == 405
    body = assert_dutch(wrong_method)
    assert (body["title"], body["detail"]) == (
        "Deze methode kan hier niet.",
        "De methode DELETE kan niet op dit adres.",
    )
    text = api.post("/api/v1/zaken/", "x", content_type="text/plain")
    assert text.status_code == 415
    assert assert_dutch(text)["detail"] == "Stuur de inhoud als application/json."


def test_a_refusal_from_the_register_keeps_its_code(api):
    report = {**CASE, "soort": "report", "dienst": None, "team": "burgerzaken"}
    created = api.post("/api/v1/zaken/", report, "json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/zaken/{created.json()['uuid']}/"
    response = api.patch(url, {"opschorting": {"indicatie": True}}, "json")
    assert response.status_code == 400
    assert assert_dutch(response)["invalidParams"] == [
        {
            "name": "nonFieldErrors",
            "code": "not_suspendable",
            "reason": "Een melding openbare ruimte kan niet worden opgeschort.",
        }
    ]


def test_the_schema_explains_every_code(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    status = components["Zaak"]["properties"]["status"]["description"]
    assert "`suspended` - opgeschort" in status and "`closed` - afgehandeld" in status
    soort = components["InterneTaak"]["properties"]["soort"]["description"]
    assert "`callback` - terugbelverzoek" in soort
    codes = components["InvalidParam"]["properties"]["code"]["description"]
    for code in ("required", "invalid_choice", "nonexistent", "future", "order", "unknown"):
        assert code in codes
    post = schema["paths"]["/api/v1/zaken/"]["post"]
    assert "application/problem+json" in post["responses"]["400"]["content"]
    assert components["Zaak"]["description"].startswith("Een aanvraag")
