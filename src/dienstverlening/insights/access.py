"""Who sees what on the dashboard. Aggregates: everyone logged in. Open answers: see below.

Built on ``core.access``; a refusal is ``PermissionDenied`` (403).
"""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.access import manages_team, sees_everything
from dienstverlening.organisation.models import Team


def can_read_open_answers(user, team: Team | None) -> bool:
    """Open answers of a team: its manager, the coördinator and directie (organisation-wide)."""
    return sees_everything(user) or manages_team(user, team)


def access_open_answers(user, team: Team | None) -> None:
    if not can_read_open_answers(user, team):
        raise PermissionDenied
