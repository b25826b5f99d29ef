import datetime
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import hypothesis
import pytest
import time_machine
from django.apps.registry import Apps

from dienstverlening.core.roles import Role
from tests.clock import AMSTERDAM, DEFAULT_MOMENT, MOMENTS, moment_from
from tests.core.factories import UserFactory
from tests.organisation.factories import ServiceFactory, TeamFactory

# --- time is an input -------------------------------------------------------------------------
# Every test runs with the clock stopped at a known moment: DEFAULT_MOMENT, or DV_TEST_MOMENT
# when set (a name from tests/clock.py MOMENTS or an ISO time). A test marked
# ``@pytest.mark.every_moment`` runs once at each of MOMENTS; ``@pytest.mark.moment(...)`` pins
# a test (or, as ``pytestmark``, a module) whose data is dated. In browser and task-worker tests
# the clock ticks from the moment on, because a real browser or worker takes real time.
CLOCK = pytest.StashKey[time_machine.Traveller]()

# Property tests are judged on their answers, not on their speed: a busy CI machine must not
# turn a slow example into a failure.
hypothesis.settings.register_profile("dienstverlening", deadline=None)
hypothesis.settings.load_profile("dienstverlening")


def pytest_configure(config):
    try:
        moment_from(os.environ.get("DV_TEST_MOMENT") or DEFAULT_MOMENT)
    except ValueError as error:
        raise pytest.UsageError(f"DV_TEST_MOMENT: {error}") from None


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """``make test`` runs the suite on every core (pytest-xdist, ``--dist loadfile``): each
    worker has its own database, live server, Chromium and Dovecot, and a module stays on one
    worker, so a module-scoped fixture is built once. On the RQ backend the task tests share
    one Redis database (and clear it), so there they run in one process."""
    rq = os.environ.get("DV_TASKS_BACKEND", "").strip().lower() == "rq"
    if rq and getattr(config.option, "numprocesses", None):
        config.option.numprocesses = 0
        config.option.dist = "no"


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
    # A real browser and a real task worker take real time: there the clock ticks on.
    tick = any(request.node.get_closest_marker(name) for name in ("browser", "tasks"))
    # A timestamp: the process keeps the time zone Django set from TIME_ZONE.
    with time_machine.travel(when.timestamp(), tick=tick) as traveller:
        request.node.stash[CLOCK] = traveller
        yield when.astimezone(AMSTERDAM)


