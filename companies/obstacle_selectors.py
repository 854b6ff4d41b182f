"""Reads of the location obstacles: one function per page or list, each with a fixed number of queries, the
dashboard's table (one GROUP BY), and the live summary of obstacles grouped into an agenda item (computed from
the rows when the page is built, never stored as text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Min, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext

from .models import Company, District, LocationObstacle, ObstacleKind, ObstacleStatusChange

Status = LocationObstacle.Status
OBSTACLES_PER_PAGE = 50


# --- the live summary of an agenda item ------------------------------------------------------------------------

def summary_annotations(path: str = "obstacles") -> dict:
    """Annotations that count, over the obstacles reached by `path` (an agenda item's `obstacles`), the
    obstacles, the distinct companies affected, the distinct districts named and the first day one was named.
    Added to the query that loads the agenda items: no query of its own."""
    return {
        "obstacle_count": Count(path, distinct=True),
        "obstacle_companies": Count(f"{path}__companies", distinct=True),
        "obstacle_districts": Count(f"{path}__district", distinct=True, filter=~Q(**{f"{path}__district": ""})),
        "obstacles_since": Min(f"{path}__noted_on"),
    }


def summary_text(*, obstacles: int, companies: int, districts: int, since: date | None) -> str:
    """"3 Standorthemmnisse, von 6 Firmen in 2 Ortsteilen seit März 2026 genannt" (or "" without obstacles)."""
    if not obstacles:
        return ""
    values = {
        "obstacles": ngettext("%(count)s Standorthemmnis", "%(count)s Standorthemmnisse", obstacles)
        % {"count": obstacles},
        "companies": ngettext("%(count)s Firma", "%(count)s Firmen", companies) % {"count": companies},
        "districts": ngettext("%(count)s Ortsteil", "%(count)s Ortsteilen", districts) % {"count": districts},
        "month": date_format(since, "F Y") if since else "",
    }
    if districts:
        return gettext("%(obstacles)s, von %(companies)s in %(districts)s seit %(month)s genannt") % values
    return gettext("%(obstacles)s, von %(companies)s seit %(month)s genannt") % values


def add_summaries(items) -> list:
    """Set `obstacle_summary` on agenda items loaded with `summary_annotations()`."""
    items = list(items)
    for item in items:
        item.obstacle_summary = summary_text(obstacles=item.obstacle_count, companies=item.obstacle_companies,
                                             districts=item.obstacle_districts, since=item.obstacles_since)
    return items


# --- staff pages -----------------------------------------------------------------------------------------------

def _district_labels() -> dict[str, str]:
    return {value: str(label) for value, label in District.choices}


def obstacle_list(*, kind: ObstacleKind | None = None, district: str = "", status: str = "",
                  agenda_item: int | None = None, page: int | str = 1):
    """One page of obstacles under the filter, the inbox (reports not yet accepted) first, then the newest.

    Queries: count + one page (with kind, reporter and the number of companies affected) = 2.
    """
    obstacles = LocationObstacle.objects.all()
    if kind is not None:
        obstacles = obstacles.filter(kind=kind)
    if district:
        obstacles = obstacles.filter(district=district)
    if status == "unsolved":
        obstacles = obstacles.unsolved()
    elif status:
        obstacles = obstacles.filter(status=status)
    if agenda_item is not None:
        obstacles = obstacles.filter(agenda_items=agenda_item)
    obstacles = (obstacles.select_related("kind", "reported_by")
                 .annotate(company_count=Count("companies"),
                           inbox_first=Case(When(status=Status.REPORTED, then=Value(0)), default=Value(1),
                                            output_field=IntegerField()))
                 .order_by("inbox_first", "-noted_on", "-pk"))
    page = Paginator(obstacles, OBSTACLES_PER_PAGE).get_page(page)
    districts = _district_labels()
    page.object_list = list(page.object_list)
    for obstacle in page.object_list:
        obstacle.district_label = districts.get(obstacle.district, "")
    return page


def obstacle_page(pk: int) -> LocationObstacle:
    """An obstacle with kind, visit and reporter; its companies, history (with who), the agenda items it is on
    (with meeting and committee) and the recommendations that answer it. Queries: 1 + 4 = 5."""
    return get_object_or_404(
        LocationObstacle.objects.select_related("kind", "visit__company", "reported_by").prefetch_related(
            Prefetch("companies", queryset=Company.objects.order_by("name", "pk")),
            Prefetch("history", queryset=ObstacleStatusChange.objects.select_related("by").order_by("at", "pk")),
            Prefetch("agenda_items", queryset=_agenda_items_with_meetings()),
            "recommendations",
        ),
        pk=pk,
    )


def _agenda_items_with_meetings():
    from committees.models import AgendaItem

    return AgendaItem.objects.select_related("meeting__committee").order_by("-meeting__starts_at", "position")


def company_matches(search: str, *, exclude: list[int], limit: int = 10) -> list[Company]:
    """Companies to add to an obstacle, found by name, street or contact ("Doehn" finds "Döhn"). 1 query."""
    search = search.strip()
    if not search:
        return []
    return list(Company.objects.search(search).exclude(pk__in=exclude).order_by("name", "pk")[:limit])


def unsolved_nearby(company: Company, *, limit: int = 10) -> list[LocationObstacle]:
    """Unsolved obstacles in the company's district it is not yet named in: the same obstacle named again is
    one more company affected, not a new obstacle. 1 query."""
    if not company.district:
        return []
    return list(LocationObstacle.objects.unsolved().filter(district=company.district).exclude(companies=company)
                .select_related("kind").order_by("-noted_on", "-pk")[:limit])


# --- the visits dashboard --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ObstacleRow:
    kind: str
    kind_id: int
    district: str
    district_label: str
    count: int


@dataclass(frozen=True)
class ObstacleTable:
    rows: list[ObstacleRow]
    unsolved: int
    inbox: int


def obstacle_table() -> ObstacleTable:
    """The dashboard's obstacles by kind and district: the unsolved ones (open or raised) per pair, and how
    many members' reports wait in the inbox. One GROUP BY over the obstacles."""
    english = (get_language() or "").startswith("en")
    districts = _district_labels()
    rows, inbox = [], 0
    for row in (LocationObstacle.objects.filter(status__in=[Status.REPORTED, Status.OPEN, Status.RAISED])
                .values("kind_id", "kind__name", "kind__name_en", "kind__position", "district")
                .annotate(unsolved=Count("pk", filter=Q(status__in=[Status.OPEN, Status.RAISED])),
                          reported=Count("pk", filter=Q(status=Status.REPORTED)))
                .order_by("kind__position", "kind__name", "district")):
        inbox += row["reported"]
        if row["unsolved"]:
            rows.append(ObstacleRow(kind=(english and row["kind__name_en"]) or row["kind__name"],
                                    kind_id=row["kind_id"], district=row["district"],
                                    district_label=districts.get(row["district"], "–"), count=row["unsolved"]))
    return ObstacleTable(rows=rows, unsolved=sum(row.count for row in rows), inbox=inbox)


# --- the member side -------------------------------------------------------------------------------------------

def my_reports(user) -> list[LocationObstacle]:
    """What this person reported (`LocationObstacle.objects.visible_to`), newest first, with the kind. 1 query."""
    obstacles = (LocationObstacle.objects.visible_to(user).filter(reported_by=user).select_related("kind")
                 .order_by("-created_at", "-pk"))
    districts = _district_labels()
    obstacles = list(obstacles)
    for obstacle in obstacles:
        obstacle.district_label = districts.get(obstacle.district, "")
    return obstacles
