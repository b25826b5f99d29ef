"""Speed of the handling register. Run with `make bench BENCH=handling`.

Three scenarios, each printed beside its limit:

1. import of a 1,000,000-row handling CSV (the set-based import, ``handling/setimport.py``) into
   PostgreSQL, beside PostgreSQL's own COPY of the same file into a bare table, and into SQLite,
   beside the ``sqlite3`` shell's own ``.import`` of it (Python's ``executemany`` into a bare
   table when the shell is not installed); target within 5 × the limit. The time of each step of
   the import is printed under it (``setimport`` logs them);
2. a first mailbox sync of 10,000 messages, beside a bare header fetch of the same folder
   (target: under 5 s), and a re-sync with nothing new (target: under 0.5 s);
3. the open-work page on 5,000,000 items (target: p95 under 200 ms).

Uses its own PostgreSQL database (``BENCH_HANDLING_DB``, default
postgres://postgres@127.0.0.1:5432/dv_bench_handling; created when missing, never the test
database), its own SQLite files under var/bench/ and its own temporary Dovecot.
``BENCH_SCALE=0.01`` shrinks every size for a quick run; ``BENCH_IMPORT_ROWS``,
``BENCH_MAIL_MESSAGES`` and ``BENCH_OPEN_ITEMS`` set them one by one. The machine's load average
is printed beside every figure: on a shared machine a figure is only as good as its load.
"""

import csv
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_HANDLING_DB", "postgres://postgres@127.0.0.1:5432/dv_bench_handling")
# The SQLite half of the import runs in a process of its own (this script again, with
# BENCH_HANDLING_SQLITE set to its database file), because Django has one default database.
SQLITE_DB = os.environ.get("BENCH_HANDLING_SQLITE", "")
if SQLITE_DB:
    DB_URL = f"sqlite:///{SQLITE_DB}"
os.environ["DATABASE_URL"] = DB_URL
# A file of a million rows is over the upload limits of the pages (DV_UPLOAD_MAX_*).
os.environ.setdefault("DV_UPLOAD_MAX_MB", "1000")
os.environ.setdefault("DV_UPLOAD_MAX_ROWS", "10000000")
from benchmarks.django_env import django_env_defaults  # noqa: E402

django_env_defaults()

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", int(1_000_000 * SCALE)))
MAIL_MESSAGES = int(os.environ.get("BENCH_MAIL_MESSAGES", int(10_000 * SCALE)))
OPEN_ITEMS = int(os.environ.get("BENCH_OPEN_ITEMS", int(5_000_000 * SCALE)))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
# BENCH_ONLY=open re-measures the page on the items already in the benchmark database;
# BENCH_ONLY=import,sqlite measures the imports only.
ONLY = {part.strip() for part in os.environ.get("BENCH_ONLY", "import,sqlite,mail,open").split(",")}
CSV_PATH = ROOT / "var" / "bench" / "handling.csv"


def _ensure_database() -> None:
    if SQLITE_DB:
        return
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


_ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ROWS: list[tuple[str, str, str, bool, str]] = []  # scenario, measured, limit, ok, load


def load() -> str:
    """The load average over the last minute, on this machine of shared cores."""
    return f"{os.getloadavg()[0]:.1f}"


def measured(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"


def report(name: str, seconds: float, limit: str, ok: bool, at: str | None = None) -> None:
    ROWS.append((name, measured(seconds), limit, ok, at or load()))
    print(f"  {name}: {ROWS[-1][1]} ({limit}; load {ROWS[-1][4]})", flush=True)


def setup_organisation(*, empty: bool) -> None:
    from dienstverlening.demo.services import _load_framework, _load_organisation

    call_command("migrate", verbosity=0)
    _load_organisation()
    _load_framework()
    if not empty or SQLITE_DB:  # the SQLite file is new every run
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE handling_handlingitem, handling_suspension, handling_dailyflow, "
            "handling_leadtimebucket, handling_mailmessage, handling_mailfolderstate CASCADE"
        )


