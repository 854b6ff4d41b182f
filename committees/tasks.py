"""Thin Celery tasks: they call the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_due_meeting_reminders() -> int:
    # Safe to run twice at once: each reminder is claimed by a conditional UPDATE of reminder_sent_at.
    return services.send_due_meeting_reminders()
