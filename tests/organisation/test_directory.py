import pytest
from django.urls import reverse

from dienstverlening.organisation.search import terms
from dienstverlening.organisation.selectors import directory_search
from tests.conftest import logged_in
from tests.organisation.factories import ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(team):
    ServiceFactory(
        name="Paspoort aanvragen",
        team=team,
        description="U vraagt een nieuw paspoort aan bij de balie.",
        keywords="reisdocument, identiteitsbewijs",
    )
    ServiceFactory(name="Parkeervergunning bewoners", keywords="parkeren, auto")
    TeamFactory(name="Belastingen", core_tasks="WOZ-waarde bepalen\nKwijtschelding")
    return team


@pytest.mark.parametrize(
    "query",
    [
        "paspoort",
        "paspoorten",
        "Paspoort",
        "reisdocument",
        "pasport",
        "paspoortaanvraag",
        "reisdocumenten",
    ],
)
def test_passport_found_however_it_is_asked(directory, query):
    hits = directory_search(query)
    assert hits, query
    assert hits[0].service.name == "Paspoort aanvragen"
    assert hits[0].team.name == "Burgerzaken"


def test_core_task_finds_team(directory):
    hits = directory_search("kwijtschelding")
    assert [(h.kind, h.team.name) for h in hits] == [("team", "Belastingen")]


def test_every_word_must_match(directory):
    assert directory_search("paspoort parkeren") == []


def test_stopwords_alone_find_nothing(directory):
    assert terms("hoe kan ik") == []
    assert directory_search("hoe kan ik") == []


def test_page_needs_login(client):
    response = client.get(reverse("directory"))
    assert response.status_code == 302


def test_page_answers_which_team_and_how_to_reach_it(client, employee, directory):
    html = logged_in(client, employee).get(reverse("directory"), {"q": "paspoorten"})
    html = html.content.decode()
    assert "Paspoort aanvragen" in html
    assert "burgerzaken@woerden.nl" in html
    assert "1 resultaat voor" in html


def test_htmx_gets_only_the_results(client, employee, directory):
    response = logged_in(client, employee).get(
        reverse("directory"), {"q": "paspoort"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Paspoort aanvragen" in html and "<html" not in html


def test_nothing_found_says_what_to_try(client, employee, directory):
    html = logged_in(client, employee).get(reverse("directory"), {"q": "ruimtevaart"})
    assert "Niets gevonden" in html.content.decode()


def test_team_list_groups_by_domain(client, directory):
    html = client.get(reverse("team-list")).content.decode()
    assert "Burgerzaken" in html and "Belastingen" in html
