"""The track pages as people use them: opening, actions with clear Dutch errors and nothing
lost, the team page's "Verbeteracties", the list and the good examples."""

import datetime

import pytest
from django.urls import reverse

from dienstverlening.improvement.models import Action, Track, TrackStatus
from dienstverlening.improvement.selectors.tracks import kpi_measure, snapshot_period
from dienstverlening.improvement.services import action_create
from tests.conftest import logged_in
from tests.improvement.tracks_data import improved_service
from tests.organisation.factories import ServiceFactory, TeamFactory


@pytest.fixture
def track(team, service, manager, now):
    snapshot = kpi_measure(team=team, services=[], period=snapshot_period(today=now.date()))
    track = Track.objects.create(
        team=team, title="Paspoort sneller klaar", problem="Lang wachten.", opened_at=now,
        snapshot=snapshot,
    )  # fmt: skip
    track.services.set([service])
    return track


def test_a_teammanager_opens_a_track_and_sees_the_frozen_figures(
    client, team, service, manager, now
):
    data = improved_service(service, now.date())
    logged_in(client, manager)

    form = client.get(reverse("improvement-track-create") + "?team=burgerzaken")
    assert f'value="{team.pk}" selected' in form.content.decode()
    response = client.post(
        reverse("improvement-track-create"),
        {
            "team": team.pk,
            "title": "Inwoners weten niet wanneer hun paspoort klaar is",
            "problem": "Veel telefoontjes.",
            "services": [service.pk],
        },
        follow=True,
    )

    page = response.content.decode()
    assert f"De cijfers van {data.before.name} staan vast als meting vooraf" in page
    assert "Cijfers van Paspoort aanvragen" in page
    assert "0\u00a0% (0–16\u00a0%) van 20" in page  # Menselijk before: nobody agreed


def test_opening_without_a_title_keeps_what_was_typed(client, team, manager):
    logged_in(client, manager)

    response = client.post(
        reverse("improvement-track-create"),
        {"team": team.pk, "title": "", "problem": "Inwoners bellen drie keer."},
    )

    page = response.content.decode()
    assert "Geef het traject een titel." in page
    assert "Inwoners bellen drie keer." in page
    assert not Track.objects.exists()


def test_an_action_without_owner_or_with_a_past_date_is_refused_and_kept(
    client, manager, track, now
):
    logged_in(client, manager)
    url = reverse("improvement-action-create", args=[track.pk])

    no_owner = client.post(url, {"actie-title": "Sms sturen", "actie-due": "2027-01-15"})
    assert no_owner.status_code == 400
    page = no_owner.content.decode()
    assert "Kies het team dat de actie uitvoert: elke actie heeft een eigenaar." in page
    assert 'value="Sms sturen"' in page and 'value="2027-01-15"' in page

    yesterday = now.date() - datetime.timedelta(days=1)
    past = client.post(
        url, {"actie-title": "Sms sturen", "actie-team": track.team.pk, "actie-due": yesterday}
    )
    assert past.status_code == 400
    assert "Kies een datum vandaag of later: deze datum is al voorbij." in past.content.decode()
    assert not Action.objects.exists()


def test_an_action_for_another_team_shows_on_that_teams_page(
    client, manager, employee, track, other_team, now
):
    logged_in(client, manager)
    due = now.date() + datetime.timedelta(days=30)
    client.post(
        reverse("improvement-action-create", args=[track.pk]),
        {"actie-title": "Brief over de aanslag herschrijven", "actie-team": other_team.pk,
         "actie-due": due.isoformat()},
    )  # fmt: skip
    track.refresh_from_db()
    assert track.status == TrackStatus.RUNNING

    logged_in(client, employee)
    page = client.get(other_team.get_absolute_url()).content.decode()

    assert "Verbeteracties" in page
    assert "Brief over de aanslag herschrijven" in page
    assert due.strftime("%d-%m-%Y") in page
    # An employee reads a running track only once it is finished: no link yet.
    assert track.get_absolute_url() not in page


def test_the_team_page_needs_the_same_queries_for_one_action_as_for_twenty(
    client, manager, track, team, now, django_assert_max_num_queries
):
    logged_in(client, manager)
    url = team.get_absolute_url()
    action_create(team=team, title="Eerste", due=now.date(), track=track)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for n in range(19):
        action_create(team=team, title=f"Actie {n}", due=now.date(), track=track)
        ServiceFactory(team=team)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Actie ") >= 19


def test_visitors_see_no_improvement_actions_on_a_team_page(client, track, team, now):
    action_create(team=team, title="Geheime actie", due=now.date(), track=track)

    page = client.get(team.get_absolute_url()).content.decode()

    assert "Verbeteracties" not in page and "Geheime actie" not in page


def test_the_list_shows_own_running_tracks_and_every_finished_one(
    client, manager, track, now, django_assert_max_num_queries
):
    elsewhere = TeamFactory(name="Vergunningen")
    for n in range(5):
        Track.objects.create(
            team=elsewhere, title=f"Afgerond {n}", problem="P", opened_at=now,
            status=TrackStatus.CLOSED, closed_at=now,
        )  # fmt: skip
    Track.objects.create(team=elsewhere, title="Niet van mij", problem="P", opened_at=now)
    logged_in(client, manager)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("improvement-tracks")).content.decode()

    assert "Paspoort sneller klaar" in page and "Afgerond 4" in page
    assert "Niet van mij" not in page


def test_good_examples_show_only_finished_tracks_with_a_real_improvement(
    client, employee, team, now
):
    good = Track.objects.create(
        team=team, title="Sms bij klaar paspoort", problem="P", opened_at=now,
        status=TrackStatus.CLOSED, closed_at=now, improved=True, lessons="Eén sms helpt.",
    )  # fmt: skip
    Track.objects.create(
        team=team, title="Zonder effect", problem="P", opened_at=now,
        status=TrackStatus.CLOSED, closed_at=now, improved=False, lessons="Niets.",
    )  # fmt: skip
    logged_in(client, employee)

    page = client.get(reverse("improvement-good-examples")).content.decode()

    assert good.title in page and "Eén sms helpt." in page
    assert "Zonder effect" not in page
