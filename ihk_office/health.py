"""The state of what the portal depends on, for `/healthz` and the notice on the staff start page.

Only the database is needed to serve: without the cache the pages come from the database and each process
keeps its own counts (ihk_office/cache.py); without the broker mail waits in the outbox until beat's scan
finds it. Each check asks its service directly and briefly (half a second), so a dead one costs little.
"""

from __future__ import annotations

from urllib.parse import urlparse

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection

OK = "ok"
UNAVAILABLE = "unavailable"
CHECK_TIMEOUT_SECONDS = 0.5


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database error means the portal cannot serve
        return UNAVAILABLE
    return OK


def cache_state() -> str:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is None:  # a cache inside this process (the embedded default) is always there
        return OK
    if cache.degraded:  # failed a moment ago: asking again would cost a hung Redis another timeout
        return UNAVAILABLE
    return OK if ping() else UNAVAILABLE


def broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if urlparse(url).scheme not in {"redis", "rediss"}:
        return OK  # the embedded file-system broker (or eager execution) needs no server
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
                                      socket_timeout=CHECK_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return UNAVAILABLE
    return OK


def dependencies() -> dict[str, str]:
    """Each dependency by name with its state, "ok" or "unavailable"."""
    return {"database": database_state(), "cache": cache_state(), "broker": broker_state()}


def degraded(states: dict[str, str] | None = None) -> list[str]:
    """The services other than the database that are unavailable (the portal serves, but degraded)."""
    states = states if states is not None else {"cache": cache_state(), "broker": broker_state()}
    return [name for name in ("cache", "broker") if states.get(name) != OK]
