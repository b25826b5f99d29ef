"""A team's alerts: read by the people who work in it, handled by its manager; an alert can
start an improvement track. And every employee chooses their team (``Mijn team``)."""

import pytest
from django.urls import reverse

from dienstverlening.improvement.models import Alert
from tests.conftest import logged_in
from tests.core.factories import UserFactory

NUMBERS = {
    "type": "experience",
    "rule": "below",
    "measure": "mark",
    "label": "",
    "period": "K3 2026",
    "n": 40,
    "level": 5.5,
    "threshold": 6.0,
}


@pytest.fixture
def alert(team, now):
    return Alert.objects.create(
        team=team, cause="below:mark:kwartaal", numbers=NUMBERS, created_at=now
    )


def team_page(team):
    return reverse("improvement-team-alerts", args=[team.slug])


def test_a_member_reads_the_alert_of_their_team_but_cannot_handle_it(client, employee, team, alert):
    team.members.add(employee)

    html = logged_in(client, employee).get(team_page(team)).content.decode()

    assert "Rapportcijfer 5,5 (van 40 antwoorden, K3 2026), lager dan de drempel van 6,0." in html
    assert "Start verbetertraject" not in html
    ack = client.post(reverse("improvement-alert-acknowledge", args=[alert.pk]))
    assert ack.status_code == 403


@pytest.mark.parametrize("who", ["employee", "superuser"])
def test_someone_outside_the_team_gets_403(client, request, team, alert, who):
    response = logged_in(client, request.getfixturevalue(who)).get(team_page(team))

    assert response.status_code == 403


def test_a_manager_of_another_team_can_neither_read_nor_handle_it(client, team, other_team, alert):
    other_manager = UserFactory(username="andere-manager", role="team_manager")
    other_team.managers.add(other_manager)
    logged_in(client, other_manager)

    assert client.get(team_page(team)).status_code == 403
    assert client.post(reverse("improvement-alert-track", args=[alert.pk])).status_code == 403
    assert client.post(reverse("improvement-alert-acknowledge", args=[alert.pk])).status_code == 403
    alert.refresh_from_db()
    assert alert.track is None and alert.acknowledged_at is None


def test_the_manager_acknowledges_the_alert(client, manager, team, alert, now):
    response = logged_in(client, manager).post(
        reverse("improvement-alert-acknowledge", args=[alert.pk]), follow=True
    )

    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledged_at) == (manager, now)
    assert "als gezien gemarkeerd" in response.content.decode()
    assert "Gezien" in response.content.decode()


def test_start_track_opens_a_track_for_the_team_and_links_the_alert(client, manager, team, alert):
    logged_in(client, manager)
    url = reverse("improvement-alert-track", args=[alert.pk])

    response = client.post(url)
    again = client.post(url)

    alert.refresh_from_db()
    track = alert.track
    assert response.status_code == 302 and response["Location"] == track.get_absolute_url()
    assert again["Location"] == track.get_absolute_url()  # the same track, not a second
    assert (track.team, track.opened_by) == (team, manager)
    assert "lager dan de drempel van 6,0" in track.problem
    assert alert.acknowledged_by == manager
    assert "Naar het verbetertraject" in client.get(team_page(team)).content.decode()


def test_the_coordinator_sees_teams_with_open_alerts(client, coordinator, team, other_team, alert):
    html = logged_in(client, coordinator).get(reverse("improvement-alerts")).content.decode()

    assert team.name in html and "1 open signalering" in html
    assert other_team.name not in html


def test_an_employee_without_a_team_is_asked_to_choose_one(client, employee):
    html = logged_in(client, employee).get(reverse("improvement-alerts")).content.decode()

    assert "Kies eerst in welk team u werkt" in html


def test_the_team_page_takes_a_fixed_number_of_queries(
    client, manager, team, now, django_assert_max_num_queries
):
    for i in range(6):
        Alert.objects.create(team=team, cause=f"c{i}", numbers=NUMBERS, created_at=now)
    logged_in(client, manager)

    with django_assert_max_num_queries(9):  # session, user, team, access, alerts, session save
        response = client.get(team_page(team))

    assert response.content.decode().count("Start verbetertraject") == 6


def test_an_employee_chooses_their_team_and_then_reads_its_compliments(
    client, employee, team, other_team
):
    compliments = reverse("insights-compliments") + f"?team={team.slug}"
    logged_in(client, employee)
    before = client.get(compliments)

    response = client.post(reverse("improvement-my-team"), {"teams": [team.pk]}, follow=True)

    assert before.status_code == 403
    assert list(employee.member_teams.all()) == [team]
    assert "Uw team is opgeslagen." in response.content.decode()
    assert client.get(compliments).status_code == 200
    # Still only their own team's compliments, and no open answers.
    assert (
        client.get(reverse("insights-compliments") + f"?team={other_team.slug}").status_code == 403
    )
    assert client.get(reverse("insights-open-answers") + f"?team={team.slug}").status_code == 403


def test_choosing_a_team_that_does_not_exist_keeps_the_form(client, employee):
    response = logged_in(client, employee).post(reverse("improvement-my-team"), {"teams": [999]})

    assert response.status_code == 200
    assert response.context["form"].errors["teams"]
    assert not employee.member_teams.exists()


# --- the team's page ("Wie doet wat") shows its open alerts to the people who read them ----------

TEXT = "Rapportcijfer 5,5 (van 40 antwoorden, K3 2026), lager dan de drempel van 6,0."


def test_a_member_finds_the_open_alert_on_the_team_page_and_not_the_resolved_one(
    client, employee, team, alert, now
):
    team.members.add(employee)
    Alert.objects.create(
        team=team,
        cause="below:mark:vorig",
        numbers={**NUMBERS, "period": "K2 2026"},
        created_at=now,
        resolved_at=now,
    )

    html = logged_in(client, employee).get(team.get_absolute_url()).content.decode()

    assert "Signaleringen" in html
    assert TEXT in html
    assert "K2 2026" not in html
    assert team_page(team) in html


@pytest.mark.parametrize("who", ["visitor", "employee", "other_manager"])
def test_nobody_outside_the_team_sees_its_alerts_on_the_team_page(
    client, request, team, alert, who
):
    if who != "visitor":
        logged_in(client, request.getfixturevalue(who))

    html = client.get(team.get_absolute_url()).content.decode()

    assert TEXT not in html
    assert team_page(team) not in html


def test_the_team_page_reads_one_alert_or_six_with_the_same_queries(
    client, manager, team, alert, now, django_assert_max_num_queries
):
    logged_in(client, manager)
    with django_assert_max_num_queries(60) as one:
        client.get(team.get_absolute_url())
    for i in range(5):
        Alert.objects.create(team=team, cause=f"c{i}", numbers=NUMBERS, created_at=now)

    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(team.get_absolute_url()).content.decode()

    assert html.count(TEXT) == 6
