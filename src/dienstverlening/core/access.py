"""Who a person is to the application: the one rule every app's ``access`` module builds on.

Each app decides in its own ``access.py`` who may open or change its protected objects
(``access_<thing>(user, …)`` returns the object or raises ``PermissionDenied``, a 403). Those
functions, and the menu (``core.navigation``), ask only the questions below; nothing else reads
``user.role``, ``user.is_superuser`` or ``Team.managers`` to decide access.

- Only a logged-in, active account holds a role. Anonymous visitors and accounts that were
  switched off hold none.
- A **superuser** (the technical account ``createsuperuser`` makes) is the functioneel beheerder
  in the application, on top of their own role: users, imports, mailboxes, connections and
  everybody's background jobs, as in the admin. It is not the coördinator: the framework, the
  survey runs, the export of responses and a team's open answers stay with the roles that own
  them, so an installation account reads no residents' words. ``User.save`` gives the staff flag
  that opens ``/beheer/`` by the same rule (superuser or beheerder).
- A **teammanager** manages the teams that name them (``Team.managers``). Anyone else named
  there manages nothing: the list may lag behind a change of role.
- The coördinator changes every team's own parts (norms, agreements, team questions); a
  teammanager those of the teams they manage.

``core`` imports no domain app: it reaches the teams through the user model's own relation
``managed_teams`` (declared by ``organisation.Team.managers``).
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .roles import Role


def is_signed_in(user) -> bool:
    """A logged-in, active account: every colleague, who reads everything aggregated."""
    return bool(user.is_authenticated and user.is_active)


def roles_of(user) -> frozenset[str]:
    """The roles ``user`` acts in: their own, plus the beheerder's for a superuser."""
    if not is_signed_in(user):
        return frozenset()
    if user.is_superuser:
        return frozenset({user.role, Role.ADMINISTRATOR})
    return frozenset({user.role})


def has_role(user, *roles: Role) -> bool:
    """True when ``user`` is logged in, active and acts in one of ``roles``."""
    return not roles_of(user).isdisjoint(roles)


def is_framework_owner(user) -> bool:
    """The coördinator owns the organisation-wide framework, the questionnaire and the runs."""
    return has_role(user, Role.COORDINATOR)


def is_administrator(user) -> bool:
    """The functioneel beheerder, or a superuser acting as one."""
    return has_role(user, Role.ADMINISTRATOR)


def sees_everything(user) -> bool:
    """Directie and coördinator read every team's details."""
    return has_role(user, Role.COORDINATOR, Role.MANAGEMENT)


def _teams() -> QuerySet:
    relation = get_user_model()._meta.get_field("managed_teams")
    return relation.related_model._default_manager.all()


def managed_teams(user) -> QuerySet:
    """The teams ``user`` manages as their teammanager, by name; none for any other role."""
    if not has_role(user, Role.TEAM_MANAGER):
        return _teams().none()
    return user.managed_teams.order_by("name")


def manages_team(user, team) -> bool:
    """True when ``user`` is the teammanager of ``team``."""
    return team is not None and managed_teams(user).filter(pk=team.pk).exists()


def editable_teams(user) -> QuerySet:
    """The teams whose own parts ``user`` changes, by name: all for the coördinator."""
    if is_framework_owner(user):
        return _teams().order_by("name")
    return managed_teams(user)


def may_edit_team(user, team) -> bool:
    """True when ``user`` changes the own parts of ``team``: its manager or the coördinator."""
    return team is not None and (is_framework_owner(user) or manages_team(user, team))


def team_managers(team) -> QuerySet:
    """The people who manage ``team`` as its teammanager: ``manages_team`` seen from the team
    (for mail to a team's managers). Active accounts with the role only."""
    return get_user_model()._default_manager.filter(
        managed_teams=team, role=Role.TEAM_MANAGER, is_active=True
    )


def member_teams(user) -> QuerySet:
    """The teams ``user`` works in (``Team.members``), by name; none for a visitor."""
    if not is_signed_in(user):
        return _teams().none()
    return user.member_teams.order_by("name")


def is_team_member(user, team) -> bool:
    """True when ``user`` works in ``team`` (a member, or its teammanager)."""
    if team is None or not is_signed_in(user):
        return False
    return manages_team(user, team) or member_teams(user).filter(pk=team.pk).exists()
