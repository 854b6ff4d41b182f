import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from committees.selectors import committee_links
from consultations.selectors import days_hit_by_closure, next_public_day

from . import health, outbox
from .forms import ClosureForm, OpeningHoursFormSet
from .http import public_page
from .models import Closure, OutgoingMail, default_office
from .permissions import is_office_staff, staff_required
from .throttles import login_blocked


def _office_or_404():
    office = default_office()
    if office is None:
        raise Http404(_("Es ist noch kein Büro eingerichtet."))
    return office


# As Django's json_script escapes: no "</script>" or "<!--" in an office field can end the block early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(value) -> str:
    """JSON safe to place inside a <script> element (the home page's JSON-LD)."""
    return json.dumps(value, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)


def home_context(office, now):
    """What the home page shows about the office at `now`."""
    local_today = now.astimezone(office.tz).date()
    json_ld = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": office.name,
        "telephone": office.phone_uri.removeprefix("tel:"),
        "email": office.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": office.street,
            "postalCode": office.postcode,
            "addressLocality": office.city,
            "addressCountry": office.country,
        },
        "openingHoursSpecification": office.opening_hours_specification(),
    }
    status = office.status_at(now)
    return {
        "next_consultation_day": next_public_day(office, now),
        "status": status,
        "status_text": status.describe(now),
        "today": local_today,
        "closed_days": office.upcoming_closed_days(local_today),
        "json_ld": json_for_script(json_ld),
    }


@require_GET
@public_page
def home(request):
    office = _office_or_404()
    context = {"office": office, **home_context(office, timezone.now()), "committees": committee_links(office)}
    return render(request, "ihk_office/home.html", context)


@require_GET
@public_page
def legal_page(request, page: str):
    office = _office_or_404()
    return render(request, f"ihk_office/{page}.html", {"office": office})


@never_cache
@require_GET
def healthz(request):
    """Each dependency and its state. 503 only when the database does not answer: without the cache or the
    broker the portal still serves (degraded), so a load balancer must keep sending traffic."""
    states = health.dependencies()
    if states["database"] != health.OK:
        return JsonResponse({"status": "error", **states}, status=503)
    return JsonResponse({"status": "degraded" if health.degraded(states) else "ok", **states})


def after_login(request):
    """Send each role to its own start page after login."""
    if is_office_staff(request.user):
        return redirect("staff_home")
    if request.user.is_authenticated:
        return redirect("committees:member_home")
    return redirect("home")


class ThrottledLoginView(LoginView):
    """Django's login, refused (the German lock-out page, 429) once the IP address has too many failures."""

    def post(self, request, *args, **kwargs):
        if login_blocked(request):
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)


def ratelimited(request, exception):
    """django-ratelimit sends blocked requests here: 429 with a German explanation."""
    return render(request, "429.html", status=429)


# --- staff ---------------------------------------------------------------------------------------


@staff_required
def staff_home(request):
    return render(request, "ihk_office/staff_home.html", {"degraded": health.degraded()})


@staff_required
def office_hours_edit(request):
    office = _office_or_404()
    formset = OpeningHoursFormSet(request.POST or None, instance=office, prefix="hours")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Die Öffnungszeiten wurden gespeichert."))
        return redirect("office_hours")
    closures = Closure.objects.filter(office=office, end_date__gte=timezone.localdate()).order_by("start_date")
    return render(
        request,
        "ihk_office/office_hours_edit.html",
        {"formset": formset, "closures": closures, "closure_form": ClosureForm()},
    )


@staff_required
@require_POST
def closure_create(request):
    office = _office_or_404()
    form = ClosureForm(request.POST)
    if form.is_valid():
        closure = form.save(commit=False)
        closure.office = office
        closure.save()
        messages.success(request, _("Die Schließzeit wurde eingetragen."))
        hit = days_hit_by_closure(closure)
        if hit:
            # The days are off the public pages now; staff decide on the day sheet: move the day with its bookings
            # to another date, or cancel it (everyone booked gets a mail with the calendar update either way).
            for day in hit:
                messages.warning(request, _(
                    "Am %(date)s ist ein Sprechtag geplant (%(count)s Buchungen). Er ist online nicht mehr buchbar: "
                    "Verlegen Sie ihn auf dem Tagesblatt auf ein anderes Datum oder sagen Sie ihn ab; alle Gebuchten "
                    "bekommen eine E-Mail.") % {
                        "date": date_format(day.date, _("j. F Y")), "count": day.active_count})
            return redirect("consultations_staff:day_sheet", pk=hit[0].pk)
        return redirect("office_hours")
    formset = OpeningHoursFormSet(instance=office, prefix="hours")
    closures = Closure.objects.filter(office=office, end_date__gte=timezone.localdate())
    return render(
        request,
        "ihk_office/office_hours_edit.html",
        {"formset": formset, "closures": closures, "closure_form": form},
        status=400,
    )


@staff_required
@require_POST
def closure_delete(request, pk: int):
    closure = get_object_or_404(Closure, pk=pk)
    closure.delete()
    messages.success(request, _("Die Schließzeit wurde gelöscht."))
    return redirect("office_hours")


MAIL_LOG_PAGE_SIZE = 50


@staff_required
def mail_log(request):
    """"Did Frau X get her confirmation?": recipient, subject and state, searchable by recipient, 50 per page.
    Two queries: the count and the page (the texts are not loaded)."""
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")[:200]
    mails = OutgoingMail.objects.to_address(query).only(
        "pk", "subject", "to", "category", "status", "attempts", "created_at", "sent_at", "last_error", "not_before"
    )
    if status in OutgoingMail.Status.values:
        mails = mails.filter(status=status)
    page = Paginator(mails, MAIL_LOG_PAGE_SIZE).get_page(request.GET.get("seite"))
    kept = {"status": status, "q": query}
    return render(
        request,
        "ihk_office/mail_log.html",
        {"page": page, "status": status, "q": query, "statuses": OutgoingMail.Status.choices,
         "query": urlencode({name: value for name, value in kept.items() if value})},
    )


@staff_required
def mail_detail(request, pk: int):
    """One mail: who, when, what state; its text with links into the portal masked, nothing of a credential."""
    return render(request, "ihk_office/mail_detail.html", {"mail": get_object_or_404(OutgoingMail, pk=pk)})


@staff_required
@require_POST
def mail_retry(request, pk: int):
    if outbox.retry(pk):
        messages.success(request, _("Die E-Mail wird erneut gesendet."))
    else:
        messages.info(request, _("Diese E-Mail ist nicht fehlgeschlagen und wird nicht erneut gesendet."))
    return redirect("mail_log")


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /intern/\nDisallow: /konto/\n", content_type="text/plain")
