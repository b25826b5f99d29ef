"""Opening a track freezes the KPIs before; the evaluation compares them with the KPIs after,
with the dashboard's figures and significance test."""

import pytest
from django.core.exceptions import ValidationError

from dienstverlening.improvement.models import ActionStatus, TrackStatus
from dienstverlening.improvement.selectors.tracks import kpi_compare
from dienstverlening.improvement.services import (
    action_create,
    action_set_status,
    track_close,
    track_evaluate,
    track_open,
)
from dienstverlening.insights import experience
from dienstverlening.insights.scope import Scope
from tests.improvement.tracks_data import improved_service, survey
from tests.organisation.factories import ServiceFactory


def _open(team, service, manager):
    return track_open(
        team=team,
        title="Inwoners weten niet wanneer hun paspoort klaar is",
        problem="Veel vragen aan de telefoon.",
        services=[service],
        opened_by=manager,
    )


def test_opening_a_track_freezes_the_dashboard_figures_of_the_last_quarter(
    team, service, manager, now
):
    data = improved_service(service, now.date())

    track = _open(team, service, manager)

    snapshot = track.snapshot
    assert snapshot["period"]["code"] == data.before.code
    assert [scope["label"] for scope in snapshot["scopes"]] == [team.name, service.name]
    figures = {entry["key"]: entry for entry in snapshot["scopes"][1]["figures"]}
    # The same figure the dashboard shows for the service over that quarter.
    overview = experience.experience_overview(Scope(service=service), data.before)
    menselijk = overview.values[0]
    assert figures[f"value:{menselijk.value.pk}"]["share"] == menselijk.figure.share == 0
    assert figures[f"value:{menselijk.value.pk}"]["n"] == menselijk.figure.n == 20
    assert figures["mark"]["mean"] == overview.mark.mean == 5
    assert snapshot["scopes"][1]["respondents"] == 10


def test_a_group_below_the_minimum_is_stored_without_numbers(team, service, manager, now):
    data = survey(now.date())
    data.answer(service, 9, agree=True, day=data.before_day)

    track = _open(team, service, manager)

    [_team_scope, service_scope] = track.snapshot["scopes"]
    assert service_scope["respondents"] is None
    assert all(entry["hidden"] for entry in service_scope["figures"])
    assert "share" not in service_scope["figures"][0]


def test_services_of_another_team_are_refused_and_nothing_is_opened(team, other_team, manager):
    stranger = ServiceFactory(name="Aanslag gemeentelijke belastingen", team=other_team)

    with pytest.raises(ValidationError) as refused:
        track_open(team=team, title="T", problem="P", services=[stranger], opened_by=manager)

    assert "horen niet bij team Burgerzaken" in str(refused.value.message_dict["services"])
    assert not team.improvement_tracks.exists()


def test_the_evaluation_says_real_improvement_and_the_track_closes_with_lessons(
    team, service, manager, now
):
    data = improved_service(service, now.date())
    track = _open(team, service, manager)
    action = action_create(
        team=team, title="Sms als paspoort klaar is", due=now.date(), track=track
    )
    track.refresh_from_db()
    assert track.status == TrackStatus.RUNNING

    track_evaluate(track=track, period_code=data.after_code)

    assert track.status == TrackStatus.EVALUATING and track.improved
    rows = {row.label: row for row in kpi_compare(track.snapshot, track.evaluation)[1].rows}
    assert rows["Menselijk"].verdict_text == "echte verbetering"
    assert rows["Menselijk"].delta_text == "+100 procentpunt"
    assert rows["Rapportcijfer"].verdict == "better"

    with pytest.raises(ValidationError) as refused:
        track_close(track=track, lessons="Bel de inwoner.", closed_by=manager)
    assert "niet klaar" in " ".join(refused.value.messages)

    action_set_status(action=action, status=ActionStatus.DONE)
    track_close(track=track, lessons="Eén sms scheelt veel telefoontjes.", closed_by=manager)
    track.refresh_from_db()
    assert track.status == TrackStatus.CLOSED and track.closed_at == now


def test_the_same_figures_after_are_within_the_margin(team, service, manager, now):
    data = survey(now.date())
    data.answer(service, 12, agree=True, day=data.before_day)
    data.answer(service, 12, agree=True, day=data.after_day)
    track = _open(team, service, manager)

    track_evaluate(track=track, period_code=data.after_code)

    rows = kpi_compare(track.snapshot, track.evaluation)[1].rows
    assert {row.verdict_text for row in rows if row.kind == "value"} == {"binnen de marge"}
    assert not track.improved


def test_a_period_that_is_not_after_the_snapshot_is_refused(team, service, manager, now):
    data = survey(now.date())
    track = _open(team, service, manager)

    with pytest.raises(ValidationError) as refused:
        track_evaluate(track=track, period_code=data.before.code)

    assert "na de meting vooraf" in str(refused.value.message_dict["period"])
    track.refresh_from_db()
    assert track.evaluation == {} and track.status == TrackStatus.OPEN


def test_closing_without_lessons_or_evaluation_says_what_is_missing(team, service, manager):
    track = _open(team, service, manager)

    with pytest.raises(ValidationError) as refused:
        track_close(track=track, lessons="  ", closed_by=manager)

    errors = refused.value.message_dict
    assert "Schrijf op wat u leerde" in errors["lessons"][0]
    assert "Meet eerst het effect" in " ".join(errors["__all__"])
