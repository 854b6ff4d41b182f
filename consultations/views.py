"""Public booking pages. Thin: parse, call a service or a read function, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ihk_office.client_ip import client_ip
from ihk_office.models import default_office

from . import mails, selectors, services, throttles, tokens
from .forms import BookingForm, LinksForm, MoveForm, WaitlistForm, with_long_labels
from .models import Booking, WaitlistEntry

SLOT_TAKEN = gettext_lazy("Dieser Termin ist leider schon vergeben.")


def _office():
    office = default_office()
    if office is None:
        raise Http404
    return office


@require_GET
def day_list(request):
    office = _office()
    return render(request, "consultations/day_list.html",
                  {"days": selectors.public_days(office, timezone.now()), "office": office})


@require_GET
def day_detail(request, pk: int):
    day = selectors.day_with_slots(pk, timezone.now())
    if day.is_cancelled:
        raise Http404
    return _day_page(request, day, WaitlistForm())


def _day_page(request, day, waitlist_form, *, status=200):
    return render(request, "consultations/day_detail.html",
                  {"day": day, "waitlist_form": waitlist_form, "office": day.office,
                   "offer_hours": settings.CONSULTATION_WAITLIST_OFFER_HOURS}, status=status)


def _book_page(request, page, form, *, status=200, taken=None):
    """The booking form of `page.slot`: empty, with errors, or after the slot was taken (with alternatives)."""
    taken = (not page.bookable and not page.refused) if taken is None else taken
    return render(request, "consultations/booking_form.html", {
        "slot": page.slot, "form": form, "taken": taken, "alternatives": with_long_labels(page.alternatives),
        "refused": _("Dieser Termin kann nicht mehr gebucht werden.") if page.refused else "",
        "own_hold": page.own_hold and not taken,
        "anonymise_days": settings.CONSULTATION_ANONYMISE_AFTER_DAYS, "office": page.slot.day.office,
    }, status=status)


def _own_hold(request) -> int | None:
    """The hold this browser made last (kept in its session by `book`), if any: going back to the form and sending
    it again replaces it instead of meeting it as somebody else's."""
    return (request.session.get(SENT_KEY) or {}).get("hold")


@never_cache
@require_http_methods(["GET", "POST"])
def book(request, slot_pk: int):
    now = timezone.now()
    own_hold = _own_hold(request)
    if request.method == "GET":
        return _book_page(request, selectors.booking_form_page(slot_pk, now, own_hold=own_hold),
                          BookingForm(initial={"slot": slot_pk}))
    wait = throttles.booking_wait(request)
    if wait is not None:
        return throttles.too_many(request, wait)
    form = BookingForm(request.POST)
    if not form.is_valid():
        # Show the time the person picked (after a "taken" page it may differ from the one in the URL). A form
        # with errors is no attempt: it does not count against the rate limit.
        page = selectors.booking_form_page(slot_pk, now, picked=(form.cleaned_data.get("slot")), own_hold=own_hold)
        return _book_page(request, page, form, status=400, taken=False)
    throttles.count_booking_request(request)
    if form.is_bot():
        # Looks like success to the bot; nothing is saved and nothing is sent.
        return redirect("consultations:booked")
    page = selectors.booking_form_page(slot_pk, now, picked=form.cleaned_data["slot"], own_hold=own_hold)
    if page.slot.pk != form.cleaned_data["slot"]:
        form.add_error(None, _("Bitte wählen Sie einen Termin."))
        return _book_page(request, page, form, status=400, taken=False)
    data = form.cleaned_data
    try:
        booking = services.request_online_booking(
            page.slot, name=data["name"], email=data["email"], phone=data["phone"], language=get_language(),
            ip=client_ip(request), replaces=own_hold, **form.details())
    except services.SlotFull:
        # Keep everything typed; the person picks another time from the free ones.
        return _book_page(request, selectors.booking_form_page(page.slot.pk, timezone.now()), form, status=409,
                          taken=True)
    except services.SlotNotBookable:
        form.add_error(None, _("Dieser Termin kann nicht mehr gebucht werden (er liegt in der Vergangenheit "
                               "oder der Sprechtag wurde abgesagt). Bitte wählen Sie einen anderen."))
        page = selectors.booking_form_page(page.slot.pk, timezone.now())
        page.refused = False  # keep the form, with the other free times to pick from
        return _book_page(request, page, form, status=400, taken=True)
    except services.TooManyHolds:
        form.add_error(None, _(
            "Von Ihrem Internetanschluss aus sind gerade schon %(count)s Termine reserviert, die noch nicht "
            "bestätigt sind. Bitte bestätigen Sie zuerst diese Termine über den Link in der E-Mail. Danach "
            "können Sie weitere buchen – oder rufen Sie uns an.") % {"count": settings.CONSULTATION_MAX_HOLDS_PER_IP})
        return _book_page(request, page, form, status=429, taken=False)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _book_page(request, page, form, status=400, taken=False)
    # The same answer whether the address was known or not: what happened is told only by mail. The page
    # repeats what the person typed (the address, the time she picked), so she can spot a typo at once.
    # The hold (if one was made) stays in her session only, for "address wrong? release it" and for going back.
    request.session[SENT_KEY] = {"email": data["email"], "slot": page.slot.pk, "hold": booking.pk if booking else None}
    return redirect("consultations:booked")


