"""Cached aggregates over all visits and companies (the dashboard's figures) and the company pages.

Counting 50,000 visits costs far more than the rest of a page, and the figures change only when the
companies data changes. They are kept under the companies' version stamp (ihk_office.versioned_cache), which
every change replaces (companies/signals.py: saves, deletes and link changes anywhere, the admin included;
the services and the demo seeder also call `figures_changed` for their bulk work), so a change shows up at
once; the short TTL bounds what no signal reports (raw SQL, `.update()`), and the dashboard says when its
figures were computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ihk_office.versioned_cache import VersionedCache

FIGURES_TTL = 5 * 60  # seconds; the longest a change made outside the services stays unseen

T = TypeVar("T")

_figures = VersionedCache("companies:figures", ttl=FIGURES_TTL)


def figures_changed() -> None:
    """Call when visits or companies change: cached figures and pages are built anew on the next request."""
    _figures.changed()


def cached_figures(name: str, compute: Callable[[], T]) -> T:
    """`compute()`'s result, shared by all requests until the next change (or FIGURES_TTL)."""
    return _figures.get(name, compute)
