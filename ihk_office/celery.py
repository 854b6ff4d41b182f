"""The Celery app. Beat's schedule lives here, in one place, with the reason for each entry."""

import os

from celery import Celery
from celery.schedules import crontab  # noqa: F401  (for the entries below)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ihk_office.settings")

app = Celery("ihk_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Mails whose immediate hand-off to the broker failed (Redis down) or whose send failed and is due
    # for a retry: the outbox is the source of truth, this scan drains it.
    "send-pending-mail": {"task": "ihk_office.tasks.send_pending_mail", "schedule": 60.0},
    # Committee members are reminded two days before a meeting; every 15 minutes is close enough and the
    # scan claims each reminder once (Attendance.reminder_sent_at), so overlapping runs send nothing twice.
    "send-meeting-reminders": {"task": "committees.tasks.send_due_meeting_reminders", "schedule": 15 * 60.0},
}


__all__ = ["app"]
