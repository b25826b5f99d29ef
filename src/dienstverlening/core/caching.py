"""The cache every app server shares, and what is built on it.

- ``shared_cache(environ)``: the settings of the cache alias "shared". Redis (Django's own
  ``RedisCache``, keeping its client instead of making one per operation) when ``REDIS_URL`` is
  set in the environment, else the database cache (table ``dv_cache``, no extra service).
  Settings call it once; nothing here reads settings at import.
- ``DatabaseCache``: Django's database cache with an ``incr`` that keeps the key's expiry and
  is atomic (the row is locked). Django's own ``incr`` is a ``get`` and a ``set`` with the
  default timeout, so a count kept that way expires five minutes after its last increment,
  whatever window it was meant for, and two increments at once count as one.
- ``window_count(key, window)``: adds one to a count in a fixed time window (the window's
  number is part of the key, so a new window starts at zero and no expiry needs to be
  right). Atomic on Redis and on the database.
- ``StampedCache``: a cache in the memory of one process, emptied in every process as soon as
  the data behind it changes. A version stamp in the shared cache says which version the
  processes should hold; ``bump()`` gives it a new value after the transaction that changed
  the data commits. Each request reads the stamp once (on Redis: no database query).
"""

from __future__ import annotations

import base64
import logging
import math
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import caches
from django.core.cache.backends import db, redis
from django.db import connections, router, transaction

logger = logging.getLogger(__name__)

SHARED = "shared"
REDIS_BACKEND = "dienstverlening.core.caching.RedisCache"
DATABASE_BACKEND = "dienstverlening.core.caching.DatabaseCache"


def shared_cache(environ: Mapping[str, str]) -> dict[str, Any]:
    """The "shared" cache: Redis when ``REDIS_URL`` is set explicitly, the database otherwise."""
    url = (environ.get("REDIS_URL") or "").strip()
    if url:
        return {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "KEY_PREFIX": "dv-shared",
            # A few milliseconds at most: a Redis that hangs must not hang the form.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    return {
        "BACKEND": DATABASE_BACKEND,
        "LOCATION": "dv_cache",
        # Counts per client address for an hour: room for a busy hour before culling starts.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


class _RedisClient(redis.RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per server instead of making one for
    every operation (each costs about a millisecond of CPU: it fills its table of ~170 response
    callbacks). A ``redis.Redis`` is thread-safe; its connections come from the same pool."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """Django's ``RedisCache`` (same settings and behaviour) with the client above."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _RedisClient


class DatabaseCache(db.DatabaseCache):
    """Django's database cache whose ``incr`` keeps the expiry and locks the row."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "
                f"WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is not None:
                value, expires = row
                expression = db.models.Expression(output_field=db.models.DateTimeField())
                converters = connection.ops.get_db_converters(
                    expression
                ) + expression.get_db_converters(connection)
                for converter in converters:
                    expires = converter(expires, expression, connection)
            if row is None or expires < db.tz_now():
                raise ValueError(f"Key '{key}' not found.")
            number = pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))
            number += delta
            encoded = base64.b64encode(pickle.dumps(number, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return number


def window_count(key: str, window: int, *, alias: str = SHARED) -> int:
    """Count one more for ``key`` in the current fixed window of ``window`` seconds; returns
    the count in this window, this one included. Windows start at multiples of ``window``
    seconds since the epoch, so every app server agrees on them."""
    now = time.time()
    index = int(now // window)
    keyed = f"{key}:{window}:{index}"
    # The key outlives its window by a little, so a late increment still finds it.
    timeout = max(1, math.ceil((index + 1) * window - now)) + 5
    cache = caches[alias]
    for _attempt in range(3):
        try:
            return cache.incr(keyed)
        except ValueError:  # first count in this window (or the key expired just now)
            if cache.add(keyed, 1, timeout=timeout):
                return 1
    raise RuntimeError(f"window_count: {keyed} neither added nor incremented")


class StampedCache:
    """Per-process values, valid while the version stamp in the shared cache is unchanged.

    ``entries()`` reads the stamp (once per request) and returns the dict of this process,
    emptied if the stamp changed since it was filled, or ``None`` when the shared cache cannot
    be read: then the caller reads the database as if nothing was cached. Entries also expire
    after ``max_age`` seconds, a safety net for a change made outside the code that bumps (a
    bulk update, a restored back-up). ``bump()`` is called by whatever changes the data.
    """

    def __init__(self, name: str, *, max_age: float = 300, max_entries: int = 2000) -> None:
        self.key = f"stamp:{name}"
        self.max_age = max_age
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._filled = time.monotonic()
        self._entries: dict = {}
        self._pending = False  # a bump waits for its transaction to commit

    # --- reading ----------------------------------------------------------------------------

    def entries(self) -> dict | None:
        try:
            stamp = self._read_stamp()
        except Exception:
            logger.warning("Versie van de cache %s niet te lezen", self.key, exc_info=True)
            return None
        with self._lock:
            stale = time.monotonic() - self._filled > self.max_age
            if stamp != self._stamp or stale or len(self._entries) > self.max_entries:
                self._stamp, self._filled, self._entries = stamp, time.monotonic(), {}
            return self._entries

    def get_or_build(self, entries: dict | None, key: Any, build: Callable[[], Any]) -> Any:
        """``entries[key]``, built (and kept) when missing; built every time without a cache."""
        if entries is None:
            return build()
        try:
            return entries[key]
        except KeyError:
            value = entries[key] = build()
            return value

    def _read_stamp(self) -> str:
        shared = caches[SHARED]
        stamp = shared.get(self.key)
        if stamp is None:  # never set, expired or culled: start a new version
            fresh = uuid.uuid4().hex
            stamp = fresh if shared.add(self.key, fresh, timeout=STAMP_TIMEOUT) else None
            stamp = stamp or shared.get(self.key) or fresh
        return stamp

    # --- changing ---------------------------------------------------------------------------

    def clear(self) -> None:
        """Empty this process's entries (tests; the next ``entries()`` fills them again)."""
        with self._lock:
            self._stamp, self._entries = None, {}

    def bump(self) -> None:
        """The data changed: this process forgets now, every process after the commit.

        Inside a transaction the new stamp is written after it commits (before, another process
        could read the old rows and keep them under the new stamp), and once however many rows
        the transaction changed. Outside one, now.
        """
        self.clear()
        if not transaction.get_connection().in_atomic_block:
            self._write_stamp()
            return
        self._pending = True
        transaction.on_commit(self._after_commit, robust=True)

    def _after_commit(self) -> None:
        if self._pending:  # the first of this commit's callbacks writes; the others find it done
            self._pending = False
            self._write_stamp()

    def _write_stamp(self) -> None:
        self.clear()
        try:
            caches[SHARED].set(self.key, uuid.uuid4().hex, timeout=STAMP_TIMEOUT)
        except Exception:
            # Other processes keep what they have for at most ``max_age`` seconds.
            logger.warning(
                "Nieuwe versie van de cache %s niet op te slaan", self.key, exc_info=True
            )


# A stamp that expires only costs every process one rebuild.
STAMP_TIMEOUT = 24 * 3600
