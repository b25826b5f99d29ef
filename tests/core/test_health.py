"""Liveness and readiness, as the load balancer and the monitoring see them.

Readiness runs its checks in a thread of its own with its own database connection, as in
production, so the tests that read data commit it (``transaction=True``). The database going
away for real is in ``test_health_outage.py``.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings as django_settings

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.handling.models import Mailbox
from tests.handling.factories import MailboxFactory
from tests.workers import DATABASE_TASKS

LIVE = "/gezondheid/live/"
READY = "/gezondheid/gereed/"
CHECKS = {
    "database",
    "cache_shared",
    "cache_progress",
    "migrations",
    "task_queue",
    "mailbox_sync",
}
committed = pytest.mark.django_db(transaction=True)


def answer(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def ready(client, **params):
    return client.get(READY, params)


# --- liveness ------------------------------------------------------------------------------


def test_liveness_answers_ok_without_database_session_or_cookie(client):
    # No database marker: any query would fail this test.
    response = client.get(LIVE)
    assert response.status_code == 200
    assert answer(response) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies


def test_liveness_refuses_to_change_anything(client):
    assert client.post(LIVE).status_code == 405
    assert client.head(LIVE).status_code == 200


@pytest.mark.django_db
def test_a_load_balancer_may_ask_by_address_over_plain_http(client, settings):
    """The load balancer calls each app server by its address, over http; the site itself
    still refuses an unknown host and sends browsers to https."""
    settings.ALLOWED_HOSTS = ["dienstverlening.woerden.nl"]
    settings.SECURE_SSL_REDIRECT = True
    for path in (LIVE, READY, "/gezondheid/live"):
        response = client.get(path, HTTP_HOST="10.0.0.12:8000")
        assert response.status_code == 200, path
    assert client.get("/inloggen/", HTTP_HOST="10.0.0.12:8000").status_code == 400
    redirect = client.get("/inloggen/", HTTP_HOST="dienstverlening.woerden.nl")
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")


# --- readiness -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_readiness_lists_every_check_as_ok(client, settings):
    settings.TASKS = DATABASE_TASKS  # as in production (the test run runs tasks at once)
    response = ready(client)
    assert response.status_code == 200
    body = answer(response)
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    assert {check["status"] for check in body["checks"].values()} == {"ok"}
    critical = {name for name, check in body["checks"].items() if check["critical"]}
    assert critical == {"database", "cache_shared", "cache_progress", "migrations"}
    assert body["checks"]["migrations"]["unapplied"] == 0
    assert body["checks"]["task_queue"]["oldest_waiting_seconds"] == 0
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_readiness_without_a_task_queue_leaves_the_queue_out(client, settings):
    """Tasks run inside the request (the test run's backend): nothing waits."""
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert set(answer(ready(client))["checks"]) == CHECKS - {"task_queue"}


@committed
def test_readiness_shows_no_names_addresses_hosts_or_error_texts(client, now):
    MailboxFactory(
        name="burgerzaken@woerden.nl",
        host="imap.intern.woerden.nl",
        username="svc-burgerzaken",
        last_error="Inloggen mislukt voor svc-burgerzaken op imap.intern.woerden.nl",
        last_synced_at=now - datetime.timedelta(days=2),
    )
    text = ready(client).content.decode()
    database = django_settings.DATABASES["default"]
    secrets = [
        "woerden",
        "svc-burgerzaken",
        "imap",
        "Inloggen",
        str(database["NAME"]),
        django_settings.SECRET_KEY,
    ]
    secrets += [str(database[key]) for key in ("HOST", "USER", "PASSWORD") if database.get(key)]
    for secret in secrets:
        assert secret not in text, secret


@committed
def test_readiness_is_unavailable_while_a_migration_is_not_applied(client, migrator):
    migrator.migrate([("handling", "0002_outcome_unknown")])
    response = ready(client)
    assert response.status_code == 503
    body = answer(response)
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"]["status"] == "failing"
    assert body["checks"]["migrations"]["unapplied"] >= 1
    assert body["checks"]["database"]["status"] == "ok"

    migrator.loader.build_graph()
    migrator.migrate(migrator.loader.graph.leaf_nodes())
    assert ready(client).status_code == 200


# --- the mailbox sync ----------------------------------------------------------------------


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in December 2026 (Amsterdam); 4 is a Friday, 7 a Monday."""
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=AMSTERDAM)


@committed
@pytest.mark.moment("wednesday")  # office hours: on a day off the sync age stands still
def test_a_stale_mailbox_makes_readiness_degraded_until_it_is_read_again(client, now):
    MailboxFactory(last_synced_at=now - datetime.timedelta(minutes=5))
    body = answer(ready(client))
    assert body["status"] == "ok"
    assert body["checks"]["mailbox_sync"] == {
        "status": "ok",
        "critical": False,
        "mailboxes": 1,
        "stale": 0,
    }

    stale = MailboxFactory(last_synced_at=now - datetime.timedelta(minutes=31))
    response = ready(client)
    assert response.status_code == 200  # the load balancer keeps the server
    body = answer(response)
    assert body["status"] == "degraded"
    assert body["checks"]["mailbox_sync"]["status"] == "failing"
    assert body["checks"]["mailbox_sync"]["stale"] == 1
    assert body["checks"]["mailbox_sync"]["mailboxes"] == 2
    # Monitoring that reads only the status code asks strictly.
    strict = ready(client, streng="1")
    assert strict.status_code == 503
    assert answer(strict)["status"] == "degraded"

    Mailbox.objects.filter(pk=stale.pk).update(last_synced_at=now)
    assert answer(ready(client))["status"] == "ok"


@committed
def test_an_active_mailbox_never_read_is_stale_an_inactive_one_does_not_count(client):
    MailboxFactory(active=False, last_synced_at=None)
    assert answer(ready(client))["checks"]["mailbox_sync"]["mailboxes"] == 0
    MailboxFactory(last_synced_at=None)
    assert answer(ready(client))["checks"]["mailbox_sync"]["stale"] == 1


@committed
def test_the_sync_age_counts_office_hours_only_as_set(client, clock, settings):
    """Synced on Friday at 18:55 (the last run of the week): fine all weekend and on Monday
    until 09:00 (opening at 08:30 plus the 30 minutes of the setting), stale after."""
    MailboxFactory(last_synced_at=at(4, 18, 55))
    for moment, status in [
        (at(5, 11), "ok"),  # Saturday
        (at(7, 8, 59), "ok"),  # Monday, 29 minutes after opening
        (at(7, 9, 1), "failing"),
    ]:
        clock.move_to(moment)
        assert answer(ready(client))["checks"]["mailbox_sync"]["status"] == status, moment
    # With a longer setting, 09:01 on Monday is fine too.
    settings.DV_HEALTH_MAILBOX_SYNC_MAX_MINUTES = 60
    assert answer(ready(client))["checks"]["mailbox_sync"]["status"] == "ok"


# --- the task queue ------------------------------------------------------------------------


@pytest.fixture
def idle_queue(transactional_db, settings):
    """The database task backend with no worker: what is queued waits. (Not RQ: in CI's RQ run
    the other test process's worker reads the same Redis queue and would take the task.)"""
    settings.TASKS = DATABASE_TASKS


def test_a_task_waiting_too_long_for_a_worker_makes_readiness_degraded(client, idle_queue, clock):
    from dienstverlening.improvement.tasks import alerts_check_task

    assert answer(ready(client))["checks"]["task_queue"]["oldest_waiting_seconds"] == 0
    alerts_check_task.enqueue()
    clock.shift(datetime.timedelta(minutes=9))
    body = answer(ready(client))
    assert body["status"] == "ok"
    assert 9 * 60 <= body["checks"]["task_queue"]["oldest_waiting_seconds"] < 10 * 60

    clock.shift(datetime.timedelta(minutes=2))
    response = ready(client)
    assert response.status_code == 200
    body = answer(response)
    assert body["status"] == "degraded"
    assert body["checks"]["task_queue"]["status"] == "failing"
    assert body["checks"]["task_queue"]["oldest_waiting_seconds"] >= 11 * 60


@committed
def test_a_task_planned_for_later_is_not_waiting(client, settings, now):
    from dienstverlening.improvement.tasks import alerts_check_task

    settings.TASKS = DATABASE_TASKS
    alerts_check_task.using(run_after=now + datetime.timedelta(hours=2)).enqueue()
    assert answer(ready(client))["checks"]["task_queue"]["oldest_waiting_seconds"] == 0
