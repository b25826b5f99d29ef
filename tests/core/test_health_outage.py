"""Readiness when the database really goes away, and the JSON logs of a real server.

The test starts a PostgreSQL cluster of its own (``tests/postgres_cluster.py``), migrates it and
serves the site with gunicorn in the production configuration (DEBUG off, https redirect on,
one allowed host name, JSON logs on stdout, the database task queue). A load balancer's probes
ask the server by its address over plain http. Then the cluster is killed: readiness answers
503 naming the database, liveness stays 200; the cluster starts again and readiness is 200
without restarting the app server.
"""

from __future__ import annotations

import json
import time

import pytest

from tests import system
from tests.postgres_cluster import GunicornSite, ThrowawayCluster, postgres_bin

LIVE = "/gezondheid/live/"
READY = "/gezondheid/gereed/"
HOST = "dienstverlening.woerden.nl"

pytestmark = pytest.mark.outage


class Server(GunicornSite):
    def __init__(self, cluster: ThrowawayCluster) -> None:
        super().__init__(
            cluster,
            database_options="?connect_timeout=2",
            SECURE_SSL_REDIRECT="1",
            DV_TASKS_BACKEND="database",
            ALLOWED_HOSTS=HOST,
            DV_LOG_FORMAT="json",
            LOG_LEVEL="INFO",
        )
        self.env.pop("DV_LOG_STREAM", None)

    def migrate(self) -> None:
        self.create_database()
        self.run_python("-m", "dienstverlening.cli", "migrate", "--noinput", "-v", "0", timeout=300)

    def start(self) -> None:
        self.stdout = self.open_log("stdout.log")
        self.serve(
            "--workers=1",
            "--threads=2",
            probe=LIVE,
            stdout=self.stdout,
            stderr=self.open_log("stderr.log"),
            timeout=60,
        )

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        """As the load balancer asks: by address, over http, unless headers say otherwise."""
        return self.request("GET", path, headers=headers)

    def log_lines(self) -> list[str]:
        self.stdout.flush()
        return (self.cluster.root / "stdout.log").read_text().splitlines()


def ready_until(server: Server, status: int, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        code, _headers, body = server.get(READY)
        if code == status or time.monotonic() > deadline:
            assert code == status, body
            return json.loads(body)
        time.sleep(0.2)


def test_readiness_follows_the_database_down_and_up_again_and_logs_are_json():
    bin_dir = postgres_bin() or system.missing("PostgreSQL (initdb)", "postgresql")
    cluster = ThrowawayCluster(bin_dir)
    server = Server(cluster)
    try:
        cluster.init()
        cluster.start()
        server.migrate()
        server.start()

        body = ready_until(server, 200)
        assert body["status"] == "ok"
        assert set(body["checks"]) >= {"database", "migrations", "task_queue", "mailbox_sync"}
        # A visitor's page on the real host name, through the proxy, with the proxy's id.
        status, headers, _html = server.get(
            "/inloggen/?next=/metingen/",
            Host=HOST,
            **{"X-Forwarded-Proto": "https"},
            **{"X-Request-ID": "lb-7d3f2c1e-9a4b-4c8d"},
        )
        assert status == 200
        assert headers["X-Request-ID"] == "lb-7d3f2c1e-9a4b-4c8d"

        cluster.stop("immediate")
        started = time.monotonic()
        status, headers, text = server.get(READY)
        took = time.monotonic() - started
        assert status == 503, text
        body = json.loads(text)
        assert body["status"] == "unavailable"
        assert body["checks"]["database"] == {"status": "failing", "critical": True}
        assert body["checks"]["migrations"]["status"] == "failing"
        assert took < 10
        for internal in ("127.0.0.1", str(cluster.port), "postgres", "connection", "refused"):
            assert internal not in text, internal
        assert "no-store" in headers["Cache-Control"]
        live_status, _headers, live = server.get(LIVE)
        assert (live_status, json.loads(live)) == (200, {"status": "ok"})

        cluster.start()
        assert ready_until(server, 200)["status"] == "ok"
        lines = server.log_lines()
    finally:
        server.stop()
        cluster.remove()

    records = [json.loads(line) for line in lines]  # every line on stdout is JSON
    [visit] = [r for r in records if r.get("request_id") == "lb-7d3f2c1e-9a4b-4c8d"]
    assert visit["logger"] == "dienstverlening.requests"
    assert (visit["method"], visit["path"], visit["status"]) == ("GET", "/inloggen/", 200)
    # Probes write no lines, and a failing check is in the answer, not in the log.
    assert not [r for r in records if "/gezondheid/" in json.dumps(r)]
    assert not [r for r in records if r["logger"].startswith("health_check")]
