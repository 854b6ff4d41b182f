"""Cached aggregates over all visits and companies (the dashboard's figures).

Counting 50,000 visits costs far more than the rest of a page, and the figures change only when the
companies data changes. They are kept in Django's cache (Redis in production) under a version key that every
change replaces (companies/signals.py: saves and deletes anywhere, the admin included; the services and the
demo seeder also call `figures_changed` for their bulk work), so a change shows up at once; the short TTL bounds
what no signal reports (raw SQL, `.update()`), and the dashboard says when its figures were computed.
The company pages are cached the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

FIGURES_TTL = 5 * 60  # seconds; the longest a change made outside the services stays unseen
VERSION_KEY = "companies:figures:version"

T = TypeVar("T")


def _new_version() -> str:
    # Random rather than a counter: if the key is ever evicted, the next version is still a new one.
    return uuid.uuid4().hex


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY, "")
    return version


def figures_changed() -> None:
    """Call when visits or companies change: cached figures are recomputed on the next request.

    Bumped at once (the saving request sees its own change) and again after the commit, so that a figure
    computed by another request from the not-yet-committed state is not kept.
    """
    cache.set(VERSION_KEY, _new_version(), timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_version(), timeout=None))


def cached_figures(name: str, compute: Callable[[], T]) -> T:
    """`compute()`'s result, shared by all requests until the next change (or FIGURES_TTL)."""
    key = f"companies:figures:{current_version()}:{name}"
    now = timezone.now()
    cached = cache.get(key)
    # The age is checked here too, not only by the cache's own expiry: the same on every backend and clock.
    if cached is None or now - cached[0] >= timedelta(seconds=FIGURES_TTL):
        cached = (now, compute())
        cache.set(key, cached, timeout=FIGURES_TTL)
    return cached[1]
