"""Who sees what on the dashboard. Aggregates: everyone logged in. Open answers and
compliments: see below.

Built on ``core.access``; a refusal is ``PermissionDenied`` (403).
"""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.access import is_team_member, manages_team, sees_everything
from dienstverlening.organisation.models import Team


def can_read_open_answers(user, team: Team | None) -> bool:
    """Open answers of a team: its manager, the coördinator and directie (organisation-wide)."""
    return sees_everything(user) or manages_team(user, team)


def access_open_answers(user, team: Team | None) -> None:
    if not can_read_open_answers(user, team):
        raise PermissionDenied


def can_read_compliments(user, team: Team | None) -> bool:
    """Compliments (what went well, from residents who gave an 8 or higher): whoever reads the
    team's open answers, and everyone who works in the team (``Team.members``): praise is for
    the people it is about. Still scrubbed, without employees' names, never ranked."""
    return can_read_open_answers(user, team) or is_team_member(user, team)


def access_compliments(user, team: Team | None) -> None:
    if not can_read_compliments(user, team):
        raise PermissionDenied
