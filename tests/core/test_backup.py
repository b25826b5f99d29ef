"""Back-up and restore (``dienstverlening backup`` / ``restore``, docs/operations.md).

The tests run on the database of the run: a SQLite file (tests/conftest.py) or PostgreSQL, where
the commands use pg_dump, pg_restore and psql. The main test backs up the demo organisation,
changes data in several apps, restores, and compares every table in the database row by row.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from dienstverlening.core.backup import backup_check
from dienstverlening.core.models import User
from dienstverlening.framework.models import Statement
from dienstverlening.handling.models import HandlingItem
from dienstverlening.organisation.models import Domain, Team
from dienstverlening.surveys.models import Response
from tests import system
from tests.snapshot import demo

# The dates below are written around the suite's Wednesday.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.moment("wednesday")]

ROOT = Path(__file__).resolve().parents[2]
NOTHING_RESTORED = "Er is niets hersteld; de database is onveranderd."
LATER_TABLE = "later_migration_table"


@pytest.fixture(autouse=True)
def backups(settings, tmp_path) -> Path:
    """Back-ups and safety copies of each test go to a directory of its own."""
    settings.DV_BACKUP_DIR = tmp_path / "backups"
    if connection.vendor == "postgresql":
        for name in ("pg_dump", "pg_restore", "psql"):
            system.program(name, package="postgresql-client")
    return settings.DV_BACKUP_DIR


@pytest.fixture
def later_table():
    """A table as a migration newer than the back-up would make, with a foreign key to a table
    the back-up has; dropped afterwards if the test left it."""
    quote = connection.ops.quote_name
    yield (
        f"CREATE TABLE {quote(LATER_TABLE)} (id integer PRIMARY KEY, "
        f"user_id bigint REFERENCES {quote(User._meta.db_table)} (id))"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(LATER_TABLE)}")


def contents() -> dict[str, list[tuple]]:
    """Every table in the database (Django's or not) with all its rows, sorted; on PostgreSQL
    also every sequence's position, on SQLite the AUTOINCREMENT counters."""
    connection.ensure_connection()
    tables = list(connection.introspection.table_names())
    if connection.vendor == "sqlite":
        tables.append("sqlite_sequence")
    found: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            found[table] = sorted(rows, key=repr)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            found["(sequences)"] = sorted(cursor.fetchall())
    return found


def backup(*args: str) -> Path:
    """``dienstverlening backup``; the file it says it made."""
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    made = re.match(r"Back-up gemaakt: (.+) \(", out.getvalue())
    assert made, out.getvalue()
    return Path(made[1])


def restore(path: Path, capsys) -> str:
    capsys.readouterr()
    call_command("restore", str(path), "--noinput")
    return capsys.readouterr().out


def change_several_apps(later_table_sql: str) -> None:
    Team.objects.update(phone="0348 000000")  # organisation
    Statement.objects.filter(pk=Statement.objects.order_by("pk").first().pk).update(
        text="Gewijzigd na de back-up."
    )  # framework
    User.objects.create(username="na-de-back-up")  # core
    Response.objects.filter(pk__in=Response.objects.order_by("pk")[:5].values("pk")).delete()
    HandlingItem.objects.filter(
        pk__in=HandlingItem.objects.order_by("pk")[:5].values("pk")
    ).delete()
    with connection.cursor() as cursor:
        cursor.execute(later_table_sql)
        cursor.execute(
            f"INSERT INTO {LATER_TABLE} (id, user_id) VALUES (1, %s)",
            [User.objects.get(username="na-de-back-up").pk],
        )


def test_backup_change_restore_gives_every_table_back_row_for_row(
    now, backups, later_table, capsys
):
    demo(seed=5, scale=0.01, now=now)
    assert Response.objects.exists() and HandlingItem.objects.exists()
    before = contents()

    made = backup()
    assert made.name == "dienstverlening-20261202-100000" + made.suffix
    assert made.stat().st_mode & 0o777 == 0o600 and backups.stat().st_mode & 0o777 == 0o700

    change_several_apps(later_table)
    changed = contents()
    assert changed != before and LATER_TABLE in changed

    out = restore(made, capsys)
    assert f"Database hersteld uit {made}." in out
    assert "Alle migraties van deze versie staan erin." in out
    after = contents()
    assert after.keys() == before.keys()  # the later table is gone too
    for table in before:
        assert after[table] == before[table], table
    # Counters came back too: a new record gets a new key.
    assert User.objects.create(username="nieuw").pk > max(row[0] for row in before["core_user"])

    # The safety copy holds the database as it was just before the restore: it undoes it.
    safety = next(backups.glob("dienstverlening-voor-herstel-*"))
    assert f"De database van voor het herstel staat in {safety}." in out
    User.objects.filter(username="nieuw").delete()
    restore(safety, capsys)
    assert contents() == changed


def test_backup_while_a_writer_holds_an_open_transaction_has_only_committed_rows(capsys):
    Domain.objects.create(name="Vastgelegd", slug="vastgelegd")
    written, backed_up = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                domain = Domain.objects.create(name="Nog open", slug="nog-open")
                Team.objects.create(domain=domain, name="Nog open", slug="nog-open")
                written.set()
                assert backed_up.wait(30), "de back-up wachtte op de schrijver"
        except BaseException as error:  # reported in the test's own thread
            failure.append(error)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.wait(30)
        made = backup()  # does not wait for the writer's transaction
    finally:
        backed_up.set()
        thread.join(30)
    assert not failure, failure
    assert Domain.objects.filter(slug="nog-open").exists()  # committed after the back-up

    restore(made, capsys)
    assert list(Domain.objects.values_list("slug", flat=True)) == ["vastgelegd"]
    assert not Team.objects.exists()


def test_backup_during_a_stream_of_commits_is_one_consistent_moment(capsys):
    """Each commit adds a domain and its team together; the back-up, taken while commits go on,
    has whole pairs only."""
    stop = threading.Event()
    committed: list[int] = []
    failure: list[BaseException] = []

    def writer() -> None:
        try:
            n = 0
            while not stop.is_set():
                n += 1
                with transaction.atomic():
                    domain = Domain.objects.create(name=f"Stroom {n}", slug=f"stroom-{n}")
                    Team.objects.create(domain=domain, name=f"Stroom {n}", slug=f"stroom-{n}")
                committed.append(n)
        except BaseException as error:  # reported in the test's own thread
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 20 and thread.is_alive():
            time.sleep(0.01)
        made = backup()
        at_backup_end = len(committed)
    finally:
        stop.set()
        thread.join(30)
    assert not failure, failure

    restore(made, capsys)
    domains = set(Domain.objects.values_list("slug", flat=True))
    teams = set(Team.objects.values_list("slug", flat=True))
    assert domains == teams
    assert 20 <= len(domains) <= at_backup_end
    assert domains == {f"stroom-{n}" for n in range(1, len(domains) + 1)}


# --- refusals: nothing changes ----------------------------------------------------------------


def refused(path: Path, expected: str) -> None:
    before = contents()
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path), "--noinput")
    assert expected in str(refusal.value)
    assert NOTHING_RESTORED in str(refusal.value)
    assert contents() == before


