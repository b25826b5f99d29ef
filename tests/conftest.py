import shutil
import tempfile
from pathlib import Path

import pytest

from dienstverlening.core.roles import Role
from tests.core.factories import UserFactory
from tests.organisation.factories import ServiceFactory, TeamFactory


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    """Every test has its own directory for uploaded files, so it sees only its own."""
    settings.DV_UPLOAD_DIR = tmp_path / "uploads"


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


@pytest.fixture
def task_worker(transactional_db, settings):
    """A real task backend and a real worker in a thread (see tests/workers.py): the database
    backend, or RQ on Redis when the run has DV_TASKS_BACKEND=rq."""
    from tests.workers import (
        DATABASE_TASKS,
        DatabaseWorkerThread,
        RQWorkerThread,
        redis_clear,
    )

    if settings.DV_TASKS_BACKEND == "rq":
        redis_clear()
        worker = RQWorkerThread()
    else:
        settings.TASKS = DATABASE_TASKS
        worker = DatabaseWorkerThread()
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        if settings.DV_TASKS_BACKEND == "rq":
            redis_clear()
    assert worker.error is None, f"de taakverwerker stopte met een fout: {worker.error!r}"
    assert not worker.is_alive(), "de taakverwerker stopte niet"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests use a database file (in memory, on /dev/shm where there is one), not
    SQLite's shared in-memory database: a task worker or live server in another thread then
    waits for a lock as in production, where the shared cache fails at once ("table is
    locked")."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    root = None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        shm = Path("/dev/shm")
        root = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("db")
        database["TEST"]["NAME"] = str(root / "test.sqlite3")
    yield
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)
