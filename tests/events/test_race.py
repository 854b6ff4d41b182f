"""No overbooking under concurrency: the event row is locked (FOR NO KEY UPDATE) before the places are counted."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events import services
from events.models import Event, Registration

from .conftest import make_event, make_registrations

RACERS = 16


def _race(event: Event, *, guests: int = 0) -> tuple[list, list]:
    barrier = threading.Barrier(RACERS)
    won, refused, errors = [], [], []

    def racer(number: int):
        try:
            barrier.wait(timeout=10)
            registration = services.register(event, name=f"Racer {number}", email=f"racer{number}@example.org",
                                             guests=guests, source="phone")
            won.append(registration.pk)
        except services.EventFull:
            refused.append(number)
        except Exception as exc:  # any other outcome fails the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return won, refused


@pytest.mark.django_db(transaction=True)
def test_sixteen_racers_for_the_last_place_give_exactly_one_registration(postgres, office):
    event = make_event(office, capacity=10, max_guests=2)
    make_registrations(event, 9)

    won, refused = _race(event)

    assert len(won) == 1
    assert len(refused) == RACERS - 1
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10


@pytest.mark.django_db(transaction=True)
def test_racers_with_guests_never_exceed_the_limit(postgres, office):
    event = make_event(office, capacity=10, max_guests=2)
    make_registrations(event, 5)

    won, refused = _race(event, guests=2)  # 5 places left, 3 persons each: only one party fits

    assert len(won) == 1 and len(refused) == RACERS - 1
    assert services.places_taken(Event.objects.get(pk=event.pk), timezone.now()) == 8


@pytest.mark.django_db
def test_a_registration_of_three_for_two_places_left_is_refused(office):
    event = make_event(office, capacity=10, max_guests=2)
    make_registrations(event, 8)

    with pytest.raises(services.EventFull):
        services.register(event, name="Anna Schulte", email="anna@example.org", guests=2, source="phone")
    assert Registration.objects.filter(event=event).count() == 8
    # Two alone fit exactly.
    services.register(event, name="Anna Schulte", email="anna@example.org", guests=1, source="phone")
    assert services.places_taken(event, timezone.now()) == 10


@pytest.mark.django_db
def test_an_unconfirmed_online_hold_keeps_its_places_until_it_lapses(office):
    event = make_event(office, capacity=2)
    services.register(event, name="Anna Schulte", email="anna@example.org", guests=1)
    with pytest.raises(services.EventFull):
        services.register(event, name="Bernd Kaiser", email="bernd@example.org", source="phone")
    later = timezone.now() + timedelta(days=2)
    services.register(event, name="Bernd Kaiser", email="bernd@example.org", source="phone", now=later)


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_same_race_overbooks(postgres, office, monkeypatch):
    """The control: the lock is what makes the first test pass (all racers count before anyone inserts)."""
    event = make_event(office, capacity=10)
    make_registrations(event, 9)
    counted = threading.Barrier(RACERS)
    count = services.places_taken

    def count_then_wait(*args, **kwargs):
        taken = count(*args, **kwargs)
        counted.wait(timeout=10)
        return taken

    monkeypatch.setattr(services, "_lock", lambda event: Event.objects.select_related("office", "room").get(
        pk=event.pk))
    monkeypatch.setattr(services, "places_taken", count_then_wait)

    won, refused = _race(event)

    assert len(won) == RACERS and not refused
