"""No overbooking on PostgreSQL: 16 threads race for the last place; without the lock, the race is real."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, connections

from consultations import services
from consultations.models import Booking, ConsultationDay, Slot

from ..factories import OfficeFactory

THREADS = 16
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def last_place(transactional_db):
    if connection.vendor != "postgresql":
        from ..conftest import need

        need(False, "PostgreSQL (DATABASE_URL=postgres://…)")
    office = OfficeFactory()
    day = ConsultationDay.objects.create(office=office, date=date.today() + timedelta(days=10))
    start = datetime.combine(day.date, datetime.min.time(), tzinfo=office.tz).replace(hour=13)
    return Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=30), capacity=1)


def race(slot, *, before_insert=None):
    start = threading.Barrier(THREADS)
    results, errors = [], []

    def attempt(index):
        try:
            start.wait(timeout=10)
            booking = services.book(Slot(pk=slot.pk, day_id=slot.day_id), name=f"Person {index}",
                                    phone=str(index), source="phone")
            results.append(booking.pk)
        except services.SlotFull:
            errors.append("full")
        except Exception as exc:  # anything else fails the test below
            errors.append(repr(exc))
        finally:
            connections.close_all()  # each thread closes its own connection

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_sixteen_threads_racing_for_the_last_place_make_exactly_one_booking(last_place):
    results, errors = race(last_place)
    assert len(results) == 1
    assert errors == ["full"] * (THREADS - 1)
    assert Booking.objects.filter(slot=last_place).count() == 1


def test_without_the_lock_the_real_book_overbooks(last_place, monkeypatch):
    # Control: the real book() with only its lock replaced by plain reads. Sixteen threads start together, so
    # several count the free place before any of them inserts: the slot is overbooked. That is what the lock
    # prevents. (A run can be lucky, so a few are tried; any overbooking shows the race is real.)
    from consultations.services import booking as booking_service

    def unlocked(slot):
        day = ConsultationDay.objects.select_related("office").get(pk=slot.day_id)
        return day, Slot.objects.get(pk=slot.pk)

    monkeypatch.setattr(booking_service, "_lock", unlocked)
    most = 0
    for _attempt in range(5):
        Booking.objects.filter(slot=last_place).delete()
        results, errors = race(last_place)
        assert set(errors) <= {"full"}
        most = max(most, Booking.objects.filter(slot=last_place).count())
        if most > 1:
            break
    assert most > 1  # overbooked: more than one booking for the one place


def test_one_address_racing_for_sixteen_slots_of_one_day_gets_one_booking(last_place):
    day = last_place.day
    slots = [last_place] + [
        Slot.objects.create(day=day, starts_at=last_place.starts_at + timedelta(minutes=30 * i),
                            ends_at=last_place.starts_at + timedelta(minutes=30 * (i + 1)))
        for i in range(1, THREADS)
    ]
    start = threading.Barrier(THREADS)
    outcomes = []

    def attempt(slot):
        try:
            start.wait(timeout=10)
            services.book(slot, name="Dieselbe", email="same@example.org")
            outcomes.append("booked")
        except services.AlreadyBookedThatDay:
            outcomes.append("refused")
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(slot,)) for slot in slots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["refused"] * (THREADS - 1)
    assert Booking.objects.filter(email="same@example.org").count() == 1
