"""Speed of the public questionnaire and of the import. Run with `make bench BENCH=surveys`.

Gunicorn on PostgreSQL (own database ``dv_bench_surveys``, never the test database), a
separate load process on loopback (``surveys_load.py``), 60 s per concurrency level (8, 16,
32; ``BENCH_SECONDS`` shortens it). Each simulated resident GETs the form and POSTs the answers
(8 statements, a mark, an open answer). Prints submissions/s, p50/p95/p99 of the POST, server
CPU-ms per submission (from /proc of the gunicorn master and workers) and the database count
against the successful submits. Then times the import of a 100,000-row file.

Targets (issue 3): ≥ 150 submissions/s, p99 of the POST < 150 ms, database count equal to
successful submits; 100,000-row import < 20 s.

The benchmark server runs without the minimum fill-in time and with a very high rate limit:
every simulated resident comes from 127.0.0.1 and answers in milliseconds.

The shared cache (rate limit, version stamp of the cached form) is Redis database 13
(``BENCH_REDIS_URL``, emptied at the start), as in production under load; ``BENCH_REDIS_URL=``
(empty) measures the database cache instead. The queries of one GET and one POST are counted
before the load. ``BENCH_PROFILE=1`` runs every worker under cProfile and prints where the
server's time goes (slower: not for comparing with the targets).

``BENCH_INSTANCES=2`` starts two gunicorn instances on two ports (the workers shared out between
them), both on the one PostgreSQL database and the one Redis, as app servers behind a load
balancer; the residents take turns between them. The table then shows the submissions each
instance saved and whether the database holds exactly the sum: no state lives in one process.
"""

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "dv_bench_surveys"
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
LEVELS = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "8,16,32").split(",")]
# Three sync workers per core: a worker waits on PostgreSQL and Redis for part of each request
# (measured on 2 cores at concurrency 32: 5 workers 170/s, p99 170 ms; 6 workers 184/s, 144 ms).
WORKERS = int(os.environ.get("BENCH_WORKERS", str(3 * (os.cpu_count() or 2))))
INSTANCES = int(os.environ.get("BENCH_INSTANCES", "1"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
CLK_TCK = os.sysconf("SC_CLK_TCK")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13").strip()
PROFILE = os.environ.get("BENCH_PROFILE", "").strip() not in ("", "0")


def database_url() -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + DB_NAME


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dienstverlening.settings",
            "DATABASE_URL": database_url(),
            "DB_CONN_MAX_AGE": "600",
            "SECRET_KEY": "benchmark-only-secret-key",
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "DV_PLAIN_STATIC": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DV_VAR_DIR": str(ROOT / "var" / "bench"),
            "SURVEYS_MIN_FILL_SECONDS": "0",
            "SURVEYS_RATE_LIMIT": "1000000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    if REDIS_URL:
        env["REDIS_URL"] = REDIS_URL
    return env


def empty_redis() -> None:
    """The benchmark's own Redis database starts empty (no stamp or count of an earlier run)."""
    if REDIS_URL:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()


def print_profile(directory: str) -> None:
    import pstats

    files = sorted(Path(directory).glob("worker-*.prof"))
    if not files:
        print("\nGeen profiel: de workers schreven niets.")
        return
    stats = pstats.Stats(*(str(f) for f in files))
    stats.strip_dirs()
    print(f"\nProfiel van {len(files)} workers (cProfile), op eigen tijd:")
    stats.sort_stats("tottime").print_stats(30)
    print("Op cumulatieve tijd:")
    stats.sort_stats("cumulative").print_stats(60)


def setup(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, str(HERE / "surveys_setup.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of ``root`` and its children, from /proc."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root or ppid == root:
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def postgres_cpu() -> float:
    """CPU seconds of the PostgreSQL backends serving the benchmark database."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f" {DB_NAME} ".encode() not in (entry / "cmdline").read_bytes():
                continue
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw.rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn start niet")


def gunicorn_command(port: int, workers: int) -> list[str]:
    command = [
        str(BIN / "gunicorn"),
        "dienstverlening.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        # A worker's first request imports the URL configuration and templates: on a busy
        # machine that can take longer than gunicorn's default 30 s before the warm-up ends.
        "--timeout",
        "120",
    ]
    if PROFILE:
        command += ["--config", str(HERE / "surveys_profile.py")]
    return command


def servers_cpu(servers: list[subprocess.Popen]) -> float:
    return sum(process_tree_cpu(server.pid) for server in servers)


def main() -> int:
    recreate_database()
    empty_redis()
    env = environment()
    info = json.loads(setup(env, "prepare").splitlines()[-1])
    queries = json.loads(setup(env, "queries", info["path"]).splitlines()[-1])
    ports = [free_port() for _ in range(INSTANCES)]
    workers = -(-WORKERS // INSTANCES)  # the machine's workers shared out over the instances
    profile_dir = tempfile.mkdtemp(prefix="dv-bench-profile-") if PROFILE else ""
    if PROFILE:
        env = {**env, "BENCH_PROFILE_DIR": profile_dir}
    servers = [
        subprocess.Popen(gunicorn_command(port, workers), env=env, cwd=ROOT) for port in ports
    ]
    port_list = ",".join(str(port) for port in ports)
    rows = []
    try:
        for port in ports:
            wait_for(port)
        # Warm-up: every worker imports Django and opens its connection.
        subprocess.run(
            [
                sys.executable,
                str(HERE / "surveys_load.py"),
                "127.0.0.1",
                port_list,
                info["path"],
                str(4 * INSTANCES),
                "3",
            ],
            capture_output=True,
            check=True,
        )
        for concurrency in LEVELS:
            before_count = int(setup(env, "count", str(info["run"])).splitlines()[-1])
            cpu_before = servers_cpu(servers)
            pg_before = postgres_cpu()
            load_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            load = subprocess.run(
                [
                    sys.executable,
                    str(HERE / "surveys_load.py"),
                    "127.0.0.1",
                    port_list,
                    info["path"],
                    str(concurrency),
                    str(SECONDS),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            cpu = servers_cpu(servers) - cpu_before
            pg_cpu = postgres_cpu() - pg_before
            load_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            load_cpu = (load_after.ru_utime - load_before.ru_utime) + (
                load_after.ru_stime - load_before.ru_stime
            )
            result = json.loads(load.stdout.strip().splitlines()[-1])
            after_count = int(setup(env, "count", str(info["run"])).splitlines()[-1])
            ok = result["successes"]
            rows.append(
                {
                    "concurrency": concurrency,
                    "rate": ok / result["seconds"],
                    "p50": result["p50"],
                    "p95": result["p95"],
                    "p99": result["p99"],
                    "cpu_ms": 1000 * cpu / ok if ok else float("nan"),
                    "pg_ms": 1000 * pg_cpu / ok if ok else float("nan"),
                    "load_ms": 1000 * load_cpu / ok if ok else float("nan"),
                    "ok": ok,
                    "per_instance": [result["per_port"].get(str(port), 0) for port in ports],
                    "failures": result["failures"],
                    "db": after_count - before_count,
                }
            )
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)

    cache = "Redis" if REDIS_URL else "database"
    instances = f"{INSTANCES} instanties × {workers}" if INSTANCES > 1 else f"{workers}"
    print(
        f"Gunicorn {instances} workers (sync) · PostgreSQL · gedeelde cache: {cache}"
        f" · {SECONDS:.0f} s per niveau{' · PROFIEL (trager)' if PROFILE else ''}"
    )
    print(f"Queries: openen (GET) {queries['get']}, versturen (POST) {queries['post']}\n")
    header = (
        f"{'gelijktijdig':>12} {'inzendingen/s':>14} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'CPU-ms/inz.':>12} {'(PG)':>6} {'(last)':>6} {'gelukt':>7} {'mislukt':>7}"
        f" {'in DB':>7} {'klopt':>6}"
    )
    print(header)
    for row in rows:
        print(
            f"{row['concurrency']:>12} {row['rate']:>14.1f} {row['p50']:>8.1f} {row['p95']:>8.1f}"
            f" {row['p99']:>8.1f} {row['cpu_ms']:>12.1f}"
            f" {row['pg_ms']:>6.1f} {row['load_ms']:>6.1f}"
            f" {row['ok']:>7} {row['failures']:>7} {row['db']:>7}"
            f" {'ja' if row['db'] == row['ok'] else 'NEE':>6}"
            + (
                "  per instantie: " + " + ".join(str(n) for n in row["per_instance"])
                if INSTANCES > 1
                else ""
            )
        )

    if PROFILE:
        print_profile(profile_dir)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "antwoorden.csv"
        setup(env, "csv", str(IMPORT_ROWS), str(path))
        started = time.perf_counter()
        subprocess.run(
            [
                str(BIN / "dienstverlening"),
                "import_responses",
                str(path),
                "--run",
                str(info["external"]),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
    imported = int(setup(env, "count", str(info["external"])).splitlines()[-1])
    rows_text = f"{IMPORT_ROWS:,}".replace(",", ".")
    imported_text = f"{imported:,}".replace(",", ".")
    seconds_text = f"{seconds:.1f}".replace(".", ",")
    print(
        f"\nImport van {rows_text} regels (CSV, Windows-1252, ;): {seconds_text} s, "
        f"{imported_text} antwoorden in de database"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
