"""Fixtures of the improvement tests: people with addresses, a second service, and the answers
and handling records of the alert tests (``alerts_data``)."""

import pytest

from dienstverlening.core.roles import Role
from tests.core.factories import UserFactory
from tests.improvement.alerts_data import (  # noqa: F401 (fixtures of the alert tests)
    answers,
    callback_norm,
    quarter,
    statements,
)
from tests.organisation.factories import ServiceFactory


@pytest.fixture
def sender(employee):
    """The employee who passes signals on, with an address for the answer."""
    employee.email = "sanne@woerden.nl"
    employee.save(update_fields=["email"])
    return employee


@pytest.fixture
def team_manager(manager):
    """The teammanager of ``team`` (Burgerzaken), with an address."""
    manager.email = "marco@woerden.nl"
    manager.save(update_fields=["email"])
    return manager


@pytest.fixture
def other_manager(other_team):
    """The teammanager of ``other_team`` (Belastingen)."""
    user = UserFactory(
        username="teammanager-belastingen", role=Role.TEAM_MANAGER, email="bo@woerden.nl"
    )
    other_team.managers.add(user)
    return user


@pytest.fixture
def other_service(other_team):
    return ServiceFactory(name="Aanslag gemeentelijke belastingen", slug="aanslag", team=other_team)
