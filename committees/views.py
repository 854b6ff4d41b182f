"""Member and public pages of the committees. Access: anonymous → login, no seat in the committee → 404.

Every check reads the memberships from the database on this request (see `selectors`), so an ended
membership or a deactivated account loses access at once.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ihk_office.http import public_page

from . import calendar, selectors, services
from .forms import RsvpForm, SearchForm
from .models import CalendarFeed, Membership


@login_required
@never_cache
def member_home(request):
    home = selectors.member_home(request.user)
    return render(request, "committees/member_home.html", {"home": home, "rsvp_form": RsvpForm()})


@login_required
@never_cache
def committee_detail(request, slug):
    committee, meetings, members, recommendations = selectors.committee_for_member(
        request.user, slug, page=request.GET.get("seite", 1))
    return render(request, "committees/committee_detail.html", {
        "committee": committee, "meetings": meetings, "members": members, "recommendations": recommendations,
    })


@login_required
@never_cache
def meeting_detail(request, pk):
    page = selectors.meeting_page(request.user, pk)
    return render(request, "committees/meeting_detail.html", {
        "page": page, "meeting": page.meeting, "rsvp_form": RsvpForm(
            initial={"response": page.mine.response} if page.mine and page.mine.response else None),
        "is_over": page.meeting.is_over(),
    })


@login_required
@require_POST
def meeting_rsvp(request, pk):
    page = selectors.meeting_page(request.user, pk)  # 404 for anyone without a seat
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            services.respond(meeting=page.meeting, user=request.user, response=form.cleaned_data["response"])
        except services.MeetingIsOver as exc:
            form.add_error(None, exc.message)
        except services.NotAMember:
            form.add_error(None, _("Nur Mitglieder des Gremiums können zu- oder absagen."))
        else:
            messages.success(request, _("Danke, Ihre Antwort ist gespeichert."))
            if request.POST.get("next") == "home":
                return redirect("committees:member_home")
            return redirect("committees:meeting_detail", pk)
    return render(request, "committees/meeting_detail.html", {
        "page": page, "meeting": page.meeting, "rsvp_form": form, "is_over": page.meeting.is_over(),
    }, status=400)


@login_required
@require_GET
def meeting_ics(request, pk):
    page = selectors.meeting_page(request.user, pk)
    if page.meeting.is_tentative:
        raise Http404
    response = HttpResponse(calendar.meeting_ics(page.meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzung-{pk}.ics"'
    return response


@login_required
@never_cache
def minutes_detail(request, pk):
    minutes = selectors.readable_minutes(request.user, pk)
    return render(request, "committees/minutes_detail.html", {"minutes": minutes, "meeting": minutes.meeting})


@login_required
@never_cache
def minutes_print(request, pk):
    minutes = selectors.readable_minutes(request.user, pk)
    attendances = minutes.meeting.attendances.select_related("membership__user").order_by(
        "membership__user__last_name", "pk")
    return render(request, "committees/minutes_print.html", {
        "minutes": minutes, "meeting": minutes.meeting, "attendances": attendances,
    })


@login_required
@never_cache
@require_GET
def document_download(request, pk):
    document = selectors.document_for(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@never_cache
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    hits = selectors.search(request.user, query)
    return render(request, "committees/search_results.html", {"form": form, "query": query, "hits": hits})


@login_required
@never_cache
def calendar_feed_settings(request):
    if request.method == "POST":
        services.revoke_calendar_feed(user=request.user)
        messages.success(request, _("Die alte Kalender-Adresse ist gesperrt. Hier ist die neue."))
        return redirect("committees:calendar_feed_settings")
    feed = services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("committees:calendar_feed", kwargs={"token": feed.token}))
    return render(request, "committees/calendar_feed_settings.html", {"feed": feed, "feed_url": url})


@require_GET
def calendar_feed(request, token):
    """No login (calendar programs cannot log in): the secret token is the key; revoking it makes this 404."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    body = calendar.feed_ics(selectors.feed_meetings(feed.user), name=_("Gremiensitzungen"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_GET
@public_page
def committee_public(request, slug):
    committee, next_meeting = selectors.public_committee(slug, now=timezone.now())
    return render(request, "committees/committee_public.html",
                  {"committee": committee, "next_meeting": next_meeting})


@login_required
@never_cache
def obstacle_report(request):
    """A board member reports an obstacle at the location between meetings (it lands in the staff inbox as
    "gemeldet") and follows what became of their own reports. Only people with an active seat; others 404."""
    from companies import obstacle_selectors, obstacle_services
    from companies.obstacle_forms import MemberReportForm

    if not Membership.objects.active().filter(user=request.user).exists():
        raise Http404
    form = MemberReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obstacle_services.report_obstacle(by=request.user, **form.cleaned_data)
        messages.success(request, _("Danke! Ihre Meldung ist beim Regionalbüro eingegangen."))
        return redirect("committees:obstacle_report")
    return render(request, "committees/obstacle_report.html",
                  {"form": form, "reports": obstacle_selectors.my_reports(request.user)},
                  status=400 if form.errors else 200)


@require_GET
@public_page
def public_recommendations(request, slug):
    committee, recommendations = selectors.public_recommendations(slug, page=request.GET.get("seite", 1))
    return render(request, "committees/recommendations_public.html",
                  {"committee": committee, "recommendations": recommendations})


@require_GET
@public_page
def public_recommendation(request, slug, pk):
    recommendation = selectors.public_recommendation(slug, pk)
    return render(request, "committees/recommendation_public.html",
                  {"recommendation": recommendation, "committee": recommendation.committee})
