"""One read function per page: each loads what its page shows in a fixed, small number of queries.

Member reads go through `Meeting.objects.for_member()` / `Document.objects.for_member()`, which look up the
active memberships in the same query; nothing about access is cached between requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from companies.models import LocationObstacle
from companies.obstacle_selectors import add_summaries, summary_annotations
from ihk_office.permissions import is_office_staff

from . import services
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Document,
    Meeting,
    Membership,
    Minutes,
    Recommendation,
    RecommendationStatusChange,
)


def _meetings_for(user):
    return Meeting.objects.all() if is_office_staff(user) else Meeting.objects.for_member(user)


def _documents_for(user):
    # `text` (the words inside the file, up to 60,000 characters) is for the search's WHERE only: never loaded.
    documents = Document.objects.defer("text")
    return documents if is_office_staff(user) else documents.for_member(user)


@dataclass
class MemberHome:
    memberships: list[Membership]
    upcoming: list[Meeting]
    answers: dict[int, Attendance]
    documents: list[Document]
    minutes: list[Minutes]
    recommendations: list[Recommendation]


def member_home(user, *, now: datetime | None = None) -> MemberHome:
    """My committees, upcoming meetings with my answer, documents, approved minutes, recommendations."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    memberships = list(Membership.objects.active(on=today).filter(user=user).select_related("committee"))
    committee_ids = [m.committee_id for m in memberships]
    mine = Meeting.objects.filter(committee_id__in=committee_ids)
    # A meeting cancelled at short notice stays listed (marked "abgesagt") so nobody travels in vain.
    cancelled = mine.filter(state=Meeting.State.CANCELLED, starts_at__gte=now)
    upcoming = list((mine.upcoming(now) | cancelled).select_related("committee").order_by("starts_at"))
    answers = {
        a.meeting_id: a
        for a in Attendance.objects.filter(meeting__in=[m.pk for m in upcoming], membership__in=memberships)
    } if upcoming else {}
    for meeting in upcoming:
        meeting.my_answer = answers.get(meeting.pk)
    documents = list(
        Document.objects.filter(committee_id__in=committee_ids)
        .select_related("meeting", "committee").order_by("-uploaded_at")[:20]
    )
    minutes = list(
        Minutes.objects.readable_by(user, on=today)
        .filter(meeting__committee_id__in=committee_ids, status=Minutes.Status.APPROVED)
        .select_related("meeting__committee").order_by("-meeting__starts_at")[:20]
    )
    recommendations = list(
        Recommendation.objects.filter(committee_id__in=committee_ids)
        .select_related("committee", "adopted_in")
        .prefetch_related(Prefetch("history", queryset=RecommendationStatusChange.objects.order_by("date", "pk")))
    )
    return MemberHome(memberships, upcoming, answers, documents, minutes, recommendations)


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda: list[AgendaItem]
    documents: list[Document]
    attendances: list[Attendance]
    mine: Attendance | None
    minutes: Minutes | None
    show_minutes: bool


def meeting_page(user, pk: int) -> MeetingPage:
    """A meeting as a member (or staff) sees it; 404 when the user may not see it.

    Queries: the meeting with its committee and minutes (access is checked in the same query), the agenda,
    the documents, the attendance with members. The count does not depend on how many rows there are.
    """
    readable = Minutes.objects.readable_by(user).filter(meeting=OuterRef("pk"))
    meeting = (
        _meetings_for(user).select_related("committee", "minutes").annotate(minutes_readable=Exists(readable))
        .filter(pk=pk).first()
    )
    if meeting is None:
        raise Http404
    agenda = _agenda(meeting)
    documents = list(meeting.documents.order_by("title", "pk"))
    attendances = list(
        meeting.attendances.select_related("membership__user").order_by(
            "membership__user__last_name", "membership__user__first_name", "pk"
        )
    )
    mine = next((a for a in attendances if a.membership.user_id == user.pk), None)
    minutes = getattr(meeting, "minutes", None)
    return MeetingPage(meeting, agenda, documents, attendances, mine, minutes, meeting.minutes_readable)


