"""The shared reminder scan (ihk_office.reminders.send_due), through the booking reminders that use it."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from consultations.models import Booking
from consultations.tasks import reminder_candidates, send_due_reminders
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory


def due_bookings(count, *, office=None):
    start = timezone.now() + timedelta(hours=3)
    day = ConsultationDayFactory(date=timezone.localdate(start), slots=0, **({"office": office} if office else {}))
    from consultations.models import Slot

    slot = Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=30), capacity=count)
    bookings = [BookingFactory(slot=slot, day=day) for _ in range(count)]
    Booking.objects.update(created_at=timezone.now() - timedelta(days=7))
    return bookings


def test_a_scan_sends_every_due_reminder_once_in_batches(db):
    due_bookings(7)
    from consultations.tasks import compose_reminder
    from ihk_office import reminders

    sent = reminders.send_due(reminder_candidates(timezone.now()), compose=compose_reminder,
                              stamp_field="reminder_sent_at", batch_size=3)
    assert sent == 7 and len(mail.outbox) == 7
    assert send_due_reminders() == 0
    assert OutgoingMail.objects.filter(status="sent").count() == 7


def test_a_reset_stamp_does_not_send_the_same_reminder_twice(db):
    (booking,) = due_bookings(1)
    assert send_due_reminders() == 1
    Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=None)  # someone resets it by mistake
    assert send_due_reminders() == 0
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_leaves_the_reminders_in_the_outbox_with_the_reason(db, settings):
    due_bookings(2)
    settings.EMAIL_BACKEND = "tests.ihk_office.test_outbox.RefusingBackend"
    assert send_due_reminders() == 0
    queued = OutgoingMail.objects.filter(category="consultation-reminder")
    assert queued.count() == 2
    assert all(m.status == "pending" and "451" in m.last_error for m in queued)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    import time_machine

    from ihk_office import outbox

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert outbox.send_pending() == 2
    assert len(mail.outbox) == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_eight_scans_at_once_on_postgresql_send_each_reminder_once(postgres):
    due_bookings(60)
    results, errors = [], []
    barrier = threading.Barrier(8)

    def scan():
        try:
            barrier.wait()
            results.append(send_due_reminders())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(results) == 60
    assert len(mail.outbox) == 60
    assert len({m.extra_headers["X-IHK-Mail-Key"] for m in mail.outbox}) == 60
