"""Every mail of the events app: texts in templates/mails/event_<name>_subject.txt and _body.txt, rendered in the
registrant's language, queued in the outbox under a stable key (a retried request or task sends nothing twice).

Links are built from `settings.SITE_URL` and carry signed tokens only.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ihk_office.mails import render_mail as render_mail_template
from ihk_office.outbox import queue_mail
from ihk_office.reminders import ReminderMail

from . import calendar, qr, tokens
from .models import Event, Invitation, Registration, WaitlistEntry


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def manage_link(registration: Registration) -> str:
    return site_link(reverse("events:manage", args=[tokens.manage_token(registration.pk)]))


def confirm_link(registration: Registration) -> str:
    return site_link(reverse("events:confirm", args=[tokens.confirm_token(registration.pk)]))


def checkin_link(registration: Registration) -> str:
    return site_link(reverse("events_staff:checkin_token", args=[tokens.checkin_token(registration.pk)]))


def invitation_link(invitation: Invitation) -> str:
    return site_link(reverse("events:invitation", args=[tokens.invitation_token(invitation.pk, invitation.event_id)]))


def offer_link(entry: WaitlistEntry) -> str:
    return site_link(reverse("events:offer", args=[tokens.offer_token(entry.pk)]))


def when_text(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    return _("%(date)s, %(start)s–%(end)s Uhr") % {
        "date": date_format(start, _("l, j. F Y")), "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M"),
    }


def _language(record) -> str:
    return getattr(record, "language", "") or settings.LANGUAGE_CODE


def render_mail(name: str, context: dict, *, language: str) -> tuple[str, str]:
    """Subject and body of `templates/mails/event_<name>_…` in `language`."""
    with translation.override(language):
        event = context.get("event")
        full = {"office": event.office if event else None, "site_url": settings.SITE_URL, **context}
        if event is not None:
            full.setdefault("when", when_text(event))
            full.setdefault("place", calendar.place_text(event))
        return render_mail_template(f"event_{name}", full, language=language)


def _queue(name: str, record, *, key: str, to: str, context: dict, attachments=()) -> None:
    subject, body = render_mail(name, context, language=_language(record))
    queue_mail(key=key, category=f"event-{name}", to=[to], subject=subject, body=body,
               attachments=list(attachments))


def _with_calendar(registration: Registration) -> list[dict]:
    with translation.override(_language(registration)):
        link = manage_link(registration)
        attachments = [calendar.attachment(registration.event, link=link)]
        if not registration.event.is_cancelled:
            attachments.append({
                "filename": "einlass-qr-code.svg", "mimetype": "image/svg+xml",
                "content": qr.svg_document(checkin_link(registration), title=_("QR-Code für den Einlass")),
            })
    return attachments


def send_confirm_link(registration: Registration) -> None:
    _queue("confirm_link", registration, key=f"event-confirm-link:{registration.pk}", to=registration.email,
           context={"registration": registration, "event": registration.event,
                    "link": confirm_link(registration),
                    "until": timezone.localtime(registration.hold_expires_at)})


def send_confirmation(registration: Registration, *, revision: str = "") -> None:
    """The confirmation with the .ics, the QR code for the door and the manage link. `revision` (when the number
    of guests changed) gives the new confirmation a key of its own."""
    if not registration.email:
        return
    _queue("confirmed", registration, key=f"event-confirmed:{registration.pk}:{revision}",
           to=registration.email, attachments=_with_calendar(registration),
           context={"registration": registration, "event": registration.event,
                    "manage_link": manage_link(registration)})


def send_cancelled(registration: Registration) -> None:
    if not registration.email:
        return
    _queue("cancelled", registration, key=f"event-cancelled:{registration.pk}", to=registration.email,
           context={"registration": registration, "event": registration.event,
                    "list_link": site_link(reverse("events:list"))})


def send_event_cancelled(registration: Registration) -> None:
    """The event is off: told with an .ics that removes it from the calendar (METHOD:CANCEL)."""
    if not registration.email:
        return
    _queue("event_cancelled", registration, key=f"event-event-cancelled:{registration.event_id}:{registration.pk}",
           to=registration.email, attachments=_with_calendar(registration),
           context={"registration": registration, "event": registration.event})


def send_already_registered(*, event: Event, email: str, name: str, existing: Registration | None,
                            language: str) -> None:
    """Told by mail, never on the page: the page answers the same whether an address is known or not."""
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:16]
    subject, body = render_mail("already_registered", {
        "event": event, "name": name,
        "manage_link": manage_link(existing) if existing is not None else "",
    }, language=language)
    queue_mail(key=f"event-already-registered:{event.pk}:{digest}", category="event-already-registered",
               to=[email], subject=subject, body=body)


def send_invitation(invitation: Invitation, *, language: str = "") -> None:
    subject, body = render_mail("invitation", {
        "invitation": invitation, "event": invitation.event, "link": invitation_link(invitation),
    }, language=language or settings.LANGUAGE_CODE)
    queue_mail(key=f"event-invitation:{invitation.pk}", category="event-invitation", to=[invitation.email],
               subject=subject, body=body)


def send_waitlist_offer(entry: WaitlistEntry) -> None:
    _queue("waitlist_offer", entry, key=f"event-waitlist-offer:{entry.pk}:{entry.offer_expires_at.isoformat()}",
           to=entry.email, context={"entry": entry, "event": entry.event, "link": offer_link(entry),
                                    "until": timezone.localtime(entry.offer_expires_at)})


def compose_reminder(registration: Registration) -> ReminderMail:
    """The reminder the day before (the shared scan in tasks.py claims and sends it)."""
    subject, body = render_mail("reminder", {
        "registration": registration, "event": registration.event, "manage_link": manage_link(registration),
    }, language=_language(registration))
    return ReminderMail(key=f"event-reminder:{registration.pk}:{registration.event.starts_at.isoformat()}",
                        to=[registration.email], subject=subject, body=body, category="event-reminder")
