"""Back-up and restore of the database (docs/operations.md, "Back-up and restore").

SQLite (the default): SQLite's online backup API copies the database in one read transaction,
so the copy is the database as it was at one moment, also while the app and the task worker
write (the settings put SQLite in WAL mode: writers do not wait for a reader, and what they have
not committed is not in the copy). Restoring goes the other way, into the live file, with the
same API, after the file has been checked (a sound SQLite database of this product, not made by
a newer version) and after a safety copy of the current database has been made.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists`` (through ``psql
--single-transaction``, so a failed restore changes nothing), when the client programs are
installed (on PATH or in ``DV_PG_BIN``); without them the commands refuse and show the manual
procedure.

Files on disk are not backed up, on purpose: ``MEDIA_ROOT`` and ``DV_UPLOAD_DIR`` hold only raw
uploaded spreadsheets waiting for their import, at most a day, that may contain unscrubbed open
answers (docs/privacy.md); a back-up would keep them for weeks. Reports live in the database.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

PREFIX = "dienstverlening"
SAFETY_PREFIX = "dienstverlening-voor-herstel"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
# Every database of this product has recorded migrations of these apps since its first version;
# a Django database without them belongs to another application.
FOUNDING_APPS = ("core", "organisation", "framework")
SQLITE_HEADER = b"SQLite format 3\x00"
# The names ``backup_create`` gives; retention only ever removes files named like this.
_TIMESTAMPED = re.compile(
    rf"^{PREFIX}-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d+))?(?P<suffix>\.sqlite3|\.dump)$"
)
_SAFETY_NAMED = re.compile(
    rf"^{SAFETY_PREFIX}-(?P<stamp>\d{{8}}-\d{{6}})(?:-\d+)?\.(sqlite3|dump)$"
)
# libpq's environment variables for the connection settings Django passes on.
_PG_ENV = {
    "NAME": "PGDATABASE",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
    "HOST": "PGHOST",
    "PORT": "PGPORT",
}
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """Refused or failed; the database is as it was. The message says why, in Dutch."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    size: int
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BackupContents:
    """A back-up file that ``backup_check`` found fit to restore."""

    path: Path
    vendor: str
    made_at: datetime.datetime
    migrations: int
    tables: frozenset[str]


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    safety_copy: Path | None
    pending: list[str]


# --- back-up -----------------------------------------------------------------------------------


def backup_create(
    *, target: Path | None = None, keep: int | None = None, using: str = DEFAULT_DB_ALIAS
) -> BackupFile:
    """Copy the database to ``target``: a file, or a directory for a file named after this
    moment (default ``DV_BACKUP_DIR``). With a directory, only the newest ``keep`` (default
    ``DV_BACKUP_KEEP``; 0 keeps all) timestamped back-ups in it stay."""
    vendor = _vendor(using)
    suffix = SUFFIXES[vendor]
    keep = settings.DV_BACKUP_KEEP if keep is None else keep
    if keep < 0:
        raise BackupError(_("--keep moet 0 of meer zijn."))
    if target is None or target.is_dir():
        directory = target or Path(settings.DV_BACKUP_DIR)
        _private_dir(directory)
        path = _free_name(directory, _stamp(), suffix)
    else:
        if target.exists():
            raise BackupError(
                _("Het bestand %(path)s bestaat al. Kies een andere naam of verwijder het eerst.")
                % {"path": target}
            )
        if not target.parent.is_dir():
            raise BackupError(_("De map %(dir)s bestaat niet.") % {"dir": target.parent})
        directory, path = None, target
    _copy_out(vendor, using, path)
    removed: list[Path] = []
    if directory is not None:
        removed = backups_prune(directory, keep=keep, suffix=suffix)
    return BackupFile(path=path, size=path.stat().st_size, removed=removed)


