"""The environment every benchmark that starts Django runs under.

Imported before `django.setup()`; settings the caller already set (DATABASE_URL, …) win.
"""

import os
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_env_defaults() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienstverlening.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DV_PLAIN_STATIC", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DV_VAR_DIR", str(ROOT / "var" / "bench"))


def bench_database_url(kind: str, name: str) -> str:
    """A database of its own for a benchmark's dataset, kept for the next run: PostgreSQL
    database ``name`` on 127.0.0.1 (created when missing) or ``var/bench/<name>.sqlite3``."""
    if kind == "postgres":
        import psycopg

        admin = "postgres://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    path = ROOT / "var" / "bench" / f"{name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def bench_runs(database_url: Callable[[str], str]) -> list[tuple[str, str]]:
    """The databases a benchmark times, as (label, URL): the one in BENCH_DATABASE_URL, as given
    (label "gegeven"), or else ``database_url(kind)`` for each kind in BENCH_DATABASES
    (``postgres,sqlite``)."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        return [("gegeven", given)]
    kinds = os.environ.get("BENCH_DATABASES", "postgres,sqlite").split(",")
    return [(kind, database_url(kind)) for kind in kinds]


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a benchmark's child process: this one, the database, the benchmark's
    defaults (no TLS redirect, plain static files, no second factor for the test client)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "dienstverlening.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key"),
        "SECURE_SSL_REDIRECT": "0",
        "DV_PLAIN_STATIC": "1",
        "ALLOWED_HOSTS": "testserver",
        "DV_2FA_REQUIRED": "0",  # the benchmark's log-in has no authenticator app
        **extra,
    }
