"""A real database outage under load: PostgreSQL is killed while residents send the form.

The test starts a PostgreSQL cluster of its own (``tests/postgres_cluster.py``), migrates it and
makes an open survey run in a subprocess, and serves the site with gunicorn (2 workers with 4
threads each, as in production: ``DB_CONN_MAX_AGE`` 60 with health checks). Residents in
threads, without cookies, open the form and send it. After the first saves the cluster is
killed (``pg_ctl stop -m immediate``: a crash, no goodbye to the clients), stays down for
a few seconds and starts again (crash recovery). A resident whose answers were not saved clicks
Versturen again on the page that said so, as the page asks; some residents click twice.

Afterwards: no page was a 500; every refused send showed the Dutch page with status 503 and the
answers exactly as sent; every form ended up in the database exactly once, every form the
resident was thanked for included; the tallies agree with the responses.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import threading
import time
from urllib.parse import urlencode

import pytest
from django.core import signing

from dienstverlening.surveys.public_views import TOKEN_SALT
from tests import system
from tests.postgres_cluster import GunicornSite, ThrowawayCluster, postgres_bin
from tests.surveys.browserless import form_fields

RESIDENTS = 6
SUBMITS = 300  # POSTs in all, the second clicks included
OUTAGE_AFTER_SAVES = 60
OUTAGE_SECONDS = 3.0
THANKS = "/m/bedankt/"
STORING = "Door een storing zijn uw antwoorden nog niet opgeslagen"
UNAVAILABLE = "Het formulier is even niet beschikbaar"
ALREADY = "U heeft deze vragenlijst al ingevuld"

pytestmark = pytest.mark.outage


def submission_key(token: str) -> str:
    """The response's ``submission_key`` for a form token (the server has our SECRET_KEY)."""
    return hashlib.sha256(signing.loads(token, salt=TOKEN_SALT)["n"].encode()).hexdigest()


def sent_fields(data: dict) -> dict[str, list[str]]:
    return {k: [v] for k, v in data.items() if v and k != "definition"}


