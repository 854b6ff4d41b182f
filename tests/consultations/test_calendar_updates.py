"""Finding 8 of issue 13 for the consultation bookings: the calendar entry follows the booking. Calendars are
read with a second parser (vobject), mails with Python's `email` package (policy.default)."""

from email import message_from_bytes, policy

import vobject
from django.core import mail
from django.urls import reverse

from consultations import services, tokens
from consultations.services import book
from ihk_office import outbox
from ihk_office.models import OutgoingMail


def calendar_of(category: str):
    """The calendar in the mail of `category`, as the person's mail program receives it."""
    queued = OutgoingMail.objects.get(category=category)
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    message = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
    assert message["Auto-Submitted"] == "auto-generated"
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    calendar = vobject.readOne(part.get_content())
    assert part.get_param("method") == calendar.method.value
    return calendar


def confirmed_booking(slot):
    booking = book(slot, name="Lena", email="lena@example.org", role="pupil", topic="career")
    services.confirm(booking=booking)
    return booking


def test_a_moved_booking_keeps_its_uid_with_a_higher_sequence_and_the_new_time(day, slot):
    booking = confirmed_booking(slot)
    later = day.slots.order_by("-starts_at").first()
    services.move(booking=booking, to_slot=later)

    first, moved = calendar_of("consultation-confirmed"), calendar_of("consultation-moved")
    assert moved.method.value == "PUBLISH"
    assert moved.vevent.uid.value == first.vevent.uid.value
    assert int(moved.vevent.sequence.value) > int(first.vevent.sequence.value)
    assert moved.vevent.dtstart.value == later.starts_at


def test_a_cancelled_booking_sends_a_calendar_cancellation(slot):
    booking = confirmed_booking(slot)
    services.cancel(booking=booking)

    first, cancelled = calendar_of("consultation-confirmed"), calendar_of("consultation-cancelled")
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"
    assert cancelled.vevent.uid.value == first.vevent.uid.value
    assert int(cancelled.vevent.sequence.value) > int(first.vevent.sequence.value)


def test_a_cancelled_day_sends_each_booked_person_a_calendar_cancellation(day, slot):
    confirmed_booking(slot)
    services.cancel_day(day=day)

    cancelled = calendar_of("consultation-day-cancelled")
    assert (cancelled.method.value, cancelled.vevent.status.value) == ("CANCEL", "CANCELLED")


def test_the_calendar_link_of_a_cancelled_booking_answers_with_the_cancellation_not_404(client, slot):
    booking = confirmed_booking(slot)
    services.cancel(booking=booking)

    response = client.get(reverse("consultations:manage_ics", args=[tokens.manage_token(booking.pk)]))

    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode())
    assert (calendar.method.value, calendar.vevent.status.value) == ("CANCEL", "CANCELLED")