def _agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order, each item with the live summary of the obstacles grouped into it (counted in the
    same query: companies, districts, since when; `companies.obstacle_selectors.summary_annotations`)."""
    return add_summaries(meeting.agenda_items.select_related("recommendation")
                         .annotate(**summary_annotations()).order_by("position", "pk"))


def readable_minutes(user, meeting_pk: int) -> Minutes:
    """The minutes of a meeting, with meeting, committee and approver, if the user may read them
    (`Minutes.objects.readable_by`); else 404, as if there were none. Queries: 1."""
    minutes = (Minutes.objects.readable_by(user).select_related("meeting__committee", "approved_by")
               .filter(meeting_id=meeting_pk).first())
    if minutes is None:
        raise Http404
    return minutes


def document_for(user, pk: int) -> Document:
    document = _documents_for(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


MEMBERS_PER_PAGE = 50


def committee_for_member(user, slug: str, *, page: int | str = 1):
    """A committee's member page: 404 unless the user holds an active seat (or is staff). Its active members
    come as one page of MEMBERS_PER_PAGE (a count and the page)."""
    committees = Committee.objects.all()
    if not is_office_staff(user):
        committees = committees.filter(pk__in=Membership.objects.active().filter(user=user).values("committee_id"))
    committee = committees.filter(slug=slug).first()
    if committee is None:
        raise Http404
    meetings = list(committee.meetings.select_related("minutes").order_by("-starts_at"))
    members = Paginator(Membership.objects.active().filter(committee=committee).select_related("user")
                        .order_by("role", "user__last_name", "pk"), MEMBERS_PER_PAGE).get_page(page)
    recommendations = list(
        committee.recommendations.select_related("adopted_in")
        .prefetch_related(Prefetch("history", queryset=RecommendationStatusChange.objects.order_by("date", "pk")))
    )
    return committee, meetings, members, recommendations


def public_committee(slug: str, *, now: datetime | None = None) -> tuple[Committee, Meeting | None]:
    """The public page: the purpose and the next meeting (its month only when tentative). Nothing internal."""
    committee = Committee.objects.filter(slug=slug).first()
    if committee is None:
        raise Http404
    next_meeting = committee.meetings.upcoming(now).first()
    return committee, next_meeting


def feed_meetings(user):
    return list(Meeting.objects.for_member(user).select_related("committee").order_by("starts_at"))


@dataclass
class SearchHit:
    kind: str  # "minutes" or "document"
    title: str
    committee: str
    meeting: Meeting | None
    minutes: Minutes | None = None
    document: Document | None = None


def search(user, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Full-text search over the approved minutes and the documents of the user's committees (their title,
    description, file name and the text inside the file).

    PostgreSQL: a German text-search configuration (stemming: "Breitbandausbau" ≈ "Breitband…" is not
    split, but "Unternehmen" finds "Unternehmens"), ranked. SQLite: a case-insensitive substring match.
    """
    query = (query or "").strip()
    if not query:
        return []
    minutes = Minutes.objects.readable_by(user).select_related("meeting__committee")
    documents = _documents_for(user).select_related("meeting", "committee")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        search_query = SearchQuery(query, config="german", search_type="websearch")
        minutes_vector = SearchVector("meeting__title", weight="A", config="german") + SearchVector(
            "text", weight="B", config="german")
        document_vector = (SearchVector("title", weight="A", config="german")
                           + SearchVector("description", weight="B", config="german")
                           + SearchVector("original_name", weight="C", config="german")
                           + SearchVector("text", weight="D", config="german"))
        minutes = (minutes.annotate(search=minutes_vector, rank=SearchRank(minutes_vector, search_query))
                   .filter(search=search_query).order_by("-rank"))
        documents = (documents.annotate(search=document_vector, rank=SearchRank(document_vector, search_query))
                     .filter(search=search_query).order_by("-rank"))
    else:
        minutes = minutes.filter(Q(text__icontains=query) | Q(meeting__title__icontains=query)).order_by(
            "-meeting__starts_at")
        documents = documents.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(original_name__icontains=query)
            | Q(text__icontains=query)
        ).order_by("-uploaded_at")
    hits = [
        SearchHit("minutes", m.meeting.title, m.meeting.committee.name, m.meeting, minutes=m) for m in minutes[:limit]
    ]
    hits += [
        SearchHit("document", d.title, d.committee.name, d.meeting, document=d) for d in documents[:limit]
    ]
    return hits


