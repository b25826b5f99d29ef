"""Who reads a team's open answers (``insights.access``, built on ``core.access``)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from dienstverlening.insights.access import access_open_answers

pytestmark = pytest.mark.django_db


def test_coordinator_and_directie_read_every_teams_and_the_whole_organisations(
    coordinator, directie, team, other_team
):
    for user in (coordinator, directie):
        for scope_team in (team, other_team, None):
            access_open_answers(user, scope_team)


def test_teammanager_reads_their_own_teams_only(manager, team, other_team):
    access_open_answers(manager, team)
    for scope_team in (other_team, None):
        with pytest.raises(PermissionDenied):
            access_open_answers(manager, scope_team)


def test_nobody_else_reads_open_answers(employee, beheerder, superuser, team):
    for user in (employee, beheerder, superuser, AnonymousUser()):
        for scope_team in (team, None):
            with pytest.raises(PermissionDenied):
                access_open_answers(user, scope_team)


def test_everyone_who_works_in_a_team_reads_its_compliments_not_its_other_answers(
    employee, team, other_team
):
    from dienstverlening.insights.access import access_compliments, can_read_compliments

    team.members.add(employee)

    assert can_read_compliments(employee, team)
    assert not can_read_compliments(employee, other_team)
    assert not can_read_compliments(employee, None)  # the whole organisation: not theirs
    with pytest.raises(PermissionDenied):
        access_open_answers(employee, team)
    with pytest.raises(PermissionDenied):
        access_compliments(employee, other_team)
