"""Real task workers in a thread, for the tests marked ``tasks``.

The default run uses the database backend (django-tasks-db) with its own ``Worker`` loop, the
one ``dienstverlening db_worker`` runs. CI runs the same tests once more with
``DV_TASKS_BACKEND=rq REDIS_URL=redis://127.0.0.1:6379/15``: then an RQ worker (the class
``rqworker`` uses, without fork) takes the jobs from Redis.

Both workers run in a thread of the test process with a database connection of their own; the
in-memory SQLite test database is shared between connections of one process, and PostgreSQL's
test database is reachable from any connection.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlparse

from django.conf import settings
from django.db import connections

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class DatabaseWorkerThread(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="db-worker", daemon=True)
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["default"],
            interval=0.05,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-db-worker",
            excluded_queue_names=[],
        )

        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.worker.run()
        except BaseException as error:  # the fixture fails the test with it
            self.error = error
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.worker.running = False
        self.join(timeout=60)


class RQWorkerThread(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="rq-worker", daemon=True)
        import django_rq
        from django_tasks_rq import Job
        from rq import SimpleWorker
        from rq.timeouts import TimerDeathPenalty

        class ThreadWorker(SimpleWorker):
            # Signals belong to the main thread; a timer enforces the job timeout instead.
            death_penalty_class = TimerDeathPenalty

            def _install_signal_handlers(self) -> None:
                pass

        queue = django_rq.get_queue("default", job_class=Job)
        self.worker = ThreadWorker([queue], connection=queue.connection, job_class=Job)
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                self.worker.work(burst=True, logging_level="WARNING")
                self.stopping.wait(0.05)
        except BaseException as error:  # the fixture fails the test with it
            self.error = error
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=60)


def redis_clear() -> None:
    """Remove what the tests left in the test Redis database: queues, jobs, progress."""
    import redis

    url = settings.REDIS_URL
    database = int((urlparse(url).path or "/0").lstrip("/") or 0)
    if database == 0:
        raise RuntimeError(
            "De taaktests op RQ wissen hun sleutels: geef ze een eigen Redis-database, "
            "bijvoorbeeld REDIS_URL=redis://127.0.0.1:6379/15."
        )
    client = redis.Redis.from_url(url)
    for pattern in ("rq:*", "*dv-progress*"):
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)
    client.close()


def wait_for(condition, *, timeout: float = 60, every: float = 0.05):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"niet gebeurd binnen {timeout} s")
