"""Who sees what on the dashboard. Aggregates: everyone logged in. Open answers: see below."""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.roles import Role, has_role, sees_everything
from dienstverlening.organisation.models import Team


def can_read_open_answers(user, team: Team | None) -> bool:
    """Open answers of a team: its manager, the coördinator and directie (organisation-wide)."""
    if sees_everything(user):
        return True
    if team is None:
        return False
    return has_role(user, Role.TEAM_MANAGER) and team.managers.filter(pk=user.pk).exists()


def access_open_answers(user, team: Team | None) -> None:
    if not can_read_open_answers(user, team):
        raise PermissionDenied
