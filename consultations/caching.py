"""The cached part of the consultation pages: which upcoming days (and slots) can be booked online, and the
staff's day sheets.

Building that query costs more Python (several correlated subqueries for Django's ORM to compile) than the
database needs to answer it, and the home page, the day list and the booking form all ask for it. So it is
cached briefly under the consultations' version stamp (ihk_office.versioned_cache):

- every change of a day, slot, booking or waitlist entry gets a new stamp (signals in `signals.py` for
  saves and deletes, `forget()` after the services' bulk `.update()`s), right away and again after commit;
- the entries live only `TTL` seconds, which bounds what time alone changes (a hold lapsing, a slot
  starting, held-back places being released) without any write.

The day sheet (staff) is cached the same way, as rendered HTML (ihk_office.fragments).

Every booking itself is still decided under a row lock in `services.py`; the cache only feeds what is shown.
"""

from __future__ import annotations

from ihk_office.versioned_cache import VersionedCache

TTL = 30  # seconds

_data = VersionedCache("consultations", ttl=TTL)


def forget() -> None:
    """Make the cached public days and slots stale (now, and once more when the transaction commits)."""
    _data.changed()


def cached(name: str, build):
    """`build()`'s value (public days, free slots, a rendered page part) under the current version, built at
    most once per TTL; `name` says everything the value depends on (office, day, language …)."""
    return _data.get(name, build)
