"""Staff pages of the location obstacles (under /intern/firmen/hemmnisse/). Thin: parse, call a read function or
a service, render. Access: anonymous → login, anybody but office staff → 403 (`staff_required`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihk_office.permissions import staff_required

from . import obstacle_selectors as selectors
from . import obstacle_services as services
from .models import Company, LocationObstacle, ObstacleKind, Visit
from .obstacle_forms import KindForm, ObstacleFilterForm, ObstacleForm, ReviewForm, StatusForm


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@staff_required
def obstacle_list(request):
    form = ObstacleFilterForm(request.GET or None)
    page = selectors.obstacle_list(**form.filters(), page=request.GET.get("seite", 1))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "companies/obstacle_list.html", {"form": form, "page": page, "query": query.urlencode()})


def _prefill(request) -> tuple[Visit | None, Company | None]:
    """The visit or company "Standorthemmnis erfassen" came from (`?visit=` / `?company=`, or the form's copy)."""
    source = request.POST if request.method == "POST" else request.GET
    visit = company = None
    if (value := source.get("visit", "")).isdigit() and len(value) < 10:
        visit = Visit.objects.select_related("company").filter(pk=value).first()
    if visit is not None:
        company = visit.company
    elif (value := source.get("company", "")).isdigit() and len(value) < 10:
        company = Company.objects.filter(pk=value).first()
    return visit, company


@staff_required
def obstacle_create(request):
    visit, company = _prefill(request)
    initial = {"visit": visit.pk if visit else None, "company": company.pk if company else None,
               "district": company.district if company else ""}
    if visit is not None:
        initial["noted_on"] = visit.date
    form = ObstacleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obstacle = services.record_obstacle(
                kind=data["kind"], title=data["title"], district=data["district"], description=data["description"],
                noted_on=data["noted_on"], visit=visit, companies=[company] if company else [], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Das Standorthemmnis ist erfasst."))
            return redirect(obstacle)
    return render(request, "companies/obstacle_form.html",
                  {"form": form, "visit": visit, "company": company, "obstacle": None,
                   "nearby": selectors.unsolved_nearby(company) if company else []},
                  status=400 if form.errors else 200)


@staff_required
def obstacle_edit(request, pk: int):
    obstacle = get_object_or_404(LocationObstacle, pk=pk)
    form = ObstacleForm(request.POST or None, initial={
        "kind": obstacle.kind_id, "district": obstacle.district, "title": obstacle.title,
        "description": obstacle.description, "noted_on": obstacle.noted_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_obstacle(obstacle=obstacle, kind=data["kind"], title=data["title"],
                                     district=data["district"], description=data["description"],
                                     noted_on=data["noted_on"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Das Standorthemmnis ist gespeichert."))
            return redirect(obstacle)
    return render(request, "companies/obstacle_form.html", {"form": form, "obstacle": obstacle},
                  status=400 if form.errors else 200)


def _detail(request, obstacle_pk: int, *, status=200, **forms):
    obstacle = selectors.obstacle_page(obstacle_pk)
    search = request.GET.get("firma", "")[:100]
    matches = selectors.company_matches(search, exclude=[company.pk for company in obstacle.companies.all()]) \
        if search else []
    return render(request, "companies/obstacle_detail.html", {
        "obstacle": obstacle, "search": search, "matches": matches,
        "status_form": forms.get("status_form") or StatusForm(initial={"status": obstacle.status,
                                                                       "raised_with": obstacle.raised_with}),
        "review_form": forms.get("review_form") or ReviewForm(),
        "district_label": dict(LocationObstacle._meta.get_field("district").flatchoices).get(obstacle.district, ""),
    }, status=status)


@staff_required
def obstacle_detail(request, pk: int):
    return _detail(request, pk)


@staff_required
@require_POST
def obstacle_status(request, pk: int):
    obstacle = get_object_or_404(LocationObstacle, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(obstacle=obstacle, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Der neue Stand ist eingetragen."))
            return redirect(obstacle)
    return _detail(request, pk, status=400, status_form=form)


@staff_required
@require_POST
def obstacle_review(request, pk: int):
    """A member's report: "annehmen" (button `accept`) or "nicht aufnehmen" (button `decline`, with a note)."""
    obstacle = get_object_or_404(LocationObstacle, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if "decline" in request.POST:
                services.decline_report(obstacle=obstacle, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("Die Meldung ist nicht aufgenommen."))
            else:
                services.accept_report(obstacle=obstacle, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("Die Meldung ist angenommen und jetzt offen."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(obstacle)
    return _detail(request, pk, status=400, review_form=form)


@staff_required
@require_POST
def obstacle_companies(request, pk: int):
    """Add a company affected (`add`: its id) or take one off (`remove`)."""
    obstacle = get_object_or_404(LocationObstacle, pk=pk)
    for key, service in (("add", services.add_company), ("remove", services.remove_company)):
        value = request.POST.get(key, "")
        if value.isdigit() and len(value) < 10:
            company = get_object_or_404(Company, pk=value)
            service(obstacle=obstacle, company=company)
            messages.success(request, (_("%(company)s ist als betroffen eingetragen.") if key == "add"
                                       else _("%(company)s ist nicht mehr eingetragen.")) % {"company": company})
            break
    return HttpResponseRedirect(obstacle.get_absolute_url() + "#firmen")


@staff_required
def obstacle_kinds(request):
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.add_kind(**form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Die Art „%(kind)s“ ist ergänzt.") % {"kind": kind.name})
            return redirect("companies:obstacle_kinds")
    return render(request, "companies/obstacle_kinds.html",
                  {"form": form, "kinds": list(ObstacleKind.objects.order_by("position", "name"))},
                  status=400 if form.errors else 200)
