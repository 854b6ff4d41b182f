"""Staff pages: planning, day sheet, phone bookings, CSV export, statistics. Thin function views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ihk_office.csv_export import csv_response
from ihk_office.models import default_office
from ihk_office.permissions import staff_required

from . import selectors, services
from .forms import DayForm, DayMoveForm, MarkForm, PhoneBookingForm, PlaceForm, StaffCancelForm, StaffMoveForm
from .models import Booking, ConsultationDay


def _office():
    office = default_office()
    if office is None:
        raise Http404
    return office


@staff_required
def overview(request):
    office = _office()
    now = timezone.now()
    months = settings.CONSULTATION_PLAN_MONTHS
    preview = services.plan_preview(office=office, start=timezone.localdate(now), months=months)
    return render(request, "consultations/staff_overview.html", {
        "days": selectors.staff_overview(office, now),
        "preview": preview,
        "to_create": sum(1 for entry in preview if entry.action == "create"),
        "months": months,
        "office": office,
    })


@staff_required
@require_POST
def plan(request):
    office = _office()
    entries = services.plan_days(office=office, start=timezone.localdate(),
                                 months=settings.CONSULTATION_PLAN_MONTHS)
    created = sum(1 for entry in entries if entry.action == "create")
    messages.success(request, _("%(count)s Sprechtage wurden angelegt.") % {"count": created})
    return redirect("consultations_staff:overview")


@staff_required
@require_http_methods(["GET", "POST"])
def day_create(request):
    office = _office()
    form = DayForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.create_day(office=office, day_date=data["date"], starts_at=data["starts_at"],
                                      ends_at=data["ends_at"], slot_minutes=data["slot_minutes"],
                                      capacity=data["capacity"], held_back_places=data["held_back_places"],
                                      release_days_before=data["release_days_before"], note=_("zusätzlicher Tag"))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Der Sprechtag wurde angelegt."))
            return redirect("consultations_staff:day_sheet", pk=day.pk)
    return render(request, "consultations/day_form.html", {"form": form, "day": None},
                  status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def day_edit(request, pk: int):
    office = _office()
    day = selectors.day_with_its_slots(pk)
    slots = list(day.slots.all())
    initial = {"date": day.date, "held_back_places": day.held_back_places,
               "release_days_before": day.release_days_before}
    if slots:
        first, last = slots[0], slots[-1]
        initial.update(
            starts_at=timezone.localtime(first.starts_at).time(), ends_at=timezone.localtime(last.ends_at).time(),
            slot_minutes=int((first.ends_at - first.starts_at).total_seconds() // 60), capacity=first.capacity,
        )
    form = DayForm(request.POST or None, office=office, day=day, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_day(day=day, starts_at=data["starts_at"], ends_at=data["ends_at"],
                                slot_minutes=data["slot_minutes"], capacity=data["capacity"],
                                held_back_places=data["held_back_places"],
                                release_days_before=data["release_days_before"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Der Sprechtag wurde geändert."))
            return redirect("consultations_staff:day_sheet", pk=day.pk)
    return render(request, "consultations/day_form.html", {"form": form, "day": day},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def day_cancel(request, pk: int):
    day = selectors.day_for_staff(pk)
    count = services.cancel_day(day=day)
    messages.success(request, _("Der Sprechtag ist abgesagt; %(count)s Gebuchte werden per E-Mail informiert.")
                     % {"count": count})
    return redirect("consultations_staff:day_sheet", pk=day.pk)


@staff_required
def day_sheet(request, pk: int):
    day = selectors.day_sheet(pk, timezone.now())
    today = timezone.localdate()
    # One CSRF field for the sheet's many small forms (marking, placing, undoing): {% csrf_token %} masks the token
    # anew on every use, 6 µs each; any masked copy of it is valid.
    return render(request, "consultations/day_sheet.html",
                  {"day": day, "office": day.office, "on_the_day": day.date == today, "day_is_past": day.date < today,
                   "csrf_field": csrf_input(request)})


@staff_required
@require_http_methods(["GET", "POST"])
def phone_booking(request, pk: int):
    day = selectors.day_for_staff(pk)
    form = PhoneBookingForm(request.POST or None, day=day)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.book(data["slot"], name=data["name"], phone=data["phone"], email=data["email"] or "",
                          source=Booking.Source.PHONE, entered_by=request.user,
                          language=data["language"] or settings.LANGUAGE_CODE, **form.details())
        except services.SlotFull:
            form.add_error("slot", _("Dieser Termin ist leider schon vergeben."))
        except services.SlotNotBookable:
            form.add_error("slot", _("Dieser Termin kann nicht mehr gebucht werden."))
        except services.AlreadyBookedThatDay:
            form.add_error("person_name", _(
                "Für diese Person gibt es unter dieser E-Mail-Adresse an diesem Tag schon eine Buchung. Ruft jemand "
                "für ein weiteres Kind an, tragen Sie bitte dessen Namen ein."))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Die telefonische Buchung ist eingetragen."))
            return redirect("consultations_staff:day_sheet", pk=day.pk)
    return render(request, "consultations/phone_booking_form.html", {"form": form, "day": day},
                  status=400 if form.errors else 200)


@staff_required
def day_csv(request, pk: int):
    day = get_object_or_404(ConsultationDay, pk=pk)
    rows = (
        [timezone.localtime(booking.slot.starts_at).strftime("%H:%M"), booking.name, booking.person_name,
         booking.get_role_display(),
         booking.school_or_company, booking.school_year, booking.get_topic_display(), booking.question,
         booking.email, booking.phone, booking.get_source_display(), booking.get_status_display()]
        for booking in selectors.export_rows(day)
    )
    return csv_response(
        f"sprechtag-{day.date:%Y-%m-%d}.csv",
        [_("Uhrzeit"), _("Name"), _("beraten wird"), _("Ich bin"), _("Schule oder Betrieb"), _("Klasse / Jahrgang"),
         _("Thema"), _("Frage"), _("E-Mail"), _("Telefon"), _("Buchungsweg"), _("Status")],
        rows,
    )


@staff_required
@require_POST
def booking_mark(request, pk: int):
    booking = selectors.booking(pk)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            services.mark(booking=booking, status=form.cleaned_data["status"])
        except services.NotOnTheDay:
            messages.error(request, _("Anwesenheit lässt sich nur am Sprechtag selbst eintragen."))
        else:
            messages.success(request, _("%(name)s: %(status)s") % {"name": booking.name,
                                                                    "status": booking.get_status_display()})
    return redirect(f"{_sheet_url(booking)}#booking-{booking.pk}")


@staff_required
@require_POST
def booking_place(request, pk: int):
    """ "vermitteln" beside a matching training place on the day sheet: the person takes one of its places."""
    booking = selectors.booking(pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte einen Ausbildungsplatz wählen."))
    else:
        place = form.cleaned_data["place"]
        try:
            services.place_booking(booking=booking, place=place, placed_by=request.user)
        except services.NoOpenPlace:
            messages.error(request, _("Bei %(company)s ist in diesem Beruf kein Platz mehr frei.")
                           % {"company": place.company.name})
        except services.NotPlaceable:
            messages.error(request, _("%(name)s kann nicht (mehr) vermittelt werden.") % {"name": booking.name})
        else:
            messages.success(request, _("%(name)s ist vermittelt an %(company)s (%(occupation)s).")
                             % {"name": booking.name, "company": place.company.name,
                                "occupation": place.occupation.name})
    return redirect(f"{_sheet_url(booking)}#booking-{booking.pk}")


@staff_required
@require_POST
def booking_unplace(request, pk: int):
    """Take a placement back: the training place is open again."""
    booking = selectors.booking(pk)
    if services.undo_placement(booking=booking):
        messages.success(request, _("Die Vermittlung von %(name)s ist zurückgenommen.") % {"name": booking.name})
    return redirect(f"{_sheet_url(booking)}#booking-{booking.pk}")


@staff_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request, pk: int):
    """Asks for the reason first: a bare "ist abgesagt" leaves the person guessing."""
    booking = selectors.booking(pk)
    form = StaffCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.cancel(booking=booking, reason=form.cleaned_data["reason"]):
            messages.success(request, _("Die Buchung von %(name)s ist storniert.") % {"name": booking.name})
        return redirect(_sheet_url(booking))
    return render(request, "consultations/booking_cancel.html",
                  {"form": form, "booking": booking, "sheet_url": _sheet_url(booking)},
                  status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def booking_move(request, pk: int):
    """Move a booking to another free slot, this day or another; the person gets a mail with the new .ics."""
    now = timezone.now()
    page = selectors.staff_move_page(pk, now)
    booking = page.booking
    form = StaffMoveForm(request.POST or None, days=page.days)
    if not booking.can_be_changed:
        messages.error(request, _("Diese Buchung kann nicht mehr verlegt werden (abgesagt, verfallen oder vorbei)."))
        return redirect(_sheet_url(booking))
    conflict = False
    if request.method == "POST" and form.is_valid():
        to_slot = form.cleaned_data["slot"]
        conflict = True  # unless the move succeeds below
        try:
            moved = services.move(booking=booking, to_slot=to_slot, moved_by=request.user,
                                  reason=form.cleaned_data["reason"])
        except services.SlotFull:
            form.add_error("slot", _("Der Termin %(when)s ist inzwischen belegt. Bitte wählen Sie einen anderen.")
                           % {"when": _when(to_slot.starts_at)})
        except services.AlreadyBookedThatDay:
            form.add_error("slot", _("%(name)s (%(email)s) hat am %(date)s schon einen Termin. Bitte wählen Sie "
                                     "einen anderen Tag oder sagen Sie den anderen Termin zuerst ab.")
                           % {"name": booking.name, "email": booking.email,
                              "date": date_format(to_slot.day.date, _("j. F Y"))})
        except services.SlotNotBookable:
            form.add_error("slot", _("Dieser Termin kann nicht mehr gebucht werden."))
        else:
            if moved.email and moved.status == Booking.Status.CONFIRMED:
                told = _("%(email)s bekommt eine E-Mail mit dem neuen Kalendereintrag.") % {"email": moved.email}
            elif moved.phone:
                told = _("Bitte sagen Sie die neue Zeit telefonisch durch: %(phone)s.") % {"phone": moved.phone}
            else:
                told = ""
            now_at = _("%(name)s ist jetzt am %(when)s eingetragen.") % {"name": moved.name,
                                                                          "when": _when(moved.slot.starts_at)}
            messages.success(request, " ".join(filter(None, [now_at, told])))
            return redirect(f"{_sheet_url(moved)}#booking-{moved.pk}")
    return render(request, "consultations/booking_move.html",
                  {"form": form, "page": page, "booking": booking, "sheet_url": _sheet_url(booking),
                   "office": booking.slot.day.office},
                  # 409: the form was right, but the slot or the person's day said no meanwhile.
                  status=409 if conflict else 400 if form.errors else 200)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(date)s um %(time)s Uhr") % {"date": date_format(local, _("l, j. F Y")), "time": local.strftime("%H:%M")}


@staff_required
@require_http_methods(["GET", "POST"])
def day_move(request, pk: int):
    """Move a whole day (a closure hit it, say) with its bookings to another date; conflicts are named."""
    day = selectors.day_to_move(pk)
    if day.is_cancelled:
        raise Http404
    closure = day.office.closure_on(day.date)
    form = DayMoveForm(request.POST or None, day=day, initial={"reason": closure.reason if closure else ""})
    if request.method == "POST" and form.is_valid():
        try:
            result = services.move_day(day=day, to_date=form.cleaned_data["date"], moved_by=request.user,
                                       reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("date", exc.messages)
        else:
            messages.success(request, _("%(count)s Buchungen sind auf den %(date)s verlegt; die Gebuchten bekommen "
                                        "eine E-Mail mit dem neuen Kalendereintrag.")
                             % {"count": len(result.moved), "date": date_format(result.day.date, _("j. F Y"))})
            for booking, why in result.conflicts:
                messages.warning(request, _("Nicht verlegt: %(time)s Uhr %(name)s – %(why)s Bitte einzeln verlegen "
                                            "oder stornieren.")
                                 % {"time": timezone.localtime(booking.slot.starts_at).strftime("%H:%M"),
                                    "name": booking.name, "why": why})
            if result.conflicts:
                return redirect("consultations_staff:day_sheet", pk=day.pk)
            return redirect("consultations_staff:day_sheet", pk=result.day.pk)
    return render(request, "consultations/day_move.html",
                  {"form": form, "day": day, "closure": closure, "office": day.office},
                  status=400 if form.errors else 200)


def _sheet_url(booking: Booking) -> str:
    return reverse("consultations_staff:day_sheet", args=[booking.day_id])


@staff_required
def stats(request):
    office = _office()
    return render(request, "consultations/statistics.html", {"stats": selectors.statistics(office), "office": office})
