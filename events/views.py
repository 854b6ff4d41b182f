"""Public event pages: the list, an event, registering (also through an invitation), confirming, managing, the
waitlist offer. Thin: parse, call a service or a read function, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from ihk_office.models import default_office

from . import calendar, conf, mails, qr, selectors, services, tokens
from .forms import GuestsForm, RegistrationForm, WaitlistForm
from .models import Event, Invitation, Registration, WaitlistEntry


def _rate(group, request):
    # Read at request time, so the rate can be changed by the environment (and in tests).
    return conf.get("EVENT_REGISTRATION_RATE")


def _office():
    office = default_office()
    if office is None:
        raise Http404
    return office


@require_GET
def event_list(request):
    office = _office()
    events = selectors.public_events(office, timezone.now())
    return render(request, "events/event_list.html", {"events": events, "office": office})


def json_ld(request, event: Event) -> str:
    """schema.org `Event` of the page (search engines show date, place and availability)."""
    office = event.office
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "description": event.description,
        "location": {"@type": "Place", "name": calendar.place_text(event), "address": {
            "@type": "PostalAddress", "streetAddress": office.street, "postalCode": office.postcode,
            "addressLocality": office.city, "addressCountry": "DE"}},
        "organizer": {"@type": "Organization", "name": office.name},
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "EUR", "url": request.build_absolute_uri(),
                   "availability": "https://schema.org/InStock" if event.free_places() > 0
                   else "https://schema.org/SoldOut"},
    }
    # json.dumps escapes nothing HTML-relevant; "<" is escaped so the text can never close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _event_page(request, event, *, form=None, waitlist_form=None, invitation=None, token="", status=200):
    now = timezone.now()
    fixed = invitation.email if invitation else ""
    return render(request, "events/event_detail.html", {
        "event": event, "office": event.office, "json_ld": json_ld(request, event),
        "open": event.registration_open_at(now), "free": event.free_places(),
        "form": form or RegistrationForm(event=event, fixed_email=fixed,
                                         initial={"name": invitation.name, "company": invitation.company}
                                         if invitation else None),
        "waitlist_form": waitlist_form or WaitlistForm(), "invitation": invitation, "token": token,
    }, status=status)


@require_GET
def event_detail(request, pk: int):
    event = selectors.public_event(pk, timezone.now())
    return _event_page(request, event)


@require_GET
def event_ics(request, pk: int):
    event = selectors.public_event(pk, timezone.now())
    response = HttpResponse(calendar.event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


def _register(request, event, *, invitation=None, token=""):
    form = RegistrationForm(request.POST, event=event, fixed_email=invitation.email if invitation else "")
    if not form.is_valid():
        return _event_page(request, event, form=form, invitation=invitation, token=token, status=400)
    if form.is_bot():
        return redirect("events:sent")  # looks like success to the bot; nothing is saved or sent
    values = form.values()
    try:
        services.register(event, **values, invitation=invitation, email_verified=invitation is not None,
                          language=get_language())
    except services.EventFull:
        form.add_error(None, _("Leider sind inzwischen alle Plätze vergeben. Sie können sich auf die Warteliste "
                               "setzen lassen."))
        event = selectors.invited_event(event.pk, timezone.now())
        return _event_page(request, event, form=form, invitation=invitation, token=token, status=409)
    except services.RegistrationClosed:
        form.add_error(None, _("Für diese Veranstaltung ist keine Anmeldung mehr möglich."))
        return _event_page(request, event, form=form, invitation=invitation, token=token, status=400)
    except services.NotInvited as exc:
        raise Http404 from exc
    except services.AlreadyRegistered as exc:
        mails.send_already_registered(event=event, email=values["email"], name=values["name"],
                                      existing=exc.existing, language=get_language())
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _event_page(request, event, form=form, invitation=invitation, token=token, status=400)
    if invitation is not None:
        messages.success(request, _("Danke! Sie sind angemeldet. Die Bestätigung kommt per E-Mail."))
    # The same answer whether the address was known or not: what happened is told only by mail.
    return redirect("events:sent")


@never_cache
@require_POST
@ratelimit(key="ip", rate=_rate, method="POST", block=True)
def register(request, pk: int):
    event = selectors.public_event(pk, timezone.now())
    return _register(request, event)


def _invitation(token: str) -> tuple[Invitation, Event]:
    try:
        invitation_pk, event_pk = tokens.read_invitation(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    invitation = Invitation.objects.filter(pk=invitation_pk, event_id=event_pk).first()
    if invitation is None:
        raise Http404
    event = selectors.invited_event(event_pk, timezone.now())
    invitation.event = event
    return invitation, event


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_rate, method="POST", block=True)
def invitation(request, token: str):
    """The personal invitation link: the only way into an invited-only event, for that person only."""
    invitation, event = _invitation(token)
    if request.method == "POST":
        return _register(request, event, invitation=invitation, token=token)
    return _event_page(request, event, invitation=invitation, token=token)


@require_GET
def sent(request):
    return render(request, "events/registration_sent.html", {})


@never_cache
@require_POST
@ratelimit(key="ip", rate=_rate, method="POST", block=True)
def waitlist_join(request, pk: int):
    event = selectors.public_event(pk, timezone.now())
    form = WaitlistForm(request.POST)
    if not form.is_valid():
        return _event_page(request, event, waitlist_form=form, status=400)
    if not form.cleaned_data["website"] and event.registration_open_at(timezone.now()):
        services.join_waitlist(event=event, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                               language=get_language())
    # Same answer for a new and a known address.
    messages.success(request, _("Sie stehen auf der Warteliste. Wird ein Platz frei, schreiben wir Ihnen."))
    return redirect("events:detail", pk=event.pk)


def _registration_from(token: str, reader) -> Registration:
    try:
        pk = reader(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    return selectors.registration_for_manage(pk)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    registration = _registration_from(token, tokens.read_confirm)
    now = timezone.now()
    usable = registration.status == Registration.Status.PENDING and registration.hold_expires_at > now
    if not usable:
        return render(request, "events/confirm_used.html", {"registration": registration}, status=410)
    if request.method == "POST":
        if services.confirm(registration=registration, now=now):
            messages.success(request, _("Danke! Ihre Anmeldung ist bestätigt. Die Bestätigung kommt per E-Mail."))
            return redirect("events:manage", token=tokens.manage_token(registration.pk))
        return render(request, "events/confirm_used.html", {"registration": registration}, status=410)
    return render(request, "events/confirm.html", {"registration": registration, "event": registration.event})


def _manage_page(request, registration, token, *, guests_form=None, status=200):
    event = registration.event
    checkin = ""
    if registration.status == Registration.Status.CONFIRMED and not event.is_cancelled:
        checkin = qr.svg_inline(mails.checkin_link(registration), title=_("QR-Code für den Einlass"))
    return render(request, "events/registration_manage.html", {
        "registration": registration, "event": event, "office": event.office, "token": token,
        "can_change": registration.can_be_changed(), "qr_svg": checkin,
        "guests_form": guests_form or GuestsForm(event=event, initial={"guests": registration.guests}),
    }, status=status)


@never_cache
@require_GET
def manage(request, token: str):
    registration = _registration_from(token, tokens.read_manage)
    return _manage_page(request, registration, token)


@never_cache
@require_GET
def manage_ics(request, token: str):
    registration = _registration_from(token, tokens.read_manage)
    if registration.status not in Registration.ACTIVE_STATUSES and not registration.event.is_cancelled:
        raise Http404
    link = request.build_absolute_uri(reverse("events:manage", args=[token]))
    response = HttpResponse(calendar.event_calendar(registration.event, link=link),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="veranstaltung.ics"'
    return response


@require_POST
def manage_cancel(request, token: str):
    registration = _registration_from(token, tokens.read_manage)
    if services.cancel(registration=registration):
        messages.success(request, _("Sie sind abgemeldet. Danke, dass Sie Bescheid gegeben haben."))
    else:
        messages.info(request, _("Diese Anmeldung kann nicht mehr abgesagt werden."))
    return redirect("events:manage", token=token)


@require_POST
def manage_guests(request, token: str):
    registration = _registration_from(token, tokens.read_manage)
    form = GuestsForm(request.POST, event=registration.event)
    if not form.is_valid():
        return _manage_page(request, registration, token, guests_form=form, status=400)
    try:
        services.change_guests(registration=registration, guests=form.cleaned_data["guests"])
    except services.EventFull:
        form.add_error("guests", _("So viele Plätze sind nicht mehr frei."))
        return _manage_page(request, registration, token, guests_form=form, status=409)
    except (services.RegistrationClosed, ValidationError):
        form.add_error("guests", _("Diese Anmeldung kann nicht mehr geändert werden."))
        return _manage_page(request, registration, token, guests_form=form, status=400)
    messages.success(request, _("Die Zahl der Begleitpersonen ist geändert. Die neue Bestätigung kommt per E-Mail."))
    return redirect("events:manage", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def offer(request, token: str):
    try:
        entry_pk = tokens.read_offer(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    entry = WaitlistEntry.objects.select_related("event__office", "event__room").filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    now = timezone.now()
    valid = entry.status == WaitlistEntry.Status.OFFERED and entry.offer_expires_at > now
    context = {"entry": entry, "event": entry.event, "office": entry.event.office, "valid": valid}
    if not valid:
        return render(request, "events/offer.html", context, status=410)
    if request.method == "POST":
        try:
            # The signed link reached this address, so it is proven: the registration is confirmed at once.
            registration = services.register(entry.event, name=entry.name, email=entry.email, company=entry.company,
                                             guests=entry.guests, offer=entry, email_verified=True, now=now,
                                             language=get_language())
        except services.RegistrationRefused:
            context["valid"] = False
            return render(request, "events/offer.html", context, status=409)
        messages.success(request, _("Sie sind angemeldet. Die Bestätigung kommt per E-Mail."))
        return redirect("events:manage", token=tokens.manage_token(registration.pk))
    return render(request, "events/offer.html", context)
