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
    # Privacy: sent mails carry names and addresses; they go OUTBOX_RETENTION_DAYS after sending. Nightly.
    "purge-old-mail": {"task": "ihk_office.tasks.purge_old_mail", "schedule": crontab(hour=3, minute=45)},
    # Committee members are reminded two days before a meeting; every 15 minutes is close enough and the
    # scan claims each reminder once (Attendance.reminder_sent_at), so overlapping runs send nothing twice.
    "send-meeting-reminders": {
        "task": "committees.tasks.send_due_meeting_reminders",
        "schedule": _seconds("REMINDER_SCAN_SECONDS", 15 * 60),
        "options": {"expires": _seconds("REMINDER_SCAN_SECONDS", 15 * 60)},
    },
    # Booking reminders (24 h before by default): a scan every minute claims what is due; see consultations.tasks.
    "consultations-send-due-reminders": {
        "task": "consultations.tasks.send_due_reminders",
        "schedule": _seconds("REMINDER_SCAN_SECONDS", 60),
        "options": {"expires": _seconds("REMINDER_SCAN_SECONDS", 60)},
    },
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
    # Event reminders the day before (EVENT_REMINDER_LEAD_HOURS): the shared scan claims each one once.
    "events-send-due-reminders": {"task": "events.tasks.send_due_reminders",
                                  "schedule": _seconds("REMINDER_SCAN_SECONDS", 15 * 60)},
    # Unconfirmed event registrations and lapsed waitlist offers free their places; the next waiting get offers.
    "events-expire-pending": {"task": "events.tasks.expire_pending", "schedule": 300.0},
    # Every weekday morning at 7:00, before the office day starts: one mail per staff member listing the
    # follow-ups due today or overdue. Runs again harmlessly (the outbox key is person + day).
    "companies-follow-up-digest": {
        "task": "companies.tasks.send_follow_up_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
}


__all__ = ["app"]
