import datetime
import os
from collections.abc import Iterator

import pytest
import time_machine

from dienstverlening.core.roles import Role
from tests.clock import AMSTERDAM, DEFAULT_MOMENT, MOMENTS, moment_from
from tests.core.factories import UserFactory
from tests.organisation.factories import ServiceFactory, TeamFactory

# --- time is an input -------------------------------------------------------------------------
# Every test runs with the clock stopped at a known moment: DEFAULT_MOMENT, or DV_TEST_MOMENT
# when set (a name from tests/clock.py MOMENTS or an ISO time). A test marked
# ``@pytest.mark.every_moment`` runs once at each of MOMENTS; ``@pytest.mark.moment(...)`` pins
# a test (or, as ``pytestmark``, a module) whose data is dated. In browser tests the clock ticks
# from the moment on, because a real browser takes real time.
CLOCK = pytest.StashKey[time_machine.Traveller]()


def pytest_configure(config):
    try:
        moment_from(os.environ.get("DV_TEST_MOMENT") or DEFAULT_MOMENT)
    except ValueError as error:
        raise pytest.UsageError(f"DV_TEST_MOMENT: {error}") from None


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("every_moment"):
        metafunc.parametrize("now", list(MOMENTS), indirect=True)


@pytest.fixture
def default_moment() -> datetime.datetime:
    """Where unmarked tests run; a directory whose data is dated may pin it in its conftest."""
    return moment_from(os.environ.get("DV_TEST_MOMENT") or DEFAULT_MOMENT)


@pytest.fixture(autouse=True)
def now(request, default_moment) -> Iterator[datetime.datetime]:
    """The moment this test runs at (aware, Amsterdam time); the clock stands still there."""
    marker = request.node.get_closest_marker("moment")
    if hasattr(request, "param"):
        when = moment_from(request.param)
    elif marker is not None:
        when = moment_from(marker.args[0])
    else:
        when = default_moment
    tick = request.node.get_closest_marker("browser") is not None
    # A timestamp: the process keeps the time zone Django set from TIME_ZONE.
    with time_machine.travel(when.timestamp(), tick=tick) as traveller:
        request.node.stash[CLOCK] = traveller
        yield when.astimezone(AMSTERDAM)


@pytest.fixture(autouse=True)
def _process_caches_start_empty():
    """Per-process caches key on (primary key, created_at). With the clock fixed and keys reused
    after each rollback, one test would be served another test's questionnaire: start empty."""
    from django.core.cache import cache

    from dienstverlening.surveys import services as survey_services

    cache.clear()
    survey_services._STATEMENTS.clear()


@pytest.fixture
def clock(request, now) -> time_machine.Traveller:
    """The running clock of this test, to move on: ``clock.shift(datetime.timedelta(days=8))``."""
    return request.node.stash[CLOCK]


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