def test_restore_refuses_a_file_that_is_no_database_and_changes_nothing(tmp_path, backups):
    User.objects.create(username="blijft")
    text = tmp_path / "notities.txt"
    text.write_text("Dit is geen database.\n" * 200)
    refused(text, f"{text} is geen bruikbare back-up: het is geen ")
    refused(tmp_path / "bestaat-niet.sqlite3", "bestaat niet.")
    assert not backups.exists() or not any(backups.iterdir())  # no safety copy either


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    User.objects.create(username="blijft")
    made = backup()
    data = made.read_bytes()
    damaged = tmp_path / f"half{made.suffix}"
    damaged.write_bytes(data[: len(data) * 3 // 5])
    refused(damaged, f"{damaged} is geen bruikbare back-up")


def test_restore_refuses_a_database_of_another_application(tmp_path):
    User.objects.create(username="blijft")
    other = other_application_backup(tmp_path)
    refused(other, "is geen back-up van Dienstverlening: er staan geen migraties in van core")


def test_restore_refuses_a_sqlite_database_without_migrations(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("een SQLite-bestand: alleen in de SQLite-opzet een kandidaat")
    import sqlite3

    path = tmp_path / "adressen.sqlite3"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE adres (straat text)")
    refused(path, "de tabel django_migrations ontbreekt; het is geen database van Dienstverlening")


def test_restore_refuses_the_live_database_itself():
    if connection.vendor != "sqlite":
        pytest.skip("alleen SQLite is een bestand")
    live = Path(connection.settings_dict["NAME"])
    refused(live, f"{live} is de database zelf, geen back-up ervan.")


def test_restore_refuses_a_backup_of_a_newer_version(tmp_path):
    User.objects.create(username="blijft")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES "
            "('core', '9999_uit_de_toekomst', %s)",
            [datetime.datetime.now(datetime.UTC)],
        )
        made = backup()
        cursor.execute("DELETE FROM django_migrations WHERE name = '9999_uit_de_toekomst'")
    refused(
        made,
        "is gemaakt met een nieuwere versie van Dienstverlening: deze versie kent de migraties "
        "core.9999_uit_de_toekomst niet.",
    )


def test_restore_of_an_older_backup_tells_to_run_migrate(capsys):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, app, name, applied FROM django_migrations WHERE app = 'core' "
            "ORDER BY name DESC LIMIT 1"
        )
        latest = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [latest[0]])
        made = backup()
        cursor.execute(
            "INSERT INTO django_migrations (id, app, name, applied) VALUES (%s, %s, %s, %s)",
            latest,
        )
    try:
        out = restore(made, capsys)
    finally:  # django_migrations is no model: the flush after the test leaves it as it is
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE id = %s", [latest[0]])
            cursor.execute(
                "INSERT INTO django_migrations (id, app, name, applied) VALUES (%s, %s, %s, %s)",
                latest,
            )
    assert (
        f"De back-up is ouder dan deze versie: 1 migratie ontbreekt (core.{latest[2]}). "
        "Voer nu 'dienstverlening migrate' uit" in out
    )


