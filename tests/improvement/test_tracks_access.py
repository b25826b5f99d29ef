"""Who may read and change a track, tested per object: teammanagers their own team's tracks
(403 for another team's), the coördinator every team's; everyone reads finished tracks."""

import pytest
from django.urls import reverse

from dienstverlening.core.roles import Role
from dienstverlening.improvement.models import Action, Track, TrackStatus
from tests.conftest import logged_in
from tests.core.factories import UserFactory


@pytest.fixture
def tracks(team, other_team, now):
    def track(on, status=TrackStatus.RUNNING):
        return Track.objects.create(
            team=on, title=f"Traject {on.name}", problem="P", opened_at=now, status=status
        )

    return {"own": track(team), "other": track(other_team)}


@pytest.fixture
def other_manager(other_team):
    user = UserFactory(username="manager-belastingen", role=Role.TEAM_MANAGER)
    other_team.managers.add(user)
    return user


EDIT_POSTS = [
    ("improvement-action-create", {"actie-title": "X"}),
    ("improvement-track-evaluate", {"meting-period": "2026-10"}),
    ("improvement-track-close", {"afronden-lessons": "Geleerd"}),
    ("improvement-journey-save", {"reis-resident": "Inwoner"}),
    ("improvement-phase-create", {"fase-name": "Aanvragen"}),
    ("improvement-step-create", {"stap-title": "Belt"}),
    ("improvement-participant-create", {"deelnemer-kind": "resident"}),
    ("improvement-checklist", {}),
]


@pytest.mark.parametrize(("url_name", "data"), EDIT_POSTS)
def test_a_teammanager_changes_nothing_of_another_teams_track(
    client, manager, tracks, url_name, data
):
    logged_in(client, manager)
    url = reverse(url_name, kwargs={"pk": tracks["other"].pk})

    assert client.post(url, data).status_code == 403
    assert not Action.objects.exists()


def test_a_teammanager_reads_and_edits_the_own_teams_track_but_not_another_running_one(
    client, manager, tracks
):
    logged_in(client, manager)

    own = client.get(tracks["own"].get_absolute_url())
    assert own.status_code == 200
    assert "Actie toevoegen" in own.content.decode()
    assert client.get(tracks["other"].get_absolute_url()).status_code == 403
    journey = reverse("improvement-journey", kwargs={"pk": tracks["other"].pk})
    assert client.get(journey).status_code == 403


def test_a_manager_whose_team_owns_an_action_follows_the_track_and_updates_only_that_action(
    client, other_manager, tracks, other_team, team, now
):
    mine = Action.objects.create(
        team=other_team, track=tracks["own"], title="Brief herschrijven", due=now.date(),
        created_at=now,
    )  # fmt: skip
    theirs = Action.objects.create(
        team=team, track=tracks["own"], title="Sms sturen", due=now.date(), created_at=now
    )
    logged_in(client, other_manager)

    page = client.get(tracks["own"].get_absolute_url())
    assert page.status_code == 200 and "Actie toevoegen" not in page.content.decode()
    status = {f"actie-{mine.pk}-status": "running"}
    assert (
        client.post(reverse("improvement-action-status", args=[mine.pk]), status).status_code == 302
    )
    other = {f"actie-{theirs.pk}-status": "done"}
    assert (
        client.post(reverse("improvement-action-status", args=[theirs.pk]), other).status_code
        == 403
    )
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("running", "open")


def test_the_coordinator_edits_every_teams_track(client, coordinator, tracks):
    logged_in(client, coordinator)
    url = reverse("improvement-phase-create", kwargs={"pk": tracks["other"].pk})

    response = client.post(url, {"fase-name": "Aanvragen"})

    # Allowed, and told what comes first: the journey needs a resident.
    assert response.status_code == 400
    assert "Beschrijf eerst wiens reis dit is" in response.content.decode()


def test_an_employee_reads_a_finished_track_but_not_a_running_one(client, employee, tracks):
    Track.objects.filter(pk=tracks["other"].pk).update(status=TrackStatus.CLOSED)
    logged_in(client, employee)

    assert client.get(tracks["other"].get_absolute_url()).status_code == 200
    assert client.get(tracks["own"].get_absolute_url()).status_code == 403
    assert client.get(reverse("improvement-track-create")).status_code == 403


def test_directie_reads_running_tracks_and_changes_nothing(client, directie, tracks):
    logged_in(client, directie)

    assert client.get(tracks["own"].get_absolute_url()).status_code == 200
    url = reverse("improvement-action-create", kwargs={"pk": tracks["own"].pk})
    assert client.post(url, {"actie-title": "X"}).status_code == 403


def test_visitors_are_sent_to_the_login(client, tracks):
    response = client.get(tracks["own"].get_absolute_url())

    assert response.status_code == 302 and "/inloggen/" in response["Location"]


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.EMPLOYEE, Role.MANAGEMENT])
def test_only_the_coordinator_changes_the_method(client, db, role):
    logged_in(client, UserFactory(username=f"user-{role}", role=role))

    assert client.get(reverse("improvement-method")).status_code == 200
    assert client.get(reverse("improvement-method-edit")).status_code == 403
    assert client.post(reverse("improvement-method-step-create"), {}).status_code == 403
