"""Events fixtures: a room, a public event, an invited network meeting, and a way to make registrations fast."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from events.models import Event, Registration, Room


@pytest.fixture
def now():
    return timezone.now()


def make_event(office, *, starts_in=timedelta(days=14), hours=2, **fields) -> Event:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + starts_in
    values = {"title": "Informationsabend Unternehmensnachfolge", "starts_at": start,
              "ends_at": start + timedelta(hours=hours), "capacity": 40, "max_guests": 1}
    values.update(fields)
    return Event.objects.create(office=office, **values)


def make_registrations(event: Event, count: int, *, status="confirmed", source="online", guests=0,
                       checked_in=False, when: datetime | None = None, prefix="gast") -> list[Registration]:
    when = when or timezone.now()
    return Registration.objects.bulk_create([
        Registration(event=event, name=f"Gast {prefix} {n}", email=f"{prefix}{n}@example.org", company=f"Firma {n}",
                     guests=guests, source=source, status=status, confirmed_at=when,
                     checked_in_at=when if checked_in else None,
                     hold_expires_at=when + timedelta(hours=1) if status == "pending" else None)
        for n in range(count)
    ])


@pytest.fixture
def room(office):
    return Room.objects.create(office=office, name="Saal im HWG-Gebäude", capacity=60)


@pytest.fixture
def event(office, room):
    return make_event(office, room=room)


@pytest.fixture
def network(db):
    from tests.factories import NetworkFactory

    return NetworkFactory(name="IG Mühlenviertel")


@pytest.fixture
def invited_event(office, network):
    return make_event(office, title="Treffen der IG Mühlenviertel", audience=Event.Audience.INVITED, network=network)