SENT_KEY = "consultations.booking_sent"


@require_GET
def booked(request):
    sent = request.session.get(SENT_KEY) or {}
    return render(request, "consultations/booking_sent.html",
                  {"email": sent.get("email", ""), "slot": selectors.slot_for_sent_page(sent.get("slot"))})


@require_POST
def release_hold(request):
    """ "Adresse falsch?" on the almost-done page: release her own hold (found in her session only) and let her
    type the address again for the same time. The same answer whether there was a hold or not."""
    sent = request.session.pop(SENT_KEY, None) or {}
    if sent.get("hold"):
        services.release_hold(booking_pk=sent["hold"])
    if not sent.get("slot"):
        return redirect("consultations:days")
    messages.info(request, _("Die Reservierung ist freigegeben. Bitte geben Sie Ihre E-Mail-Adresse noch einmal "
                             "ein."))
    return redirect("consultations:book", slot_pk=sent["slot"])


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
    if not booking.is_merely_held(now):
        return render(request, "consultations/confirm_used.html", {"booking": booking}, status=410)
    if request.method == "POST":
        if services.confirm(booking=booking, now=now):
            messages.success(request, _("Danke! Ihr Termin ist bestätigt. Die Bestätigung kommt per E-Mail."))
            return redirect("consultations:manage", token=tokens.manage_token(booking.pk))
        return render(request, "consultations/confirm_used.html", {"booking": booking}, status=410)
    return render(request, "consultations/confirm.html", {"booking": booking})


def _manage_page(request, token: str, *, move_form=None, status=200):
    """The manage page of the booking behind `token`; once the link has expired, a page that says so (410)."""
    now = timezone.now()
    booking, alternatives = selectors.manage_page(_manage_pk(token), now)
    if booking.manage_link_expired(now):
        return render(request, "consultations/manage_expired.html",
                      {"days": settings.CONSULTATION_MANAGE_LINK_DAYS, "office": booking.slot.day.office},
                      status=410)
    return render(request, "consultations/booking_manage.html", {
        "booking": booking, "token": token, "alternatives": alternatives,
        "move_form": move_form or MoveForm(alternatives=alternatives), "office": booking.slot.day.office,
    }, status=status)


def _manage_pk(token: str) -> int:
    try:
        return tokens.read_manage(token)
    except tokens.BadToken as exc:
        raise Http404 from exc


@never_cache
@require_GET
def manage(request, token: str):
    return _manage_page(request, token)


def _changeable_booking(token: str) -> Booking | None:
    """The booking behind a manage link for a change, or None when the link has expired."""
    booking = selectors.booking_for_manage(_manage_pk(token))
    return None if booking.manage_link_expired(timezone.now()) else booking