def write_csv() -> Path:
    """The benchmark's CSV: a year of call-backs, e-mails, applications and letters."""
    from dienstverlening.organisation.models import Team

    teams = list(Team.objects.values_list("name", flat=True))
    rng = random.Random(1)
    CSV_PATH.parent.mkdir(parents=True, exist_ok=True)
    kinds = ["terugbelverzoek", "e-mail", "aanvraag", "brief"]
    with CSV_PATH.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["kenmerk", "soort", "gemeente", "team", "ontvangen", "afgehandeld"])
        for n in range(IMPORT_ROWS):
            day = 1 + n % 28
            month = 1 + (n // 28) % 12
            closed = f"{min(day + rng.randint(0, 3), 28):02d}-{month:02d}-2025 17:30"
            writer.writerow(
                [
                    f"K{n:08d}",
                    kinds[n % 4],
                    "Woerden" if n % 6 else "Oudewater",
                    teams[n % len(teams)],
                    f"{day:02d}-{month:02d}-2025 {8 + n % 9:02d}:{n % 60:02d}",
                    closed if n % 10 else "",
                ]
            )
    return CSV_PATH


class StepLog(logging.Handler):
    """Keeps the step times the set-based import logs."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.steps: list[tuple[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "Set-based import" in text:
            for part in text.split(": ", 1)[1].split(", "):
                name, seconds, _unit = part.rsplit(" ", 2)
                self.steps.append((name, float(seconds)))


def timed_import(path: Path) -> tuple[float, list[tuple[str, float]]]:
    """``handling_import`` of the file into an empty register: seconds and the steps."""
    from dienstverlening.handling.importing import handling_import
    from dienstverlening.handling.models import ImportSource

    source, _ = ImportSource.objects.get_or_create(name="bench")
    data = path.read_bytes()
    steps = StepLog()
    logger = logging.getLogger("dienstverlening.handling.setimport")
    logger.addHandler(steps)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    start = time.perf_counter()
    try:
        result = handling_import(source=source, data=data, filename=path.name)
    finally:
        logger.removeHandler(steps)
    seconds = time.perf_counter() - start
    assert result.created == IMPORT_ROWS, result
    assert steps.steps, "the import did not take the set-based way"
    # What the steps leave out: reading the file's header and kind, the transaction's commit
    # (PostgreSQL checks the foreign keys of the new rows there) and the temporary tables.
    rest = seconds - sum(step for _name, step in steps.steps)
    return seconds, [*steps.steps, ("commit (foreign keys) and the rest", rest)]


def floor_seconds() -> float:
    """The floor under any import into the register: the rows the import wrote, written again
    with one ``INSERT … SELECT`` into the emptied register (its indexes, its foreign keys checked
    at commit). Leaves the same rows behind."""
    from django.db import transaction

    from dienstverlening.handling.models import HandlingItem
    from dienstverlening.handling.setimport import SQLITE_CACHE_KIB

    fields = [f.column for f in HandlingItem._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(fields)
    table = HandlingItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_snapshot AS SELECT {columns} FROM {table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table} CASCADE")
        else:
            cursor.execute(f"DELETE FROM {table}")
            # The page cache the import itself uses on SQLite (setimport.SQLITE_CACHE_KIB).
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        start = time.perf_counter()
        with transaction.atomic():
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM bench_snapshot")
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_snapshot")
    return seconds


def register_shape() -> str:
    """What every inserted row must keep up, read from the database: indexes and references."""
    from dienstverlening.handling.models import HandlingItem

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, HandlingItem._meta.db_table)
    indexes = sum(1 for c in found.values() if c["index"] or c["unique"])
    references = sum(1 for c in found.values() if c["foreign_key"])
    return f"{indexes} indexen, {references} verwijzingen waarvan 3–{references} gevuld per rij"


def copy_seconds(path: Path) -> float:
    """PostgreSQL's own COPY of the file into a bare temporary table (median of three)."""
    times = []
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute(
                "CREATE TEMP TABLE copy_target (kenmerk text, soort text, gemeente text, "
                "team text, ontvangen text, afgehandeld text)"
            )
            start = time.perf_counter()
            with (
                cursor.connection.cursor().copy(
                    "COPY copy_target FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')"
                ) as copy,
                path.open("rb") as handle,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            times.append(time.perf_counter() - start)
            cursor.execute("DROP TABLE copy_target")
    return statistics.median(times)


def bench_import() -> None:
    print(f"Import van {IMPORT_ROWS:,} regels in PostgreSQL".replace(",", "."), flush=True)
    path = write_csv()
    limit = copy_seconds(path)
    report("PostgreSQL: COPY van hetzelfde bestand", limit, "grens", True)
    at = load()
    seconds, steps = timed_import(path)
    ratio = seconds / limit
    report(
        "PostgreSQL: import_handling (termijnen, roll-ups)",
        seconds,
        f"{ratio:.1f} × COPY; doel ≤ 5 ×",
        ratio <= 5,
        at=f"{at}–{load()}",
    )
    for name, step in steps:
        print(f"      {name:<40} {measured(step):>9}", flush=True)
    floor = floor_seconds()
    report(
        "PostgreSQL: dezelfde rijen kant-en-klaar in het register",
        floor,
        f"{floor / limit:.1f} × COPY: de bodem ({register_shape()})",
        True,
    )


def bench_import_sqlite() -> None:
    """Runs this script again on a fresh SQLite file; reads its figures back."""
    print(f"Import van {IMPORT_ROWS:,} regels in SQLite".replace(",", "."), flush=True)
    database = ROOT / "var" / "bench" / "handling-import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "BENCH_HANDLING_SQLITE": str(database)}
    done = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(done.stdout + done.stderr, flush=True)
        raise SystemExit("the SQLite import failed")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    report(figures["limit_name"], figures["limit"], "grens", True, at=figures["limit_load"])
    ratio = figures["seconds"] / figures["limit"]
    report(
        "SQLite: import_handling (termijnen, roll-ups)",
        figures["seconds"],
        f"{ratio:.1f} × {figures['limit_short']}; doel ≤ 5 ×",
        ratio <= 5,
        at=figures["load"],
    )
    for name, step in figures["steps"]:
        print(f"      {name:<40} {measured(step):>9}", flush=True)
    report(
        "SQLite: dezelfde rijen kant-en-klaar in het register",
        figures["floor"],
        f"{figures['floor'] / figures['limit']:.1f} × {figures['limit_short']}: de bodem",
        True,
        at=figures["floor_load"],
    )


def sqlite_half() -> None:
    """In the SQLite process: the shell's ``.import`` of the file into a bare table of a
    database of its own (as the product's SQLite is set up: WAL, synchronous NORMAL), then the
    product's import into an empty register. Prints the figures as JSON on the last line."""
    path = CSV_PATH
    bare = Path(SQLITE_DB).with_name("handling-import-limit.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{bare}{suffix}").unlink(missing_ok=True)
    columns = "kenmerk text, soort text, gemeente text, team text, ontvangen text, afgehandeld text"
    shell = shutil.which("sqlite3")
    limit_load = load()
    if shell:
        pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        subprocess.run(
            [shell, str(bare), pragmas, f"CREATE TABLE t ({columns})"],
            check=True,
            capture_output=True,
        )
        start = time.perf_counter()
        subprocess.run(
            [shell, str(bare), pragmas, ".mode csv", ".separator ;", f".import --skip 1 {path} t"],
            check=True,
            capture_output=True,
        )
        limit = time.perf_counter() - start
        limit_name, limit_short = "SQLite: .import van hetzelfde bestand (sqlite3)", ".import"
    else:  # no shell: Python's sqlite3 into a bare table is the limit
        import sqlite3

        with sqlite3.connect(bare) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"CREATE TABLE copy_target ({columns})")
            start = time.perf_counter()
            with path.open(newline="", encoding="utf-8") as handle:
                rows = csv.reader(handle, delimiter=";")
                next(rows)
                db.executemany("INSERT INTO copy_target VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.commit()
            limit = time.perf_counter() - start
        limit_name = "SQLite: executemany in een kale tabel (geen sqlite3)"
        limit_short = "executemany"
    at = load()
    seconds, steps = timed_import(path)
    at = f"{at}–{load()}"
    floor_load = load()
    floor = floor_seconds()
    print(
        json.dumps(
            {
                "floor": floor,
                "floor_load": floor_load,
                "limit": limit,
                "limit_name": limit_name,
                "limit_short": limit_short,
                "limit_load": limit_load,
                "seconds": seconds,
                "load": at,
                "steps": steps,
            }
        )
    )


def bench_mail() -> None:
    from imap_tools import MailBoxUnencrypted

    from benchmarks.handling_dovecot import PASSWORD, USER, BenchDovecot
    from dienstverlening.handling.mailsync import mailbox_set_password, mailbox_sync
    from dienstverlening.handling.models import Mailbox
    from dienstverlening.organisation.models import Municipality, Team

    print(f"Mailbox met {MAIL_MESSAGES:,} berichten".replace(",", "."), flush=True)
    dovecot = BenchDovecot().start()
    try:
        dovecot.fill_maildir(MAIL_MESSAGES)
        with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:
            box.folder.set("INBOX", readonly=True)  # let Dovecot build its index first
            box.folder.status("INBOX")
        start = time.perf_counter()
        with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(USER, PASSWORD) as box:
            box.folder.set("INBOX", readonly=True)
            fetched = sum(1 for _ in box.fetch("ALL", headers_only=True, mark_seen=False, bulk=500))
        bare = time.perf_counter() - start
        assert fetched == MAIL_MESSAGES
        report("kale header-fetch (imap-tools)", bare, "grens", True)
        mailbox = Mailbox.objects.create(
            team=Team.objects.get(slug="burgerzaken"),
            municipality=Municipality.objects.get(slug="woerden"),
            name="bench@woerden.nl",
            host="127.0.0.1",
            port=dovecot.port,
            security="none",
            username=USER,
            folders="INBOX",
        )
        mailbox_set_password(mailbox=mailbox, password=PASSWORD)
        start = time.perf_counter()
        result = mailbox_sync(mailbox=mailbox)
        first = time.perf_counter() - start
        assert result.opened == MAIL_MESSAGES, result
        report("eerste sync", first, f"{first / bare:.1f} × kale fetch; doel < 5 s", first < 5)
        start = time.perf_counter()
        result = mailbox_sync(mailbox=mailbox)
        again = time.perf_counter() - start
        assert result.fetched == 0
        report("nieuwe sync, niets nieuw", again, "doel < 0,5 s", again < 0.5)
    finally:
        dovecot.stop()


def bench_open_work() -> None:
    from django.test import Client

    from dienstverlening.core.models import User
    from dienstverlening.organisation.models import Municipality, Team

    print(f"Openstaand werk op {OPEN_ITEMS:,} items".replace(",", "."), flush=True)
    teams = list(Team.objects.values_list("pk", flat=True))
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM handling_handlingitem")
        have = cursor.fetchone()[0]
        batch = 1_000_000
        start = time.perf_counter()
        for first in range(have, OPEN_ITEMS, batch):
            last = min(first + batch, OPEN_ITEMS)
            cursor.execute(
                """
                INSERT INTO handling_handlingitem (uuid, kind, source, source_id,
                    municipality_id, team_id, status, received_at, received_on, closed_at,
                    closed_on, outcome, due_at, lead_days, on_time, updated_at)
                SELECT gen_random_uuid(), (ARRAY['callback','email','application','report'])
                    [1 + g %% 4], 'bench-open', 'O' || g, (%s::int[])[1 + g %% 2],
                    (%s::int[])[1 + (g * 7) %% cardinality(%s::int[])],
                    CASE WHEN o THEN 'open' ELSE 'closed' END, r, r::date,
                    CASE WHEN o THEN NULL ELSE r + interval '30 hours' END,
                    CASE WHEN o THEN NULL ELSE (r + interval '30 hours')::date END,
                    '', r + interval '2 days', CASE WHEN o THEN NULL ELSE 1 END,
                    CASE WHEN o THEN NULL ELSE true END, now()
                FROM (SELECT g, now() - random() * interval '730 days' AS r,
                             random() < 0.02 AS o
                      FROM generate_series(%s, %s) g) s
                """,
                [municipalities, teams, teams, first + 1, last],
            )
        # Steady state: autovacuum has run, so the partial index allows index-only scans.
        cursor.execute("VACUUM ANALYZE handling_handlingitem")
        print(f"  (opbouw {time.perf_counter() - start:.0f} s)", flush=True)
        cursor.execute("SELECT count(*) FROM handling_handlingitem WHERE closed_at IS NULL")
        open_count = cursor.fetchone()[0]
    user, _ = User.objects.get_or_create(username="bench-medewerker")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for path, name in (
        ("/openstaand-werk/", "pagina openstaand werk"),
        ("/openstaand-werk/?soort=email", "pagina openstaand werk: alleen e-mail"),
    ):
        client.get(path)
        timings = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        report(
            f"{name} (p95; {open_count:,} open)".replace(",", "\u202f"),
            p95,
            f"mediaan {statistics.median(timings) * 1000:.0f} ms; doel p95 < 200 ms",
            p95 < 0.2,
        )


def main() -> int:
    if SQLITE_DB:
        setup_organisation(empty=True)
        sqlite_half()
        return 0
    print(f"Database: {DB_URL} · schaal {SCALE}\n", flush=True)
    setup_organisation(empty="import" in ONLY)
    if "import" in ONLY:
        bench_import()
    if "sqlite" in ONLY:
        if not CSV_PATH.exists():
            write_csv()
        bench_import_sqlite()
    if "mail" in ONLY:
        bench_mail()
    if "open" in ONLY:
        bench_open_work()
    print(f"\n{'meting':<58} {'tijd':>10}  {'load':>9}  grens")
    for name, took, limit, ok, at in ROWS:
        mark = "" if ok else "  ← boven het doel"
        print(f"{name:<58} {took:>10}  {at:>9}  {limit}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
