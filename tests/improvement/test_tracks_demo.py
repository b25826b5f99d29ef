"""The demo's improvement tracks: one finished with a journey and a real, measured effect, one
running. Read from the shared small demo (``tests/snapshot.py``), dated at the suite's moment."""

import pytest
import time_machine

from dienstverlening.improvement.models import ActionStatus, Track, TrackStatus
from dienstverlening.improvement.selectors.journeys import journey_map
from dienstverlening.improvement.selectors.tracks import good_examples, kpi_compare
from tests import snapshot
from tests.clock import MOMENTS

pytestmark = [pytest.mark.django_db, pytest.mark.moment("wednesday")]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with snapshot.shared_demo(django_db_blocker, now=MOMENTS["wednesday"]):
        yield


@pytest.fixture
def finished(demo_data):
    return Track.objects.get(status=TrackStatus.CLOSED)


def test_the_finished_track_compares_last_years_first_half_with_this_years(finished):
    assert finished.team.slug == "burgerzaken"
    assert finished.snapshot["period"]["name"] == "1e halfjaar 2025"
    assert finished.evaluation["period"]["name"] == "1e halfjaar 2026"
    assert finished.lessons and not finished.actions.exclude(status=ActionStatus.DONE).exists()


def test_the_demo_survey_really_shows_the_improvement(finished):
    team = kpi_compare(finished.snapshot, finished.evaluation)[0]
    real = [row.label for row in team.improvements]

    assert real, "de demo moet een echte verbetering laten zien"
    assert not [row for row in team.rows if row.verdict == "worse"]
    assert finished.improved and list(good_examples()) == [finished]


def test_the_finished_track_has_a_journey_with_real_users_and_a_facilitator(finished):
    mapped = journey_map(finished)

    assert [phase.phase.name for phase in mapped.phases] == [
        "Oriënteren", "Aanvragen", "Wachten", "Ophalen",
    ]  # fmt: skip
    assert mapped.pain_point_count >= 2
    assert mapped.warnings == []


def test_one_track_is_still_running_with_actions_open(demo_data):
    running = Track.objects.get(status=TrackStatus.RUNNING)

    assert running.team.slug == "kcc"
    assert set(running.actions.values_list("status", flat=True)) == {"open", "running"}


def test_loading_the_tracks_twice_changes_nothing(demo_data):
    import random

    from dienstverlening.demo.improvement_tracks import generate

    before = sorted(Track.objects.values_list("title", "status", "improved"))
    with time_machine.travel(MOMENTS["wednesday"], tick=False):
        generate(rng=random.Random(1), scale=snapshot.SHARED_SCALE)

    assert sorted(Track.objects.values_list("title", "status", "improved")) == before
