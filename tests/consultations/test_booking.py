"""The booking service: holds, confirmation, capacity, one booking per address and day, held-back places."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from consultations import services
from consultations.models import Booking, ConsultationDay
from consultations.services import SlotFull, book
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory
from .conftest import NOW


def test_an_online_booking_is_held_pending_and_mails_the_confirmation_link(slot):
    booking = book(slot, name="Lena", email="Lena@Example.org", role="pupil", topic="career")
    assert booking.status == Booking.Status.PENDING
    assert booking.email == "lena@example.org"
    assert booking.hold_expires_at == NOW + timedelta(minutes=120)
    mail = OutgoingMail.objects.get(key=f"booking-confirm-link:{booking.pk}")
    assert "/sprechtag/bestaetigen/" in mail.body and mail.to == ["lena@example.org"]


def test_a_phone_booking_is_confirmed_at_once_and_records_who_entered_it(slot, staff_user):
    booking = book(slot, name="Herr Yılmaz", phone="0171 1234567", source="phone", entered_by=staff_user)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.entered_by == staff_user
    assert not OutgoingMail.objects.exists()  # no address, no mail


def test_a_pending_hold_counts_against_capacity_until_it_expires(slot, frozen):
    book(slot, name="A", email="a@example.org")
    with pytest.raises(SlotFull):
        book(slot, name="B", email="b@example.org")
    frozen.shift(timedelta(minutes=121))
    assert services.expire_holds() == 1
    assert book(slot, name="B", email="b@example.org").status == Booking.Status.PENDING


def test_a_lapsed_hold_frees_the_place_even_before_the_periodic_task_ran(slot, frozen):
    book(slot, name="A", email="a@example.org")
    frozen.shift(timedelta(minutes=121))
    assert book(slot, name="B", email="b@example.org")


def test_booking_the_last_place_twice_refuses_the_second(slot):
    book(slot, name="A", phone="1", source="phone")
    with pytest.raises(SlotFull):
        book(slot, name="B", phone="2", source="phone")
    assert slot.bookings.count() == 1


def test_confirming_works_once(slot):
    booking = book(slot, name="A", email="a@example.org")
    assert services.confirm(booking=booking) is True
    assert services.confirm(booking=booking) is False
    assert OutgoingMail.objects.filter(category="consultation-confirmed").count() == 1
    mail = OutgoingMail.objects.get(category="consultation-confirmed")
    assert mail.attachments[0]["mimetype"] == "text/calendar"
    assert "BEGIN:VEVENT" in mail.attachments[0]["content"]
    assert "Im Bruchfeld 17" in mail.body and "/sprechtag/buchung/" in mail.body


def test_a_lapsed_hold_cannot_be_confirmed(slot, frozen):
    booking = book(slot, name="A", email="a@example.org")
    frozen.shift(timedelta(minutes=121))
    assert services.confirm(booking=booking) is False


def test_one_address_cannot_hold_two_bookings_on_the_same_day(day):
    first, second = day.slots.order_by("starts_at")[:2]
    book(first, name="A", email="a@example.org")
    with pytest.raises(services.AlreadyBookedThatDay):
        book(second, name="A", email="A@example.org")


def test_the_database_refuses_two_active_bookings_of_one_address_for_one_person_on_one_day(day):
    first, second = day.slots.order_by("starts_at")[:2]
    BookingFactory(slot=first, day=day, email="a@example.org", name="Anna Berg")
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(slot=second, day=day, email="a@example.org", name="anna berg")
    # A cancelled one does not count.
    Booking.objects.update(status="cancelled")
    BookingFactory(slot=second, day=day, email="a@example.org", name="Anna Berg")


def test_the_cap_on_active_bookings_per_address(office, frozen, settings):
    settings.CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL = 2
    days = [ConsultationDayFactory(office=office, date=date(2026, 12, 3) + timedelta(days=7 * i)) for i in range(3)]
    book(days[0].slots.first(), name="A", email="a@example.org")
    book(days[1].slots.first(), name="A", email="a@example.org")
    with pytest.raises(services.TooManyBookings):
        book(days[2].slots.first(), name="A", email="a@example.org")


def test_past_slots_and_cancelled_days_cannot_be_booked(day, frozen):
    slot = day.slots.first()
    services.cancel_day(day=day)
    with pytest.raises(services.SlotNotBookable):
        book(slot, name="A", email="a@example.org")
    other = ConsultationDayFactory(office=day.office, date=date(2026, 11, 26))
    frozen.move_to(NOW + timedelta(hours=8))  # 18:00, every slot of that day is over
    with pytest.raises(services.SlotNotBookable):
        book(other.slots.first(), name="A", email="a@example.org")


def test_held_back_places_are_not_offered_online_until_their_release(office, frozen):
    day = ConsultationDayFactory(office=office, date=date(2026, 12, 17), slots=2, held_back_places=1,
                                 release_days_before=3)
    first, second = day.slots.order_by("starts_at")
    book(first, name="A", email="a@example.org")
    with pytest.raises(SlotFull):
        book(second, name="B", email="b@example.org")
    # Staff may still give it by phone.
    assert book(second, name="C", phone="1", source="phone").status == "confirmed"


def test_held_back_places_are_released_a_few_days_before(office, frozen):
    day = ConsultationDayFactory(office=office, date=date(2026, 12, 17), slots=2, held_back_places=1,
                                 release_days_before=3)
    first, second = day.slots.order_by("starts_at")
    book(first, name="A", email="a@example.org")
    frozen.move_to(NOW + timedelta(days=18))  # 14 December, three days before
    assert book(second, name="B", email="b@example.org")


def test_cancelling_frees_the_place_and_mails(slot):
    booking = book(slot, name="A", email="a@example.org")
    services.confirm(booking=booking)
    assert services.cancel(booking=booking) is True
    assert services.cancel(booking=booking) is False
    assert OutgoingMail.objects.filter(key=f"booking-cancelled:{booking.pk}").count() == 1
    assert book(slot, name="B", email="b@example.org")


def test_moving_a_booking_resets_its_reminder_and_mails_the_new_time(day):
    first, second = day.slots.order_by("starts_at")[:2]
    booking = book(first, name="A", email="a@example.org")
    services.confirm(booking=booking)
    Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=NOW)
    moved = services.move(booking=booking, to_slot=second)
    assert moved.slot == second and moved.reminder_sent_at is None
    assert OutgoingMail.objects.filter(category="consultation-moved").count() == 1
    assert book(first, name="B", email="b@example.org")


def test_moving_to_a_full_slot_is_refused(day):
    first, second = day.slots.order_by("starts_at")[:2]
    booking = book(first, name="A", email="a@example.org")
    book(second, name="B", phone="1", source="phone")
    with pytest.raises(SlotFull):
        services.move(booking=booking, to_slot=second)


def test_cancelling_a_day_cancels_its_bookings_and_tells_everyone_with_an_address(day):
    first, second, third = day.slots.order_by("starts_at")[:3]
    a = book(first, name="A", email="a@example.org")
    book(second, name="B", email="b@example.org")
    book(third, name="C", phone="1", source="phone")
    assert services.cancel_day(day=day) == 3
    assert ConsultationDay.objects.get(pk=day.pk).is_cancelled
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert OutgoingMail.objects.filter(category="consultation-day-cancelled").count() == 2
    assert OutgoingMail.objects.filter(key=f"day-cancelled:{day.pk}:{a.pk}").exists()


def test_changing_a_days_times_keeps_booked_slots(day):
    from datetime import time

    from django.core.exceptions import ValidationError

    last = day.slots.order_by("starts_at").last()  # 16:30
    book(last, name="A", phone="1", source="phone")
    with pytest.raises(ValidationError):
        services.change_day(day=day, starts_at=time(13), ends_at=time(15), slot_minutes=30, capacity=1,
                            held_back_places=0, release_days_before=3)
    services.change_day(day=day, starts_at=time(13), ends_at=time(18), slot_minutes=30, capacity=2,
                        held_back_places=1, release_days_before=3)
    assert day.slots.count() == 10 and {s.capacity for s in day.slots.all()} == {2}


def test_a_lapsed_hold_can_be_neither_moved_nor_changed(day, frozen):
    first, second = day.slots.order_by("starts_at")[:2]
    booking = book(first, name="A", email="a@example.org")
    frozen.shift(timedelta(minutes=121))
    booking.refresh_from_db()
    assert not booking.can_be_changed
    with pytest.raises(services.SlotNotBookable):
        services.move(booking=booking, to_slot=second)
