"""Who may do what with evaluations. Every protected view calls one of these first."""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.roles import Role, has_role, is_framework_owner
from dienstverlening.organisation.models import Team


def can_manage_runs(user) -> bool:
    """The coördinator owns the standard questionnaire and the runs."""
    return is_framework_owner(user)


def can_import(user) -> bool:
    """Imports and invitation lists: the coördinator and the functioneel beheerder."""
    return has_role(user, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_edit_team_questions(user, team: Team) -> bool:
    if is_framework_owner(user):
        return True
    return has_role(user, Role.TEAM_MANAGER) and team.managers.filter(pk=user.pk).exists()


def access_runs_for_edit(user) -> None:
    if not can_manage_runs(user):
        raise PermissionDenied


def access_imports(user) -> None:
    if not can_import(user):
        raise PermissionDenied


def access_export(user) -> None:
    """Anonymous responses (with open answers) go to the coördinator only."""
    if not is_framework_owner(user):
        raise PermissionDenied


def access_team_questions_for_edit(user, team: Team) -> None:
    if not can_edit_team_questions(user, team):
        raise PermissionDenied
