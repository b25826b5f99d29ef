"""Speed of the pages, measured on the demo organisation. Run with `make bench`.

Prints a table: per page the median and 95th percentile of the server time over N requests
(Django test client, no network) and the number of database queries. Uses its own database
under var/bench/ (SQLite) unless DATABASE_URL is set.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.django_env import django_env_defaults  # noqa: E402

django_env_defaults()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))


def measure(client: Client, path: str) -> tuple[float, float, int]:
    client.get(path)  # warm-up
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    return statistics.median(timings), p95, len(queries)


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("demo", "--force", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from dienstverlening.core.models import User
    from dienstverlening.organisation.models import Team

    client = Client()
    client.force_login(
        User.objects.get(username="coordinator"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    team = Team.objects.get(slug="burgerzaken")
    pages = {
        "kader": "/kader/",
        "teampagina": team.get_absolute_url(),
        "teams": "/teams/",
        "wie doet wat: paspoorten": "/wie-doet-wat/?q=paspoorten",
        "wie doet wat: tikfout": "/wie-doet-wat/?q=parkeerverguning",
    }
    engine = connection.vendor
    print(f"Database: {engine} · {REPEAT} verzoeken per pagina\n")
    print(f"{'pagina':<28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, path in pages.items():
        reset_queries()
        p50, p95, queries = measure(client, path)
        print(f"{name:<28} {p50:>8.1f} {p95:>8.1f} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
