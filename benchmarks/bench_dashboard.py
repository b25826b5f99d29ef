"""Dashboard speed on a large organisation: 5,000,000 handling items and 500,000 responses.

For PostgreSQL (database ``dv_bench_dashboard_<items>`` on 127.0.0.1) and SQLite
(``var/bench/dashboard_<items>.sqlite3``) this builds the data once with the demo generators (kept
for the next run; one database per size, so 1 M and 5 M can be compared), then times the pages
through Django's test client and prints, beside each page, the time the same figures take as bare
SQL over the raw tables, the time with nothing cached (``koud``: the first load after new data)
and the target. Targets: organisation overview (12 months) p95 < 200 ms on PostgreSQL and
< 400 ms on SQLite; team page < 150 ms; at most 20 queries per page; the overview's p95 at 1 M
and at 5 M items less than 10 % apart (each run keeps its figures in
``var/bench/dashboard_<database>_<items>.json`` and prints the comparison with the other size).

Environment: BENCH_ITEMS (default 5000000), BENCH_RESPONSES (500000), BENCH_REPEAT (30),
BENCH_DATABASES (``postgres,sqlite``); BENCH_BUILD_ONLY=1 only builds the data (to build while
the machine is busy, and time later on a quiet one).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django_env import bench_database_url, child_env

ROOT = Path(__file__).resolve().parents[1]
ITEMS = int(os.environ.get("BENCH_ITEMS", "5000000"))
RESPONSES = int(os.environ.get("BENCH_RESPONSES", "500000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
PG_NAME = f"dv_bench_dashboard_{ITEMS}"
DEMO_ITEMS_AT_SCALE_1 = 300_000
DEMO_RESPONSES_AT_SCALE_1 = 20_000


def database_url(kind: str) -> str:
    if kind == "postgres":
        return bench_database_url(kind, PG_NAME)
    return bench_database_url(kind, f"dashboard_{ITEMS}")


def parent() -> int:
    kinds = os.environ.get("BENCH_DATABASES", "postgres,sqlite").split(",")
    status = 0
    for kind in kinds:
        env = child_env(database_url(kind))
        status |= subprocess.call([sys.executable, __file__, "--child", kind], env=env)
    return status


def ensure_data() -> None:
    from django.core.management import call_command
    from django.db import transaction

    from dienstverlening.demo import handling as handling_demo
    from dienstverlening.demo import surveys as surveys_demo
    from dienstverlening.demo.services import demo_load
    from dienstverlening.handling.models import HandlingItem
    from dienstverlening.surveys.models import Response

    call_command("migrate", verbosity=0)
    have_items = HandlingItem.objects.count()
    have_responses = Response.objects.count()
    if have_items >= 0.9 * ITEMS and have_responses >= 0.9 * RESPONSES:
        return
    print(f"  data opbouwen: {ITEMS:,} items, {RESPONSES:,} antwoorden (eenmalig) …", flush=True)
    start = time.perf_counter()
    demo_load(seed=11, scale=0.0)
    with transaction.atomic(durable=True):  # the generators are the demo loader's nested twins
        surveys_demo.generate(rng=random.Random(1), scale=RESPONSES / DEMO_RESPONSES_AT_SCALE_1)
        handling_demo.generate(rng=random.Random(2), scale=ITEMS / DEMO_ITEMS_AT_SCALE_1)
    print(f"  klaar in {time.perf_counter() - start:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give them
        cursor.execute("ANALYZE")


def timed(function, repeat: int) -> tuple[float, float]:
    function()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def raw_handling_sql(vendor: str, team_id: int | None) -> str:
    team = f"AND team_id = {int(team_id)}" if team_id else ""
    median = (
        ", percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_days)" if vendor == "postgresql" else ""
    )
    return f"""
        SELECT team_id, kind,
               SUM(CASE WHEN closed_at IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN closed_at IS NULL AND due_at < CURRENT_TIMESTAMP THEN 1 ELSE 0 END),
               SUM(CASE WHEN on_time THEN 1 ELSE 0 END), COUNT(closed_at){median}
        FROM handling_handlingitem
        WHERE (closed_on >= %s OR closed_at IS NULL) {team}
        GROUP BY team_id, kind
    """


def raw_survey_sql(team_id: int | None) -> str:
    team = (
        f"AND r.service_id IN (SELECT id FROM organisation_service WHERE team_id = {int(team_id)})"
        if team_id
        else ""
    )
    return f"""
        SELECT a.statement_id, SUM(CASE WHEN a.value >= 1 THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.value >= 4 THEN 1 ELSE 0 END), AVG(r.mark)
        FROM surveys_statementanswer a JOIN surveys_response r ON r.id = a.response_id
        WHERE r.answered_on >= %s {team}
        GROUP BY a.statement_id
    """


def child(kind: str) -> int:
    import django

    django.setup()
    import datetime

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dienstverlening.core.models import User
    from dienstverlening.handling.models import HandlingItem
    from dienstverlening.organisation.models import Team
    from dienstverlening.surveys.models import Response

    ensure_data()
    if os.environ.get("BENCH_BUILD_ONLY", "").strip() not in ("", "0"):
        return 0
    client = Client()
    client.force_login(
        User.objects.get(username="coordinator"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    team = Team.objects.get(slug="burgerzaken")
    since = timezone.localdate() - datetime.timedelta(days=365)
    vendor = connection.vendor

    def raw(team_id):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(raw_handling_sql(vendor, team_id), [since])
                cursor.fetchall()
                cursor.execute(raw_survey_sql(team_id), [since])
                cursor.fetchall()

        return run

    overview_target = 200 if vendor == "postgresql" else 400
    pages = [
        ("overzicht organisatie, dit jaar", "/dashboard/?periode=jaar", None, overview_target),
        ("teampagina, dit jaar", f"/dashboard/?periode=jaar&team={team.slug}", team.pk, 150),
        ("trends organisatie", "/dashboard/trends/?periode=jaar", None, None),
        ("nulmeting organisatie", "/dashboard/?meting=nulmeting", None, None),
        (
            "open antwoorden team, 12 mnd",
            f"/dashboard/open-antwoorden/?team={team.slug}",
            team.pk,
            None,
        ),
    ]
    try:  # the figure cache (absent in code from before it)
        from dienstverlening.insights.figure_cache import figure_cache_clear
    except ImportError:
        figure_cache_clear = None
    items = HandlingItem.objects.count()
    print(
        f"\n{kind}: {items:,} items, {Response.objects.count():,} "
        f"antwoorden · {REPEAT} keer per pagina"
    )
    print(
        f"{'pagina':<32} {'p50 ms':>8} {'p95 ms':>8} {'koud ms':>8} {'queries':>8} "
        f"{'kale SQL ms':>12} {'doel p95':>9}"
    )
    results = {}
    for name, path, team_id, target in pages:
        p50, p95 = timed(lambda p=path: client.get(p), REPEAT)
        cold = "-"
        if figure_cache_clear is not None:  # the page with nothing cached (after new data)

            def uncached(p=path):
                figure_cache_clear()
                client.get(p)

            cold = f"{timed(uncached, 5)[0]:.1f}"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        raw_p50, _ = timed(raw(team_id), 3)
        goal = f"< {target}" if target else "-"
        print(
            f"{name:<32} {p50:>8.1f} {p95:>8.1f} {cold:>8} {len(queries):>8} "
            f"{raw_p50:>12.0f} {goal:>9}"
        )
        results[path] = {"p50": p50, "p95": p95, "queries": len(queries), "items": items}
    compare_sizes(kind, results)
    return 0


def compare_sizes(kind: str, results: dict) -> None:
    """Keep this run's figures beside the database; print the overview's p95 against the run of
    the other size (the page time must not grow with the register: less than 10 % apart)."""
    import json

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"dashboard_{kind}_{ITEMS}.json").write_text(json.dumps(results, indent=1))
    path = "/dashboard/?periode=jaar"
    for other in sorted(folder.glob(f"dashboard_{kind}_*.json")):
        if other.name == f"dashboard_{kind}_{ITEMS}.json":
            continue
        then = json.loads(other.read_text()).get(path)
        if then:
            now = results[path]
            change = 100 * (now["p95"] - then["p95"]) / then["p95"]
            print(
                f"overzicht p95 bij {now['items']:,} items {now['p95']:.1f} ms, bij "
                f"{then['items']:,} items {then['p95']:.1f} ms: {change:+.0f} % (doel: < 10 %)"
            )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT / "src"))
        sys.exit(child(sys.argv[2]))
    sys.exit(parent())
