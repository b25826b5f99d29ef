"""Speed of the handling register. Run with `make bench BENCH=handling`.

Three scenarios, each printed beside its limit:

1. import of a 1,000,000-row handling CSV into PostgreSQL, beside PostgreSQL's own COPY of the
   same file (target: within 5 × COPY);
2. a first mailbox sync of 10,000 messages, beside a bare header fetch of the same folder
   (target: under 5 s), and a re-sync with nothing new (target: under 0.5 s);
3. the open-work page on 5,000,000 items (target: p95 under 200 ms).

Uses its own PostgreSQL database (``BENCH_HANDLING_DB``, default
postgres://postgres@127.0.0.1:5432/dv_bench_handling; created when missing, never the test
database) and its own temporary Dovecot. ``BENCH_SCALE=0.01`` shrinks every size for a quick run;
``BENCH_IMPORT_ROWS``, ``BENCH_MAIL_MESSAGES`` and ``BENCH_OPEN_ITEMS`` set them one by one.
"""

import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_HANDLING_DB", "postgres://postgres@127.0.0.1:5432/dv_bench_handling")
os.environ["DATABASE_URL"] = DB_URL
from benchmarks.django_env import django_env_defaults  # noqa: E402

django_env_defaults()

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", int(1_000_000 * SCALE)))
MAIL_MESSAGES = int(os.environ.get("BENCH_MAIL_MESSAGES", int(10_000 * SCALE)))
OPEN_ITEMS = int(os.environ.get("BENCH_OPEN_ITEMS", int(5_000_000 * SCALE)))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
# BENCH_ONLY=open re-measures the page on the items already in the benchmark database.
ONLY = {part.strip() for part in os.environ.get("BENCH_ONLY", "import,mail,open").split(",")}


def _ensure_database() -> None:
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

ROWS: list[tuple[str, str, str, bool]] = []  # scenario, measured, limit text, ok


def report(name: str, seconds: float, limit: str, ok: bool) -> None:
    measured = f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"
    ROWS.append((name, measured, limit, ok))
    print(f"  {name}: {ROWS[-1][1]} ({limit})", flush=True)


def setup_organisation(*, empty: bool) -> None:
    from dienstverlening.demo.services import _load_framework, _load_organisation

    call_command("migrate", verbosity=0)
    _load_organisation()
    _load_framework()
    if not empty:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE handling_handlingitem, handling_suspension, handling_dailyflow, "
            "handling_leadtimebucket, handling_mailmessage, handling_mailfolderstate CASCADE"
        )


def bench_import() -> None:
    from dienstverlening.handling.importing import handling_import
    from dienstverlening.handling.models import ImportSource
    from dienstverlening.organisation.models import Team

    print(f"Import van {IMPORT_ROWS:,} regels".replace(",", "."), flush=True)
    teams = list(Team.objects.values_list("name", flat=True))
    rng = random.Random(1)
    path = ROOT / "var" / "bench" / "handling.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    kinds = ["terugbelverzoek", "e-mail", "aanvraag", "brief"]
    with path.open("w", newline="", encoding="utf-8") as handle:
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
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE copy_target (kenmerk text, soort text, gemeente text, team text, "
            "ontvangen text, afgehandeld text)"
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
        copy_seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE copy_target")
    report("COPY van hetzelfde bestand", copy_seconds, "grens", True)
    source, _ = ImportSource.objects.get_or_create(name="bench")
    data = path.read_bytes()
    start = time.perf_counter()
    result = handling_import(source=source, data=data, filename=path.name)
    seconds = time.perf_counter() - start
    assert result.created == IMPORT_ROWS
    ratio = seconds / copy_seconds
    report(
        "import_handling (met termijnen en roll-ups)",
        seconds,
        f"{ratio:.1f} × COPY; doel ≤ 5 ×",
        ratio <= 5,
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
    print(f"Database: {DB_URL} · schaal {SCALE}\n", flush=True)
    setup_organisation(empty="import" in ONLY)
    if "import" in ONLY:
        bench_import()
    if "mail" in ONLY:
        bench_mail()
    if "open" in ONLY:
        bench_open_work()
    print(f"\n{'meting':<58} {'tijd':>10}  grens")
    for name, measured, limit, ok in ROWS:
        mark = "" if ok else "  ← boven het doel"
        print(f"{name:<58} {measured:>10}  {limit}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
