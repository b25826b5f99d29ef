"""The one rule of who holds which role and who manages which team (``core.access``)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from dienstverlening.core.access import (
    editable_teams,
    has_role,
    is_administrator,
    is_framework_owner,
    is_signed_in,
    managed_teams,
    manages_team,
    may_edit_team,
    roles_of,
    sees_everything,
)
from dienstverlening.core.roles import Role
from tests.conftest import logged_in
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_role_is_what_it_says(employee, manager, coordinator, directie, beheerder):
    assert roles_of(employee) == {Role.EMPLOYEE}
    assert [is_framework_owner(u) for u in (employee, manager, coordinator, directie)] == [
        False,
        False,
        True,
        False,
    ]
    assert [sees_everything(u) for u in (employee, manager, coordinator, directie)] == [
        False,
        False,
        True,
        True,
    ]
    assert is_administrator(beheerder) and not is_administrator(coordinator)
    assert has_role(manager, Role.TEAM_MANAGER, Role.COORDINATOR)


def test_superuser_is_the_functioneel_beheerder_and_nothing_more(superuser):
    assert roles_of(superuser) == {Role.EMPLOYEE, Role.ADMINISTRATOR}
    assert is_administrator(superuser)
    assert not is_framework_owner(superuser)
    assert not sees_everything(superuser)


def test_superuser_keeps_their_own_role_too(team):
    coordinating = UserFactory(username="super-coordinator", role=Role.COORDINATOR)
    coordinating.is_superuser = True
    assert is_framework_owner(coordinating) and is_administrator(coordinating)
    assert may_edit_team(coordinating, team)


def test_anonymous_and_switched_off_accounts_hold_no_role(team):
    gone = UserFactory(username="vertrokken", role=Role.COORDINATOR, is_active=False)
    gone_manager = UserFactory(username="vertrokken-tm", role=Role.TEAM_MANAGER, is_active=False)
    team.managers.add(gone_manager)
    for user in (AnonymousUser(), gone, gone_manager):
        assert not is_signed_in(user)
        assert roles_of(user) == frozenset()
        assert not may_edit_team(user, team)
        assert list(managed_teams(user)) == []
        assert list(editable_teams(user)) == []


def test_teammanager_manages_their_own_teams_only(manager, team, other_team):
    assert manages_team(manager, team)
    assert not manages_team(manager, other_team)
    assert not manages_team(manager, None)
    assert list(managed_teams(manager)) == [team]
    assert may_edit_team(manager, team) and not may_edit_team(manager, other_team)


def test_named_as_manager_without_the_role_manages_nothing(team):
    for role in (Role.EMPLOYEE, Role.MANAGEMENT, Role.ADMINISTRATOR):
        user = UserFactory(username=f"genoemd-{role}", role=role)
        team.managers.add(user)
        assert not manages_team(user, team), role
        assert list(managed_teams(user)) == [], role


def test_coordinator_edits_every_team_but_manages_none(coordinator, team, other_team):
    assert list(editable_teams(coordinator)) == [other_team, team]  # by name
    assert may_edit_team(coordinator, other_team)
    assert list(managed_teams(coordinator)) == []


def test_teammanager_edits_only_the_teams_they_manage(manager, team, other_team):
    assert list(editable_teams(manager)) == [team]


def test_menu_offers_superuser_the_beheer_pages_but_not_the_framework(client, superuser):
    page = logged_in(client, superuser).get(reverse("home")).content.decode()
    assert f'href="{reverse("admin:index")}"' in page
    assert reverse("framework-manage") not in page
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("framework-manage")).status_code == 403


def test_team_members_and_managers_work_in_the_team(manager, employee, team, other_team):
    from dienstverlening.core.access import is_team_member, member_teams, team_managers

    team.members.add(employee)
    inactive = UserFactory(username="weg", role=Role.TEAM_MANAGER, is_active=False)
    team.managers.add(inactive)

    assert is_team_member(employee, team) and not is_team_member(employee, other_team)
    assert is_team_member(manager, team)  # a manager works in the team they manage
    assert list(member_teams(employee)) == [team]
    assert list(team_managers(team)) == [manager]  # active, with the role
    assert not is_team_member(AnonymousUser(), team)
