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
    # Every weekday morning at 7:00, before the office day starts: one mail per staff member listing the
    # follow-ups due today or overdue. Runs again harmlessly (the outbox key is person + day).
    "companies-follow-up-digest": {
        "task": "companies.tasks.send_follow_up_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
}


__all__ = ["app"]
