"""The shared cache (django-redis) made to survive a Redis that is down: a degraded service, not an outage.

`ResilientRedisCache` is django-redis's `RedisCache` with a circuit breaker in front of it. The first call
that finds Redis unreachable (refused, reset, or silent past the short socket timeout) opens the breaker for
`RETRY_SECONDS`; until then every call is answered from a small cache in this process, so a dead Redis costs
one failed connection per process and period, never a timeout per request. The next call after the period
tries Redis again; when it answers, the breaker closes.

What the local cache keeps is set per cache alias by `FALLBACK_MAX_TIMEOUT`:
- `None` keeps each value as long as asked (the rate-limit counters: they still limit, per process);
- a number caps every lifetime (the data caches: another process may change the data, so a local copy
  may be at most that old; `0` keeps nothing).

Keys written or deleted locally during the outage are deleted in Redis before the breaker closes, so
Redis never answers with a value older than what this process saw last (a session ended, a version stamp
replaced). Anything else about Redis errors is left to django-redis.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What counts as "Redis is not there": django-redis re-raises the redis-py error it caught.
UNREACHABLE = (ConnectionInterrupted, RedisError, OSError)
# The breaker's clock (tests move it instead of waiting).
clock = time.monotonic
# More keys than this written during one outage: clear the whole cache database when Redis is back instead.
MAX_REMEMBERED_KEYS = 10_000


@dataclass
class _Breaker:
    """One per cache alias and process, shared by the threads' cache instances."""

    retry_seconds: float
    open_until: float | None = None
    changed_keys: set = field(default_factory=set)  # (key, version) written or deleted locally
    clear_on_recovery: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def is_open(self) -> bool:
        return self.open_until is not None and clock() < self.open_until

    def trip(self) -> None:
        with self.lock:
            self.open_until = clock() + self.retry_seconds

    def remember(self, keys, version) -> None:
        with self.lock:
            if self.clear_on_recovery:
                return
            self.changed_keys.update((key, version) for key in keys)
            if len(self.changed_keys) > MAX_REMEMBERED_KEYS:
                self.changed_keys.clear()
                self.clear_on_recovery = True


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """django-redis with a per-process fallback and a circuit breaker (see the module docstring).

    OPTIONS, besides django-redis's own: `FALLBACK_NAME` (one breaker and local store per name, normally
    the alias), `FALLBACK_MAX_TIMEOUT` (seconds, `None` or `0`), `RETRY_SECONDS` (default 5).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        name = f'{options.pop("FALLBACK_NAME", "default")}@{server}'
        self._fallback_max_timeout = options.pop("FALLBACK_MAX_TIMEOUT", None)
        retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        local_params = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
                        if key in params}
        self._local = LocMemCache(f"ihk-office-fallback:{name}", {**local_params, "OPTIONS": {"MAX_ENTRIES": 5000}})
        with _breakers_lock:
            self._breaker = _breakers.setdefault(name, _Breaker(retry_seconds=retry_seconds))

    # --- the state, for /healthz and the staff notice -------------------------------------------------

    @property
    def degraded(self) -> bool:
        """True while the breaker is open (this process answers from its local cache)."""
        return self._breaker.is_open()

    def ping(self) -> bool:
        """Ask Redis directly, past the breaker. A success closes the breaker once the keys are repaired."""
        try:
            self._recover_if_needed()
            return bool(self.client.get_client(write=False).ping())
        except UNREACHABLE:
            self._breaker.trip()
            return False

    # --- the mechanism -------------------------------------------------------------------------------

    def _recover_if_needed(self) -> None:
        breaker = self._breaker
        if breaker.open_until is None:
            return
        with breaker.lock:
            keys, clear_all = set(breaker.changed_keys), breaker.clear_on_recovery
        if clear_all:
            super().clear()
        else:
            by_version: dict = {}
            for key, version in keys:
                by_version.setdefault(version, []).append(key)
            for version, names in by_version.items():
                super().delete_many(names, version=version)
        with breaker.lock:
            breaker.changed_keys.difference_update(keys)
            breaker.clear_on_recovery = False
            breaker.open_until = None
        self._local.clear()
        logger.warning("The cache's Redis answers again; %d keys changed meanwhile were dropped.", len(keys))

    def _redis_or_local(self, name: str, local, *args, **kwargs):
        if self._breaker.is_open():
            return local()
        try:
            self._recover_if_needed()
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            if not self._breaker.is_open():
                logger.warning("The cache's Redis is unreachable (%s); answering from this process for %.0f s.",
                               exc, self._breaker.retry_seconds)
            self._breaker.trip()
            return local()

    def _capped(self, timeout):
        """The local lifetime for a value asked to live `timeout` seconds."""
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        cap = self._fallback_max_timeout
        if cap is None:
            return timeout
        return cap if timeout is None else min(timeout, cap)

    def _changed_locally(self, keys, version) -> None:
        self._breaker.remember(list(keys), version)

    # --- reads ---------------------------------------------------------------------------------------

    def get(self, key, default=None, version=None, client=None):
        return self._redis_or_local(
            "get", lambda: self._local.get(key, default, version), key, default=default, version=version,
            client=client,
        )

    def get_many(self, keys, version=None, client=None):
        keys = list(keys)
        return self._redis_or_local(
            "get_many", lambda: self._local.get_many(keys, version), keys, version=version, client=client
        )

    def has_key(self, key, version=None, client=None):
        return self._redis_or_local(
            "has_key", lambda: self._local.has_key(key, version), key, version=version, client=client
        )

    # --- writes --------------------------------------------------------------------------------------

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None, nx=False, xx=False):
        def local():
            self._changed_locally([key], version)
            if nx:
                return self._local_add(key, value, timeout, version)
            self._local.set(key, value, self._capped(timeout), version)
            return True

        return self._redis_or_local("set", local, key, value, timeout=timeout, version=version, client=client,
                                    nx=nx, xx=xx)

    def _local_add(self, key, value, timeout, version):
        return self._local.add(key, value, self._capped(timeout), version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        def local():
            self._changed_locally([key], version)
            return self._local_add(key, value, timeout, version)

        return self._redis_or_local("add", local, key, value, timeout=timeout, version=version, client=client)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        data = dict(data)

        def local():
            self._changed_locally(data, version)
            self._local.set_many(data, self._capped(timeout), version)
            return []

        return self._redis_or_local("set_many", local, data, timeout=timeout, version=version, client=client)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        def local():
            self._changed_locally([key], version)
            return self._local.touch(key, self._capped(timeout), version)

        return self._redis_or_local("touch", local, key, timeout=timeout, version=version, client=client)

    def incr(self, key, delta=1, version=None, client=None, ignore_key_check=False):
        def local():
            self._changed_locally([key], version)
            return self._local.incr(key, delta, version)

        return self._redis_or_local("incr", local, key, delta=delta, version=version, client=client,
                                    ignore_key_check=ignore_key_check)

    def decr(self, key, delta=1, version=None, client=None):
        def local():
            self._changed_locally([key], version)
            return self._local.decr(key, delta, version)

        return self._redis_or_local("decr", local, key, delta=delta, version=version, client=client)

    def delete(self, key, version=None, prefix=None, client=None):
        def local():
            self._changed_locally([key], version)
            return self._local.delete(key, version)

        return self._redis_or_local("delete", local, key, version=version, prefix=prefix, client=client)

    def delete_many(self, keys, version=None, client=None):
        keys = list(keys)

        def local():
            self._changed_locally(keys, version)
            self._local.delete_many(keys, version)
            return len(keys)

        return self._redis_or_local("delete_many", local, keys, version=version, client=client)

    def clear(self):
        def local():
            with self._breaker.lock:
                self._breaker.clear_on_recovery = True
                self._breaker.changed_keys.clear()
            self._local.clear()
            return True

        return self._redis_or_local("clear", local)


# How long each alias's local copies may live while Redis is away (see the module docstring).
FALLBACK_MAX_TIMEOUTS = {
    # Data caches: another process may change the data meanwhile, so a local copy lives 10 s at most.
    "default": 10,
    # Rate-limit counters keep their whole window locally: they still limit, per process.
    "ratelimit": None,
}


def resilient_caches(config: dict, *, socket_timeout: float, retry_seconds: float) -> dict:
    """The CACHES setting for one django-redis configuration: the three aliases, each with its fallback."""
    return {
        alias: config | {
            "BACKEND": "ihk_office.cache.ResilientRedisCache",
            "OPTIONS": (config.get("OPTIONS") or {}) | {
                "SOCKET_CONNECT_TIMEOUT": socket_timeout,
                "SOCKET_TIMEOUT": socket_timeout,
                "FALLBACK_NAME": alias,
                "FALLBACK_MAX_TIMEOUT": max_timeout,
                "RETRY_SECONDS": retry_seconds,
            },
        }
        for alias, max_timeout in FALLBACK_MAX_TIMEOUTS.items()
    }
