"""The full anonymous response export at 500,000 responses: CSV streamed, Excel made by a job.

For PostgreSQL (database ``dv_bench_exports`` on 127.0.0.1) and SQLite (``var/bench/``) this builds
500,000 responses once with the demo generators (as ``bench_dashboard.py`` does, without its
handling items; kept for the next run), then, in a warm process:

- the CSV through Django's test client (every middleware): the first byte (the header line), the
  first row of answers, the whole file, and how much the process grew meanwhile (peak RSS);
- the Excel file as the job makes it (``surveys.tasks._export``, as a task worker runs it);

and beside them, measured in the same run, what they cannot beat:

- the bare SQL: the same rows (responses, their questionnaire version, the answers pivoted by
  the database, the two open answers) without coarsening or sorting, on PostgreSQL as
  ``COPY (SELECT …) TO STDOUT (FORMAT csv)`` read to the end, on SQLite the same ``SELECT``
  fetched to the end;
- openpyxl's write-only mode alone writing as many rows of the same width (no database).

Targets: first byte < 1 s and the whole CSV < 10 s; the Excel file < 60 s.

Environment: BENCH_RESPONSES (default 500000), BENCH_DATABASES (``postgres,sqlite``), or
BENCH_DATABASE_URL to time an existing database (such as ``bench_dashboard.py``'s) without
building anything.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from django_env import bench_database_url, bench_runs, child_env

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESPONSES = int(os.environ.get("BENCH_RESPONSES", "500000"))
PG_NAME = "dv_bench_exports"
DEMO_RESPONSES_AT_SCALE_1 = 20_000
TARGET_FIRST_BYTE = 1.0
TARGET_CSV = 10.0
TARGET_XLSX = 60.0


def database_url(kind: str) -> str:
    return bench_database_url(kind, PG_NAME if kind == "postgres" else "exports")


def parent() -> int:
    given = os.environ.get("BENCH_DATABASE_URL")
    status = 0
    for kind, url in bench_runs(database_url):
        env = child_env(
            url,
            DV_TASKS_BACKEND="immediate",
            DV_VAR_DIR=str(ROOT / "var" / "bench"),
            LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        )
        status |= subprocess.call(
            [sys.executable, __file__, "--child", kind, "build" if not given else "keep"], env=env
        )
    return status


def ensure_data() -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from dienstverlening.demo import surveys as surveys_demo
    from dienstverlening.demo.services import demo_load
    from dienstverlening.surveys.models import Response

    call_command("migrate", verbosity=0)
    if Response.objects.count() >= 0.9 * RESPONSES:
        return
    print(f"  data opbouwen: {RESPONSES:,} antwoorden (eenmalig) …", flush=True)
    start = time.perf_counter()
    demo_load(seed=11, scale=0.0)
    with transaction.atomic(durable=True):  # the generators use the services' _nested twins
        surveys_demo.generate(rng=random.Random(1), scale=RESPONSES / DEMO_RESPONSES_AT_SCALE_1)
    print(f"  klaar in {time.perf_counter() - start:.0f} s", flush=True)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give them
        cursor.execute("ANALYZE")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_sql(positions: list[tuple[int, list[int]]]) -> str:
    """The export's rows without coarsening or sorting: what the database itself costs."""
    pivot = ", ".join(
        f"MAX(CASE WHEN statement_id IN ({','.join(map(str, ids))}) THEN value END) AS s{n}"
        if ids
        else f"NULL AS s{n}"
        for n, ids in positions
    )
    names = ", ".join(f"p.s{n}" for n, _ids in positions)
    return f"""
        SELECT r.id, r.run_id, r.answered_on, r.service_id, r.channel_id, r.municipality_id,
               r.outcome, r.mark, q.version, {names}, g.text, b.text
        FROM surveys_response r
        JOIN surveys_questionnaire q ON q.id = r.questionnaire_id
        LEFT JOIN (SELECT response_id, {pivot} FROM surveys_statementanswer
                   GROUP BY response_id) p ON p.response_id = r.id
        LEFT JOIN surveys_openanswer g ON g.response_id = r.id AND g.question = 'good'
        LEFT JOIN surveys_openanswer b ON b.response_id = r.id AND b.question = 'better'
    """