class Site(GunicornSite):
    """The site under gunicorn on its own cluster."""

    def __init__(self, cluster: ThrowawayCluster) -> None:
        super().__init__(
            cluster,
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            DV_TASKS_BACKEND="immediate",
            ALLOWED_HOSTS="127.0.0.1",
            SURVEYS_MIN_FILL_SECONDS="0",
            SURVEYS_RATE_LIMIT="1000000",
            LOG_LEVEL="CRITICAL",
        )

    def prepare(self) -> dict:
        self.create_database()
        stdout = self.run_python("-m", "tests.surveys.outage_site", timeout=120)
        return json.loads(stdout.strip().splitlines()[-1])

    def start(self) -> None:
        self.serve(
            "--workers=2",
            "--threads=4",
            "--preload",  # Django loads once, before the workers fork
            probe="/m/privacy/",
            stdout=self.open_log("gunicorn.log"),
            stderr=subprocess.STDOUT,
            timeout=30,
        )

    def send(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urlencode(data or {}, doseq=True) if method == "POST" else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        status, answer_headers, html = self.request(method, path, body, headers)
        return status, answer_headers.get("Location", ""), html


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.submits = 0
        self.saved = 0
        self.already = 0
        self.saved_unseen = 0  # committed, but the server died before it could say so
        self.refused = 0
        self.forms_opened = 0
        self.opens_refused = 0
        self.unexpected: list[str] = []
        self.saved_keys: list[str] = []
        self.all_keys: set[str] = set()

    def add(self, **counts) -> None:
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class Resident(threading.Thread):
    """Opens the form, answers, sends it; after a storing page clicks Versturen again."""

    def __init__(self, n: int, site: Site, path: str, tally: Tally, stop: threading.Event):
        super().__init__(name=f"inwoner-{n}", daemon=True)
        self.n, self.site, self.path, self.tally, self.stop_event = n, site, path, tally, stop
        self.rng = random.Random(n)
        self.pending: dict | None = None  # a form the page said was not saved
        self.sent = 0

    def run(self) -> None:
        while not self.stop_event.is_set() or self.pending is not None:
            try:
                if self.pending is not None:
                    self.send(self.pending)
                else:
                    data = self.fill_in()
                    if data is not None:
                        self.send(data)
            except Exception as error:  # recorded, so the test fails with the reason
                with self.tally.lock:
                    self.tally.unexpected.append(f"{self.name}: {error!r}")
                return

    def fill_in(self) -> dict | None:
        status, _location, html = self.site.send("GET", self.path)
        if status == 503 and UNAVAILABLE in html:
            self.tally.add(opens_refused=1)
            time.sleep(0.2)
            return None
        if status != 200:
            self.fail(f"GET {status}")
            return None
        self.tally.add(forms_opened=1)
        self.sent += 1
        # What the page holds (the hidden fields among it), then the answers.
        data = {name: values[0] for name, values in form_fields(html).items()}
        data |= {
            "mark": str(self.rng.randint(1, 10)),
            "outcome": self.rng.choice(["granted", "refused", "not_applicable", "unknown"]),
            "good": f"Inwoner {self.n}, formulier {self.sent}: vriendelijk geholpen",
            "better": self.rng.choice(["", "Sneller terugbellen & <duidelijker>"]),
        }
        for name in sorted(radio_questions(html)):
            data[name] = (
                self.rng.choice(["ja", "nee"]) if name[0] == "q" else str(self.rng.randint(0, 5))
            )
        with self.tally.lock:
            self.tally.all_keys.add(submission_key(data["token"]))
        return data

    def send(self, data: dict) -> None:
        status, location, html = self.site.send("POST", self.path, data)
        self.tally.add(submits=1)
        if status == 302 and location == THANKS:
            self.pending = None
            with self.tally.lock:
                self.tally.saved += 1
                self.tally.saved_keys.append(submission_key(data["token"]))
            if self.rng.random() < 0.1:  # a double click: must not count twice
                status, _location, html = self.site.send("POST", self.path, data)
                self.tally.add(submits=1)
                if status == 200 and ALREADY in html:
                    self.tally.add(already=1)
                elif status == 503 and STORING in html:
                    self.tally.add(refused=1)  # the outage began in between; it is saved
                else:
                    self.fail(f"tweede klik {status}")
        elif status == 200 and ALREADY in html:
            # Saved before, though the page said otherwise: the commit made it, its answer did
            # not (the server died in between). Sent again, it still counts once.
            self.pending = None
            self.tally.add(already=1, saved_unseen=1)
        elif status == 503 and STORING in html:
            self.tally.add(refused=1)
            shown = {name: values[0] for name, values in form_fields(html).items()}
            if sent_fields(shown) != sent_fields(data):
                self.fail("het formulier kwam niet terug zoals ingevuld")
            # The resident waits and clicks Versturen on that page: what the page holds.
            self.pending = shown
            time.sleep(0.3)
        else:
            self.fail(f"POST {status}: {html[:200]!r}")
            self.pending = None

    def fail(self, what: str) -> None:
        with self.tally.lock:
            self.tally.unexpected.append(f"{self.name}: {what}")


def radio_questions(html: str) -> set[str]:
    """Names of the radio questions on the page (statements s…, team questions q…)."""
    return set(re.findall(r'type="radio" name="([sq]\d+)"', html))


def test_database_outage_under_load_loses_nothing_and_counts_nothing_twice():
    bin_dir = postgres_bin() or system.missing("PostgreSQL (initdb)", "postgresql")
    started = time.perf_counter()
    cluster = ThrowawayCluster(bin_dir)
    site = Site(cluster)
    tally = Tally()
    stop = threading.Event()
    try:
        cluster.init()
        cluster.start()
        info = site.prepare()
        site.start()
        load_started = time.perf_counter()
        residents = [Resident(n, site, info["path"], tally, stop) for n in range(RESIDENTS)]
        for resident in residents:
            resident.start()
        deadline = time.monotonic() + 60
        while tally.saved < OUTAGE_AFTER_SAVES and not tally.unexpected:
            assert time.monotonic() < deadline, "te weinig opgeslagen voor de storing"
            time.sleep(0.05)
        cluster.stop("immediate")
        outage_started = time.perf_counter()
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        outage = time.perf_counter() - outage_started
        while tally.submits < SUBMITS and not tally.unexpected:
            assert time.monotonic() < deadline + 60, "de last kwam niet rond"
            time.sleep(0.05)
        stop.set()
        for resident in residents:
            resident.join(timeout=60)
        load = time.perf_counter() - load_started

        import psycopg

        with psycopg.connect(cluster.url("dienstverlening")) as connection:
            keys = [
                row[0]
                for row in connection.execute(
                    "SELECT submission_key FROM surveys_response WHERE run_id = %s", [info["run"]]
                )
            ]
            tallied = connection.execute(
                "SELECT COALESCE(SUM(responses), 0) FROM surveys_answertally WHERE run_id = %s",
                [info["run"]],
            ).fetchone()[0]
            statement_answers = connection.execute(
                "SELECT COUNT(*) FROM surveys_statementanswer a JOIN surveys_response r"
                " ON r.id = a.response_id WHERE r.run_id = %s",
                [info["run"]],
            ).fetchone()[0]
    finally:
        stop.set()
        site.stop()
        server_log = cluster.log()
        cluster.remove()
    duration = time.perf_counter() - started
    print(
        f"\nstoring: {tally.submits} keer verstuurd ({len(tally.all_keys)} formulieren,"
        f" {tally.forms_opened} geopend), {tally.saved} opgeslagen, {tally.refused} geweigerd"
        f" met 503 tijdens {outage:.1f} s storing, {tally.already} 'al ingevuld'"
        f" ({tally.saved_unseen} na een 503 die toch was opgeslagen),"
        f" {tally.opens_refused} keer openen geweigerd; {len(keys)} in de database;"
        f" last {load:.1f} s, test {duration:.1f} s"
    )
    assert not tally.unexpected, tally.unexpected[:10]
    assert tally.refused > 0, "geen enkele inzending viel in de storing"
    assert "database system was interrupted" in server_log or "not properly shut down" in (
        server_log
    )
    assert len(keys) == len(set(keys)), "een antwoord staat er dubbel in"
    assert set(tally.saved_keys) <= set(keys), "bedankt gezegd, maar niet opgeslagen"
    assert set(keys) == tally.all_keys, "niet elk verstuurd formulier staat er precies één keer"
    assert len(tally.saved_keys) == len(set(tally.saved_keys))
    assert tallied == len(keys) and statement_answers == 8 * len(keys)
