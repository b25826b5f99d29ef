"""A throwaway PostgreSQL cluster of its own, for tests that stop and start the server.

``GunicornSite`` serves the site in the production configuration on such a cluster.

``initdb`` refuses to run as root, so as root (CI on these machines) the cluster belongs to the
``postgres`` system user and its commands run through ``runuser``. The cluster listens on a free
port on 127.0.0.1 with trust authentication and keeps its socket, data and log in one temporary
directory, removed afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian layout), or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="dv-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.owner = None
        if os.geteuid() == 0:
            try:
                self.owner = pwd.getpwnam("postgres")
            except KeyError as error:
                raise RuntimeError("als root is de systeemgebruiker 'postgres' nodig") from error
            os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
        self.root.chmod(0o700)

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner.pw_name, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            # A crash (stop -m immediate) loses nothing that was committed: the WAL is written
            # before a commit is confirmed. fsync only guards against the machine itself dying.
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    text: str


class GunicornSite:
    """The site under gunicorn in the production configuration, on a throwaway cluster.

    ``env`` adds to (or overrides) what every such site has: DEBUG off, the database of the
    cluster, plain static files and a var directory inside the cluster's directory.
    """

    def __init__(self, cluster: ThrowawayCluster, *, database_options: str = "", **env: str):
        from django.conf import settings

        self.cluster = cluster
        self.port = free_port()
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="dienstverlening.settings",
            DATABASE_URL=cluster.url("dienstverlening") + database_options,
            DB_CONN_MAX_AGE="60",
            SECRET_KEY=settings.SECRET_KEY,
            DEBUG="0",
            DV_PLAIN_STATIC="1",
            DV_VAR_DIR=str(cluster.root / "var"),
        )
        self.env.update(env)
        self.process: subprocess.Popen | None = None
        self._files: list[IO[str]] = []

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.cluster.url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE dienstverlening")

    def run_python(self, *args: str, timeout: float) -> str:
        """``python args`` with the site's environment; its stdout (it must succeed)."""
        done = subprocess.run(
            [sys.executable, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def open_log(self, name: str) -> IO[str]:
        """A file in the cluster's directory, closed when the site stops."""
        log = open(self.cluster.root / name, "w")  # noqa: SIM115
        self._files.append(log)
        return log

    def serve(
        self,
        *options: str,
        probe: str,
        stdout: IO[str],
        stderr: IO[str] | int,
        timeout: float,
    ) -> None:
        """Start gunicorn with ``options`` and wait until GET ``probe`` answers."""
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "dienstverlening.wsgi",
                *options,
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=30",
                "--graceful-timeout=5",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.request("GET", probe)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn start niet")

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        """One request by address over plain http, as a load balancer or a test client asks."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read().decode())
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for log in self._files:
            log.close()
