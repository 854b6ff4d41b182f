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
    # Booking reminders (24 h before by default): a scan every minute claims what is due; see consultations.tasks.
    "consultations-send-due-reminders": {"task": "consultations.tasks.send_due_reminders", "schedule": 60.0},
    # Unconfirmed online holds lapse after CONSULTATION_HOLD_MINUTES; every 5 minutes they are freed and the
    # places offered to the waitlist (lapsed waitlist offers move on to the next person too).
    "consultations-expire-pending-holds": {"task": "consultations.tasks.expire_pending_holds", "schedule": 300.0},
    # Privacy: erase personal data of bookings CONSULTATION_ANONYMISE_AFTER_DAYS after their day, nightly.
    "consultations-anonymise-old-bookings": {
        "task": "consultations.tasks.anonymise_old_bookings",
        "schedule": crontab(hour=3, minute=15),
    },
    # Keep twelve months of first-Thursday days planned: on the 1st of each month, early morning.
    "consultations-plan-days": {
        "task": "consultations.tasks.plan_consultation_days",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
}


__all__ = ["app"]
