"""Rendered parts of the committee pages, kept until a committee, meeting or minutes change.

Under the committees' version stamp (ihk_office.versioned_cache): saves and deletes of committees, meetings
and minutes replace it (committees/signals.py), right away and again after the commit. The parts hold no
one's permissions: every request still asks whether its reader may see them.
"""

from __future__ import annotations

from ihk_office.versioned_cache import VersionedCache

TTL = 10 * 60  # seconds; bounds what no signal reports (an approver's renamed account, say)

_pages = VersionedCache("committees", ttl=TTL)


def forget() -> None:
    _pages.changed()


def cached_page(name: str, build):
    """`build()`'s value (a rendered page part) under the current version, built at most once per TTL."""
    return _pages.get(name, build)
