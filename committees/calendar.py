"""iCalendar output: one meeting for invitations, and a member's private feed of their committees' meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

DEFAULT_LENGTH = timedelta(hours=2)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//IHK-Regionalbüro Hattingen//Gremien//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _event(meeting: Meeting) -> Event:
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    event.add("uid", f"committee-meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.calendar_sequence)  # raised on every change members were told of
    event.add("summary", f"{meeting.committee.short_name}: {meeting.title}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", settings.SITE_URL + reverse("committees:meeting_detail", args=[meeting.pk]))
    event.add("status", "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED")
    return event


def meeting_ics(meeting: Meeting) -> str:
    """One meeting; once it is cancelled, a cancellation (METHOD:CANCEL) that removes the imported entry."""
    cal = _calendar(meeting.committee.name)
    cal.add("method", "CANCEL" if meeting.state == Meeting.State.CANCELLED else "PUBLISH")
    cal.add_component(_event(meeting))
    return cal.to_ical().decode()


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> str:
    """Tentative meetings are left out: a calendar entry needs a day and a time."""
    cal = _calendar(name)
    for meeting in meetings:
        if meeting.state != Meeting.State.TENTATIVE:
            cal.add_component(_event(meeting))
    return cal.to_ical().decode()
