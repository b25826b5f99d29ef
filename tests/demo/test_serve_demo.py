"""``make demo`` is one command: ``serve_demo`` starts the web server and the task worker beside
it, the worker runs a job, and both stop when the server stops."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.workers import wait_for

ENQUEUE = (
    "from dienstverlening.core.jobs import job_start;"
    "from dienstverlening.handling.tasks import mailboxes_sync_task;"
    "print(job_start(task=mailboxes_sync_task, kind='handling.mailsync', title='t', user=None).pk)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_alive(session: int) -> list[int]:
    """Process ids still running in the session (the worker and its reloader)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[3]) == session:
            alive.append(int(stat.parent.name))
    return alive


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return 0


def test_serve_demo_runs_the_worker_beside_the_web_server_and_stops_both(tmp_path):
    # As ``make demo`` runs it: SQLite in its own folder, whatever database the suite runs on.
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        "DEBUG": "1",
        "DV_VAR_DIR": str(tmp_path),
        "DV_TASKS_BACKEND": "database",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "dienstverlening.cli"]
    subprocess.run([*command, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*command, "serve_demo", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: _get(f"http://127.0.0.1:{port}/inloggen/") == 200, timeout=120)
        started = re.search(
            r"Taakverwerker gestart \(proces (\d+)\)", (tmp_path / "serve.log").read_text()
        )
        assert started, (tmp_path / "serve.log").read_text()
        worker_session = int(started.group(1))
        job_id = subprocess.run(
            [*command, "shell", "-c", ENQUEUE],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout.split()[-1]
        database = tmp_path / "dienstverlening.sqlite3"

        def status() -> str:
            with sqlite3.connect(database, timeout=20) as connection:
                row = connection.execute(
                    "SELECT status FROM core_job WHERE id = ?", [job_id.replace("-", "")]
                ).fetchone()
            return row[0] if row and row[0] == "succeeded" else ""

        assert wait_for(status, timeout=120) == "succeeded"
        assert _session_alive(worker_session)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    deadline = time.monotonic() + 30
    while _session_alive(worker_session) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _session_alive(worker_session) == []
    assert "Taakverwerker gestopt." in (tmp_path / "serve.log").read_text()
    assert _get(f"http://127.0.0.1:{port}/inloggen/") == 0
