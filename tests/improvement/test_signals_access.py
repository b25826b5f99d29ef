"""Who reads and handles a signal, decided per object (``improvement.access``)."""

import pytest
from django.urls import reverse

from dienstverlening.core.roles import Role
from dienstverlening.improvement.models import SignalStatus
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.improvement.factories import signal_submitted

pytestmark = pytest.mark.django_db

HANDLING = [
    ("improvement-signal-take", {}),
    ("improvement-signal-answer", {"answer": "Gedaan."}),
    ("improvement-signal-track", {}),
]


@pytest.fixture
def signal(service, sender):
    return signal_submitted(service, sender)


@pytest.mark.parametrize(("name", "data"), HANDLING)
def test_another_teams_manager_may_not_handle_the_signal(client, signal, other_manager, name, data):
    response = logged_in(client, other_manager).post(reverse(name, args=[signal.pk]), data)

    assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and signal.track is None


def test_another_teams_manager_may_not_pass_it_on(client, signal, other_manager, other_team):
    response = logged_in(client, other_manager).post(
        reverse("improvement-signal-pass-on", args=[signal.pk]),
        {"team": other_team.pk, "reason": "Wij nemen het over."},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "who", ["sender", "manager", "coordinator", "colleague", "other_manager", "directie"]
)
def test_who_reads_a_signal(client, signal, request, who):
    users = {"colleague": lambda: UserFactory(username="collega", role=Role.EMPLOYEE)}
    user = users[who]() if who in users else request.getfixturevalue(who)
    allowed = {"sender", "manager", "coordinator"}

    response = logged_in(client, user).get(signal.get_absolute_url())

    assert response.status_code == (200 if who in allowed else 403)


def test_the_sender_reads_but_does_not_handle(client, signal, sender):
    response = logged_in(client, sender).post(reverse("improvement-signal-take", args=[signal.pk]))
    assert response.status_code == 403


def test_the_coordinator_handles_every_teams_signals(client, signal, coordinator):
    response = logged_in(client, coordinator).post(
        reverse("improvement-signal-take", args=[signal.pk])
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_PROGRESS


def test_a_teams_list_is_for_its_manager_and_members(
    client, team, other_team, manager, other_manager, employee
):
    url = reverse("improvement-team-signals", args=[team.slug])
    assert logged_in(client, manager).get(url).status_code == 200
    assert logged_in(client, other_manager).get(url).status_code == 403
    assert logged_in(client, employee).get(url).status_code == 403
    other_team.members.add(employee)
    assert logged_in(client, employee).get(url).status_code == 403
    team.members.add(employee)
    assert logged_in(client, employee).get(url).status_code == 200


def test_a_member_of_the_owning_team_handles_the_signal(client, signal, team, other_team):
    member = UserFactory(username="teamlid", role=Role.EMPLOYEE)
    elsewhere = UserFactory(username="elders", role=Role.EMPLOYEE)
    team.members.add(member)
    other_team.members.add(elsewhere)
    take = reverse("improvement-signal-take", args=[signal.pk])

    assert logged_in(client, elsewhere).post(take).status_code == 403
    assert logged_in(client, member).post(take).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_PROGRESS
    page = client.get(reverse("improvement-signals")).content.decode()
    assert "Team Burgerzaken" in page


def test_a_missing_signal_is_not_found(client, manager):
    response = logged_in(client, manager).get(reverse("improvement-signal", args=[987654]))
    assert response.status_code == 404


def test_signing_in_comes_first(client, signal):
    for url in (reverse("improvement-signals"), reverse("improvement-signal-new")):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response.url
    assert client.get(signal.get_absolute_url()).status_code == 302


def test_the_menu_offers_signals_to_every_employee(client, employee):
    page = logged_in(client, employee).get("/").content.decode()
    assert reverse("improvement-signals") in page


def test_the_signals_page_lists_the_teams_one_handles(
    client, signal, manager, coordinator, other_team
):
    own = logged_in(client, manager).get(reverse("improvement-signals")).content.decode()
    assert "Team Burgerzaken" in own and "Team Belastingen" not in own
    # The coördinator handles every team's signals, and is shown the teams that have open ones.
    overview = logged_in(client, coordinator).get(reverse("improvement-signals")).content.decode()
    assert "Team Burgerzaken" in overview and "Team Belastingen" not in overview
