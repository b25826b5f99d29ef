"""Who may do what with evaluations. Every protected view calls one of these first.

An ``access_*`` function returns what ``user`` may work on or raises ``PermissionDenied`` (403),
built on ``core.access``: the coördinator owns the questionnaire, the runs and the export of
responses; imports are also the functioneel beheerder's; a team's questions belong to its
manager and the coördinator. A refusal that does not depend on the object comes before a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import (
    editable_teams,
    is_administrator,
    is_framework_owner,
    may_edit_team,
)
from dienstverlening.organisation.models import Team

from .models import SurveyRun, TeamQuestion


def can_manage_runs(user) -> bool:
    """The coördinator owns the standard questionnaire and the runs."""
    return is_framework_owner(user)


def can_import(user) -> bool:
    """Imports and invitation lists: the coördinator and the functioneel beheerder."""
    return is_framework_owner(user) or is_administrator(user)


def can_export(user) -> bool:
    """Anonymous responses (with open answers) go to the coördinator only."""
    return is_framework_owner(user)


def can_edit_team_questions(user, team: Team) -> bool:
    return may_edit_team(user, team)


def teams_for_team_questions(user) -> QuerySet[Team]:
    """The teams whose questions ``user`` changes, by name."""
    return editable_teams(user)


def access_runs_for_edit(user) -> None:
    if not can_manage_runs(user):
        raise PermissionDenied


def access_run_for_edit(user, run_id: int) -> SurveyRun:
    access_runs_for_edit(user)
    return get_object_or_404(SurveyRun, pk=run_id)


def access_imports(user) -> None:
    if not can_import(user):
        raise PermissionDenied


def access_export(user) -> None:
    if not can_export(user):
        raise PermissionDenied


def access_team_questions_for_edit(user, team: Team) -> None:
    if not can_edit_team_questions(user, team):
        raise PermissionDenied


def access_team_for_questions(user, slug: str) -> Team:
    """The team whose questions ``user`` changes (or previews)."""
    team = get_object_or_404(Team, slug=slug)
    access_team_questions_for_edit(user, team)
    return team


def access_team_question_for_edit(user, slug: str, question_id: int) -> TeamQuestion:
    question = get_object_or_404(
        TeamQuestion.objects.select_related("team"), pk=question_id, team__slug=slug
    )
    access_team_questions_for_edit(user, question.team)
    return question