# --- retention and target ---------------------------------------------------------------------


def test_backup_keeps_the_newest_n_and_leaves_other_files_alone(clock, backups):
    backups.mkdir(mode=0o700)
    own = backups / "eigen-kopie.sqlite3"
    own.write_text("van de beheerder")
    safety = backups / "dienstverlening-voor-herstel-20261101-090000.sqlite3"
    safety.write_text("veiligheidskopie")
    made = []
    for day in range(3):
        if day:
            clock.shift(datetime.timedelta(days=1))
        made.append(backup("--keep", "2"))
    assert [path.name[:24] for path in made] == [
        "dienstverlening-20261202",
        "dienstverlening-20261203",
        "dienstverlening-20261204",
    ]
    assert not made[0].exists() and made[1].exists() and made[2].exists()
    assert own.exists() and safety.exists()
    # Twice in one second: a second name, and it counts as the newer.
    second = backup("--keep", "2")
    assert second.name.endswith("-2" + made[2].suffix)
    assert not made[1].exists() and made[2].exists()
    with pytest.raises(CommandError, match="--keep moet 0 of meer zijn"):
        call_command("backup", "--keep", "-1")
    assert len(list(backups.glob("dienstverlening-2*"))) == 2
    # --keep 0 keeps all.
    clock.shift(datetime.timedelta(days=1))
    backup("--keep", "0")
    assert made[2].exists() and second.exists()


def test_backup_to_a_given_file_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "voor-de-upgrade.bak"
    call_command("backup", str(target))
    assert f"Back-up gemaakt: {target}" in capsys.readouterr().out
    assert backup_check(target).migrations > 0
    with pytest.raises(CommandError, match=r"bestaat al\. Kies een andere naam of verwijder"):
        call_command("backup", str(target))


# --- the command line ---------------------------------------------------------------------------