@pytest.fixture(autouse=True)
def _process_caches_start_empty():
    """Per-process caches key on (primary key, created_at). With the clock fixed and keys reused
    after each rollback, one test would be served another test's questionnaire: start empty."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from dienstverlening.surveys import services as survey_services

    cache.clear()
    survey_services._STATEMENTS.clear()
    # The public form's per-process cache (its version stamp lives in the shared cache).
    from dienstverlening.surveys.public_cache import FORMS

    FORMS.clear()
    # Content type ids are cached per process; a flush or a demo snapshot may give others (the
    # audit trail writes them).
    ContentType.objects.clear_cache()


@pytest.fixture
def clock(request, now) -> time_machine.Traveller:
    """The running clock of this test, to move on: ``clock.shift(datetime.timedelta(days=8))``."""
    return request.node.stash[CLOCK]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """PBKDF2 with Django's million iterations costs about half a second of CPU per password:
    every test user, every demo log-in and every log-in attempt. The tests check who may log
    in, not the strength of the hash, so they hash with MD5 (Django's advice for tests)."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _private_progress_cache(tmp_path_factory):
    """The progress of running work goes to a file cache under var/ by default: the tests (and
    each pytest-xdist worker) write theirs to a directory of their own."""
    from django.conf import settings
    from django.test.utils import override_settings

    progress = settings.CACHES["progress"]
    if progress["BACKEND"] != "django.core.cache.backends.filebased.FileBasedCache":
        yield
        return
    caches = {
        **settings.CACHES,
        "progress": {**progress, "LOCATION": str(tmp_path_factory.mktemp("progress"))},
    }
    with override_settings(CACHES=caches):
        yield


# --- the shared cache in tests -----------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def _shared_cache_in_the_database():
    """The "shared" cache is Redis when REDIS_URL is set (as in the RQ pass of CI, where that
    Redis holds the task queues). Tests keep it in the test database, rolled back with each
    test, so clearing it never touches a queue; a test of the Redis path points it at Redis
    database 14 itself (tests/core/test_caching.py)."""
    from django.conf import settings
    from django.test.utils import override_settings

    from dienstverlening.core.caching import shared_cache

    with override_settings(CACHES={**settings.CACHES, "shared": shared_cache({})}):
        yield


TEST_REDIS_URL = "redis://127.0.0.1:6379/14"  # tests that need Redis use database 14


@pytest.fixture
def shared_redis(settings):
    """The "shared" cache on Redis (database 14), as with REDIS_URL set; keys of this test only
    (a prefix of its own, removed afterwards), so parallel workers do not meet."""
    import uuid

    from django.core.cache import caches

    from dienstverlening.core.caching import shared_cache

    prefix = f"dv-test-{uuid.uuid4().hex}"
    config = {**shared_cache({"REDIS_URL": TEST_REDIS_URL}), "KEY_PREFIX": prefix}
    settings.CACHES = {**settings.CACHES, "shared": config}
    shared = caches["shared"]
    shared.get("ping")  # fails here, clearly, when no redis-server answers on 6379
    yield shared
    client = shared._cache.get_client(None, write=True)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    """Every test has its own directories for uploaded files (DV_UPLOAD_DIR and MEDIA_ROOT, where
    survey result files wait), so it sees only its own and never clears the real ones."""
    settings.DV_UPLOAD_DIR = tmp_path / "uploads"
    settings.MEDIA_ROOT = tmp_path / "media"


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


@pytest.fixture
def directie(db):
    return UserFactory(username="directie-test", role=Role.MANAGEMENT)


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheerder-test", role=Role.ADMINISTRATOR)


@pytest.fixture
def superuser(db):
    """The installation account (``createsuperuser``), with the role every account starts with."""
    return UserFactory(username="super-test", is_superuser=True)


@pytest.fixture
def migrator():
    """A migration executor for tests that move the database through migrations (mark them
    ``django_db(transaction=True)``); afterwards the database is back at the newest state."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield MigrationExecutor(connection)
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())


def migrate_to(
    targets: list[tuple[str, str]], *, state: list[tuple[str, str]] | None = None
) -> Apps:
    """Move the database to the migrations ``targets`` (in a test that uses ``migrator``) and
    return the historical models there, or at ``state`` when the test reads more apps than the
    ones it moves."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state or targets).apps


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django mails go there (``tests/smtp.py``)."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def logged_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --- the audit and security log lines, read with caplog ---------------------------------------
LogReader = Callable[..., list[logging.LogRecord]]


def _listen(caplog, name: str) -> Iterator[LogReader]:
    """The records of logger ``name``. The audit and security loggers have a handler of their own
    and pass nothing on to the root (settings.LOGGING), so caplog listens on them directly."""
    logger = logging.getLogger(name)
    logger.addHandler(caplog.handler)

    def read(event: str | None = None) -> list[logging.LogRecord]:
        return [
            record
            for record in caplog.records
            if record.name == name and (event is None or getattr(record, "event", "") == event)
        ]

    try:
        yield read
    finally:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def events(caplog) -> Iterator[LogReader]:
    """``events("login")``: the security events of the test (``dienstverlening.security``)."""
    yield from _listen(caplog, "dienstverlening.security")


@pytest.fixture
def audit_lines(caplog) -> Iterator[LogReader]:
    """``audit_lines()``: the log lines of the audit trail (``dienstverlening.audit``)."""
    yield from _listen(caplog, "dienstverlening.audit")


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


@pytest.fixture(scope="session")
def _oidc_server():
    """The loopback OpenID provider, started once per test process (making its RSA key costs)."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc_provider(settings, _oidc_server):
    """A real OpenID provider on loopback (``tests/oidc.py``), the app pointed at it through its
    discovery document, with groups mapped to roles and teams as a municipality would."""
    from tests.oidc import CLIENT_ID, CLIENT_SECRET, Provider

    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.DV_OIDC_DISCOVERY_URL = _oidc_server
    # The mock signs with its one key and names it not ("kid"); Entra ID and ADFS do.
    settings.OIDC_VERIFY_KID = False
    settings.DV_OIDC_ROLE_GROUPS = {
        "DV-Coordinatoren": "coördinator dienstverlening",
        "DV-Directie": "directie",
        "DV-Beheer": "beheerder",
    }
    settings.DV_OIDC_TEAM_MANAGER_GROUPS = {
        "DV-TM-Burgerzaken": ["burgerzaken"],
        "DV-TM-Belastingen": ["belastingen"],
    }
    settings.DV_OIDC_TEAM_MEMBER_GROUPS = {"Team Burgerzaken": ["burgerzaken"]}
    return Provider(_oidc_server)


# --- files jobs make for download (core/job_files.py) ---
@pytest.fixture(autouse=True)
def _private_export_dir(settings, tmp_path):
    """Every test has its own directory for files jobs make (the response export as XLSX)."""
    settings.DV_EXPORT_DIR = tmp_path / "exports"
