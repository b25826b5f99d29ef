"""Who may do what with evaluations: ``surveys.access``, built on ``core.access``."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from dienstverlening.core.roles import Role
from dienstverlening.surveys.access import (
    access_export,
    access_imports,
    access_run_for_edit,
    access_runs_for_edit,
    access_team_for_questions,
    access_team_question_for_edit,
    teams_for_team_questions,
)
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.surveys.factories import TeamQuestionFactory

pytestmark = pytest.mark.django_db


def test_superuser_imports_survey_files_as_the_beheerder_does(client, superuser, run):
    # Was refused: the intake's imports already admitted a superuser as the beheerder.
    logged_in(client, superuser)
    assert client.get(reverse("survey-import-upload", args=[run.pk])).status_code == 200
    assert client.get(reverse("survey-invitations", args=[run.pk])).status_code == 200


def test_employee_still_listed_as_manager_is_offered_no_team_questions(client, team):
    # Was offered a link to the team's questions that then answered 403.
    former = UserFactory(username="oud-teammanager", role=Role.EMPLOYEE)
    team.managers.add(former)
    page = logged_in(client, former).get(reverse("survey-index")).content.decode()
    assert reverse("survey-team-questions", args=[team.slug]) not in page
    assert client.get(reverse("survey-team-questions", args=[team.slug])).status_code == 403


# --- the access functions themselves ---------------------------------------------------------


def test_runs_and_the_export_are_the_coordinators(
    coordinator, manager, directie, beheerder, superuser, employee, run
):
    assert access_run_for_edit(coordinator, run.pk) == run
    access_runs_for_edit(coordinator)
    access_export(coordinator)
    for user in (manager, directie, beheerder, superuser, employee, AnonymousUser()):
        for access in (access_runs_for_edit, access_export):
            with pytest.raises(PermissionDenied):
                access(user)
        with pytest.raises(PermissionDenied):
            access_run_for_edit(user, run.pk)


def test_a_run_is_refused_before_it_is_looked_up(coordinator, employee):
    with pytest.raises(PermissionDenied):
        access_run_for_edit(employee, 999)
    with pytest.raises(Http404):
        access_run_for_edit(coordinator, 999)


def test_imports_are_the_coordinators_and_the_beheerders(
    coordinator, beheerder, superuser, manager, directie, employee
):
    for user in (coordinator, beheerder, superuser):
        access_imports(user)
    for user in (manager, directie, employee, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            access_imports(user)


def test_team_questions_go_to_the_teams_manager_and_the_coordinator(
    coordinator, manager, team, other_team
):
    question = TeamQuestionFactory(team=team)
    for user in (coordinator, manager):
        assert access_team_for_questions(user, team.slug) == team
        assert access_team_question_for_edit(user, team.slug, question.pk) == question
    assert list(teams_for_team_questions(manager)) == [team]
    assert list(teams_for_team_questions(coordinator)) == [other_team, team]


def test_team_questions_are_refused_to_everyone_else(
    manager, directie, beheerder, superuser, employee, team, other_team
):
    question = TeamQuestionFactory(team=other_team)
    for user in (manager, directie, beheerder, superuser, employee, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            access_team_for_questions(user, other_team.slug)
        with pytest.raises(PermissionDenied):
            access_team_question_for_edit(user, other_team.slug, question.pk)
    for user in (directie, beheerder, superuser, employee, AnonymousUser()):
        assert list(teams_for_team_questions(user)) == []


def test_a_question_is_found_only_under_its_own_team(manager, team, other_team):
    question = TeamQuestionFactory(team=other_team)
    with pytest.raises(Http404):
        access_team_question_for_edit(manager, team.slug, question.pk)
    with pytest.raises(Http404):
        access_team_for_questions(manager, "bestaat-niet")
