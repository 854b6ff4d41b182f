"""The Celery app. Beat's schedule lives here, in one place, with the reason for each entry."""

import os

from celery import Celery
from celery.schedules import crontab  # noqa: F401  (for the entries below)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ihk_office.settings")

app = Celery("ihk_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _seconds(name: str, default: float) -> float:
    # Tests run beat with one-second scans; production keeps the defaults.
    return float(os.environ.get(name, default))


app.conf.beat_schedule = {
    # Mails whose immediate hand-off to the broker failed (Redis down) or whose send failed and is due
    # for a retry: the outbox is the source of truth, this scan drains it. Every minute.
    "send-pending-mail": {
        "task": "ihk_office.tasks.send_pending_mail",
        "schedule": _seconds("OUTBOX_SCAN_SECONDS", 60),
        # A scan that is still queued when the next one is due is dropped, not piled up.
        "options": {"expires": _seconds("OUTBOX_SCAN_SECONDS", 60)},
    },
    # Committee members are reminded two days before a meeting; every 15 minutes is close enough and the
    # scan claims each reminder once (Attendance.reminder_sent_at), so overlapping runs send nothing twice.
    "send-meeting-reminders": {
        "task": "committees.tasks.send_due_meeting_reminders",
        "schedule": _seconds("REMINDER_SCAN_SECONDS", 15 * 60),
        "options": {"expires": _seconds("REMINDER_SCAN_SECONDS", 15 * 60)},
    },
}


__all__ = ["app"]
