"""Who may see or change which part of the improvement cycle, built on ``core.access``.

Teammanagers change their own team's tracks, plans and signals; the coördinator owns the alert
rules, the journey method and the implementation plan; everyone signed in reads finished tracks
and team plans.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import (
    editable_teams,
    is_framework_owner,
    is_signed_in,
    is_team_member,
    managed_teams,
    may_edit_team,
    member_teams,
    sees_everything,
)
from dienstverlening.organisation.models import Team

from .models import Alert, AlertRule, ImplementationAction, Signal, SignalStatus, TeamPlan


def _signed_in(user) -> None:
    """Everyone signed in, or 403."""
    if not is_signed_in(user):
        raise PermissionDenied


# --- team plans and the implementation plan -----------------------------------------------------
# Every signed-in colleague reads every team plan and the implementation plan; a team plan is
# changed by the team's manager (and the coördinator), the implementation plan by the coördinator.
# A missing plan is a 404 before anything else; the implementation plan refuses first.


def access_team_plan(user, plan_id: int) -> TeamPlan:
    """A team plan to read: every signed-in colleague reads every team's plan."""
    plan = get_object_or_404(TeamPlan.objects.select_related("team", "updated_by"), pk=plan_id)
    _signed_in(user)
    return plan


def can_edit_team_plan(user, plan: TeamPlan) -> bool:
    return may_edit_team(user, plan.team)


def access_team_plan_for_edit(user, plan_id: int) -> TeamPlan:
    """A team plan to change: only its team's manager, or the coördinator."""
    plan = access_team_plan(user, plan_id)
    if not can_edit_team_plan(user, plan):
        raise PermissionDenied
    return plan


def teams_for_team_plans(user) -> QuerySet:
    """The teams ``user`` may make a team plan for (by name)."""
    return editable_teams(user)


def can_create_team_plan(user) -> bool:
    return teams_for_team_plans(user).exists()


def access_team_plan_create(user) -> QuerySet:
    """The teams ``user`` may make a plan for; refused when there are none."""
    teams = teams_for_team_plans(user)
    if not teams.exists():
        raise PermissionDenied
    return teams


def access_team_plan_action_for_edit(user, plan_id: int, action_id: int):
    """An action of a team plan whose status ``user`` changes (404 when not in the plan)."""
    plan = access_team_plan_for_edit(user, plan_id)
    action = get_object_or_404(plan.actions.select_related("team"), pk=action_id)
    return plan, action


def can_edit_implementation_plan(user) -> bool:
    """The implementation plan belongs to the coördinator."""
    return is_framework_owner(user)


def access_implementation_plan(user) -> None:
    """Every signed-in colleague reads the implementation plan."""
    _signed_in(user)


def access_implementation_action_for_edit(user, action_id: int) -> ImplementationAction:
    if not can_edit_implementation_plan(user):
        raise PermissionDenied
    return get_object_or_404(ImplementationAction, pk=action_id)


# --- improvement tracks, their actions and journeys; the journey method -------------------------


def can_open_track(user) -> bool:
    """A teammanager opens tracks for their own teams; the coördinator for any team."""
    return editable_teams(user).exists()


def teams_for_tracks(user):
    """The teams ``user`` may open a track for, by name."""
    return editable_teams(user)


def access_track_open(user):
    """The teams ``user`` may open a track for; 403 when there are none."""
    teams = teams_for_tracks(user)
    if not teams.exists():
        raise PermissionDenied
    return teams


def can_edit_track(user, track) -> bool:
    """The track's team's manager (and the coördinator) change it, its journey and evaluation."""
    return may_edit_team(user, track.team)


def can_read_track(user, track) -> bool:
    """Everyone signed in reads finished tracks. A running one is read by those who change it,
    directie, and the managers of teams that own one of its actions."""
    if not is_signed_in(user):
        return False
    if track.is_closed or sees_everything(user) or can_edit_track(user, track):
        return True
    return track.actions.filter(team__in=managed_teams(user).values("pk")).exists()


def _track(track_id: int):
    from .models import Track

    return get_object_or_404(Track.objects.select_related("team"), pk=track_id)


def access_track(user, track_id: int):
    """The track to read, or 404/403."""
    track = _track(track_id)
    if not can_read_track(user, track):
        raise PermissionDenied
    return track


def access_track_for_edit(user, track_id: int):
    """The track to change (journey, actions, evaluation, closing), or 404/403."""
    track = _track(track_id)
    if not can_edit_track(user, track):
        raise PermissionDenied
    return track


def can_update_action(user, action) -> bool:
    """The owner team's manager updates an action, and so does the track's."""
    return may_edit_team(user, action.team) or (
        action.track is not None and may_edit_team(user, action.track.team)
    )


def access_action_for_update(user, action_id: int):
    from .models import Action

    action = get_object_or_404(Action.objects.select_related("team", "track__team"), pk=action_id)
    if not can_update_action(user, action):
        raise PermissionDenied
    return action


def access_step_for_edit(user, step_id: int):
    from .models import JourneyStep

    step = get_object_or_404(
        JourneyStep.objects.select_related("journey__track__team", "phase"), pk=step_id
    )
    if not can_edit_track(user, step.journey.track):
        raise PermissionDenied
    return step


