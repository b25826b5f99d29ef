"""The improvement cycle's sections on a team's page (registered by ``core.apps``)."""

from django.http import HttpRequest

from dienstverlening.core.access import is_signed_in
from dienstverlening.core.team_sections import TeamSection
from dienstverlening.organisation.models import Team


def _actions(request: HttpRequest, team: Team) -> dict | None:
    """The team's improvement actions that are not done yet: for colleagues, not for visitors.
    Two queries: the actions with their tracks, and whether the reader may change them."""
    if not is_signed_in(request.user):
        return None
    from django.utils import timezone

    from dienstverlening.core.access import may_edit_team, sees_everything

    from .selectors.tracks import team_actions

    may_edit = may_edit_team(request.user, team)
    return {
        "improvement_actions": team_actions(team),
        "improvement_today": timezone.localdate(),
        "improvement_may_edit": may_edit,
        # Who changes this team's parts, and directie, follow the tracks behind the actions;
        # others read a track once it is finished (``access.can_read_track``).
        "improvement_may_follow": may_edit or sees_everything(request.user),
    }


SECTIONS = [
    TeamSection("improvement-actions", "improvement/tracks/_team_actions.html", _actions, 100)
]
