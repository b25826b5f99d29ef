"""Liveness and readiness for the load balancer and monitoring (docs/operations.md, "Health and
monitoring").

``/gezondheid/live/``: the process runs and answers. 200 ``{"status": "ok"}``; nothing else is
touched (no database, no session, no cache).

``/gezondheid/gereed/``: every check below and in the apps' ``health`` modules, as JSON::

    {"status": "ok" | "degraded" | "unavailable",
     "checks": {"database": {"status": "ok", "critical": true}, ...}}

A failing *critical* check (database, caches, migrations) makes the answer 503 "unavailable":
this server cannot serve, take it out of the pool. A failing non-critical check (the task
queue's wait, the mailbox sync) makes it "degraded" with 200: pages work, background work lags,
and taking every app server out of the pool would not help. With ``?streng=1`` degraded is 503
too, for monitoring that looks only at the status code. The answer holds check names, ok or
failing, and a few counts; never an error text, host name, user or address.

Both are open (no log-in: a load balancer has none) and are answered by ``HealthMiddleware``
before any other middleware: no host check (load balancers call servers by address), no https
redirect, no session, CSP, CSRF or axes. Restrict ``/gezondheid/`` at the proxy if it should not
be reachable from outside (docs/operations.md).

The checks run with django-health-check: each has a time-out, and all run one after the other
in one thread of their own, which closes its database connection afterwards, so a probe costs
one connection, and a hanging database gives a 503 after the time-out instead of a hung probe.
Core knows no app above it: an app adds checks as ``CHECKS`` in its own ``health`` module
(``handling.health``: the mailbox sync), found the way the admin finds ``admin`` modules.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import functools
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import import_module
from typing import Any, ClassVar

from asgiref.sync import async_to_sync
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import module_has_submodule
from health_check.base import HealthCheck, HealthCheckResult
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

LIVE_PATH = "/gezondheid/live/"
READY_PATH = "/gezondheid/gereed/"

OK = "ok"
DEGRADED = "degraded"
UNAVAILABLE = "unavailable"
FAILING = "failing"

# Caches that live inside the process cannot be unreachable: not worth a check.
PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def is_health_path(path: str) -> bool:
    return path.rstrip("/") + "/" in (LIVE_PATH, READY_PATH)


@dataclasses.dataclass
class Check(HealthCheck):
    """A readiness check: its name in the answer, whether failing makes the server unavailable,
    and numbers worth showing (``details``: counts and ages only, never names or texts)."""

    name: ClassVar[str] = ""
    critical: ClassVar[bool] = True
    timeout = datetime.timedelta(seconds=5)

    details: dict[str, int] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def instances(cls) -> list[Check]:
        """The checks of this kind for one probe (one per cache, say)."""
        return [cls()]

    @property
    def key(self) -> str:
        return self.name


@dataclasses.dataclass
class DatabaseCheck(Check, Database):
    """``SELECT 1`` on a connection of its own (django-health-check's database check)."""

    name: ClassVar[str] = "database"


@dataclasses.dataclass
class CacheCheck(Check):
    """Writes, reads and deletes a key in a cache that lives outside the process ("shared" in
    the database, "progress" in files or Redis)."""

    alias: str = "shared"

    @classmethod
    def instances(cls) -> list[Check]:
        return [
            cls(alias=alias)
            for alias, config in settings.CACHES.items()
            if config.get("BACKEND") not in PROCESS_CACHES
        ]

    @property
    def key(self) -> str:
        return f"cache_{self.alias}"

    def run(self) -> None:
        key, value = f"dv-health:{uuid.uuid4().hex}", uuid.uuid4().hex
        try:
            cache = caches[self.alias]
            cache.set(key, value, timeout=30)
            read = cache.get(key)
            cache.delete(key)
        except Exception as error:  # a cache fails in its own ways (database, files, Redis)
            raise ServiceUnavailable(type(error).__name__) from error
        if read != value:
            raise ServiceUnavailable("value written is not read back")


@dataclasses.dataclass
class MigrationsCheck(Check):
    """Every migration of the code this server runs is applied to the database."""

    name: ClassVar[str] = "migrations"

    def run(self) -> None:
        try:
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise ServiceUnavailable(type(error).__name__) from error
        self.details["unapplied"] = len(plan)
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migrations not applied")


DATABASE_TASKS = "django_tasks_db.DatabaseBackend"
RQ_TASKS = "django_tasks_rq.RQBackend"


def _task_backend() -> dict[str, Any]:
    return dict(getattr(settings, "TASKS", {}).get("default", {}))


def oldest_waiting_task(now: datetime.datetime) -> datetime.datetime | None:
    """Since when the longest-waiting task that may run now has waited, on the configured
    backend (django-tasks-db or RQ); None when nothing waits."""
    backend = _task_backend()
    queues = backend.get("QUEUES") or ["default"]
    if backend.get("BACKEND") == DATABASE_TASKS:
        from django_tasks_db.models import DBTaskResult, get_date_max

        # Without a run_after the task waits since it was queued, else since the later of both.
        since = Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest(F("run_after"), F("enqueued_at")),
        )
        return (
            DBTaskResult.objects.ready()
            .filter(queue_name__in=queues)
            .aggregate(oldest=Min(since))["oldest"]
        )
    if backend.get("BACKEND") == RQ_TASKS:
        import django_rq

        oldest = None
        for name in queues:
            queue = django_rq.get_queue(name)
            for job_id in queue.get_job_ids(0, 1):  # the queue is first in, first out
                job = queue.fetch_job(job_id)
                if job is not None and job.enqueued_at is not None:
                    oldest = min(oldest or job.enqueued_at, job.enqueued_at)
        return oldest
    return None


