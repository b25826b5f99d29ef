"""Who may see or change which part of the improvement cycle, built on ``core.access``.

Teammanagers change their own team's tracks, plans and signals; the coördinator owns the alert
rules, the journey method and the implementation plan; everyone signed in reads finished tracks
and team plans.
"""

# --- improvement tracks, their actions and journeys; the journey method -------------------------

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import (
    editable_teams,
    is_framework_owner,
    is_signed_in,
    managed_teams,
    may_edit_team,
    sees_everything,
)


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