def backups_prune(directory: Path, *, keep: int, suffix: str) -> list[Path]:
    """Remove all but the newest ``keep`` back-ups named by ``backup_create`` (0: keep all)."""
    if keep == 0:
        return []
    found = []
    for path in directory.iterdir():
        match = _TIMESTAMPED.match(path.name)
        if match and match["suffix"] == suffix and path.is_file():
            found.append(((match["stamp"], int(match["n"] or 1)), path))
    found.sort()
    old = [path for _key, path in found[:-keep]]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def _copy_out(vendor: str, using: str, path: Path) -> None:
    """Write the back-up to a temporary name beside ``path``, check it, then give it its name:
    a half-written back-up never carries a back-up's name."""
    partial = path.with_name(path.name + ".partial")
    try:
        if vendor == "sqlite":
            _sqlite_copy(_sqlite_path(using), partial, into_backup=True)
            problems = _sqlite_problems(partial)
            if problems:
                raise BackupError(
                    _(
                        "De kopie is niet in orde (integriteitscontrole: %(problems)s). "
                        "Waarschijnlijk is de database zelf beschadigd; de kopie is niet bewaard."
                    )
                    % {"problems": "; ".join(problems[:3])}
                )
        else:
            _pg_dump(using, partial)
            _pg_list(partial)
        partial.chmod(0o600)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


# --- checking a back-up ----------------------------------------------------------------------


