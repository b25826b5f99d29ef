"""Who may do what with evaluations: ``surveys.access``, built on ``core.access``."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dienstverlening.core.roles import Role
from tests.conftest import logged_in
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_superuser_imports_survey_files_as_the_beheerder_does(client, run):
    # Was refused: the intake's imports already admitted a superuser as the beheerder.
    superuser = UserFactory(username="super", is_superuser=True)
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
