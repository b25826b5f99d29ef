"""The shared cache: Redis when REDIS_URL is set, the database otherwise; counts in fixed
windows that hold for the whole window; per-process caches that every process empties when the
data behind them changes."""

import datetime

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache

from dienstverlening.core.caching import (
    DATABASE_BACKEND,
    REDIS_BACKEND,
    StampedCache,
    shared_cache,
    window_count,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "redis"])
def shared(request):
    """The shared cache as it runs without Redis (the test database) and with it (database 14)."""
    if request.param == "redis":
        return request.getfixturevalue("shared_redis")
    return caches["shared"]


def test_redis_only_when_redis_url_is_set_in_the_environment():
    with_redis = shared_cache({"REDIS_URL": "redis://cache.intern:6379/2"})
    assert with_redis["BACKEND"] == REDIS_BACKEND
    assert with_redis["LOCATION"] == "redis://cache.intern:6379/2"
    for environ in ({}, {"REDIS_URL": ""}, {"REDIS_URL": "  "}):
        without = shared_cache(environ)
        assert without["BACKEND"] == DATABASE_BACKEND and without["LOCATION"] == "dv_cache"


def test_a_count_in_the_database_cache_keeps_its_expiry(clock):
    """Django's own incr sets the default five minutes again: a count meant for an hour was
    gone after five quiet minutes. Ours keeps the hour."""
    ours = caches["shared"]
    ours.set("teller", 1, timeout=3600)
    assert ours.incr("teller") == 2 and ours.incr("teller", 3) == 5
    clock.shift(datetime.timedelta(minutes=10))
    assert ours.get("teller") == 5
    clock.shift(datetime.timedelta(minutes=51))
    assert ours.get("teller") is None
    with pytest.raises(ValueError):
        ours.incr("teller")


def test_django_s_own_database_cache_loses_the_count(clock):
    """Why ``core.caching.DatabaseCache`` exists (this is Django's behaviour, not ours)."""
    django_cache = DjangoDatabaseCache("dv_cache", {})
    django_cache.set("teller", 1, timeout=3600)
    django_cache.incr("teller")
    clock.shift(datetime.timedelta(minutes=10))
    assert django_cache.get("teller") is None


def test_counts_in_fixed_windows_that_every_server_agrees_on(shared, clock):
    """The test clock stands at 10:00:00, the start of an hour."""
    counts = [window_count("formulier:adres-a", 3600, alias="shared") for _n in range(3)]
    assert counts == [1, 2, 3]
    assert window_count("formulier:adres-b", 3600, alias="shared") == 1  # another address
    clock.shift(datetime.timedelta(minutes=59, seconds=59))
    assert window_count("formulier:adres-a", 3600, alias="shared") == 4
    clock.shift(datetime.timedelta(seconds=1))  # 11:00:00, a new window
    assert window_count("formulier:adres-a", 3600, alias="shared") == 1


def test_a_change_empties_every_process_s_cache_on_its_next_read(
    shared, django_capture_on_commit_callbacks
):
    """Two StampedCaches of one name are two app server processes."""
    this, other = StampedCache("proef"), StampedCache("proef")
    other.entries()["vraag"] = "oude tekst"
    this.entries()["vraag"] = "oude tekst"
    assert other.entries() == {"vraag": "oude tekst"}
    with django_capture_on_commit_callbacks(execute=True):
        this.bump()  # inside a transaction, as a service changes the data
        assert this.entries() == {}  # this process forgets at once
        assert other.entries() == {"vraag": "oude tekst"}  # the others after the commit
    assert other.entries() == {}


def test_a_lost_stamp_only_costs_a_rebuild(shared):
    process = StampedCache("proef")
    process.entries()["vraag"] = "tekst"
    shared.delete(process.key)  # expired, culled or a restarted Redis
    assert process.entries() == {}
    process.entries()["vraag"] = "tekst"
    assert process.entries() == {"vraag": "tekst"}


def test_without_a_readable_shared_cache_nothing_is_kept(monkeypatch):
    process = StampedCache("proef")

    def down(*args, **kwargs):
        raise ConnectionError("Redis antwoordt niet")

    monkeypatch.setattr(type(caches["shared"]), "get", down)
    assert process.entries() is None
    built = []
    for _n in range(2):
        process.get_or_build(process.entries(), "vraag", lambda: built.append(1) or "tekst")
    assert len(built) == 2  # read every time, never from a copy that may be stale
