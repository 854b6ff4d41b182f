"""The texts of every consultation mail, the calendar file, and the links in them.

Every mail goes through `ihk_office.outbox.queue_mail` with a stable key, so a retried request or task never
sends a second copy. Links are built from `settings.SITE_URL` and carry signed tokens only.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ihk_office.outbox import queue_mail

from . import tokens
from .models import Booking, Slot, WaitlistEntry


def in_their_language(compose):
    """Write the mail in the language of its first argument (a booking or waitlist entry): the language the
    person used the pages in, not the one of whoever or whatever (staff, a Celery worker) sends it."""

    @wraps(compose)
    def wrapper(record, *args, **kwargs):
        with translation.override(record.language or settings.LANGUAGE_CODE):
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


def when_text(slot: Slot) -> str:
    local = timezone.localtime(slot.starts_at)
    return _("%(date)s um %(time)s Uhr") % {"date": date_format(local, _("l, j. F Y")), "time": local.strftime("%H:%M")}


def place_text(office) -> str:
    """"IHK-Regionalbüro Hattingen, Im Bruchfeld 17, 2. Etage, HWG-Gebäude, 45525 Hattingen"."""
    parts = [office.name, office.street]
    if office.location_note:
        parts.append(office.location_note)
    parts.append(f"{office.postcode} {office.city}")
    return ", ".join(parts)


def ics_attachment(booking: Booking) -> dict:
    """The appointment as an iCalendar file (one event, with the place and the manage link)."""
    slot = booking.slot
    office = slot.day.office
    calendar = Calendar()
    calendar.add("prodid", "-//IHK-Regionalbüro//Ausbildungssprechtag//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{booking.pk}@{settings.SITE_URL.split('://', 1)[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", _("Ausbildungssprechtag – %(office)s") % {"office": office.name})
    event.add("location", place_text(office))
    event.add("description", _("Termin ändern oder absagen: %(link)s") % {"link": manage_link(booking)})
    calendar.add_component(event)
    return {"filename": "ausbildungssprechtag.ics", "content": calendar.to_ical().decode(), "mimetype": "text/calendar"}


def _details(booking: Booking) -> str:
    office = booking.slot.day.office
    return "\n".join(
        [
            _("Wann: %(when)s") % {"when": when_text(booking.slot)},
            _("Wo: %(place)s") % {"place": place_text(office)},
            _("Bitte mitbringen: %(things)s") % {"things": settings.CONSULTATION_WHAT_TO_BRING},
            "",
            _("Termin ansehen, verschieben oder absagen: %(link)s") % {"link": manage_link(booking)},
            "",
            _("Fragen? Rufen Sie uns an: %(phone)s") % {"phone": office.phone},
        ]
    )


def _greeting(name: str) -> str:
    return _("Hallo %(name)s,") % {"name": name}


def _signature(office) -> str:
    return "\n\n" + _("Viele Grüße\nIhr %(office)s") % {"office": office.name}


@in_their_language
def send_confirm_link(booking: Booking) -> None:
    office = booking.slot.day.office
    hold_until = timezone.localtime(booking.hold_expires_at)
    body = "\n\n".join(
        [
            _greeting(booking.name),
            _("Sie möchten einen Termin beim Ausbildungssprechtag: %(when)s.") % {"when": when_text(booking.slot)},
            _("Bitte bestätigen Sie die Buchung bis %(until)s Uhr über diesen Link. Erst dann ist der Termin fest:")
            % {"until": hold_until.strftime("%d.%m.%Y %H:%M")},
            confirm_link(booking),
            _("Wenn Sie nichts gebucht haben, müssen Sie nichts tun: Ohne Bestätigung wird der Platz wieder frei."),
        ]
    )
    queue_mail(
        key=f"booking-confirm-link:{booking.pk}",
        category="consultation-confirm-link",
        to=[booking.email],
        subject=_("Bitte bestätigen: Ihr Termin beim Ausbildungssprechtag"),
        body=body + _signature(office),
    )


def _send_with_calendar(booking: Booking, *, kind: str, intro: str, subject: str) -> None:
    """A mail about the booking's (new) time with its .ics; the key holds the start, so each time gets one."""
    if not booking.email:
        return
    body = "\n\n".join([_greeting(booking.name), intro, _details(booking)])
    queue_mail(
        key=f"booking-{kind}:{booking.pk}:{booking.slot.starts_at.isoformat()}",
        category=f"consultation-{kind}",
        to=[booking.email],
        subject=subject,
        body=body + _signature(booking.slot.day.office),
        attachments=[ics_attachment(booking)],
    )


@in_their_language
def send_confirmation(booking: Booking) -> None:
    _send_with_calendar(
        booking, kind="confirmed", intro=_("Ihr Termin beim Ausbildungssprechtag steht fest."),
        subject=_("Ihr Termin beim Ausbildungssprechtag: %(when)s") % {"when": when_text(booking.slot)},
    )