def cli(*args: str, env: dict[str, str], answer: str | None = None):
    return subprocess.run(
        [str(Path(sys.executable).parent / "dienstverlening"), *args],
        env=env,
        cwd=ROOT,
        input=answer,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_restore_on_the_command_line_asks_first_and_exits_non_zero_when_not_confirmed(
    tmp_path, backups
):
    """The real program, on its own copy of this database (a file on SQLite, the test database
    on PostgreSQL)."""
    from django.conf import settings

    User.objects.create(username="in-de-back-up")
    made = backup()
    User.objects.create(username="daarna")
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="dienstverlening.settings",
        SECRET_KEY=settings.SECRET_KEY,
        DV_VAR_DIR=str(tmp_path / "var"),
        DV_BACKUP_DIR=str(backups),
    )
    if connection.vendor == "sqlite":
        live = tmp_path / "live.sqlite3"
        call_command("backup", str(live), verbosity=0)
        env["DATABASE_URL"] = f"sqlite:///{live}"
    else:
        env["DATABASE_URL"] = postgres_url(connection.settings_dict)

    done = cli("restore", str(made), env=env, answer="nee\n")
    assert done.returncode == 1
    assert (
        f"De database wordt vervangen door de back-up {made} (van 02-12-2026 10:00, " in done.stdout
    )
    assert "Typ 'ja' om door te gaan" in done.stdout
    assert "Niet bevestigd: er is niets hersteld." in done.stderr

    done = cli("restore", str(made), env=env, answer="ja\n")
    assert done.returncode == 0, done.stderr
    assert f"Database hersteld uit {made}." in done.stdout
    if connection.vendor == "sqlite":
        import sqlite3

        with contextlib.closing(sqlite3.connect(live)) as database:
            names = {row[0] for row in database.execute("SELECT username FROM core_user")}
    else:
        names = set(User.objects.values_list("username", flat=True))
    assert names == {"in-de-back-up"}


# --- PostgreSQL --------------------------------------------------------------------------------


def postgres_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def pg_env() -> dict[str, str]:
    """libpq's variables for the test database's server, as an operator would set them."""
    settings_dict = connection.settings_dict
    env = dict(os.environ, PGHOST=settings_dict.get("HOST") or "127.0.0.1")
    env["PGPORT"] = str(settings_dict.get("PORT") or 5432)
    env["PGUSER"] = settings_dict.get("USER") or "postgres"
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def test_postgres_without_client_programs_shows_the_procedure_and_fails(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("alleen op PostgreSQL")
    settings.DV_PG_BIN = str(tmp_path)  # an empty directory
    with pytest.raises(CommandError) as refusal:
        call_command("backup")
    message = str(refusal.value)
    assert f"pg_dump is niet gevonden in {tmp_path}." in message
    assert "pg_dump --format=custom --file=dienstverlening.dump" in message
    assert "pg_restore --clean --if-exists --no-owner --single-transaction" in message
    assert not settings.DV_BACKUP_DIR.exists() or not any(settings.DV_BACKUP_DIR.iterdir())


def test_postgres_documented_manual_procedure_restores_every_table(tmp_path):
    """The commands of docs/operations.md, as an operator types them."""
    if connection.vendor != "postgresql":
        pytest.skip("alleen op PostgreSQL")
    User.objects.create(username="voor")
    Domain.objects.create(name="Voor", slug="voor")
    before = contents()
    dump = tmp_path / "dienstverlening.dump"
    name = connection.settings_dict["NAME"]
    env = pg_env()
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", name], env=env, check=True, timeout=120
    )
    User.objects.create(username="na")
    Domain.objects.all().delete()
    connection.close()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={name}",
            str(dump),
        ],
        env=env,
        check=True,
        timeout=120,
    )
    assert contents() == before


def other_application_backup(tmp_path: Path) -> Path:
    """A sound back-up, in this database's kind, of another Django application."""
    rows = "('contenttypes', '0001_initial'), ('blog', '0001_initial')"
    create = "CREATE TABLE django_migrations (id serial PRIMARY KEY, app text, name text)"
    if connection.vendor == "sqlite":
        import sqlite3

        path = tmp_path / "blog.sqlite3"
        with sqlite3.connect(path) as database:
            database.execute(create.replace("serial", "integer"))
            database.execute(f"INSERT INTO django_migrations (app, name) VALUES {rows}")
        return path
    import psycopg

    other = f"dv_backup_other_{os.getpid()}"
    admin = postgres_url({**connection.settings_dict, "NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {other}")
        server.execute(f"CREATE DATABASE {other}")
    try:
        with psycopg.connect(postgres_url({**connection.settings_dict, "NAME": other})) as db:
            db.execute(create)
            db.execute(f"INSERT INTO django_migrations (app, name) VALUES {rows}")
        path = tmp_path / "blog.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={path}", other],
            env=pg_env(),
            check=True,
            timeout=60,
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {other}")
    return path
