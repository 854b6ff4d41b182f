"""Staff pages: plan, copy, cancel and invite; the event page with the expected turnout; phone registrations;
the door (check-in list, QR link, walk-ins, companies, follow-ups); statistics, attendee list, CSV and badges.
Thin function views, all behind `staff_required`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ihk_office.csv_export import csv_response
from ihk_office.models import default_office
from ihk_office.permissions import staff_required

from . import badges, selectors, services, tokens
from .forms import CopyForm, EventForm, NewCompanyForm, PhoneRegistrationForm, WalkInForm
from .models import Event, Registration


def _office():
    office = default_office()
    if office is None:
        raise Http404
    return office


def _page_number(request) -> int:
    try:
        return int(request.GET.get("seite", "1"))
    except ValueError:
        return 1


@staff_required
@require_GET
def event_list(request):
    office = _office()
    upcoming, past = selectors.staff_events(office, timezone.now())
    return render(request, "events/staff_event_list.html", {"upcoming": upcoming, "past": past, "office": office})


@staff_required
@require_http_methods(["GET", "POST"])
def event_form(request, pk: int | None = None):
    office = _office()
    event = selectors.staff_event_or_404(pk) if pk else Event(office=office)
    form = EventForm(request.POST or None, instance=event, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.save_event(event=form.instance)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Die Veranstaltung ist gespeichert."))
            return redirect("events_staff:detail", pk=event.pk)
    return render(request, "events/staff_event_form.html", {"form": form, "event": event if pk else None},
                  status=400 if form.errors else 200)


@staff_required
@require_GET
def event_detail(request, pk: int):
    data = selectors.staff_event(pk, timezone.now(), page=_page_number(request))
    return render(request, "events/staff_event_detail.html", {
        # The event's office is the layout's too: no query of its own for the header and footer.
        "data": data, "event": data.event, "office": data.event.office,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def event_copy(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    form = CopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_event(event=event, starts_on=form.cleaned_data["starts_on"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Die Kopie ist angelegt. Prüfen Sie bitte Titel und Zeiten."))
            return redirect("events_staff:edit", pk=copy.pk)
    return render(request, "events/staff_event_copy.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    if request.method == "POST":
        told = services.cancel_event(event=event)
        messages.success(request, _("Die Veranstaltung ist abgesagt; %(count)s Angemeldete werden benachrichtigt.")
                         % {"count": told})
        return redirect("events_staff:detail", pk=event.pk)
    return render(request, "events/staff_event_cancel.html", {"event": event})


@staff_required
@require_POST
def event_invite(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    sent = services.invite(event=event)
    messages.success(request, _("%(count)s Einladungen wurden verschickt.") % {"count": sent})
    return redirect("events_staff:detail", pk=event.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def phone_registration(request, pk: int):
    """A registration taken by phone, on a page of its own: what was typed stays on the form with the message."""
    event = selectors.staff_event_or_404(pk)
    form = PhoneRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register(event, name=data["name"], email=data["email"], company=data["company"],
                              guests=data["guests"], source=Registration.Source.PHONE, entered_by=request.user,
                              language=data["language"])
        except services.EventFull:
            form.add_error("guests", _("So viele Plätze sind nicht mehr frei."))
        except services.AlreadyRegistered:
            form.add_error("email", _("Diese E-Mail-Adresse ist schon angemeldet."))
        except services.RegistrationClosed:
            form.add_error(None, _("Für diese Veranstaltung ist keine Anmeldung mehr möglich."))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Die Anmeldung ist eingetragen."))
            return redirect("events_staff:detail", pk=event.pk)
    return render(request, "events/staff_phone_registration.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def registration_cancel(request, pk: int):
    registration = selectors.checkin_person(pk)
    if services.cancel(registration=registration):
        messages.success(request, _("Die Anmeldung ist storniert."))
    return redirect("events_staff:detail", pk=registration.event_id)


# --- the door -------------------------------------------------------------------------------------------


@staff_required
@require_GET
def checkin(request, pk: int):
    query = request.GET.get("q", "")
    event, people, arrived = selectors.checkin_list(pk, query)
    context = {"event": event, "people": people, "arrived": arrived, "query": query, "form": WalkInForm()}
    if request.GET.get("teil") == "liste":
        # The search-as-you-type script asks for the list alone (a few hundred bytes on a weak connection).
        return render(request, "events/includes/checkin_results.html", context)
    return render(request, "events/checkin.html", context)


def _back_to(request, registration) -> str:
    """After a tap on the list, back to the list with the same search; from the person's page, back there."""
    if request.POST.get("zurueck") == "liste":
        query = request.POST.get("q", "")
        url = _url("events_staff:checkin", registration.event_id)
        return f"{url}?{urlencode({'q': query[:100]})}" if query else url
    return _url("events_staff:person", registration.pk)


def _url(name, pk):
    return reverse(name, args=[pk])


