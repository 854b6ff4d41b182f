"""Values built from one part of the data (the companies, the consultation days), shared by all requests
until that part changes.

Each part has a version stamp in the shared cache. Every change replaces the stamp (the apps' signals for
saves and deletes, their services for bulk work), right away and again after the commit, so that a value a
reader built from the not-yet-committed state is not kept under the new stamp. A value is stored together
with the stamp it was built under, under a key without the stamp, so one round trip (MGET) reads both; it
also carries the time it was built, and lives at most `ttl` seconds, which bounds what no signal reports
(raw SQL, `.update()` outside the services) and what time alone changes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


class VersionedCache:
    def __init__(self, namespace: str, *, ttl: int):
        self.namespace = namespace
        self.ttl = ttl
        self.version_key = f"{namespace}:version"

    def _new_version(self) -> None:
        # Random rather than a counter: if the stamp is ever evicted, the next one is still new.
        cache.set(self.version_key, uuid.uuid4().hex, timeout=None)

    def changed(self) -> None:
        """Every value of this part is stale: now, and once more when the transaction commits."""
        self._new_version()
        transaction.on_commit(self._new_version)

    def get(self, name: str, build: Callable[[], T]) -> T:
        """`build()`'s value under the current stamp, built at most once per stamp and `ttl`."""
        key = f"{self.namespace}:{name}"
        found = cache.get_many([self.version_key, key])
        version = found.get(self.version_key)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(self.version_key, version, timeout=None):
                version = cache.get(self.version_key, version)
        stored = found.get(key)
        now = time.time()
        # The age is checked here too, not only by the cache's own expiry: the same on every backend and clock.
        if stored is not None and stored[0] == version and now - stored[1] < self.ttl:
            return stored[2]
        value = build()
        cache.set(key, (version, now, value), timeout=self.ttl)
        return value