def access_participant_for_edit(user, participant_id: int):
    from .models import Participant

    participant = get_object_or_404(
        Participant.objects.select_related("journey__track__team"), pk=participant_id
    )
    if not can_edit_track(user, participant.journey.track):
        raise PermissionDenied
    return participant


def can_edit_method(user) -> bool:
    """The coördinator owns the journey method and its toolbox."""
    return is_framework_owner(user)


def access_method_for_edit(user) -> None:
    if not can_edit_method(user):
        raise PermissionDenied


def access_method_step_for_edit(user, step_id: int):
    from .models import MethodStep

    access_method_for_edit(user)
    return get_object_or_404(MethodStep, pk=step_id)


# --- signals ------------------------------------------------------------------------------------
# A signal is handled by the team that has it now: its teammanager, or the coördinator (who
# changes every team's own parts, ``core.access.may_edit_team``). Whoever passed it on reads it
# and its answer. Nobody else reads it: a signal may quote a resident. A missing signal is a
# 404 first, then the refusal (403).


def _handles_signals_of(user, team: Team) -> bool:
    """The team handles its signals: its members and manager, and the coördinator."""
    return may_edit_team(user, team) or is_team_member(user, team)


def can_handle_signal(user, signal: Signal) -> bool:
    """Take, answer, pass on or start a track from ``signal``."""
    return _handles_signals_of(user, signal.team)


def can_read_signal(user, signal: Signal) -> bool:
    return is_signed_in(user) and (
        (signal.sender_id is not None and signal.sender_id == user.pk)
        or can_handle_signal(user, signal)
    )


def _signal(signal_id: int) -> Signal:
    return get_object_or_404(
        Signal.objects.select_related("service", "team", "channel", "municipality", "sender"),
        pk=signal_id,
    )


def access_signal(user, signal_id: int) -> Signal:
    """The signal, for its sender and for those who handle it; else 403."""
    signal = _signal(signal_id)
    if not can_read_signal(user, signal):
        raise PermissionDenied
    return signal


def access_signal_for_handling(user, signal_id: int) -> Signal:
    """The signal, for those who handle it (its team's members and manager, the coördinator);
    else 403."""
    signal = _signal(signal_id)
    if not can_handle_signal(user, signal):
        raise PermissionDenied
    return signal


def access_team_signals(user, slug: str) -> Team:
    """A team's list of signals: for its members and manager, and the coördinator."""
    team = get_object_or_404(Team, slug=slug)
    if not _handles_signals_of(user, team):
        raise PermissionDenied
    return team


def signal_teams(user) -> QuerySet[Team]:
    """The teams whose signals ``user`` handles, for the links on the signals page: the teams
    they manage or work in, and (for the coördinator, who handles every team's) the others that
    have open signals."""
    open_signals = Q(signals__status__in=[SignalStatus.NEW, SignalStatus.IN_PROGRESS])
    own = Q(pk__in=managed_teams(user).values("pk")) | Q(pk__in=member_teams(user).values("pk"))
    return (
        (editable_teams(user).filter(own | open_signals) | member_teams(user))
        .distinct()
        .order_by("name")
    )


def access_signal_submit(user) -> None:
    """Every signed-in employee passes on signals."""
    _signed_in(user)


# --- alerts (signaleringen) and where to start ------------------------------------------------


def can_manage_alert_rules(user) -> bool:
    """The coördinator owns the alert rules."""
    return is_framework_owner(user)


def access_alert_rules(user) -> None:
    if not can_manage_alert_rules(user):
        raise PermissionDenied


def access_alert_rule_for_edit(user, pk: int) -> AlertRule:
    access_alert_rules(user)
    return get_object_or_404(AlertRule, pk=pk)


def can_read_team_alerts(user, team: Team | None) -> bool:
    """A team's alerts: the people who work in it (its managers and members), the coördinator
    and directie."""
    return sees_everything(user) or is_team_member(user, team)


def access_team_alerts(user, slug: str) -> Team:
    team = get_object_or_404(Team, slug=slug)
    if not can_read_team_alerts(user, team):
        raise PermissionDenied
    return team


def alert_teams_for(user) -> QuerySet:
    """The teams whose alerts ``user`` reads, by name."""
    if sees_everything(user):
        return Team.objects.order_by("name")
    ids = {t.pk for t in managed_teams(user)} | {t.pk for t in member_teams(user)}
    return Team.objects.filter(pk__in=ids).order_by("name")


def can_handle_team_alerts(user, team: Team) -> bool:
    """Acknowledge a team's alerts or turn them into a track: its manager or the coördinator."""
    return may_edit_team(user, team)


def can_handle_alert(user, alert: Alert) -> bool:
    return can_handle_team_alerts(user, alert.team)


def access_alert_for_handling(user, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("team", "track"), pk=pk)
    if not can_handle_alert(user, alert):
        raise PermissionDenied
    return alert


def access_where_to_start(user) -> None:
    """Where to start reads aggregated figures: everyone signed in, as the dashboard."""
    _signed_in(user)
