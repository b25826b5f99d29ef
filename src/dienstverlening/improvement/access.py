"""Who may see or change which part of the improvement cycle, built on ``core.access``.

Teammanagers change their own team's tracks, plans and signals; the coördinator owns the alert
rules, the journey method and the implementation plan; everyone signed in reads finished tracks
and team plans.
"""


# --- team plans and the implementation plan -----------------------------------------------------
# Every signed-in colleague reads every team plan and the implementation plan; a team plan is
# changed by the team's manager (and the coördinator), the implementation plan by the coördinator.
# A missing plan is a 404 before anything else; the implementation plan refuses first.

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import (
    editable_teams,
    is_framework_owner,
    is_signed_in,
    may_edit_team,
)

from .models import ImplementationAction, TeamPlan


def _signed_in(user) -> None:
    if not is_signed_in(user):
        raise PermissionDenied


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
