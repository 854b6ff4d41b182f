"""Staff pages of the directory and visit log. Thin: parse, call a read function or a service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihk_office.csv_export import csv_response
from ihk_office.permissions import staff_required

from . import selectors, services
from .charts import month_bars
from .forms import (
    CompanyForm,
    ContactForm,
    DashboardForm,
    DirectoryFilterForm,
    FollowUpFormSet,
    ImportConfirmForm,
    ImportUploadForm,
    IntroductionForm,
    MembershipForm,
    NetworkForm,
    TrainingPlaceForm,
    VisitForm,
    follow_up_initial,
)
from .models import Company, District, FollowUp, Network, TrainingPlace, Visit

IMPORT_SESSION_KEY = "companies_import"


def _add_form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Directory and company ------------------------------------------------------------------------

@staff_required
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    page = selectors.directory_page(**_directory_filters(form), page=request.GET.get("seite", 1),
                                    today=timezone.localdate())
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "companies/company_list.html", {"form": form, "page": page, "query": query.urlencode()})


def _directory_filters(form: DirectoryFilterForm) -> dict:
    """The directory's filter as keyword arguments of the selectors (the page and its export share it)."""
    filters = form.cleaned_data if form.is_valid() else {}
    return {"search": filters.get("q", ""), "district": filters.get("district", ""),
            "section": filters.get("section", ""), "member": filters.get("member", ""),
            "visited": filters.get("visited", "")}


@staff_required
def company_detail(request, pk: int):
    page = str(request.GET.get("seite", 1))[:8]
    data = selectors.company_page(pk, today=timezone.localdate(), page=page)
    next_url = data["company"].get_absolute_url() + (f"?seite={page}" if page != "1" else "")
    return render(request, "companies/company_detail.html", {**data, "next_url": next_url})


@staff_required
def company_edit(request, pk: int | None = None):
    company = get_object_or_404(Company, pk=pk) if pk else Company()
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        services.save_company(company=form.instance)
        messages.success(request, _("Die Firma wurde gespeichert."))
        return redirect(form.instance)
    return render(request, "companies/company_form.html", {"form": form, "company": company if pk else None})


