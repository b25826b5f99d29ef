import datetime

import pytest
from django.urls import reverse

from dienstverlening.insights.answers import newest_open_answers, open_answers
from dienstverlening.insights.periods import period_from
from dienstverlening.insights.scope import Scope
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


@pytest.mark.parametrize("residents, shown", [(9, False), (10, True)])
def test_open_answers_of_a_small_group_are_not_shown(
    client, coordinator, answer, service, residents, shown
):
    """The minimum group size is 10: nine residents show nothing, ten show their answers."""
    answer(service, residents, good="Prima geholpen.")
    html = (
        logged_in(client, coordinator)
        .get(reverse("insights-open-answers"), {"periode": "jaar", "dienst": service.slug})
        .content.decode()
    )
    assert ("Prima geholpen." in html) is shown
    assert ("te weinig inwoners" in html) is not shown


@pytest.mark.moment("wednesday")
@pytest.mark.parametrize("count", [1, 3, 4, 20])
def test_the_newest_compliments_month_by_month_are_the_first_of_the_whole_list(
    answer, service, count
):
    """The reports take the first few compliments month by month from the end of the period;
    they are the same ones, in the same order, as the first few of the whole list."""
    for day, texts in [
        (datetime.date(2026, 1, 15), ["Januari a.", "Januari b.", "Januari c."]),
        (datetime.date(2026, 11, 3), ["November b.", "November a."]),
        (datetime.date(2026, 12, 1), ["December."]),
    ]:
        for text in texts:
            answer(service, 1, good=text, mark=9, day=day)
        answer(service, 4, good="Ging wel.", mark=5, day=day)
    period = period_from("jaar", today=datetime.date(2026, 12, 2))

    whole = [a.text for a in open_answers(Scope(), period, compliments=True)[:count]]
    newest = [a.text for a in newest_open_answers(Scope(), period, count, compliments=True)]

    assert newest == whole
    assert newest[:3] == ["December.", "November a.", "November b."][:count]