@dataclass
class StaffMeetingPage:
    meeting: Meeting
    agenda: list[AgendaItem]
    documents: list[Document]
    attendances: list[Attendance]
    minutes: Minutes | None
    versions: list
    open_recommendations: list[Recommendation]
    can_record_presence: bool = False


def staff_meeting_page(pk: int) -> StaffMeetingPage:
    meeting = Meeting.objects.select_related("committee", "minutes").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    agenda = _agenda(meeting)
    on_agenda = {item.recommendation_id for item in agenda if item.recommendation_id}
    minutes = getattr(meeting, "minutes", None)
    versions = list(minutes.versions.select_related("approved_by", "reopened_by")) if minutes else []
    return StaffMeetingPage(
        meeting=meeting,
        agenda=agenda,
        documents=list(meeting.documents.order_by("title", "pk")),
        attendances=list(meeting.attendances.select_related("membership__user").order_by(
            "membership__user__last_name", "pk")),
        minutes=minutes,
        versions=versions,
        open_recommendations=[r for r in meeting.committee.recommendations.open() if r.pk not in on_agenda],
        can_record_presence=services.presence_can_be_recorded(meeting=meeting),
    )


def minutes_outline(meeting: Meeting) -> str:
    """A first draft of the minutes: one heading per agenda item, in the agenda's order (one query)."""
    items = meeting.agenda_items.order_by("position", "pk").values_list("position", "title")
    return "".join(f"# TOP {position}: {title}\n\n\n" for position, title in items)


# The committee's staff page is four sub-pages (tabs); each reads only what it shows, in a fixed number of
# queries whatever the size: the committee, then one list (plus one for the choices of a form).
STAFF_COMMITTEE_SECTIONS = ("meetings", "members", "documents", "recommendations")


def staff_committee_page(pk: int, section: str) -> dict:
    """Committee + the section's list. Queries: committee 1, list 1 (members, meetings, documents or
    recommendations); the recommendations tab's form adds its meeting choices when rendered."""
    committee = Committee.objects.filter(pk=pk).first()
    if committee is None or section not in STAFF_COMMITTEE_SECTIONS:
        raise Http404
    data: dict = {"committee": committee, "section": section}
    if section == "meetings":
        data["meetings"] = list(committee.meetings.select_related("minutes").order_by("-starts_at"))
    elif section == "members":
        data["memberships"] = list(committee.memberships.select_related("user")
                                   .order_by("end_date", "user__last_name", "user__first_name", "pk"))
    elif section == "documents":
        data["documents"] = list(committee.documents.select_related("meeting")
                                 .order_by("-meeting__starts_at", "title", "pk"))
    else:
        data["recommendations"] = list(committee.recommendations.select_related("adopted_in")
                                       .order_by("-pk"))
    return data


# --- location obstacles ------------------------------------------------------------------------------


def obstacles_to_group(*, kind=None, district: str = "", limit: int = 300) -> list[LocationObstacle]:
    """The obstacles staff may group into an agenda item: accepted and not solved, with their kind; the
    newest first, at most `limit`. Queries: 1."""
    obstacles = LocationObstacle.objects.unsolved().select_related("kind")
    if kind is not None:
        obstacles = obstacles.filter(kind=kind)
    if district:
        obstacles = obstacles.filter(district=district)
    return list(obstacles.order_by("-noted_on", "-pk")[:limit])


