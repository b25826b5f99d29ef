"""Writing a resident journey: the method's rules, and bad input answered in Dutch with
nothing lost."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dienstverlening.core.roles import Role
from dienstverlening.improvement.models import JourneyStep, MethodStep, Participant
from dienstverlening.improvement.services import participant_add, step_add
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.improvement.journeys_data import track_with_journey


def test_a_step_without_a_phase_is_refused_and_everything_typed_comes_back(
    client, manager, team, now
):
    track = track_with_journey(team, now)
    logged_in(client, manager)

    response = client.post(
        reverse("improvement-step-create", args=[track.pk]),
        {"stap-title": "Haalt paspoort op", "stap-thinks": "Eindelijk!", "stap-feeling": "5",
         "stap-pain_points": "Weer een afspraak nodig"},
    )  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies de fase waar deze stap bij hoort." in page
    assert 'value="Haalt paspoort op"' in page
    assert "Eindelijk!" in page and "Weer een afspraak nodig" in page
    assert 'value="5" class="utrecht-radio-button utrecht-radio-button--html-input"' in page
    assert page.count("checked") >= 1
    assert JourneyStep.objects.count() == 2


def test_without_any_phase_the_step_form_says_to_add_one_first(team, now):
    track = track_with_journey(team, now, steps=False)

    with pytest.raises(ValidationError) as refused:
        step_add(journey=track.journey, phase=None, title="Belt")

    assert "Voeg eerst een fase toe" in refused.value.message_dict["phase"][0]


def test_the_teams_own_manager_cannot_facilitate_its_journey(manager, team, now):
    track = track_with_journey(team, now)

    with pytest.raises(ValidationError) as refused:
        participant_add(journey=track.journey, kind="facilitator", user=manager)

    message = refused.value.message_dict["user"][0]
    assert "teammanager van Burgerzaken en dus eigenaar van het proces" in message
    assert not Participant.objects.filter(kind="facilitator").exists()


def test_a_colleague_from_outside_the_team_facilitates_and_the_warning_goes(
    client, manager, team, other_team, now
):
    track = track_with_journey(team, now)
    outsider = UserFactory(username="begeleider", first_name="Eva", last_name="Smit",
                           role=Role.TEAM_MANAGER)  # fmt: skip
    other_team.managers.add(outsider)
    logged_in(client, manager)
    url = reverse("improvement-journey", args=[track.pk])
    assert "Er is nog geen begeleider van buiten het team." in client.get(url).content.decode()

    client.post(
        reverse("improvement-participant-create", args=[track.pk]),
        {"deelnemer-kind": "facilitator", "deelnemer-user": outsider.pk},
    )

    page = client.get(url).content.decode()
    assert "Eva Smit" in page
    assert "Er is nog geen begeleider" not in page
    assert "Er deed nog geen echte gebruiker mee" not in page


def test_a_resident_without_description_is_asked_for_one_without_a_name(client, manager, team, now):
    track = track_with_journey(team, now)
    logged_in(client, manager)

    response = client.post(
        reverse("improvement-participant-create", args=[track.pk]), {"deelnemer-kind": "resident"}
    )

    assert response.status_code == 400
    assert "Beschrijf de deelnemer in een paar woorden, zonder naam" in response.content.decode()


def test_the_checklist_is_kept_per_track(client, manager, team, now):
    from tests.improvement.method import method_fill

    method_fill()
    track = track_with_journey(team, now)
    first, second = MethodStep.objects.all()[:2]
    logged_in(client, manager)

    client.post(reverse("improvement-checklist", args=[track.pk]), {"checklist-done": [first.pk]})

    assert list(track.journey.checklist.all()) == [first]
    other = track_with_journey(team, now)
    assert not other.journey.checklist.exists()
    assert second not in track.journey.checklist.all()