def child(kind: str, build: bool) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import shutil
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from dienstverlening.core.models import Job, User
    from dienstverlening.surveys import tasks
    from dienstverlening.surveys.exports import responses_stream
    from dienstverlening.surveys.models import Response

    if build:
        ensure_data()
    settings.DV_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    total = Response.objects.count()
    user = User.objects.get(username="coordinator")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    print(f"\n{kind}: {total:,} antwoorden · {connection.vendor}", flush=True)
    client.get("/metingen/")  # warm: templates, translations, the first queries
    import numpy  # noqa: F401  (a warm worker has it; its import is no part of the export)

    # --- CSV, streamed ---
    before_mb = peak_mb()
    cpu = time.process_time()
    start = time.perf_counter()
    response = client.get("/metingen/antwoorden.csv")
    pieces = iter(response.streaming_content)
    first = next(pieces)
    first_byte = time.perf_counter() - start
    size, lines = len(first), first.count(b"\r\n")
    first_row = None
    for piece in pieces:
        if first_row is None:
            first_row = time.perf_counter() - start
        size += len(piece)
        lines += piece.count(b"\r\n")
    csv_total = time.perf_counter() - start
    csv_cpu = time.process_time() - cpu
    response.close()
    csv_growth = peak_mb() - before_mb

    # --- the bare SQL over the same rows ---
    stream = responses_stream()
    sql = bare_sql(stream.positions)
    start = time.perf_counter()
    bare_rows = bare_bytes = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
                for block in copy:
                    bare_bytes += len(block)
                    bare_rows += bytes(block).count(b"\n")
            bare_label = "COPY (SELECT …) TO STDOUT"
        else:
            cursor.execute(sql)
            while rows := cursor.fetchmany(10_000):
                bare_rows += len(rows)
            bare_label = "dezelfde SELECT, alles opgehaald"
    bare = time.perf_counter() - start

    # --- XLSX, as the job's worker makes it ---
    before_mb = peak_mb()
    job = Job.objects.create(kind=tasks.EXPORT, title="bench", started_by=user, params={})
    from dienstverlening.core.jobs import job_run

    cpu = time.process_time()
    start = time.perf_counter()
    job_run(str(job.pk), tasks._export, stages=2)
    xlsx_total = time.perf_counter() - start
    xlsx_cpu = time.process_time() - cpu
    xlsx_growth = peak_mb() - before_mb
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    xlsx_size = (Path(settings.DV_EXPORT_DIR) / job.outcome["file"]).stat().st_size
    shown = job.outcome["rows"]

    # --- the writers alone, rows of the same width (no database) ---
    from dienstverlening.core.exports import xlsx_write, xlsx_write_large

    width = len(stream.export.headers)
    sample = ["Doorlopende meting", 2026, 3, 9, "Burgerzaken", "Paspoort aanvragen", "Balie"]
    sample += ["Woerden", "toegekend", "nee", 2, 4, 5, 4, "weet niet", 3, 5, 4, 4, 8]
    sample += ["Vriendelijk en snel geholpen", ""]
    sample = (sample + [1] * width)[:width]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        xlsx_write_large(
            handle, "antwoorden", stream.export.headers, (sample for _ in range(shown))
        )
    writer_alone = time.perf_counter() - start
    part = min(shown, 50_000)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        xlsx_write(handle, "antwoorden", stream.export.headers, (sample for _ in range(part)))
    cells_alone = (time.perf_counter() - start) * shown / max(part, 1)
    shutil.rmtree(settings.DV_EXPORT_DIR, ignore_errors=True)

    def verdict(value: float, target: float) -> str:
        return "gehaald" if value < target else "NIET gehaald"

    load = os.getloadavg()[0]
    print(f"{'meting':<40} {'s':>7} {'cpu s':>7} {'doel':>5}  {'':<12} grens in dezelfde run")
    print(
        f"{'CSV: eerste byte (kopregel)':<40} {first_byte:>7.2f} {'':>7} "
        f"{TARGET_FIRST_BYTE:>5.0f}  {verdict(first_byte, TARGET_FIRST_BYTE):<12}"
    )
    print(f"{'CSV: eerste rij met antwoorden':<40} {first_row or 0:>7.2f}")
    print(
        f"{'CSV: hele bestand':<40} {csv_total:>7.2f} {csv_cpu:>7.2f} {TARGET_CSV:>5.0f}  "
        f"{verdict(csv_total, TARGET_CSV):<12} kale SQL ({bare_label}): {bare:.2f} s, "
        f"{bare_rows:,} rijen"
    )
    print(
        f"{'Excel (taak)':<40} {xlsx_total:>7.2f} {xlsx_cpu:>7.2f} {TARGET_XLSX:>5.0f}  "
        f"{verdict(xlsx_total, TARGET_XLSX):<12} alleen de schrijver, zelfde rijen zonder "
        f"database: {writer_alone:.2f} s; met openpyxl-cellen: ~{cells_alone:.0f} s"
    )
    print(
        f"  CSV {size / 1e6:.0f} MB, {lines - 1:,} rijen; Excel {xlsx_size / 1e6:.0f} MB, "
        f"{shown:,} rijen; piekgeheugen groeide {csv_growth:.0f} MB (CSV) en "
        f"{xlsx_growth:.0f} MB (Excel); belasting van de machine (1 min): {load:.1f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2], sys.argv[3] == "build"))
    sys.exit(parent())