def backup_check(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupContents:
    """The back-up at ``path`` if it can be restored into this database; else ``BackupError``:
    not a file, not a sound database of the right kind, not of this product, or made by a
    newer version (migrations this code does not know)."""
    vendor = _vendor(using)
    if not path.is_file():
        raise BackupError(_("Het bestand %(path)s bestaat niet.") % {"path": path})
    if vendor == "sqlite":
        live = _sqlite_path(using)
        if live.exists() and live.samefile(path):
            raise BackupError(
                _("%(path)s is de database zelf, geen back-up ervan.") % {"path": path}
            )
        tables, recorded = _sqlite_read(path)
    else:
        tables, recorded = _pg_read(path)
    apps = {app for app, _name in recorded}
    missing = [app for app in FOUNDING_APPS if app not in apps]
    if missing:
        raise BackupError(
            _(
                "%(path)s is geen back-up van Dienstverlening: er staan geen migraties in van "
                "%(apps)s."
            )
            % {"path": path, "apps": ", ".join(missing)}
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(
        f"{app}.{name}"
        for app, name in recorded
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    if unknown:
        raise BackupError(
            _(
                "De back-up %(path)s is gemaakt met een nieuwere versie van Dienstverlening: deze "
                "versie kent de migraties %(migrations)s niet. Installeer eerst de versie waarmee "
                "de back-up is gemaakt en herstel dan."
            )
            % {"path": path, "migrations": ", ".join(unknown[:5]) + (" …" if unknown[5:] else "")}
        )
    named = _TIMESTAMPED.match(path.name) or _SAFETY_NAMED.match(path.name)
    if named:  # survives copying the file elsewhere
        made_at = datetime.datetime.strptime(named["stamp"], "%Y%m%d-%H%M%S").replace(
            tzinfo=timezone.get_current_timezone()
        )
    else:
        made_at = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    return BackupContents(
        path=path,
        vendor=vendor,
        made_at=timezone.localtime(made_at),
        migrations=len(recorded),
        tables=frozenset(tables),
    )


def _refused(path: Path, reason: str) -> BackupError:
    return BackupError(
        _("%(path)s is geen bruikbare back-up: %(reason)s") % {"path": path, "reason": reason}
    )


def _no_migrations_table() -> str:
    return _("de tabel django_migrations ontbreekt; het is geen database van Dienstverlening.")


def _sqlite_read(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise _refused(path, _("het is geen SQLite-database."))
    try:
        problems = _sqlite_problems(path)
        if problems:
            raise _refused(
                path,
                _("de database is beschadigd (integriteitscontrole: %(problems)s).")
                % {"problems": "; ".join(problems[:3])},
            )
        with closing(_sqlite_open(path, mode="ro")) as database:
            tables = {
                row[0]
                for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "django_migrations" not in tables:
                raise _refused(path, _no_migrations_table())
            recorded = set(database.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.DatabaseError as error:
        raise _refused(
            path, _("de database is niet te lezen (%(error)s).") % {"error": error}
        ) from error
    return tables, recorded


# --- restore -----------------------------------------------------------------------------------


def backup_restore(*, contents: BackupContents, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database by the checked back-up, after a safety copy of the current one in
    ``DV_BACKUP_DIR``. The database afterwards holds exactly the back-up: tables made since are
    gone. Returns the migrations of this version that the restored database still lacks."""
    if contents.vendor != _vendor(using):
        raise BackupError(_("Deze back-up hoort bij een ander soort database."))
    connections[using].close()
    safety = _safety_copy(contents.vendor, using)
    if contents.vendor == "sqlite":
        try:
            _sqlite_copy(contents.path, _sqlite_path(using), into_backup=False)
        except sqlite3.Error as error:
            raise BackupError(
                _("Herstellen is mislukt (%(error)s); de database is onveranderd.")
                % {"error": error}
            ) from error
    else:
        _pg_restore(using, contents)
    connections[using].close()
    pending = migrations_pending(using)
    return RestoreResult(source=contents.path, safety_copy=safety, pending=pending)


def _safety_copy(vendor: str, using: str) -> Path | None:
    """The current database, in ``DV_BACKUP_DIR``; None when there is none yet (SQLite)."""
    if vendor == "sqlite":
        live = _sqlite_path(using)
        if not live.exists() or live.stat().st_size == 0:
            return None
    directory = Path(settings.DV_BACKUP_DIR)
    _private_dir(directory)
    path = _free_name(directory, _stamp(), SUFFIXES[vendor], SAFETY_PREFIX)
    try:
        _copy_out(vendor, using, path)
    except BackupError as error:
        raise BackupError(
            _(
                "De veiligheidskopie van de huidige database kon niet worden gemaakt, dus er is "
                "niets hersteld: %(error)s"
            )
            % {"error": error}
        ) from error
    return path


def migrations_pending(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations of this version that the database has not had, as ``app.name``."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{step.app_label}.{step.name}" for step, backwards in plan if not backwards]


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_path(using: str) -> Path:
    name = str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("De database staat alleen in het geheugen; er is niets te back-uppen."))
    return Path(name)


def _sqlite_open(path: Path, *, mode: str) -> sqlite3.Connection:
    """A connection of our own (Django's may be inside a transaction); ``mode`` "ro" never
    writes or creates the file."""
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    timeout = float(settings.DATABASES[DEFAULT_DB_ALIAS].get("OPTIONS", {}).get("timeout", 20))
    return sqlite3.connect(uri, uri=True, timeout=timeout)


def _sqlite_copy(source: Path, target: Path, *, into_backup: bool) -> None:
    """Copy with the online backup API, in one step: one read transaction on the source, so one
    consistent moment. A back-up file is made one self-contained file (no WAL beside it); the
    live database (a restore) keeps its journal mode."""
    if not source.exists():
        raise BackupError(_("De database %(path)s bestaat niet.") % {"path": source})
    with (
        closing(_sqlite_open(source, mode="ro")) as reader,
        closing(_sqlite_open(target, mode="rwc")) as writer,
    ):
        reader.backup(writer)
        if into_backup:
            writer.execute("PRAGMA journal_mode=DELETE")
        elif writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _sqlite_problems(path: Path) -> list[str]:
    with closing(_sqlite_open(path, mode="ro")) as database:
        rows = [row[0] for row in database.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


# --- PostgreSQL --------------------------------------------------------------------------------


def postgres_procedure() -> str:
    """The manual procedure, for when the client programs are missing."""
    return _(
        "Back-up: pg_dump --format=custom --file=dienstverlening.dump DATABASENAAM\n"
        "Herstel (applicatie en taakverwerker gestopt): pg_restore --clean --if-exists "
        "--no-owner --single-transaction --dbname=DATABASENAAM dienstverlening.dump\n"
        "Zie docs/operations.md, 'Back-up and restore'."
    )


def _pg_program(name: str) -> str:
    directory = settings.DV_PG_BIN
    found = shutil.which(name, path=directory or None)
    if not found:
        raise BackupError(
            _(
                "%(program)s is niet gevonden%(where)s. Installeer de PostgreSQL-clientprogramma's "
                "(Debian: postgresql-client, dezelfde of een nieuwere versie dan de server) of "
                "zet DV_PG_BIN op hun map. Met de hand gaat het zo:\n%(procedure)s"
            )
            % {
                "program": name,
                "where": _(" in %(dir)s") % {"dir": directory} if directory else "",
                "procedure": postgres_procedure(),
            }
        )
    return found


def _pg_env(using: str) -> dict[str, str]:
    """The connection as libpq environment variables: no password on the command line."""
    settings_dict = connections[using].settings_dict
    env = dict(os.environ)
    for key, variable in _PG_ENV.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for key, variable in _PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(key)
        if value:
            env[variable] = str(value)
    return env


def _pg_run(
    command: list[str], using: str, *, failed: str, stdin: int | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command,
        env=_pg_env(using),
        stdin=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise BackupError(
            _("%(what)s: %(error)s") % {"what": failed, "error": " / ".join(detail[-3:])}
        )
    return done


def _pg_dump(using: str, path: Path) -> None:
    _pg_run(
        [_pg_program("pg_dump"), "--format=custom", "--no-password", f"--file={path}"],
        using,
        failed=_("pg_dump is mislukt; er is geen back-up gemaakt"),
    )


def _pg_list(path: Path) -> str:
    done = subprocess.run(
        [_pg_program("pg_restore"), "--list", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise _refused(path, _("het is geen back-up van pg_dump in het custom-formaat (-Fc)."))
    return done.stdout


def _pg_read(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """The tables in the dump's table of contents and the rows of its django_migrations, read
    from the file without restoring anything."""
    listing = _pg_list(path)
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, flags=re.MULTILINE))
    if "django_migrations" not in tables:
        raise _refused(path, _no_migrations_table())
    done = subprocess.run(
        [
            _pg_program("pg_restore"),
            "--data-only",
            "--table=django_migrations",
            "--file=-",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise _refused(path, _("de back-up is niet te lezen (%(error)s).") % {"error": done.stderr})
    recorded: set[tuple[str, str]] = set()
    columns: list[str] = []
    for line in done.stdout.splitlines():
        copy = re.match(r"COPY \S*django_migrations \((.*)\) FROM stdin;$", line)
        if copy:
            columns = [column.strip() for column in copy[1].split(",")]
        elif columns and line == "\\.":
            columns = []
        elif columns:
            row = dict(zip(columns, line.split("\t"), strict=False))
            recorded.add((row.get("app", ""), row.get("name", "")))
    return tables, recorded


def _pg_restore(using: str, contents: BackupContents) -> None:
    """``pg_restore --clean --if-exists`` writes the SQL and psql runs it inside BEGIN … COMMIT,
    after dropping the tables the back-up does not have (made by later migrations: their
    foreign keys would stop the clean-up). COMMIT is sent only when pg_restore read the whole
    file without error; otherwise psql ends with the transaction open and PostgreSQL rolls it
    back, as it does on any error (ON_ERROR_STOP). Either all of the back-up or nothing."""
    connection = connections[using]
    current = set(connection.introspection.table_names())
    connection.close()
    drops = "".join(
        f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE;\n"
        for table in sorted(current - contents.tables)
    )
    env = _pg_env(using)
    psql_command = [
        _pg_program("psql"),
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--no-password",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    restore_command = [
        _pg_program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--file=-",
        str(contents.path),
    ]
    with tempfile.TemporaryFile() as psql_errors, tempfile.TemporaryFile() as restore_errors:
        psql = subprocess.Popen(
            psql_command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        script = subprocess.Popen(
            restore_command, stdout=subprocess.PIPE, stderr=restore_errors, env=env
        )
        assert psql.stdin is not None and script.stdout is not None
        try:
            psql.stdin.write(f"BEGIN;\n{drops}".encode())
            shutil.copyfileobj(script.stdout, psql.stdin)
            if script.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()
        except BrokenPipeError:  # psql stopped at an error: rolled back
            pass
        finally:
            script.stdout.close()
            if script.poll() is None:
                script.kill()
            script.wait()
            psql.wait()
        if script.returncode != 0 or psql.returncode != 0:
            errors = psql_errors if psql.returncode != 0 else restore_errors
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip().splitlines()
            raise BackupError(
                _("Herstellen is mislukt; de database is onveranderd: %(error)s")
                % {"error": " / ".join(detail[-3:])}
            )


# --- helpers -----------------------------------------------------------------------------------


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in SUFFIXES:
        raise BackupError(
            _("Back-up en herstel kunnen hier alleen voor SQLite en PostgreSQL, niet voor %(db)s.")
            % {"db": vendor}
        )
    return vendor


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M%S")


def _free_name(directory: Path, stamp: str, suffix: str, prefix: str = PREFIX) -> Path:
    path = directory / f"{prefix}-{stamp}{suffix}"
    n = 1
    while path.exists():
        n += 1
        path = directory / f"{prefix}-{stamp}-{n}{suffix}"
    return path


def _private_dir(directory: Path) -> None:
    """Back-ups hold personal data: their directory is the application user's alone."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            _("De map %(dir)s kan niet worden gemaakt: %(error)s")
            % {"dir": directory, "error": error.strerror}
        ) from error