@staff_required
@require_POST
def person_check_in(request, pk: int):
    registration = selectors.checkin_person(pk)
    if services.check_in(registration=registration, by=request.user):
        messages.success(request, _("%(name)s ist eingelassen.") % {"name": registration.name})
    return redirect(_back_to(request, registration))


@staff_required
@require_POST
def person_undo(request, pk: int):
    registration = selectors.checkin_person(pk)
    if services.undo_check_in(registration=registration):
        messages.info(request, _("Der Einlass von %(name)s ist zurückgenommen.") % {"name": registration.name})
    return redirect(_back_to(request, registration))


@staff_required
@require_POST
def walk_in(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        _event, people, arrived = selectors.checkin_list(pk, "")
        return render(request, "events/checkin.html", {"event": event, "people": people, "arrived": arrived,
                                                       "query": "", "form": form}, status=400)
    data = form.cleaned_data
    try:
        registration = services.record_walk_in(event=event, name=data["name"], company=data["company"],
                                               email=data["email"], by=request.user)
    except services.AlreadyRegistered as exc:
        messages.info(request, _("Diese Person ist schon angemeldet."))
        if exc.existing is not None:
            return redirect("events_staff:person", pk=exc.existing.pk)
        return redirect("events_staff:checkin", pk=event.pk)
    except services.RegistrationClosed:
        messages.error(request, _("Die Veranstaltung ist vorbei oder abgesagt."))
        return redirect("events_staff:checkin", pk=event.pk)
    messages.success(request, _("%(name)s ist als Gast ohne Anmeldung eingetragen.") % {"name": registration.name})
    return redirect("events_staff:person", pk=registration.pk)


@staff_required
@require_GET
def person(request, pk: int):
    registration = selectors.checkin_person(pk)
    return render(request, "events/checkin_person.html", {
        "registration": registration, "event": registration.event,
        "matches": selectors.company_matches(registration) if not registration.linked_company_id else [],
        "company_form": NewCompanyForm(initial={"name": registration.company}),
    })


@staff_required
@require_GET
def checkin_token(request, token: str):
    """The QR code from the confirmation mail: opens the person's check-in. For anybody else (not logged in as
    staff) the link leads to the login page or 403, and a tampered token to 404."""
    try:
        pk = tokens.read_checkin(token)
    except tokens.BadToken as exc:
        raise Http404 from exc
    return redirect("events_staff:person", pk=get_object_or_404(Registration, pk=pk).pk)


@staff_required
@require_POST
def person_link_company(request, pk: int):
    from companies.models import Company

    registration = selectors.checkin_person(pk)
    company = get_object_or_404(Company, pk=request.POST.get("company") or 0)
    services.link_company(registration=registration, company=company)
    messages.success(request, _("Mit %(company)s verknüpft.") % {"company": company.name})
    return redirect("events_staff:person", pk=registration.pk)


@staff_required
@require_POST
def person_create_company(request, pk: int):
    registration = selectors.checkin_person(pk)
    form = NewCompanyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie den Namen der Firma an."))
        return redirect("events_staff:person", pk=registration.pk)
    try:
        services.create_company_for(registration=registration, name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Die Firma ist im Verzeichnis angelegt und verknüpft."))
    return redirect("events_staff:person", pk=registration.pk)


@staff_required
@require_POST
def person_follow_up(request, pk: int):
    registration = selectors.checkin_person(pk)
    try:
        services.add_follow_up(registration=registration, staff=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Wiedervorlage „nach der Veranstaltung kontaktieren“ ist angelegt."))
    return redirect("events_staff:person", pk=registration.pk)


# --- after the event -------------------------------------------------------------------------------------


@staff_required
@require_GET
def event_statistics(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    return render(request, "events/staff_statistics.html", {"event": event, "stats": selectors.statistics(event)})


@staff_required
@require_GET
def attendee_list(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    return render(request, "events/staff_attendees.html", {"event": event, "people": selectors.attendees(event)})


@staff_required
@require_GET
def attendee_csv(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    header = [_("Name"), _("Firma"), _("Firma im Verzeichnis"), _("E-Mail"), _("Begleitpersonen"), _("Anmeldeweg"),
              _("eingelassen um")]
    sources = dict(Registration.Source.choices)

    def rows():
        for person in selectors.attendees(event).iterator():
            came = timezone.localtime(person.checked_in_at).strftime("%d.%m.%Y %H:%M") if person.checked_in_at else ""
            yield [person.name, person.company, person.linked_company.name if person.linked_company else "",
                   person.email, person.guests, str(sources.get(person.source, person.source)), came]

    return csv_response(f"teilnehmende-{event.pk}.csv", header, rows())


@staff_required
@require_GET
def badges_pdf(request, pk: int):
    event = selectors.staff_event_or_404(pk)
    response = HttpResponse(badges.render(event, selectors.attendees(event)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="namensschilder-{event.pk}.pdf"'
    return response