@dataclasses.dataclass
class TaskQueueCheck(Check):
    """No task has waited longer than ``DV_HEALTH_QUEUE_MAX_WAIT_MINUTES`` for a worker (a
    stopped worker, or too few for the work). Not critical: pages still work."""

    name: ClassVar[str] = "task_queue"
    critical: ClassVar[bool] = False

    @classmethod
    def instances(cls) -> list[Check]:
        # Tasks run inside the request (tests, debugging): there is no queue to wait in.
        return [cls()] if _task_backend().get("BACKEND") in (DATABASE_TASKS, RQ_TASKS) else []

    def run(self) -> None:
        now = timezone.now()
        try:
            oldest = oldest_waiting_task(now)
        except Exception as error:  # the database or Redis holding the queue
            raise ServiceUnavailable(type(error).__name__) from error
        waited = max(0, round((now - oldest).total_seconds())) if oldest else 0
        self.details["oldest_waiting_seconds"] = waited
        if waited > settings.DV_HEALTH_QUEUE_MAX_WAIT_MINUTES * 60:
            raise ServiceWarning(f"a task has waited {waited} seconds")


CHECKS = [DatabaseCheck, CacheCheck, MigrationsCheck, TaskQueueCheck]


@functools.cache
def registered_checks() -> tuple[type[Check], ...]:
    """The ``CHECKS`` of every app of the project that has a ``health`` module, in app order."""
    found: list[type[Check]] = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("dienstverlening.") and module_has_submodule(
            app_config.module, "health"
        ):
            found.extend(getattr(import_module(f"{app_config.name}.health"), "CHECKS", ()))
    return tuple(found)


def _closing_connections(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    finally:
        connections.close_all()  # this thread's connections only


class _CheckThread(ThreadPoolExecutor):
    """One thread per probe; every check closes the thread's database connection after it."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="health")

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return super().submit(_closing_connections, functools.partial(fn, **kwargs), *args)


def readiness_report(results: Sequence[HealthCheckResult]) -> dict[str, Any]:
    status = OK
    checks: dict[str, dict[str, Any]] = {}
    for result in results:
        check = result.check
        assert isinstance(check, Check)
        checks[check.key] = {
            "status": OK if result.error is None else FAILING,
            "critical": check.critical,
            **check.details,
        }
        if result.error is not None:
            status = UNAVAILABLE if check.critical or status == UNAVAILABLE else DEGRADED
    return {"status": status, "checks": checks}


class ReadinessView(HealthCheckView):
    """django-health-check's view with our answer: JSON only, 503 when not ready."""

    def get_checks(self) -> Iterator[HealthCheck]:
        for check_class in registered_checks():
            yield from check_class.instances()

    @contextlib.contextmanager
    def get_executor(self) -> Iterator[ThreadPoolExecutor]:
        executor = _CheckThread()
        try:
            yield executor
        finally:
            # A check that timed out may still hang (a database that does not answer): the
            # probe does not wait for it; its thread ends when the connection attempt does.
            executor.shutdown(wait=False, cancel_futures=True)

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        report = readiness_report(results)
        strict = request.GET.get("streng", "").lower() in {"1", "ja", "true", "yes"}
        failing = report["status"] == UNAVAILABLE or (strict and report["status"] != OK)
        return _json(report, status=503 if failing else 200)


def _json(data: dict[str, Any], *, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def live(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _json({"status": OK})


_ready = ReadinessView.as_view()


def ready(request: HttpRequest) -> HttpResponse:
    return async_to_sync(_ready)(request)


class HealthMiddleware:
    """Answers the two health paths before any other middleware (see the module's text).

    Second in ``MIDDLEWARE``, after ``core.logs.RequestLogMiddleware`` (request id header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/") + "/"
        if path == LIVE_PATH:
            return live(request)
        if path == READY_PATH:
            return ready(request)
        return self.get_response(request)
