"""The events' calendar files (iCalendar), one helper for every .ics of this app.

One UID per event: every registrant's calendar holds the same entry, so a cancellation (METHOD:CANCEL,
STATUS:CANCELLED, a higher SEQUENCE) replaces it wherever it was imported.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def place_text(event: Event) -> str:
    office = event.office
    parts = []
    if event.room_id:
        parts.append(event.room.name)
        if event.room.address:
            parts.append(event.room.address)
            return ", ".join(parts)
    parts += [office.name, office.street]
    if office.location_note:
        parts.append(office.location_note)
    parts.append(f"{office.postcode} {office.city}")
    return ", ".join(parts)


def uid(event: Event) -> str:
    return f"event-{event.pk}@{settings.SITE_URL.split('://', 1)[-1]}"


def event_calendar(event: Event, *, link: str = "") -> str:
    """The event as an .ics: METHOD:PUBLISH while it is planned, METHOD:CANCEL once it is cancelled."""
    calendar = Calendar()
    calendar.add("prodid", "-//IHK-Regionalbüro//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.is_cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", uid(event))
    entry.add("dtstamp", timezone.now())
    entry.add("sequence", event.sequence)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("location", place_text(event))
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    description = event.description
    if link:
        note = _("Anmeldung ansehen oder ändern: %(link)s") % {"link": link}
        description = f"{description}\n\n{note}".strip()
    if description:
        entry.add("description", description)
    calendar.add_component(entry)
    return calendar.to_ical().decode()


def attachment(event: Event, *, link: str = "") -> dict:
    """The .ics as an outbox attachment."""
    return {"filename": "veranstaltung.ics", "content": event_calendar(event, link=link),
            "mimetype": "text/calendar"}
