"""Who may change which part of the framework. Every edit view goes through these."""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.roles import Role, has_role, is_framework_owner
from dienstverlening.organisation.models import Team

from .models import Level


def can_edit_scope(user, *, level: str, team: Team | None) -> bool:
    """The coördinator edits everything; a teammanager edits their own teams' norms."""
    if is_framework_owner(user):
        return True
    if level == Level.ORGANISATION or team is None:
        return False
    return has_role(user, Role.TEAM_MANAGER) and team.managers.filter(pk=user.pk).exists()


def access_scope_for_edit(user, *, level: str, team: Team | None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` may edit this scope."""
    if not can_edit_scope(user, level=level, team=team):
        raise PermissionDenied


def access_framework_for_edit(user) -> None:
    """Values, statements and focus periods belong to the coördinator."""
    if not is_framework_owner(user):
        raise PermissionDenied
