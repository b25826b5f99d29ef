import pytest
from django.urls import reverse

from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_open_answers_are_for_the_teams_manager_coordinator_and_directie(
    client, employee, manager, coordinator, answer, service, other_team
):
    answer(service, 10, good="Heel vriendelijk geholpen, bel me op 06-12345678.", mark=9)
    url = reverse("insights-open-answers")
    assert logged_in(client, employee).get(url, {"team": service.team.slug}).status_code == 403
    assert logged_in(client, manager).get(url, {"team": other_team.slug}).status_code == 403
    html = logged_in(client, manager).get(url, {"team": service.team.slug, "periode": "jaar"})
    html = html.content.decode()
    assert "Heel vriendelijk geholpen" in html
    assert "06-12345678" not in html
    assert logged_in(client, coordinator).get(url, {"periode": "jaar"}).status_code == 200


def test_compliments_show_what_went_well_for_high_marks(client, coordinator, answer, service):
    answer(service, 6, good="Snel en duidelijk.", mark=9)
    answer(service, 6, good="Ging wel.", mark=5)
    html = (
        logged_in(client, coordinator)
        .get(reverse("insights-compliments"), {"periode": "jaar"})
        .content.decode()
    )
    assert "Snel en duidelijk." in html and "Ging wel." not in html


def test_open_answers_of_a_small_group_are_not_shown(client, coordinator, answer, service):
    answer(service, 9, good="Prima geholpen.")
    html = (
        logged_in(client, coordinator)
        .get(reverse("insights-open-answers"), {"periode": "jaar", "dienst": service.slug})
        .content.decode()
    )
    assert "Prima geholpen." not in html and "te weinig inwoners" in html