@staff_required
def company_history(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    return render(request, "companies/history.html", {
        "object": company, "back_url": company.get_absolute_url(),
        "entries": selectors.history_entries(company.history.all()),
    })


@staff_required
def contact_edit(request, company_pk: int, pk: int | None = None):
    company = get_object_or_404(Company, pk=company_pk)
    contact = get_object_or_404(company.contacts, pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.instance.company = company
        services.add_contact(contact=form.instance)
        messages.success(request, _("Die Ansprechperson wurde gespeichert."))
        return redirect(company)
    return render(request, "companies/contact_form.html", {"form": form, "company": company, "contact": contact})


# --- Visits ---------------------------------------------------------------------------------------

@staff_required
def visit_start(request):
    """"Neuer Besuch" from the dashboard: find the company, then one tap to its visit form."""
    search = request.GET.get("q", "").strip()
    companies = list(Company.objects.search(search).order_by("name")[:25]) if search else []
    return render(request, "companies/visit_start.html", {
        "search": search, "companies": companies, "recent": selectors.recently_visited(request.user)})


@staff_required
def visit_create(request, company_pk: int):
    company = get_object_or_404(Company, pk=company_pk)
    form = VisitForm(request.POST or None, company=company)
    formset = FollowUpFormSet(request.POST or None, prefix="wv", form_kwargs={"default_assignee": request.user})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            visit = services.log_visit(company=company, staff=request.user, date=form.cleaned_data["date"],
                                       summary=form.cleaned_data["summary"], notes=form.cleaned_data["notes"],
                                       topics=form.cleaned_data["topics"],
                                       contacts=form.cleaned_data.get("contacts", []), follow_ups=formset.drafts(),
                                       new_contact=form.new_contact(), answers=form.cleaned_data["answers"])
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(request, _("Der Besuch wurde gespeichert."))
            return HttpResponseRedirect(company.get_absolute_url() + f"#besuch-{visit.pk}")
    return render(request, "companies/visit_form.html", {"form": form, "formset": formset, "company": company},
                  status=400 if form.errors or formset.total_error_count() else 200)


@staff_required
def visit_detail(request, pk: int):
    visit = selectors.visit_page(pk)
    return render(request, "companies/visit_detail.html", {
        "visit": visit, "entries": selectors.history_entries(visit.history.all()),
        "follow_up_entries": selectors.history_entries(FollowUp.history.filter(visit_id=visit.pk)),
    })


@staff_required
def visit_edit(request, pk: int):
    visit = selectors.visit_page(pk)
    company = visit.company
    initial = {"date": visit.date, "summary": visit.summary, "notes": visit.notes,
               "topics": list(visit.topics.all()), "contacts": list(visit.contacts.all()),
               "answers": [mark.answer for mark in visit.answers_given.all()]}
    form = VisitForm(request.POST or None, company=company, initial=initial)
    formset = FollowUpFormSet(request.POST or None, prefix="wv", initial=follow_up_initial(visit),
                              form_kwargs={"default_assignee": request.user})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.update_visit(visit=visit, date=form.cleaned_data["date"], summary=form.cleaned_data["summary"],
                                  notes=form.cleaned_data["notes"], topics=form.cleaned_data["topics"],
                                  contacts=form.cleaned_data.get("contacts", []), follow_ups=formset.drafts(),
                                  new_contact=form.new_contact(), answers=form.cleaned_data["answers"])
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(request, _("Der Besuch wurde geändert."))
            return redirect(visit)
    return render(request, "companies/visit_form.html",
                  {"form": form, "formset": formset, "company": company, "visit": visit},
                  status=400 if form.errors or formset.total_error_count() else 200)


# --- Training places ------------------------------------------------------------------------------

@staff_required
def training_place_create(request, company_pk: int):
    """Record a company's training places, on its page or from a visit (`?visit=<pk>`, a visit of the company)."""
    company = get_object_or_404(Company, pk=company_pk)
    visit_pk = str(request.GET.get("visit", ""))
    visit = Visit.objects.filter(pk=visit_pk, company=company).first() if visit_pk.isdigit() else None
    form = TrainingPlaceForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_training_place(company=company, occupation=data["occupation"],
                                           start_year=data["start_year"], places=data["places"], note=data["note"],
                                           visit=visit, recorded_by=request.user)
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(request, _("Die Ausbildungsplätze sind eingetragen."))
            return HttpResponseRedirect(visit.get_absolute_url() if visit else
                                        company.get_absolute_url() + "#ausbildungsplaetze")
    return render(request, "companies/training_place_form.html",
                  {"form": form, "company": company, "visit": visit, "place": None},
                  status=400 if form.errors else 200)


@staff_required
def training_place_edit(request, pk: int):
    place = get_object_or_404(TrainingPlace.objects.select_related("company", "occupation"), pk=pk)
    form = TrainingPlaceForm(request.POST or None, place=place,
                             initial={"places": place.places, "filled": place.filled, "note": place.note})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_training_place(place=place, places=data["places"], filled=data["filled"],
                                           note=data["note"])
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(request, _("Die Ausbildungsplätze sind geändert."))
            return HttpResponseRedirect(place.company.get_absolute_url() + "#ausbildungsplaetze")
    return render(request, "companies/training_place_form.html",
                  {"form": form, "company": place.company, "visit": None, "place": place},
                  status=400 if form.errors else 200)


# --- Follow-ups -----------------------------------------------------------------------------------

@staff_required
def my_follow_ups(request):
    today = timezone.localdate()
    return render(request, "companies/follow_up_list.html", {
        "page": selectors.my_follow_ups(request.user, today=today, page=request.GET.get("seite", 1)),
        "today": today})


@staff_required
@require_POST
def follow_up_done(request, pk: int):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    services.complete_follow_up(follow_up=follow_up)
    messages.success(request, _("Die Wiedervorlage ist erledigt."))
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/intern/") else reverse("companies:my_follow_ups"))


# --- Dashboard ------------------------------------------------------------------------------------

def _default_since(today: date) -> date:
    """The start of the current half-year: "100 visits since July"."""
    return date(today.year, 7 if today.month >= 7 else 1, 1)


@staff_required
def dashboard(request):
    today = timezone.localdate()
    form = DashboardForm(request.GET or None)
    since = (form.cleaned_data.get("since") if form.is_valid() else None) or _default_since(today)
    if not form.is_bound:
        form = DashboardForm(initial={"since": since})
    data = selectors.dashboard_page(request.user, since=since, today=today)
    return render(request, "companies/dashboard.html",
                  {**data, "form": form, "chart": month_bars(data["months"]), "today": today})


@staff_required
def coverage(request):
    return render(request, "companies/coverage.html", selectors.coverage_page(today=timezone.localdate()))


# --- Networks and introductions -------------------------------------------------------------------

@staff_required
def network_list(request):
    return render(request, "companies/network_list.html", {"networks": selectors.networks_page()})


@staff_required
def network_detail(request, pk: int):
    return render(request, "companies/network_detail.html", {"network": selectors.network_page(pk)})


@staff_required
def network_edit(request, pk: int | None = None):
    network = get_object_or_404(Network, pk=pk) if pk else None
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        network = form.save()
        messages.success(request, _("Das Netzwerk wurde gespeichert."))
        return redirect(network)
    return render(request, "companies/network_form.html", {"form": form, "network": network},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def network_membership(request, company_pk: int):
    """Add the company to a network (field `network`) or take it out (`leave`: the network's id)."""
    company = get_object_or_404(Company, pk=company_pk)
    if leave := request.POST.get("leave"):
        network = get_object_or_404(Network, pk=leave)
        services.leave_network(company=company, network=network)
        messages.success(request, _("%(company)s ist nicht mehr Mitglied in %(network)s.")
                         % {"company": company.name, "network": network.name})
        next_url = request.POST.get("next", "")
        return redirect(next_url if next_url.startswith("/intern/") else company.get_absolute_url())
    form = MembershipForm(request.POST, company=company)
    if form.is_valid():
        services.join_network(company=company, network=form.cleaned_data["network"])
        messages.success(request, _("%(company)s ist jetzt Mitglied in %(network)s.")
                         % {"company": company.name, "network": form.cleaned_data["network"].name})
    else:
        messages.error(request, " ".join(form.errors.get("network", [])))
    return redirect(company)


@staff_required
def introduction_list(request):
    return render(request, "companies/introduction_list.html",
                  {"page": selectors.introductions_page(page=request.GET.get("seite", 1))})


@staff_required
def introduction_create(request, company_pk: int):
    company = get_object_or_404(Company, pk=company_pk)
    form = IntroductionForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_introduction(company=company, made_by=request.user, **form.introduction_data())
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(request, _("Die Vermittlung wurde eingetragen."))
            return redirect(company)
    return render(request, "companies/introduction_form.html", {"form": form, "company": company},
                  status=400 if form.errors else 200)


# --- CSV import and export ------------------------------------------------------------------------

@staff_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        text = services.decode_upload(form.cleaned_data["file"].read())
        try:
            report = services.check_import(text)
        except services.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            # The confirm step imports exactly this content: it stays on the server, the form carries its hash.
            request.session[IMPORT_SESSION_KEY] = {"digest": report.digest, "text": text,
                                                   "filename": form.cleaned_data["file"].name}
    confirm = ImportConfirmForm(initial={"digest": report.digest}) if report and report.can_import else None
    return render(request, "companies/import.html", {"form": form, "report": report, "confirm": confirm},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def import_confirm(request):
    form = ImportConfirmForm(request.POST)
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not form.is_valid() or not stored or stored["digest"] != form.cleaned_data["digest"]:
        messages.error(request, _("Diese Prüfung ist nicht mehr aktuell. Bitte die Datei erneut hochladen."))
        return redirect("companies:import")
    try:
        created = services.run_import(stored["text"], expected_digest=stored["digest"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("companies:import")
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("%(count)s Firmen wurden importiert.") % {"count": len(created)})
    return redirect("companies:directory")


@staff_required
def export_companies(request):
    """The companies the directory shows under its active filter (the same query string), all pages."""
    columns = list(services.COLUMNS)
    companies = selectors.directory_companies(**_directory_filters(DirectoryFilterForm(request.GET or None)),
                                              today=timezone.localdate()).order_by("name", "pk")
    districts = {value: str(label) for value, label in District.choices}  # once, not per row

    def rows():
        for company in companies.iterator(chunk_size=2000):
            values = [getattr(company, name) for name in columns]
            values[columns.index("is_member")] = "ja" if company.is_member else "nein"
            values[columns.index("district")] = districts.get(company.district, "")
            yield [*values, company.section, company.last_visit_on.isoformat() if company.last_visit_on else ""]

    return csv_response(f"firmen-{timezone.localdate():%Y-%m-%d}.csv",
                         [*services.COLUMNS.values(), _("Abschnitt"), _("Letzter Besuch")], rows())


@staff_required
def export_visits(request):
    visits = (Visit.objects.select_related("company", "staff").prefetch_related("topics")
              .order_by("-date", "-pk"))

    def rows():
        for visit in visits.iterator(chunk_size=2000):
            yield [visit.date.isoformat(), visit.company.name, visit.company.register_entry,
                   visit.staff.get_full_name() or visit.staff.get_username(),
                   ", ".join(topic.name for topic in visit.topics.all()), visit.summary, visit.notes]

    return csv_response(f"besuche-{timezone.localdate():%Y-%m-%d}.csv",
                         [_("Datum"), _("Firma"), _("Registereintrag"), _("Besucht von"), _("Themen"),
                          _("Kurzfassung"), _("Notizen")], rows())