@in_their_language
def send_moved(booking: Booking) -> None:
    _send_with_calendar(
        booking, kind="moved", intro=_("Ihr Termin wurde verlegt. Das ist die neue Zeit:"),
        subject=_("Neue Zeit für Ihren Termin: %(when)s") % {"when": when_text(booking.slot)},
    )


@in_their_language
def send_cancelled(booking: Booking) -> None:
    if not booking.email:
        return
    office = booking.slot.day.office
    body = "\n\n".join(
        [
            _greeting(booking.name),
            _("Ihr Termin am %(when)s ist abgesagt.") % {"when": when_text(booking.slot)},
            _("Einen neuen Termin können Sie jederzeit buchen: %(link)s")
            % {"link": site_link(reverse("consultations:days"))},
        ]
    )
    queue_mail(
        key=f"booking-cancelled:{booking.pk}",
        category="consultation-cancelled",
        to=[booking.email],
        subject=_("Abgesagt: Ihr Termin beim Ausbildungssprechtag"),
        body=body + _signature(office),
    )


@in_their_language
def send_day_cancelled(booking: Booking) -> None:
    if not booking.email:
        return
    office = booking.slot.day.office
    body = "\n\n".join(
        [
            _greeting(booking.name),
            _("leider müssen wir den Ausbildungssprechtag am %(date)s absagen. Ihr Termin um %(time)s Uhr "
              "findet deshalb nicht statt. Das tut uns leid.")
            % {
                "date": date_format(booking.slot.day.date, _("l, j. F Y")),
                "time": timezone.localtime(booking.slot.starts_at).strftime("%H:%M"),
            },
            _("Einen neuen Termin können Sie hier buchen: %(link)s")
            % {"link": site_link(reverse("consultations:days"))},
            _("Oder rufen Sie uns an: %(phone)s") % {"phone": office.phone},
        ]
    )
    queue_mail(
        key=f"day-cancelled:{booking.slot.day_id}:{booking.pk}",
        category="consultation-day-cancelled",
        to=[booking.email],
        subject=_("Der Ausbildungssprechtag am %(date)s fällt aus")
        % {"date": date_format(booking.slot.day.date, _("j. F Y"))},
        body=body + _signature(office),
    )


@in_their_language
def send_reminder_text(booking: Booking) -> tuple[str, str]:
    """Subject and body of the reminder (the scan in tasks.py queues it with its own key)."""
    office = booking.slot.day.office
    body = "\n\n".join(
        [_greeting(booking.name), _("wir erinnern Sie an Ihren Termin beim Ausbildungssprechtag."), _details(booking)]
    )
    return (
        _("Erinnerung: Ihr Termin beim Ausbildungssprechtag %(when)s") % {"when": when_text(booking.slot)},
        body + _signature(office),
    )


@in_their_language
def send_waitlist_offer(entry: WaitlistEntry, slot: Slot) -> None:
    office = slot.day.office
    until = timezone.localtime(entry.offer_expires_at)
    body = "\n\n".join(
        [
            _greeting(entry.name),
            _("beim Ausbildungssprechtag ist ein Platz frei geworden: %(when)s.") % {"when": when_text(slot)},
            _("Wir halten ihn für Sie bis %(until)s Uhr. So buchen Sie ihn:")
            % {"until": until.strftime("%d.%m.%Y %H:%M")},
            offer_link(entry, slot),
            _("Wenn Sie den Platz nicht brauchen, müssen Sie nichts tun; dann bekommt ihn die nächste Person."),
        ]
    )
    queue_mail(
        key=f"waitlist-offer:{entry.pk}:{slot.pk}",
        category="consultation-waitlist-offer",
        to=[entry.email],
        subject=_("Ein Platz ist frei geworden: Ausbildungssprechtag %(when)s") % {"when": when_text(slot)},
        body=body + _signature(office),
    )


def send_already_booked(*, email: str, name: str, slot: Slot, reason: str) -> None:
    """Told by mail, never on the page: the page answers the same whether an address is known or not."""
    office = slot.day.office
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:16]
    if reason == "same-day":
        text = _("für diese E-Mail-Adresse gibt es am %(date)s schon eine Buchung. Eine zweite Buchung am selben "
                 "Tag ist nicht möglich. Ihre bestehende Buchung können Sie über den Link in der ersten E-Mail "
                 "ansehen, verschieben oder absagen.") % {"date": date_format(slot.day.date, _("j. F Y"))}
    else:
        text = _("für diese E-Mail-Adresse gibt es schon %(count)s offene Buchungen. Mehr sind nicht möglich. "
                 "Bitte sagen Sie zuerst einen Termin ab, den Sie nicht mehr brauchen.") % {
            "count": settings.CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL}
    queue_mail(
        key=f"booking-refused:{reason}:{digest}:{slot.day_id}",
        category="consultation-refused",
        to=[email],
        subject=_("Ihre Anfrage zum Ausbildungssprechtag"),
        body="\n\n".join([_greeting(name), text]) + _signature(office),
    )
