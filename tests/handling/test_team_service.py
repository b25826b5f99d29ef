"""An item's team is the team of its service: the API and the import refuse a team that does not
own the service (one rule, ``handling.services.item_team_resolve``), and take the team from the
service when none is given."""

import pytest
from django.core.exceptions import ValidationError

from dienstverlening.core.importing import ImportFailed
from dienstverlening.handling.importing import handling_import
from dienstverlening.handling.models import HandlingItem
from dienstverlening.handling.services import item_team_resolve
from tests.core.factories import api_client
from tests.handling.factories import ImportSourceFactory, case_payload
from tests.organisation.factories import MunicipalityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "De dienst 'Paspoort aanvragen' hoort bij team 'Burgerzaken', niet bij 'Belastingen'. "
    "Laat het team leeg of geef team 'Burgerzaken'."
)
CASE = case_payload()


@pytest.fixture
def api(team, other_team, service, decision_norm):
    MunicipalityFactory()
    return api_client()


def test_the_rule(team, other_team, service):
    assert item_team_resolve(team_id=None, service_id=service.pk) == team.pk
    assert item_team_resolve(team_id=team.pk, service_id=service.pk) == team.pk
    assert item_team_resolve(team_id=other_team.pk, service_id=None) == other_team.pk
    with pytest.raises(ValidationError) as refused:
        item_team_resolve(team_id=other_team.pk, service_id=service.pk)
    assert refused.value.message_dict == {"team": [REFUSAL]}
    assert refused.value.error_dict["team"][0].code == "team_service"


def test_the_api_refuses_a_team_that_does_not_own_the_service(api):
    response = api.post("/api/v1/zaken/", {**CASE, "team": "belastingen"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"] == [
        {"name": "team", "code": "team_service", "reason": REFUSAL}
    ]
    assert HandlingItem.objects.count() == 0


def test_the_api_takes_the_team_from_the_service_or_accepts_the_owner(api):
    assert api.post("/api/v1/zaken/", CASE, format="json").json()["team"] == "burgerzaken"
    again = api.post("/api/v1/zaken/", {**CASE, "team": "burgerzaken"}, format="json")
    assert again.status_code == 200 and again.json()["team"] == "burgerzaken"


def test_patching_another_teams_team_onto_the_case_is_refused(api):
    url = f"/api/v1/zaken/{api.post('/api/v1/zaken/', CASE, format='json').json()['uuid']}/"
    response = api.patch(url, {"team": "belastingen"}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "team_service"
    assert api.get(url).json()["team"] == "burgerzaken"


def test_patching_a_new_service_brings_its_team(api, other_team):
    ServiceFactory(name="Aanslag bezwaar", slug="aanslag", team=other_team)
    url = f"/api/v1/zaken/{api.post('/api/v1/zaken/', CASE, format='json').json()['uuid']}/"
    moved = api.patch(url, {"dienst": "aanslag"}, format="json")
    assert moved.status_code == 200, moved.content
    assert (moved.json()["dienst"], moved.json()["team"]) == ("aanslag", "belastingen")


def test_closing_an_item_whose_service_moved_team_since_still_works(api, service, other_team):
    url = f"/api/v1/zaken/{api.post('/api/v1/zaken/', CASE, format='json').json()['uuid']}/"
    service.team = other_team
    service.save()
    closed = api.patch(url, {"einddatum": "2026-11-30"}, format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["team"] == "burgerzaken"


def test_the_import_refuses_the_same_row_with_the_same_words(team, other_team, service):
    MunicipalityFactory()
    source = ImportSourceFactory(
        mapping={
            "source_id": "Nummer",
            "team": "Team",
            "service": "Dienst",
            "municipality": "Gemeente",
            "received_at": "Aangemaakt",
        }
    )
    text = "Nummer;Team;Dienst;Gemeente;Aangemaakt\r\n"
    text += "A-1;Burgerzaken;Paspoort aanvragen;Woerden;20-11-2026\r\n"
    text += "A-2;Belastingen;Paspoort aanvragen;Woerden;20-11-2026\r\n"
    text += "A-3;;paspoort;Woerden;20-11-2026\r\n"
    with pytest.raises(ImportFailed) as failed:
        handling_import(source=source, data=text.encode(), filename="kcc.csv")
    assert [str(error) for error in failed.value.errors] == [f"Regel 3: {REFUSAL}"]
    assert HandlingItem.objects.count() == 0
    fixed = text.replace("A-2;Belastingen", "A-2;Burgerzaken")
    handling_import(source=source, data=fixed.encode(), filename="kcc.csv")
    assert set(HandlingItem.objects.values_list("team__slug", flat=True)) == {"burgerzaken"}
