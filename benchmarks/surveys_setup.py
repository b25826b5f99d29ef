"""Set-up steps for bench_surveys.py, run in a subprocess with the benchmark's environment.

``python surveys_setup.py prepare``: migrate, load a small demo, open a bench run with an open
link; prints JSON. ``python surveys_setup.py csv N PATH``: write an N-row response file.
``python surveys_setup.py count RUN``: number of responses in a run.
``python surveys_setup.py queries PATH``: SQL statements of opening (GET) and sending (POST) the
form at PATH once the process has it cached, as JSON (adds one response; BEGIN and COMMIT are
not counted).
"""

import json
import os
import random
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienstverlening.settings")

import django

django.setup()


def prepare() -> dict:
    from django.core.management import call_command

    from dienstverlening.organisation.models import Service
    from dienstverlening.surveys import services
    from dienstverlening.surveys.models import OpenLink, RunKind, RunStatus

    call_command("migrate", verbosity=0)
    call_command("demo", "--force", "--scale", "0.01", stdout=open(os.devnull, "w"))  # noqa: SIM115
    service = Service.objects.get(slug="paspoort-aanvragen")
    run = services.run_create(
        name="Benchmark", kind=RunKind.CONTINUOUS, starts_on=django.utils.timezone.localdate()
    )
    services.run_transition(run=run, status=RunStatus.OPEN)
    link = OpenLink.objects.create(
        run=run,
        service=service,
        channel=service.channels.get(slug="balie"),
        municipality=service.municipalities.get(slug="woerden"),
    )
    external = services.run_create(
        name="Benchmark import",
        kind=RunKind.EXTERNAL,
        starts_on=django.utils.timezone.localdate(),
    )
    return {"path": link.get_absolute_url(), "run": run.pk, "external": external.pk}


def write_csv(rows: int, path: str) -> None:
    from dienstverlening.organisation.models import Service

    rng = random.Random(7)
    services = list(Service.objects.prefetch_related("channels", "municipalities"))
    words = ["helemaal oneens", "oneens", "neutraal", "eens", "helemaal eens", "weet niet"]
    header = ["Dienst", "Kanaal", "Gemeente", "Datum", "Uitkomst", "Rapportcijfer"]
    header += [f"Stelling {n}" for n in range(1, 9)] + ["Wat ging goed", "Wat kan beter"]
    with open(path, "w", encoding="cp1252", newline="") as out:
        out.write(";".join(header) + "\r\n")
        for n in range(rows):
            service = rng.choice(services)
            channel = rng.choice(list(service.channels.all()))
            municipality = rng.choice(list(service.municipalities.all()))
            cells = [
                service.name,
                channel.name,
                municipality.name,
                f"{rng.randint(1, 28):02d}-{rng.randint(1, 10):02d}-2025",
                rng.choice(["toegekend", "afgewezen", "n.v.t.", ""]),
                str(rng.randint(1, 10)),
                *[rng.choice(words) for _ in range(8)],
                "Prima geholpen" if n % 4 == 0 else "",
                "Bel mij op 06-12345678" if n % 9 == 0 else "",
            ]
            out.write(";".join(cells) + "\r\n")


def queries(path: str) -> dict:
    import re

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # the first page of a process fills its cache
    with CaptureQueriesContext(connection) as opening:
        page = client.get(path).content
    form = {"website": "", "mark": "8", "good": "Vriendelijk geholpen", "better": ""}
    for name in ("token", "definition"):
        form[name] = re.search(rf'name="{name}" value="([^"]+)"'.encode(), page)[1].decode()
    for name in dict.fromkeys(re.findall(rb'name="(s\d+)"', page)):
        form[name.decode()] = "4"
    with CaptureQueriesContext(connection) as sending:
        status = client.post(path, form).status_code
    if status != 302:
        raise SystemExit(f"versturen gaf {status}")
    return {"get": statements(opening), "post": statements(sending)}


def statements(captured) -> int:
    """Statements sent, without transaction control (BEGIN, COMMIT: logged on PostgreSQL)."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return sum(1 for q in captured if not q["sql"].startswith(control))


def count(run: int) -> int:
    from dienstverlening.surveys.models import Response

    return Response.objects.filter(run_id=run).count()


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare()))
    elif command == "csv":
        write_csv(int(sys.argv[2]), sys.argv[3])
    elif command == "queries":
        print(json.dumps(queries(sys.argv[2])))
    elif command == "count":
        print(count(int(sys.argv[2])))
