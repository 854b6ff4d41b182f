"""The one mechanism for the few values worth keeping between requests: data, never rendered HTML.

The office uses it (every page's header and footer; with its hours and closures for the pages that show them),
kept only in each process (`shared=False`): `forget()` clears this process's copy at once and again when the
transaction commits; other processes build theirs afresh within `local_seconds`. A page never depends on it to
be correct: when nothing is kept, the value is built from the database.

A shared `DataCache` (for a value costly enough to share between processes) has a version stamp in the shared
cache. `forget()` replaces it at once and once more when the
transaction commits (one stamp per transaction however many rows it wrote), so a value a reader built from the
not-yet-committed state is not kept under the new stamp. A value is stored with the stamp it was built under,
so one round trip (get_many) reads both. `local_seconds` keeps a copy in the process as well: a change shows at
once in the process that made it and within those seconds in the others.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
logger = logging.getLogger(__name__)


class DataCache:
    def __init__(self, name: str, *, ttl: int, local_seconds: float = 0, shared: bool = True):
        """`shared=False` keeps values only in each process, for `local_seconds`: for a value so cheap to build
        that the shared cache's two round trips on every miss cost more than building it (the office)."""
        self.name = name
        self.ttl = ttl
        self.local_seconds = local_seconds
        self.shared = shared
        self.version_key = f"data:{name}:version"
        self._local: dict[str, tuple[float, object]] = {}

    def _new_version(self) -> None:
        self._local.clear()
        if not self.shared:
            return
        try:
            # Random rather than a counter: if the stamp is ever evicted, the next one is still new.
            cache.set(self.version_key, uuid.uuid4().hex, timeout=None)
        except Exception:  # a cache outage: the values expire with their TTL  # noqa: BLE001
            logger.warning("data cache %s: could not replace the version stamp", self.name, exc_info=True)

    def forget(self) -> None:
        """Every value is stale: now, and once more when the transaction commits (registered once per
        transaction)."""
        self._new_version()
        if connection.in_atomic_block and not any(
            func == self._new_version for _sids, func, *_rest in connection.run_on_commit
        ):
            transaction.on_commit(self._new_version)

    def get(self, key: str, build: Callable[[], T]) -> T:
        """`build()`'s value under the current stamp: built at most once per stamp and `ttl`, and built anew
        whenever the shared cache cannot answer."""
        now = time.monotonic()
        if self.local_seconds and key in self._local:
            taken_at, value = self._local[key]
            if now - taken_at < self.local_seconds:
                return value  # type: ignore[return-value]
        if not self.shared:
            value = build()
            if self.local_seconds:
                self._local[key] = (now, value)
            return value
        full_key = f"data:{self.name}:{key}"
        try:
            found = cache.get_many([self.version_key, full_key])
            version = found.get(self.version_key)
            if version is None:
                version = uuid.uuid4().hex
                if not cache.add(self.version_key, version, timeout=None):
                    version = cache.get(self.version_key, version)
        except Exception:  # noqa: BLE001
            logger.warning("data cache %s: cache unavailable, building from the database", self.name, exc_info=True)
            return build()
        stored = found.get(full_key)
        wall = time.time()
        # The age is checked here too, not only by the cache's own expiry: the same on every backend.
        if stored is not None and stored[0] == version and wall - stored[1] < self.ttl:
            value = stored[2]
        else:
            value = build()
            try:
                cache.set(full_key, (version, wall, value), timeout=self.ttl)
            except Exception:  # noqa: BLE001
                logger.warning("data cache %s: could not store a value", self.name, exc_info=True)
        if self.local_seconds:
            self._local[key] = (now, value)
        return value
