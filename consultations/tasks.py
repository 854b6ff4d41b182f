"""Periodic consultation jobs. Thin: each calls a service; beat entries are in ihk_office/celery.py.

Reminder semantics (`send_due_reminders`), relied on by the end-to-end tests:

- A booking's reminder is due at `slot.starts_at - CONSULTATION_REMINDER_LEAD_HOURS` (default 24 h).
- Candidates: status "confirmed", due time passed (`starts_at - lead <= now`), slot still in the future
  (`starts_at > now`), `reminder_sent_at IS NULL`, and the booking was created before its due time
  (a booking made within the lead time already got all it needs in its confirmation mail).
- Each candidate is claimed with a conditional UPDATE of `reminder_sent_at` and its mail queued under the key
  `booking-reminder:{pk}:{slot start ISO}` in one transaction (`ihk_office.reminders.send_due`); running the
  scan twice sends one mail. A move resets `reminder_sent_at`, and the new start gives a new key, so a moved
  booking is reminded of its new time. Cancelled bookings are not candidates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from ihk_office.reminders import ReminderMail, send_due

from . import mails, services
from .models import Booking


def reminder_candidates(now: datetime):
    """Bookings whose reminder is due at `now` and not yet sent (the module docstring has the rules)."""
    lead = timedelta(hours=settings.CONSULTATION_REMINDER_LEAD_HOURS)
    # starts_at - lead <= now is written as starts_at <= now + lead, so an index on starts_at can serve it.
    return (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + lead,
            created_at__lt=F("slot__starts_at") - lead,
        )
        .exclude(email="")
        .select_related("slot__day__office")
        .order_by("slot__starts_at", "pk")
    )


def compose_reminder(booking: Booking) -> ReminderMail:
    subject, body = mails.send_reminder_text(booking)
    return ReminderMail(
        key=f"booking-reminder:{booking.pk}:{booking.slot.starts_at.isoformat()}",
        to=[booking.email],
        subject=subject,
        body=body,
        category="consultation-reminder",
    )


@shared_task(acks_late=True, ignore_result=True)
def send_due_reminders(now: datetime | str | None = None) -> int:
    """Send every reminder that is due; returns how many were sent (see the module docstring).

    `now` (a datetime, or its ISO text when it comes through the broker) is for tests; by default the clock.
    """
    moment = datetime.fromisoformat(now) if isinstance(now, str) else (now or timezone.now())
    return send_due(reminder_candidates(moment), compose=compose_reminder, stamp_field="reminder_sent_at",
                    now=moment)


@shared_task(acks_late=True, ignore_result=True)
def expire_pending_holds() -> int:
    return services.expire_holds()


@shared_task(acks_late=True, ignore_result=True)
def anonymise_old_bookings() -> int:
    return services.anonymise_old_bookings()


@shared_task(acks_late=True, ignore_result=True)
def plan_consultation_days() -> int:
    from ihk_office.models import Office

    created = 0
    for office in Office.objects.with_calendar():
        entries = services.plan_days(office=office, start=timezone.localdate(),
                                     months=settings.CONSULTATION_PLAN_MONTHS)
        created += sum(1 for entry in entries if entry.action == "create")
    return created
