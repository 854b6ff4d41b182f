"""No overfilled training place on PostgreSQL: sixteen staff sessions place sixteen pupils with its last open place
at once; exactly one succeeds, the others are told clearly. Without the lock the database's constraint is all that
stands in the way, and the losers crash instead of being told."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, connections

from companies.models import Company, TrainingOccupation, TrainingPlace
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
    slot = Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=30), capacity=THREADS)
    # get_or_create: an earlier transactional test may have flushed the rows migration 0005 seeded.
    occupation, _ = TrainingOccupation.objects.get_or_create(name="Kaufmann/-frau im Einzelhandel")
    for index in range(THREADS):
        services.book(slot, name=f"Person {index}", phone=str(index), source="phone", wish=occupation)
    company = Company.objects.create(name="Modehaus Berger", district="mitte")
    return TrainingPlace.objects.create(company=company, occupation=occupation, start_year=day.date.year + 1,
                                        places=3, filled=2)


def race(place):
    start = threading.Barrier(THREADS)
    placed, refused, crashed = [], [], []
    bookings = list(Booking.objects.order_by("pk"))

    def attempt(booking):
        try:
            start.wait(timeout=10)
            services.place_booking(booking=booking, place=TrainingPlace(pk=place.pk))
            placed.append(booking.pk)
        except services.NoOpenPlace:
            refused.append(booking.pk)
        except Exception as exc:  # anything else fails the test below
            crashed.append(repr(exc))
        finally:
            connections.close_all()  # each thread closes its own connection

    threads = [threading.Thread(target=attempt, args=(booking,)) for booking in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return placed, refused, crashed


def test_sixteen_placements_racing_for_the_last_open_place_make_exactly_one(last_place):
    placed, refused, crashed = race(last_place)
    assert crashed == []
    assert len(placed) == 1 and len(refused) == THREADS - 1
    last_place.refresh_from_db()
    assert last_place.filled == 3
    assert Booking.objects.filter(placed_with=last_place).count() == 1


def test_without_the_lock_only_the_constraint_stops_the_race_and_the_losers_crash(last_place, monkeypatch):
    # Control: the real place_booking() with the place's lock replaced by a plain read. Several threads see the
    # open place before any of them commits; the database's check (filled <= places) refuses the second raise of
    # the count, as an IntegrityError: the page would answer 500 instead of "no place left". (A run can be lucky,
    # so a few are tried.)
    from consultations.services import placement

    monkeypatch.setattr(placement, "_lock_place", lambda pk: TrainingPlace.objects.get(pk=pk))
    crashes = 0
    for _attempt in range(5):
        Booking.objects.update(placed_with=None, placed_at=None)
        TrainingPlace.objects.filter(pk=last_place.pk).update(filled=2)
        placed, _refused, crashed = race(last_place)
        assert len(placed) == 1  # the constraint still holds the line
        crashes = len(crashed)
        if crashes:
            assert all("IntegrityError" in crash for crash in crashed)
            break
    assert crashes > 0
