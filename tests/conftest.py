import pytest

from dienstverlening.core.roles import Role
from tests.core.factories import UserFactory
from tests.organisation.factories import ServiceFactory, TeamFactory


@pytest.fixture
def team(db):
    return TeamFactory(name="Burgerzaken", slug="burgerzaken")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Belastingen", slug="belastingen")


@pytest.fixture
def service(team):
    return ServiceFactory(name="Paspoort aanvragen", slug="paspoort", team=team)


@pytest.fixture
def employee(db):
    return UserFactory(username="medewerker-test", role=Role.EMPLOYEE)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator-test", role=Role.COORDINATOR)


@pytest.fixture
def manager(team):
    user = UserFactory(username="teammanager-test", role=Role.TEAM_MANAGER)
    team.managers.add(user)
    return user


def logged_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
