"""Public booking pages. Thin: parse, call a service or a read function, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from ihk_office.fragments import SharedHtml, personalise, render_shared
from ihk_office.models import default_office

from . import caching, mails, selectors, services, tokens
from .forms import BookingForm, MoveForm, WaitlistForm
from .models import Booking, Slot, WaitlistEntry

SLOT_TAKEN = gettext_lazy("Dieser Termin ist leider schon vergeben.")


def _booking_rate(group, request):
    # Read at request time, so the rate can be changed by the environment (and in tests).
    return settings.CONSULTATION_BOOKING_RATE


def _office():
    office = default_office()
    if office is None:
        raise Http404
    return office


@require_GET
def day_list(request):
    office = _office()
    days = selectors.cached_public_days(office, timezone.now())
    return render(request, "consultations/day_list.html", {"days": days, "office": office})


@require_GET
def day_detail(request, pk: int):
    day = selectors.day_with_slots(pk, timezone.now())
    if day.is_cancelled:
        raise Http404
    return render(request, "consultations/day_detail.html",
                  {"day": day, "waitlist_form": WaitlistForm(), "office": day.office})


def _book_page(request, slot, form, *, status=200, taken=False, refused=""):
    body = _render_booking_form(slot, form, taken=taken, refused=refused)
    return render(request, "consultations/booking_form.html",
                  {"body": personalise(request, body), "office": slot.day.office}, status=status)


def _render_booking_form(slot, form, *, taken: bool, refused: str) -> SharedHtml:
    now = timezone.now()
    alternatives = selectors.free_alternatives(slot.day.office, now, exclude=slot) if taken else []
    return render_shared("consultations/includes/booking_page.html", {
        "slot": slot, "form": form, "taken": taken, "refused": refused, "alternatives": alternatives,
        "anonymise_days": settings.CONSULTATION_ANONYMISE_AFTER_DAYS})


def _render_empty_booking_form(slot_pk: int, now) -> dict:
    slot = selectors.slot_for_booking(slot_pk)
    unavailable = slot.day.is_cancelled or slot.starts_at <= now
    taken = not unavailable and not _bookable_online(slot, now)
    refused = _("Dieser Termin kann nicht mehr gebucht werden.") if unavailable else ""
    form = BookingForm(initial={"slot": slot.pk})
    return {"starts_at": slot.starts_at, "office": slot.day.office,  # the slot's office in header and footer
            "body": _render_booking_form(slot, form, taken=taken, refused=refused)}


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def book(request, slot_pk: int):
    now = timezone.now()
    if request.method == "GET":
        # The empty form of a slot is the same for everybody: rendered once per slot and language until the
        # consultation data changes (consultations.caching); each person's CSRF token is put in per request.
        shared = caching.cached(f"booking-form:{slot_pk}:{get_language()}",
                                     lambda: _render_empty_booking_form(slot_pk, now))
        if shared["starts_at"] <= now:  # the slot has begun since it was cached: refused, told afresh
            shared = _render_empty_booking_form(slot_pk, now)
        return render(request, "consultations/booking_form.html",
                      {"body": personalise(request, shared["body"]), "office": shared["office"]})

    slot = selectors.slot_for_booking(slot_pk)
    form = BookingForm(request.POST)
    if not form.is_valid():
        # Show the time the person picked (after a "taken" page it may differ from the one in the URL).
        return _book_page(request, _picked_slot(form, slot, now), form, status=400)
    if form.is_bot():
        # Looks like success to the bot; nothing is saved and nothing is sent.
        return redirect("consultations:booked")
    chosen = Slot.objects.select_related("day__office").filter(pk=form.cleaned_data["slot"]).first()
    if chosen is None or chosen.day.office_id != slot.day.office_id:
        form.add_error(None, _("Bitte wählen Sie einen Termin."))
        return _book_page(request, slot, form, status=400)
    data = form.cleaned_data
    try:
        services.book(chosen, name=data["name"], email=data["email"], phone=data["phone"],
                      source=Booking.Source.ONLINE, language=get_language(), **form.details())
    except services.SlotFull:
        form = BookingForm(request.POST)  # keep everything typed; the person picks another time below
        form.is_valid()
        return _book_page(request, chosen, form, status=409, taken=True)
    except services.SlotNotBookable:
        form.add_error(None, _("Dieser Termin kann nicht mehr gebucht werden (er liegt in der Vergangenheit "
                               "oder der Sprechtag wurde abgesagt). Bitte wählen Sie einen anderen."))
        return _book_page(request, chosen, form, status=400, taken=True)
    except services.AlreadyBookedThatDay:
        mails.send_already_booked(email=data["email"], name=data["name"], slot=chosen, reason="same-day")
    except services.TooManyBookings:
        mails.send_already_booked(email=data["email"], name=data["name"], slot=chosen, reason="cap")
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _book_page(request, chosen, form, status=400)
    # The same answer whether the address was known or not: what happened is told only by mail.
    return redirect("consultations:booked")


def _picked_slot(form, slot, now):
    picked = form.cleaned_data.get("slot")
    if not picked or picked == slot.pk:
        return slot
    try:
        other = selectors.slot_for_booking(picked)
    except Http404:
        return slot
    return other if other.day.office_id == slot.day.office_id else slot


def _bookable_online(slot, now) -> bool:
    known = selectors.cached_bookability(slot, now)
    if known is not None:
        return known
    # A day beyond the cached public ones: count its places (the booking itself is checked under a lock).
    return slot.free_places(now) > 0 and services.online_places_left(slot.day, now) > 0


@require_GET
def booked(request):
    return render(request, "consultations/booking_sent.html", {})


def _booking_from(token: str, reader) -> Booking:
    try:
        pk = reader(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    return selectors.booking_for_manage(pk)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    booking = _booking_from(token, tokens.read_confirm)
    now = timezone.now()
    usable = booking.status == Booking.Status.PENDING and booking.hold_expires_at > now
    if not usable:
        return render(request, "consultations/confirm_used.html", {"booking": booking}, status=410)
    if request.method == "POST":
        if services.confirm(booking=booking, now=now):
            messages.success(request, _("Danke! Ihr Termin ist bestätigt. Die Bestätigung kommt per E-Mail."))
            return redirect("consultations:manage", token=tokens.manage_token(booking.pk))
        return render(request, "consultations/confirm_used.html", {"booking": booking}, status=410)
    return render(request, "consultations/confirm.html", {"booking": booking})


def _manage_context(booking, token):
    now = timezone.now()
    alternatives = []
    if booking.can_be_changed:
        alternatives = selectors.free_alternatives(booking.slot.day.office, now, exclude=booking.slot, limit=20)
    return {"booking": booking, "token": token, "move_form": MoveForm(alternatives=alternatives),
            "alternatives": alternatives, "office": booking.slot.day.office}


@never_cache
@require_GET
def manage(request, token: str):
    booking = _booking_from(token, tokens.read_manage)
    return render(request, "consultations/booking_manage.html", _manage_context(booking, token))


@never_cache
@require_GET
def manage_ics(request, token: str):
    booking = _booking_from(token, tokens.read_manage)
    if booking.status not in (Booking.Status.PENDING, Booking.Status.CONFIRMED):
        raise Http404
    attachment = mails.ics_attachment(booking)
    response = HttpResponse(attachment["content"], content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{attachment["filename"]}"'
    return response


@require_POST
def manage_cancel(request, token: str):
    booking = _booking_from(token, tokens.read_manage)
    if services.cancel(booking=booking):
        messages.success(request, _("Ihr Termin ist abgesagt. Danke, dass Sie Bescheid gegeben haben."))
    else:
        messages.info(request, _("Dieser Termin war schon abgesagt."))
    return redirect("consultations:manage", token=token)


@require_POST
def manage_move(request, token: str):
    booking = _booking_from(token, tokens.read_manage)
    context = _manage_context(booking, token)
    form = MoveForm(request.POST, alternatives=context["alternatives"])
    if not booking.can_be_changed or not form.is_valid():
        if booking.can_be_changed:
            context["move_form"] = form
        else:
            messages.error(request, _("Dieser Termin kann nicht mehr verschoben werden."))
        return render(request, "consultations/booking_manage.html", context, status=400)
    try:
        services.move(booking=booking, to_slot=form.cleaned_data["slot"])
    except (services.SlotFull, services.SlotNotBookable, services.AlreadyBookedThatDay):
        form.add_error("slot", SLOT_TAKEN)
        context["move_form"] = form
        return render(request, "consultations/booking_manage.html", context, status=409)
    messages.success(request, _("Ihr Termin ist verschoben. Die neue Zeit steht unten und kommt per E-Mail."))
    return redirect("consultations:manage", token=token)


@require_POST
@ratelimit(key="ip", rate=_booking_rate, method="POST", block=True)
def waitlist_join(request, pk: int):
    day = selectors.day_with_slots(pk, timezone.now())
    if day.is_cancelled:
        raise Http404
    form = WaitlistForm(request.POST)
    if not form.is_valid():
        return render(request, "consultations/day_detail.html", {"day": day, "waitlist_form": form}, status=400)
    if not form.cleaned_data["website"]:
        try:
            services.join_waitlist(day=day, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                                   language=get_language())
        except ValidationError:
            form.add_error(None, _("Bitte prüfen Sie Ihre Angaben."))
            return render(request, "consultations/day_detail.html", {"day": day, "waitlist_form": form}, status=400)
    # Same answer for a new and a known address.
    messages.success(request, _("Sie stehen auf der Warteliste. Wird ein Platz frei, schreiben wir Ihnen."))
    return redirect("consultations:day", pk=day.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def offer(request, token: str):
    try:
        entry_pk, slot_pk = tokens.read_offer(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    entry = get_object_or_404(WaitlistEntry.objects.select_related("day__office"), pk=entry_pk)
    slot = get_object_or_404(Slot.objects.select_related("day__office"), pk=slot_pk, day=entry.day)
    now = timezone.now()
    valid = (entry.status == WaitlistEntry.Status.OFFERED and entry.offered_slot_id == slot.pk
             and entry.offer_expires_at > now)
    if not valid:
        return render(request, "consultations/offer.html", {"entry": entry, "slot": slot, "valid": False}, status=410)
    if request.method == "POST":
        try:
            # The signed link reached this address, so it is proven: the booking is confirmed right away.
            booking = services.book(slot, name=entry.name, email=entry.email, offer=entry, now=now,
                                    email_verified=True, language=get_language())
        except services.BookingRefused:
            return render(request, "consultations/offer.html", {"entry": entry, "slot": slot, "valid": False},
                          status=409)
        messages.success(request, _("Ihr Termin ist gebucht. Die Bestätigung kommt per E-Mail."))
        return redirect("consultations:manage", token=tokens.manage_token(booking.pk))
    return render(request, "consultations/offer.html", {"entry": entry, "slot": slot, "valid": True})
