"""The cached part of the public consultation pages: which upcoming days (and slots) can be booked online.

Building that query costs more Python (several correlated subqueries for Django's ORM to compile) than the
database needs to answer it, and the home page, the day list and the booking form all ask for it. So it is
cached briefly under a version stamp:

- every change of a day, slot, booking or waitlist entry gets a new stamp (signals in `signals.py` for
  saves and deletes, `forget()` after the services' bulk `.update()`s), right away and again after commit,
  so a reader that loaded the old state just before the commit cannot store it under the new stamp;
- the entries live only `TTL` seconds, which bounds what time alone changes (a hold lapsing, a slot
  starting, held-back places being released) without any write.

Every booking itself is still decided under a row lock in `services.py`; the cache only feeds what is shown.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

TTL = 30  # seconds
VERSION_KEY = "consultations:public:version"


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def forget() -> None:
    """Make the cached public days and slots stale (now, and once more when the transaction commits)."""
    _new_version()
    transaction.on_commit(_new_version)


def cached(name: str, office_pk: int, build):
    """`build()`'s value for this office under the current version, built at most once per TTL.

    The value is stored with the version it was built under, so one round trip reads both.
    """
    key = f"consultations:public:{name}:{office_pk}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = build()
    cache.set(key, (version, value), timeout=TTL)
    return value