@never_cache
@require_GET
def manage_ics(request, token: str):
    booking = _changeable_booking(token)
    # A cancelled booking answers with the cancelling calendar (METHOD:CANCEL): a calendar that subscribed to
    # or re-imports this link then drops the entry instead of meeting a 404.
    if booking is None or booking.status not in (Booking.Status.PENDING, Booking.Status.CONFIRMED,
                                                 Booking.Status.CANCELLED):
        raise Http404
    attachment = mails.ics_attachment(booking)
    response = HttpResponse(attachment["content"], content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{attachment["filename"]}"'
    return response


@require_POST
def manage_cancel(request, token: str):
    booking = _changeable_booking(token)
    if booking is None:
        return _manage_page(request, token)
    if services.cancel(booking=booking):
        messages.success(request, _("Ihr Termin ist abgesagt. Danke, dass Sie Bescheid gegeben haben."))
    else:
        messages.info(request, _("Dieser Termin war schon abgesagt."))
    return redirect("consultations:manage", token=token)


@require_POST
def manage_move(request, token: str):
    booking = _changeable_booking(token)
    if booking is None:
        return _manage_page(request, token)
    if not booking.can_be_changed:
        messages.error(request, _("Dieser Termin kann nicht mehr verschoben werden."))
        return _manage_page(request, token, status=400)
    alternatives = selectors.free_slots(booking.slot.day.office, timezone.now(), exclude=booking.slot, limit=20)
    form = MoveForm(request.POST, alternatives=alternatives)
    if not form.is_valid():
        return _manage_page(request, token, move_form=form, status=400)
    try:
        services.move(booking=booking, to_slot=form.cleaned_data["slot"])
    except (services.SlotFull, services.SlotNotBookable):
        form.add_error("slot", SLOT_TAKEN)
        return _manage_page(request, token, move_form=form, status=409)
    except services.AlreadyBookedThatDay:
        form.add_error("slot", _("An diesem Tag haben Sie schon einen anderen Termin. Für %(person)s ist nur ein "
                                 "Termin am Tag möglich: Bitte wählen Sie einen Termin an einem anderen Tag oder sagen "
                                 "Sie den anderen Termin zuerst ab.") % {"person": booking.advised_name})
        return _manage_page(request, token, move_form=form, status=409)
    messages.success(request, _("Ihr Termin ist verschoben. Die neue Zeit steht unten und kommt per E-Mail."))
    return redirect("consultations:manage", token=token)


@require_POST
def waitlist_join(request, pk: int):
    day = selectors.day_with_slots(pk, timezone.now())
    if day.is_cancelled:
        raise Http404
    wait = throttles.booking_wait(request)
    if wait is not None:
        return throttles.too_many(request, wait)
    form = WaitlistForm(request.POST)
    if not form.is_valid():
        return _day_page(request, day, form, status=400)
    throttles.count_booking_request(request)
    if not form.cleaned_data["website"]:
        try:
            services.join_waitlist(day=day, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                                   language=get_language())
        except ValidationError:
            form.add_error(None, _("Bitte prüfen Sie Ihre Angaben."))
            return _day_page(request, day, form, status=400)
    # Same answer for a new and a known address (and for a bot).
    messages.success(request, _("Fast geschafft: Bitte bestätigen Sie Ihre E-Mail-Adresse über den Link in der "
                                "E-Mail, die wir Ihnen geschickt haben. Erst dann stehen Sie auf der Warteliste."))
    return redirect("consultations:day", pk=day.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def waitlist_confirm(request, token: str):
    try:
        entry_pk = tokens.read_waitlist_confirm(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    entry = selectors.waitlist_entry(entry_pk)
    context = {"entry": entry, "office": entry.day.office}
    if entry.status != WaitlistEntry.Status.UNCONFIRMED:
        return render(request, "consultations/waitlist_confirm.html", {**context, "used": True}, status=410)
    if request.method == "POST":
        services.confirm_waitlist_entry(entry=entry)
        messages.success(request, _("Danke! Sie stehen jetzt auf der Warteliste. Wird ein Platz frei, schreiben wir "
                                    "Ihnen."))
        return redirect("consultations:day", pk=entry.day_id)
    return render(request, "consultations/waitlist_confirm.html", {**context, "used": False})


@never_cache
@require_http_methods(["GET", "POST"])
def offer(request, token: str):
    try:
        entry_pk, slot_pk = tokens.read_offer(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    entry, slot = selectors.offer_page(entry_pk, slot_pk)
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


@never_cache
@require_http_methods(["GET", "POST"])
def waitlist_leave(request, token: str):
    """The link in the waitlist mails: a page with one button (a link alone changes nothing), then the entry is
    off the list. The link works once; afterwards the page says that she is no longer on the list."""
    try:
        entry_pk = tokens.read_waitlist_leave(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    entry = selectors.waitlist_entry(entry_pk)
    if request.method == "POST":
        if services.leave_waitlist(entry=entry):
            messages.success(request, _("Sie sind von der Warteliste abgemeldet. Sie bekommen keine Angebote mehr."))
        return redirect("consultations:waitlist_leave", token=token)
    on_the_list = entry.status in (WaitlistEntry.Status.UNCONFIRMED, WaitlistEntry.Status.WAITING,
                                   WaitlistEntry.Status.OFFERED)
    day_over = entry.day.date < timezone.localdate() or entry.day.is_cancelled
    state = "over" if day_over else ("on_the_list" if on_the_list else entry.status)
    return render(request, "consultations/waitlist_leave.html",
                  {"entry": entry, "office": entry.day.office, "state": state},
                  status=200 if state == "on_the_list" else 410)


LINKS_SENT = gettext_lazy(
    "Danke. Gibt es unter dieser E-Mail-Adresse kommende Termine oder Wartelisten-Einträge, schicken wir Ihnen "
    "jetzt eine E-Mail mit allen Links. Kommt keine E-Mail, schauen Sie bitte im Spam-Ordner nach – oder rufen "
    "Sie uns an.")


@never_cache
@require_http_methods(["GET", "POST"])
def links(request):
    """"Links neu anfordern": one mail with the links of every upcoming booking and waitlist entry of an address.
    The same answer for known and unknown addresses, for bots (the honeypot) and over the rate limits (per IP
    address and per e-mail address): what happened is told only by mail, and an unknown address gets none."""
    form = LinksForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not form.is_bot() and not throttles.links_request_refused(request, email):
                services.send_links(email=email, language=get_language())
            messages.success(request, LINKS_SENT)
            return redirect("consultations:links")
    return render(request, "consultations/links_request.html", {"form": form},
                  status=400 if form.errors else 200)