def obstacles_for_recommendation(recommendation: Recommendation) -> list[LocationObstacle]:
    """The obstacles a recommendation may name: those on the agenda of its committee's meetings and those it
    names already (`linked` set on each). Queries: 1."""
    linked = Recommendation.obstacles.through.objects.filter(recommendation=recommendation,
                                                             locationobstacle=OuterRef("pk"))
    return list(
        LocationObstacle.objects.accepted()
        .filter(Q(agenda_items__meeting__committee_id=recommendation.committee_id) | Exists(linked))
        .annotate(linked=Exists(linked)).select_related("kind").distinct().order_by("-noted_on", "-pk")
    )


# --- the board's recommendations in public -----------------------------------------------------------------
# Only what the public may read is loaded at all: the internal text, the internal notes and who recorded a step
# never leave the database on these pages (`.only()`), so no template can show them by mistake.
PUBLIC_RECOMMENDATION_FIELDS = ("pk", "committee_id", "title", "public_text", "addressee", "status")
PUBLIC_STEP_FIELDS = ("pk", "recommendation_id", "status", "date", "public_note", "recorded_at")
PUBLIC_RECOMMENDATIONS_PER_PAGE = 20
PUBLIC_FEED_ENTRIES = 30


def _public_history():
    return Prefetch("history", queryset=RecommendationStatusChange.objects.only(*PUBLIC_STEP_FIELDS)
                    .order_by("date", "pk"))


def publishing_committee(slug: str) -> Committee:
    """A committee that publishes its recommendations (`Committee.publishes_recommendations`), else 404.
    Only its public fields are loaded. Queries: 1."""
    committee = (Committee.objects.only("pk", "name", "short_name", "slug", "kind", "description")
                 .filter(slug=slug, publishes_recommendations=True).first())
    if committee is None:
        raise Http404
    return committee


def public_recommendations(slug: str, *, page: int | str = 1):
    """The public page of a committee's adopted recommendations (`Recommendation.objects.published()`), newest
    decision first, one page of PUBLIC_RECOMMENDATIONS_PER_PAGE with each one's history.

    Queries: the committee (1), the count and the page of recommendations (2), their history (1); an empty list
    needs no page and no history."""
    committee = publishing_committee(slug)
    recommendations = (Recommendation.objects.published().filter(committee=committee)
                       .only(*PUBLIC_RECOMMENDATION_FIELDS).prefetch_related(_public_history())
                       .order_by("-adopted_on", "-pk"))
    return committee, Paginator(recommendations, PUBLIC_RECOMMENDATIONS_PER_PAGE).get_page(page)


def public_recommendation(slug: str, pk: int) -> Recommendation:
    """One published recommendation of the committee `slug` with its committee and history, else 404.
    Queries: the recommendation with its committee (1), its history (1)."""
    recommendation = (
        Recommendation.objects.published().filter(committee__slug=slug, pk=pk).select_related("committee")
        .only(*PUBLIC_RECOMMENDATION_FIELDS, "committee__name", "committee__short_name", "committee__slug")
        .prefetch_related(_public_history()).first()
    )
    if recommendation is None:
        raise Http404
    return recommendation


def public_status_changes(committee: Committee, *,
                          limit: int = PUBLIC_FEED_ENTRIES) -> list[RecommendationStatusChange]:
    """The latest steps in the history of the committee's published recommendations, for the Atom feed, the most
    recently recorded first, each with its recommendation. Queries: 1."""
    published = Recommendation.objects.published().filter(committee=committee).values("pk")
    return list(
        RecommendationStatusChange.objects.filter(recommendation__in=published).select_related("recommendation")
        .only(*PUBLIC_STEP_FIELDS, *(f"recommendation__{name}" for name in PUBLIC_RECOMMENDATION_FIELDS
                                     if name != "pk"))
        .order_by("-recorded_at", "-pk")[:limit]
    )


def committee_links(office) -> list[dict]:
    """The office's committees for the links on the home page: name, slug and whether they publish their
    recommendations. Queries: 1."""
    return list(Committee.objects.filter(office=office).order_by("name")
                .values("name", "slug", "publishes_recommendations"))
