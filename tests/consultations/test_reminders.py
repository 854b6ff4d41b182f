"""`send_due_reminders`: due 24 h before the slot, once, not for cancelled bookings, again after a move."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from consultations import services
from consultations.models import Booking
from consultations.tasks import reminder_candidates, send_due_reminders
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory
from .conftest import NOW

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def booking(day):
    # Booked a week before, slot on 3 December at 13:00 (reminder due 2 December, 13:00).
    return BookingFactory(slot=day.slots.order_by("starts_at").first(), day=day, email="a@example.org",
                          created_at=NOW)


def reminders():
    return OutgoingMail.objects.filter(category="consultation-reminder")


def test_nothing_is_sent_before_the_reminder_is_due(booking, frozen):
    frozen.move_to(booking.slot.starts_at - timedelta(hours=24, minutes=1))
    assert send_due_reminders() == 0


def test_running_twice_sends_one_reminder(booking, frozen):
    frozen.move_to(booking.slot.starts_at - timedelta(hours=23))
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    mail = reminders().get()
    assert mail.key == f"booking-reminder:{booking.pk}:{booking.slot.starts_at.isoformat()}"
    assert "13:00 Uhr" in mail.body
    assert "Im Bruchfeld 17, 2. Etage, HWG-Gebäude" in mail.body
    assert "Bitte mitbringen" in mail.body and "/sprechtag/buchung/" in mail.body
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


def test_a_cancelled_booking_gets_no_reminder(booking, frozen):
    services.cancel(booking=booking)
    frozen.move_to(booking.slot.starts_at - timedelta(hours=2))
    assert send_due_reminders() == 0


def test_a_pending_booking_gets_no_reminder(booking, frozen):
    Booking.objects.filter(pk=booking.pk).update(status="pending", hold_expires_at=NOW + timedelta(days=30))
    frozen.move_to(booking.slot.starts_at - timedelta(hours=2))
    assert send_due_reminders() == 0


def test_a_moved_booking_is_reminded_of_its_new_time(booking, day, office, frozen):
    frozen.move_to(booking.slot.starts_at - timedelta(hours=23))
    assert send_due_reminders() == 1
    later_day = ConsultationDayFactory(office=office, date=date(2026, 12, 10))
    new_slot = later_day.slots.order_by("starts_at")[2]  # 14:00
    services.move(booking=booking, to_slot=new_slot)
    frozen.move_to(new_slot.starts_at - timedelta(hours=20))
    assert send_due_reminders() == 1
    assert reminders().count() == 2
    latest = reminders().get(key__endswith=new_slot.starts_at.isoformat())
    assert "14:00 Uhr" in latest.body and "10. Dezember 2026" in latest.body


def test_a_booking_made_after_the_reminder_point_gets_none(day, frozen):
    slot = day.slots.order_by("starts_at").first()
    frozen.move_to(slot.starts_at - timedelta(hours=3))
    BookingFactory(slot=slot, day=day, created_at=slot.starts_at - timedelta(hours=3))
    assert send_due_reminders() == 0


def test_no_reminder_after_the_slot_started(booking, frozen):
    frozen.move_to(booking.slot.starts_at + timedelta(minutes=1))
    assert send_due_reminders() == 0


def test_the_lead_time_is_a_setting(booking, frozen, settings):
    settings.CONSULTATION_REMINDER_LEAD_HOURS = 48
    frozen.move_to(booking.slot.starts_at - timedelta(hours=47))
    assert list(reminder_candidates(booking.slot.starts_at - timedelta(hours=47))) == [booking]
    assert send_due_reminders() == 1


def test_the_scan_takes_an_explicit_moment(booking):
    due = booking.slot.starts_at - timedelta(hours=23)
    assert send_due_reminders(now=due - timedelta(hours=2)) == 0
    assert send_due_reminders(now=due) == 1
    assert send_due_reminders(now=due.isoformat()) == 0


def test_a_person_who_booked_on_the_english_pages_gets_every_mail_in_english(day, frozen, client):
    from django.urls import reverse

    from .test_public_views import FORM

    slot = day.slots.order_by("starts_at").first()
    response = client.post("/en" + reverse("consultations:book", args=[slot.pk]), {**FORM, "slot": slot.pk})
    assert response.status_code == 302
    booking = Booking.objects.get(email=FORM["email"])
    assert booking.language == "en"
    confirm = OutgoingMail.objects.get(category="consultation-confirm-link")
    assert confirm.subject == "Please confirm: your appointment at the training consultation day"
    with translation.override("de"):  # confirmed by the link, whatever the language of that page
        services.confirm(booking=booking)
    assert "Thursday" in OutgoingMail.objects.get(category="consultation-confirmed").subject
    # The reminder is written by a worker, whose own language is German.
    frozen.move_to(slot.starts_at - timedelta(hours=23))
    with translation.override("de"):
        assert send_due_reminders() == 1
    reminder = reminders().get()
    assert reminder.subject.startswith("Reminder: your appointment")
    assert "Uhr" not in reminder.subject and "Donnerstag" not in reminder.body
    assert "Please bring: your latest school report" in reminder.body


def test_a_booking_made_on_the_german_pages_or_by_phone_gets_german_mails(booking, frozen):
    assert booking.language == "de"
    frozen.move_to(booking.slot.starts_at - timedelta(hours=23))
    send_due_reminders()
    assert reminders().get().subject.startswith("Erinnerung: Ihr Termin")
