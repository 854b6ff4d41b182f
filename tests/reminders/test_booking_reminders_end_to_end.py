"""Booking reminders and confirmations through PostgreSQL, Redis, real Celery worker/beat processes and SMTP.

The worker and beat run as separate processes against this test's database; beat scans every second.
Reminders are due 24 hours before a slot (the default); the slots here start in a few hours, and the
bookings are dated back to before their due time, as if they had been made a week ago.
"""

import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Booking, ConsultationDay, Slot
from ihk_office.models import OutgoingMail

from ..factories import OfficeFactory
from ..fixtures_services import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def reminder_keys(sink):
    return [key for key in sink.keys() if key.startswith("booking-reminder:")]


@pytest.fixture
def soon_day():
    """A consultation day whose slots start three hours from now (in the office's time zone)."""
    office = OfficeFactory()
    start = (timezone.now() + timedelta(hours=3)).astimezone(office.tz).replace(second=0, microsecond=0)
    day = ConsultationDay.objects.create(office=office, date=start.date())
    for index in range(40):
        slot_start = start + timedelta(minutes=index)
        Slot.objects.create(day=day, starts_at=slot_start, ends_at=slot_start + timedelta(minutes=30), capacity=1)
    return day


def booked_a_week_ago(slot, n):
    booking = services.book(slot, name=f"Person {n}", email=f"person{n}@example.org", phone="02324 1", source="phone")
    Booking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - timedelta(days=7))
    return booking


def test_a_booking_that_falls_due_is_reminded_exactly_once(real_celery, celery_processes, smtp_sink, soon_day):
    booking = booked_a_week_ago(soon_day.slots.order_by("starts_at").first(), 1)
    celery_processes.worker()
    celery_processes.beat()
    wait_for(lambda: reminder_keys(smtp_sink), timeout=40, message="the reminder at the SMTP server")
    time.sleep(3)  # three more scans
    assert reminder_keys(smtp_sink) == [f"booking-reminder:{booking.pk}:{booking.slot.starts_at.isoformat()}"]
    message = next(m for m in smtp_sink.messages if m["X-IHK-Mail-Key"].startswith("booking-reminder:"))
    assert message["To"] == "person1@example.org"
    body = message.get_payload(decode=True).decode()
    assert "Im Bruchfeld 17" in body
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


def test_two_workers_and_two_beats_remind_each_booking_once_none_cancelled_and_moved_ones_of_the_new_time(
    real_celery, celery_processes, smtp_sink, soon_day
):
    slots = list(soon_day.slots.order_by("starts_at"))
    bookings = [booked_a_week_ago(slot, n) for n, slot in enumerate(slots[:30])]
    cancelled, moved = bookings[0], bookings[1]
    services.cancel(booking=cancelled)
    moved = services.move(booking=moved, to_slot=slots[35])
    expected = {
        f"booking-reminder:{b.pk}:{Booking.objects.get(pk=b.pk).slot.starts_at.isoformat()}"
        for b in bookings[1:]
    }

    celery_processes.worker(concurrency=2)
    celery_processes.worker(concurrency=2)
    celery_processes.beat()
    celery_processes.beat()
    wait_for(lambda: len(reminder_keys(smtp_sink)) >= 29, timeout=60, message="29 reminders")
    time.sleep(4)

    keys = reminder_keys(smtp_sink)
    assert len(keys) == 29 and set(keys) == expected  # exactly once each
    assert not any(key.startswith(f"booking-reminder:{cancelled.pk}:") for key in keys)
    new_time = timezone.localtime(slots[35].starts_at).strftime("%H:%M")
    moved_key = f"booking-reminder:{moved.pk}:"
    moved_message = next(m for m in smtp_sink.messages if m["X-IHK-Mail-Key"].startswith(moved_key))
    assert new_time in moved_message.get_payload(decode=True).decode()


def test_with_redis_down_a_booking_is_saved_the_person_sees_success_and_the_mail_comes_later(
    real_celery, celery_processes, smtp_sink, own_redis, client
):
    office = OfficeFactory()
    next_week = timezone.localdate() + timedelta(days=7)
    day = ConsultationDay.objects.create(office=office, date=next_week)
    start = datetime.combine(next_week, clock(13), tzinfo=office.tz)
    slot = Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=30), capacity=1)

    own_redis.stop()
    started = time.monotonic()
    response = client.post(
        reverse("consultations:book", args=[slot.pk]),
        {"slot": slot.pk, "name": "Lena Hoffmann", "email": "lena@example.org", "phone": "", "role": "pupil",
         "school_or_company": "Gesamtschule", "school_year": "9", "topic": "career", "question": "Handel?",
         "privacy": "on", "website": ""},
    )
    assert time.monotonic() - started < 8  # a dead broker does not hang the request
    assert response.status_code == 302
    assert "Bitte prüfen Sie Ihre E-Mails" in client.get(response["Location"]).content.decode()
    assert Booking.objects.filter(email="lena@example.org").exists()
    assert OutgoingMail.objects.get(to=["lena@example.org"]).status == OutgoingMail.Status.PENDING

    own_redis.start()
    celery_processes.worker()
    celery_processes.beat()
    wait_for(lambda: smtp_sink.count() == 1, timeout=40, message="the confirmation mail after Redis came back")
    time.sleep(2)
    assert smtp_sink.count() == 1
    assert smtp_sink.messages[0]["To"] == "lena@example.org"


def test_a_redis_flushed_of_its_queue_loses_no_reminder(real_celery, celery_processes, smtp_sink, own_redis, soon_day):
    booking = booked_a_week_ago(soon_day.slots.order_by("starts_at").first(), 1)
    own_redis.flushall()  # whatever was queued is gone; the reminder lives in the database
    celery_processes.worker()
    celery_processes.beat()
    wait_for(lambda: reminder_keys(smtp_sink), timeout=40, message="the reminder")
    assert reminder_keys(smtp_sink) == [f"booking-reminder:{booking.pk}:{booking.slot.starts_at.isoformat()}"]




def test_a_worker_killed_while_sending_a_reminder_leaves_it_to_another_and_it_arrives_once(
    real_celery, celery_processes, smtp_sink, soon_day
):
    import os
    import signal

    booking = booked_a_week_ago(soon_day.slots.order_by("starts_at").first(), 1)
    smtp_sink.stall_rcpt_seconds = 30
    first = celery_processes.worker()
    celery_processes.beat()
    assert smtp_sink.rcpt_seen.wait(30), celery_processes.logs()
    os.killpg(first.pid, signal.SIGKILL)  # the reminder is stamped and leased, its SMTP conversation cut off
    first.wait(timeout=10)
    smtp_sink.stall_rcpt_seconds = 0

    celery_processes.worker()
    # Once the dead worker's lease has run out (4 s here), the outbox scan sends the reminder.
    wait_for(lambda: reminder_keys(smtp_sink), timeout=60, message="the reminder from the second worker")
    time.sleep(3)
    assert reminder_keys(smtp_sink) == [f"booking-reminder:{booking.pk}:{booking.slot.starts_at.isoformat()}"]
