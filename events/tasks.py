"""Periodic event jobs. Thin: each calls a service; beat entries are in ihk_office/celery.py.

Reminder semantics (`send_due_reminders`): a confirmed registration with an address is reminded once,
EVENT_REMINDER_LEAD_HOURS (24 by default) before the start, if it was made before that moment (a later one
already got everything in its confirmation). The shared scan (`ihk_office.reminders.send_due`) claims each row
through `reminder_sent_at` and queues the mail under `event-reminder:{pk}:{start}`: running it twice sends one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from ihk_office.reminders import send_due

from . import conf, mails, services
from .models import Event, Registration


def reminder_candidates(now: datetime):
    lead = timedelta(hours=conf.get("EVENT_REMINDER_LEAD_HOURS"))
    return (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=Event.Status.PLANNED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + lead,
            created_at__lt=F("event__starts_at") - lead,
        )
        .exclude(email="")
        .select_related("event__office", "event__room")
        .order_by("event__starts_at", "pk")
    )


@shared_task(acks_late=True, ignore_result=True)
def send_due_reminders(now: datetime | str | None = None) -> int:
    """Send every event reminder that is due; returns how many were sent."""
    moment = datetime.fromisoformat(now) if isinstance(now, str) else (now or timezone.now())
    return send_due(reminder_candidates(moment), compose=mails.compose_reminder, stamp_field="reminder_sent_at",
                    now=moment)


@shared_task(acks_late=True, ignore_result=True)
def expire_pending() -> int:
    return services.expire_holds()
