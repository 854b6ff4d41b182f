"""Every consultation mail, the calendar file, and the links in them.

The texts are templates, `templates/mails/consultation_<name>_subject.txt` and `_body.txt`, rendered in the
language of the person they are for (`in_their_language`). Every mail goes through
`ihk_office.outbox.queue_mail` with a stable key, so a retried request or task never sends a second copy.
Links are built from `settings.SITE_URL` and carry signed tokens only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ihk_office.mails import render_mail as render_mail_template
from ihk_office.outbox import queue_mail

from . import tokens
from .models import Booking, Slot, WaitlistEntry


def in_their_language(compose):
    """Write the mail in the language of its first argument (a booking or waitlist entry): the language the
    person used the pages in, not the one of whoever or whatever (staff, a Celery worker) sends it."""

    @wraps(compose)
    def wrapper(record, *args, **kwargs):
        with translation.override(getattr(record, "language", "") or settings.LANGUAGE_CODE):
            return compose(record, *args, **kwargs)

    return wrapper


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def manage_link(booking: Booking) -> str:
    return site_link(reverse("consultations:manage", args=[tokens.manage_token(booking.pk)]))


def confirm_link(booking: Booking) -> str:
    return site_link(reverse("consultations:confirm", args=[tokens.confirm_token(booking.pk)]))


def offer_link(entry: WaitlistEntry, slot: Slot) -> str:
    return site_link(reverse("consultations:offer", args=[tokens.offer_token(entry.pk, slot.pk)]))


def waitlist_confirm_link(entry: WaitlistEntry) -> str:
    return site_link(reverse("consultations:waitlist_confirm", args=[tokens.waitlist_confirm_token(entry.pk)]))


def waitlist_leave_link(entry: WaitlistEntry) -> str:
    return site_link(reverse("consultations:waitlist_leave", args=[tokens.waitlist_leave_token(entry.pk)]))


def when_text(slot: Slot) -> str:
    return _when(slot.starts_at)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(date)s um %(time)s Uhr") % {"date": date_format(local, _("l, j. F Y")), "time": local.strftime("%H:%M")}


def place_text(office) -> str:
    """"IHK-Regionalbüro Hattingen, Im Bruchfeld 17, 2. Etage, HWG-Gebäude, 45525 Hattingen"."""
    parts = [office.name, office.street]
    if office.location_note:
        parts.append(office.location_note)
    parts.append(f"{office.postcode} {office.city}")
    return ", ".join(parts)


def ics_attachment(booking: Booking) -> dict:
    """The appointment as an iCalendar file (one event, with the place and the manage link). One UID per
    booking; a move raises SEQUENCE, a cancellation sends METHOD:CANCEL with STATUS:CANCELLED, so the entry a
    calendar imported earlier is updated or removed."""
    slot = booking.slot
    office = slot.day.office
    cancelled = booking.status == Booking.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//IHK-Regionalbüro//Ausbildungssprechtag//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{booking.pk}@{settings.SITE_URL.split('://', 1)[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("sequence", booking.calendar_sequence)
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", _("Ausbildungssprechtag – %(office)s") % {"office": office.name})
    event.add("location", place_text(office))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        event.add("description", _("Termin ändern oder absagen: %(link)s") % {"link": manage_link(booking)})
    calendar.add_component(event)
    return {"filename": "ausbildungssprechtag.ics", "content": calendar.to_ical().decode(), "mimetype": "text/calendar"}


def render_mail(name: str, context: dict) -> tuple[str, str]:
    """Subject (one line) and body of `templates/mails/<name>_subject.txt` / `_body.txt` in the active language
    (the mails are composed under `in_their_language`)."""
    return render_mail_template(name, context, language=translation.get_language())


def _time(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _booking_context(booking: Booking) -> dict:
    office = booking.slot.day.office
    return {"name": booking.name, "office": office, "when": when_text(booking.slot), "place": place_text(office),
            "things": settings.CONSULTATION_WHAT_TO_BRING, "manage_link": manage_link(booking)}


@in_their_language
def send_confirm_link(booking: Booking) -> None:
    until = timezone.localtime(booking.hold_expires_at).strftime("%d.%m.%Y %H:%M")
    subject, body = render_mail("consultation_confirm_link",
                                {**_booking_context(booking), "until": until, "link": confirm_link(booking)})
    queue_mail(key=f"booking-confirm-link:{booking.pk}", category="consultation-confirm-link", to=[booking.email],
               subject=subject, body=body)


def _send_with_calendar(booking: Booking, *, kind: str, **context) -> None:
    """A mail about the booking's (new) time with its .ics; the key holds the start and the calendar's SEQUENCE,
    so each change gets one mail (also a move back to a time the booking had before)."""
    if not booking.email:
        return
    subject, body = render_mail(f"consultation_{kind}", {**_booking_context(booking), **context})
    queue_mail(
        key=f"booking-{kind}:{booking.pk}:{booking.slot.starts_at.isoformat()}:{booking.calendar_sequence}",
        category=f"consultation-{kind}",
        to=[booking.email],
        subject=subject,
        body=body,
        attachments=[ics_attachment(booking)],
    )


@in_their_language
def send_confirmation(booking: Booking) -> None:
    _send_with_calendar(booking, kind="confirmed")


@in_their_language
def send_moved(booking: Booking, *, previous=None, reason: str = "") -> None:
    """The new time with the updated .ics (same UID, higher SEQUENCE); `previous` is the start it had before,
    `reason` what staff told the person (a closure, say)."""
    _send_with_calendar(booking, kind="moved", reason=reason,
                        previous=_when(previous) if previous is not None else "")


def _calendar_of_confirmed(booking: Booking) -> list[dict]:
    """The cancelling .ics, for a booking that was confirmed (and so sent a calendar entry) before."""
    return [ics_attachment(booking)] if booking.confirmed_at else []


@in_their_language
def send_cancelled(booking: Booking, *, reason: str = "") -> None:
    if not booking.email:
        return
    subject, body = render_mail("consultation_cancelled", {
        **_booking_context(booking), "link": site_link(reverse("consultations:days")), "reason": reason})
    queue_mail(key=f"booking-cancelled:{booking.pk}", category="consultation-cancelled", to=[booking.email],
               subject=subject, body=body, attachments=_calendar_of_confirmed(booking))


@in_their_language
def send_day_cancelled(booking: Booking) -> None:
    if not booking.email:
        return
    day = booking.slot.day
    subject, body = render_mail("consultation_day_cancelled", {
        **_booking_context(booking), "link": site_link(reverse("consultations:days")),
        "date_long": date_format(day.date, _("l, j. F Y")), "date_short": date_format(day.date, _("j. F Y")),
        "time": _time(booking.slot.starts_at),
    })
    queue_mail(key=f"day-cancelled:{day.pk}:{booking.pk}", category="consultation-day-cancelled",
               to=[booking.email], subject=subject, body=body, attachments=_calendar_of_confirmed(booking))


@in_their_language
def send_reminder_text(booking: Booking) -> tuple[str, str]:
    """Subject and body of the reminder (the scan in tasks.py queues it with its own key)."""
    return render_mail("consultation_reminder", _booking_context(booking))


@in_their_language
def send_waitlist_confirm_link(entry: WaitlistEntry) -> None:
    subject, body = render_mail("consultation_waitlist_confirm_link", {
        "name": entry.name, "office": entry.day.office, "link": waitlist_confirm_link(entry),
        "date_long": date_format(entry.day.date, _("l, j. F Y")),
    })
    queue_mail(key=f"waitlist-confirm-link:{entry.pk}", category="consultation-waitlist-confirm-link",
               to=[entry.email], subject=subject, body=body)


@in_their_language
def send_waitlist_joined(entry: WaitlistEntry) -> None:
    """After the opt-in: the person is on the list; what happens next; the link to leave it."""
    subject, body = render_mail("consultation_waitlist_joined", {
        "name": entry.name, "office": entry.day.office, "leave_link": waitlist_leave_link(entry),
        "date_long": date_format(entry.day.date, _("l, j. F Y")),
        "date_short": date_format(entry.day.date, _("j. F Y")),
        "hours": settings.CONSULTATION_WAITLIST_OFFER_HOURS, "days": settings.CONSULTATION_ANONYMISE_AFTER_DAYS,
    })
    queue_mail(key=f"waitlist-joined:{entry.pk}", category="consultation-waitlist-joined", to=[entry.email],
               subject=subject, body=body)


@in_their_language
def send_waitlist_offer(entry: WaitlistEntry, slot: Slot) -> None:
    subject, body = render_mail("consultation_waitlist_offer", {
        "name": entry.name, "office": slot.day.office, "when": when_text(slot), "link": offer_link(entry, slot),
        "until": timezone.localtime(entry.offer_expires_at).strftime("%d.%m.%Y %H:%M"),
    })
    queue_mail(key=f"waitlist-offer:{entry.pk}:{slot.pk}", category="consultation-waitlist-offer",
               to=[entry.email], subject=subject, body=body)


def _links_of_booking(booking: Booking, now) -> dict:
    held = booking.is_merely_held(now)
    return {
        "when": when_text(booking.slot), "person": booking.person_name, "held": held,
        "until": timezone.localtime(booking.hold_expires_at).strftime("%d.%m.%Y %H:%M") if held else "",
        "link": confirm_link(booking) if held else manage_link(booking),
    }


def _links_of_entry(entry: WaitlistEntry, now) -> dict:
    offer = (entry.status == WaitlistEntry.Status.OFFERED and entry.offered_slot is not None
             and entry.offer_expires_at and entry.offer_expires_at > now)
    return {
        "date_long": date_format(entry.day.date, _("l, j. F Y")),
        "unconfirmed": entry.status == WaitlistEntry.Status.UNCONFIRMED,
        "confirm_link": waitlist_confirm_link(entry) if entry.status == WaitlistEntry.Status.UNCONFIRMED else "",
        "offer_when": when_text(entry.offered_slot) if offer else "",
        "offer_until": timezone.localtime(entry.offer_expires_at).strftime("%d.%m.%Y %H:%M") if offer else "",
        "offer_link": offer_link(entry, entry.offered_slot) if offer else "",
        "leave_link": waitlist_leave_link(entry),
    }


def send_links(*, email: str, links, language: str, now) -> None:
    """All links of one address in one mail (`links`: selectors.Links), in the language of the page it was asked
    for on. The key holds the minute: a double click sends one mail, a later request another."""
    with translation.override(language):
        first = (links.bookings or links.waitlist)[0]
        office = first.slot.day.office if links.bookings else first.day.office
        subject, body = render_mail("consultation_links", {
            "name": first.name, "office": office, "bookings": [_links_of_booking(b, now) for b in links.bookings],
            "waitlist": [_links_of_entry(e, now) for e in links.waitlist],
            "days_link": site_link(reverse("consultations:days")),
        })
    queue_mail(key=f"consultation-links:{_digest(email)}:{timezone.localtime(now):%Y%m%d%H%M}",
               category="consultation-links", to=[email], subject=subject, body=body)


@dataclass(frozen=True)
class Addressee:
    """Somebody without a booking to write to (a refused request, a request for the links): the mail is in
    `language`."""

    email: str
    name: str
    language: str


def _digest(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


@in_their_language
def _send_refused(person: Addressee, slot: Slot, reason: str, person_name: str) -> None:
    advised = person_name or person.name
    subject, body = render_mail("consultation_refused", {
        "name": person.name, "office": slot.day.office, "reason": reason, "advised": advised,
        "date_short": date_format(slot.day.date, _("j. F Y")),
        "count": settings.CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL,
        "links_link": site_link(reverse("consultations:links")),
    })
    key = f"booking-refused:{reason}:{_digest(person.email)}:{slot.day_id}:{_digest(advised.casefold())}"
    queue_mail(key=key, category="consultation-refused", to=[person.email], subject=subject, body=body)


def send_already_booked(*, email: str, name: str, slot: Slot, reason: str, language: str = "",
                        person_name: str = "") -> None:
    """Told by mail, never on the page: the page answers the same whether an address is known or not.
    `reason` is "same-day" (booked that day already for this person: `person_name`, else the booker) or "cap"
    (too many upcoming bookings)."""
    _send_refused(Addressee(email=email, name=name, language=language), slot, reason, person_name)
