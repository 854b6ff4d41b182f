"""The reminder the day before goes through the shared scan: once per registration, never for cancelled ones or
cancelled events, and running the scan twice sends nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events import services, tasks
from ihk_office.models import OutgoingMail

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_day_before_each_confirmed_registration_is_reminded_once(office, settings):
    settings.EVENT_REMINDER_LEAD_HOURS = 24
    event = make_event(office, starts_in=timedelta(days=5))
    anna = services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
    bernd = services.register(event, name="Bernd Kaiser", email="bernd@example.org", source="phone")
    services.register(event, name="Carla ohne Mail", source="phone")
    services.register(event, name="Dora Unbestätigt", email="dora@example.org")  # pending: no reminder
    services.cancel(registration=bernd)
    other = make_event(office, starts_in=timedelta(days=5), title="Abgesagt")
    services.register(other, name="Egon Egal", email="egon@example.org", source="phone")
    services.cancel_event(event=other)

    too_early = event.starts_at - timedelta(hours=25)
    assert tasks.send_due_reminders(now=too_early) == 0
    due = event.starts_at - timedelta(hours=23)
    assert tasks.send_due_reminders(now=due) == 1
    assert tasks.send_due_reminders(now=due + timedelta(minutes=5)) == 0

    (reminder,) = OutgoingMail.objects.filter(category="event-reminder")
    assert reminder.to == [anna.email] and reminder.status == "sent"
    assert reminder.subject.startswith("Erinnerung: Informationsabend Unternehmensnachfolge")
    assert "/veranstaltungen/anmeldung/" in reminder.body


def test_a_registration_made_within_the_lead_time_gets_no_separate_reminder(office):
    event = make_event(office, starts_in=timedelta(hours=10))
    services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
    assert tasks.send_due_reminders() == 0
