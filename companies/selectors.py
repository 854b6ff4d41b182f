"""One read function per page: each loads what its page shows in a fixed number of queries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from ihk_office.links import link_to
from ihk_office.sql import as_date, fetch_dicts, fetch_rows, month_start

from .answers_given import answers_given_per_month
from .classification import WZ_SECTIONS
from .models import (
    AnswerGiven,
    Company,
    Contact,
    District,
    FollowUp,
    Introduction,
    Network,
    Topic,
    TrainingOccupation,
    TrainingPlace,
    Visit,
    VisitTally,
)
from .obstacle_selectors import obstacle_table

DIRECTORY_PAGE_SIZE = 50


def twelve_months_before(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def months_before(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


def directory_companies(*, search: str = "", district: str = "", section: str = "", member: str = "",
                        visited: str = "", today: date):
    """The companies the directory's filter selects (unordered): the page and its CSV export both use it."""
    companies = Company.objects.search(search)
    if district:
        companies = companies.filter(district=district)
    if section:
        companies = companies.filter(section=section)
    if member in {"ja", "nein"}:
        companies = companies.filter(is_member=member == "ja")
    if visited == "nie":
        companies = companies.never_visited()
    elif visited.isdigit() and int(visited) > 0:
        companies = companies.visited_since(months_before(today, int(visited)))
    elif visited.startswith("nicht-") and visited[6:].isdigit():
        companies = companies.exclude(last_visit_on__gte=months_before(today, int(visited[6:])))
    return companies


def directory_page(*, search: str = "", district: str = "", section: str = "", member: str = "",
                   visited: str = "", page: int | str = 1, today: date):
    """The directory: search, filters, one page of companies with their last visit date.

    Queries: count + one page (with the last visit as an aggregate) = 2.
    """
    companies = directory_companies(search=search, district=district, section=section, member=member,
                                    visited=visited, today=today)
    page = Paginator(companies.order_by("name", "pk"), DIRECTORY_PAGE_SIZE).get_page(page)
    # Per row, get_district_display() translates all the district names and reverse() resolves the URL anew:
    # done once per page here, that is a third of the page's time (measured with tests.bench.profile_pages).
    districts = {value: str(label) for value, label in District.choices}
    page.object_list = list(page.object_list)
    for company in page.object_list:
        company.district_label = districts.get(company.district, "")
        company.url = link_to("companies:company_detail", company.pk)
    return page


VISITS_PER_PAGE = 20


class CountedPaginator(Paginator):
    """A paginator told the number of objects (counted with another query) rather than asking for it."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def company_page(pk: int, *, today: date, page: int | str = 1):
    """The company with its contacts, networks, open follow-ups and one page of its visit timeline (the newest
    first, with topics, contacts met and follow-ups).

    Queries: company (its number of visits kept on the row), contacts, networks (joined or not), one page of
    visits (with the names of their topics and contacts met), follow-ups (of these visits, and every open one),
    introductions both ways, training places with their occupation = 7, whatever the number of visits. Each
    written out (see ihk_office.sql.fetch_dicts): rows as dicts, not model instances, but for the company itself.
    """
    # Its number of visits (for the pages of the timeline) is kept on the row (companies.tallies): no count.
    # Written out (the row as a model, for its labels): get_object_or_404 cost 0.32 ms, this 0.14 ms (measured).
    columns = ", ".join(f'"{field.column}"' for field in Company._meta.concrete_fields)
    company = next(iter(Company.objects.raw(  # noqa: S611  # nosec B611 – names from the model, the key a parameter
        f'SELECT {columns} FROM "{Company._meta.db_table}" WHERE id = %s', [pk])), None)  # noqa: S608  # nosec B608
    if company is None:
        raise Http404
    contacts = _contacts(company.pk, today)
    networks = _networks(company.pk)
    # The timeline shows only names and text: plain rows (no model instances), the names of topics and contacts
    # met as two arrays in the visits' query rather than two prefetch queries.
    visits_page = CountedPaginator(_VisitRows(company.pk), VISITS_PER_PAGE, count=company.visit_count).get_page(page)
    visits = visits_page.object_list
    by_visit: dict[int, list[dict]] = {visit["id"]: [] for visit in visits}
    open_follow_ups = []
    for follow_up in _follow_ups(company.pk, list(by_visit)):
        follow_up["assignee_name"] = (f"{follow_up.pop('first_name')} {follow_up.pop('last_name')}".strip()
                                      or follow_up["username"])
        follow_up["is_done"] = follow_up["done_on"] is not None
        if follow_up["visit_id"] in by_visit:
            by_visit[follow_up["visit_id"]].append(follow_up)
        if not follow_up["is_done"]:
            follow_up["done_url"] = link_to("companies:follow_up_done", follow_up["id"])
            open_follow_ups.append(follow_up)
    # The anchor and the heading as strings: a number or a date in the template goes through localize() or a
    # filter for each visit (about 0.3 ms for the page's twenty, measured).
    for visit in visits:
        visit["follow_up_list"] = by_visit[visit["id"]]
        visit["url"] = link_to("companies:visit_detail", visit["id"])
        visit["anchor"] = f"besuch-{visit['id']}"
        visit["heading"] = f"{visit['date']:%d.%m.%Y}: {visit['summary']}"
        visit["staff_name"] = f"{visit.pop('first_name')} {visit.pop('last_name')}".strip() or visit["username"]
        visit["contacts_met"] = ", ".join(visit["contact_names"])
    introductions = _introductions(company.pk)
    training_places = _training_places(company.pk)
    return {"company": company, "contacts": contacts, "visits": visits, "visits_page": visits_page,
            "open_follow_ups": open_follow_ups, "introductions": introductions, "training_places": training_places,
            "networks": [network for network in networks if network["joined"]],
            "other_networks": [network for network in networks if not network["joined"]], "today": today}


# The company page's short lists are written out: each built with the ORM cost 0.4–0.9 ms in Python for a query
# the database answers in 0.05–0.1 ms (measured on the `make bench` data: contacts 0.40, networks 0.75,
# introductions 0.96, training places 0.90 ms with the ORM; 0.05–0.15 ms each written out). Table and column
# names come from the models, values are parameters; plain SQL that SQLite (`make run`) runs as well.

def _contacts(company_id: int, today: date) -> list[dict]:
    """The company's contacts, former ones too, by their end date and name (as the ORM's order_by("until", "name")
    did: NULL sorts by the database's rule), with the link to edit each and whether they are current."""
    contacts = fetch_dicts(
        f'SELECT id, name, role, email, phone, since, until FROM "{Contact._meta.db_table}" '  # noqa: S608  # nosec B608
        "WHERE company_id = %s ORDER BY until, name", [company_id])
    for contact in contacts:
        contact["url"] = link_to("companies:contact_edit", company_id, contact["id"])
        contact["is_current"] = Contact.current_on(today, since=contact["since"], until=contact["until"])
    return contacts


def _networks(company_id: int) -> list[dict]:
    """Every network by name, each with its link and whether the company is a member of it."""
    members = Network.members.through._meta
    networks = fetch_dicts(
        f'SELECT n.id, n.name, EXISTS(SELECT 1 FROM "{members.db_table}" m WHERE m.network_id = n.id '  # noqa: S608  # nosec B608
        f'AND m.company_id = %s) AS joined FROM "{Network._meta.db_table}" n ORDER BY n.name, n.id', [company_id])
    for network in networks:
        network["url"] = link_to("companies:network_detail", network["id"])
    return networks


def _introductions(company_id: int) -> list[dict]:
    """Introductions both ways, the newest first: the company introduced to another company or a network, or another
    company introduced to it (who made them is not shown here)."""
    companies = Company._meta.db_table
    return fetch_dicts(
        f'SELECT i.date, i.company_id, i.purpose, i.outcome, c.name AS company_name, t.name AS to_company_name, '  # noqa: S608  # nosec B608
        f'n.name AS to_network_name FROM "{Introduction._meta.db_table}" i '
        f'JOIN "{companies}" c ON c.id = i.company_id LEFT JOIN "{companies}" t ON t.id = i.to_company_id '
        f'LEFT JOIN "{Network._meta.db_table}" n ON n.id = i.to_network_id '
        "WHERE i.company_id = %s OR i.to_company_id = %s ORDER BY i.date DESC, i.id DESC", [company_id, company_id])


def _training_places(company_id: int) -> list[dict]:
    """The company's training places, the latest start year first, with the name of their occupation."""
    places = fetch_dicts(
        f'SELECT p.id, o.name AS occupation_name, p.start_year, p.places, p.filled, p.note '  # noqa: S608  # nosec B608
        f'FROM "{TrainingPlace._meta.db_table}" p JOIN "{TrainingOccupation._meta.db_table}" o '
        "ON o.id = p.occupation_id WHERE p.company_id = %s ORDER BY p.start_year DESC, o.name, p.id", [company_id])
    for place in places:
        place["open_places"] = max(place["places"] - place["filled"], 0)
        place["url"] = link_to("companies:training_place_edit", place["id"])
    return places


class _VisitRows:
    """A company's visits, the newest first, as rows for the paginator: it asks for one slice, one query.

    Written out: built with the ORM (values() with the two arrays as RawSQL) the query cost 2.6 ms in Python
    against 0.6 ms in the database (measured on the `make bench` data, the company with 200 visits).
    """

    def __init__(self, company_id: int):
        self.company_id = company_id

    def __getitem__(self, page: slice) -> list[dict]:
        visits, users = Visit._meta.db_table, get_user_model()._meta.db_table
        rows = fetch_dicts(
            f'SELECT v.id, v.date, v.summary, v.notes, {_names_of("topics")} AS topic_names, '  # noqa: S608  # nosec B608
            f'{_names_of("contacts")} AS contact_names, u.first_name, u.last_name, u.username '
            f'FROM "{visits}" v JOIN "{users}" u ON u.id = v.staff_id WHERE v.company_id = %s '
            "ORDER BY v.date DESC, v.id DESC LIMIT %s OFFSET %s",
            [self.company_id, page.stop - page.start, page.start])
        if connection.vendor != "postgresql":  # SQLite (`make run`): the names come as JSON arrays
            for row in rows:
                row["topic_names"], row["contact_names"] = (json.loads(row["topic_names"]),
                                                            json.loads(row["contact_names"]))
        return rows


def _names_of(relation: str) -> str:
    """SQL for the names of a visit `v`'s topics (in their order) or contacts met (by name), as an array in the
    visits' query (a JSON array on SQLite)."""
    field = Visit._meta.get_field(relation)
    through, target = field.remote_field.through._meta, field.related_model._meta
    order = "t.position, t.name" if relation == "topics" else "t.name, t.id"
    names = (f'SELECT t.name FROM "{target.db_table}" t JOIN "{through.db_table}" m '  # noqa: S608  # nosec B608 – names from the models
             f'ON m."{field.m2m_reverse_name()}" = t.id WHERE m."{field.m2m_column_name()}" = v.id ORDER BY {order}')
    if connection.vendor == "postgresql":
        return f"ARRAY({names})"
    return f"(SELECT json_group_array(name) FROM ({names}))"  # noqa: S608  # nosec B608


def _follow_ups(company_id: int, visit_ids: list[int]) -> list[dict]:
    """The company's follow-ups of these visits and every open one, by due date, with their assignee's name."""
    follow_ups, visits = FollowUp._meta.db_table, Visit._meta.db_table
    users = get_user_model()._meta.db_table
    # Looked up by the company's visits (= ANY of an array of its visit ids: one index scan), then the OR. Joined
    # to the visits instead, PostgreSQL scanned every follow-up for the OR (measured 1.3 → 0.4 ms at 6,500
    # follow-ups). SQLite has no arrays: there an IN.
    of_the_company = ("f.visit_id = ANY(ARRAY(SELECT id FROM \"{}\" WHERE company_id = %s))"
                      if connection.vendor == "postgresql" else
                      "f.visit_id IN (SELECT id FROM \"{}\" WHERE company_id = %s)").format(visits)
    of_the_page = f"f.visit_id IN ({', '.join(['%s'] * len(visit_ids))}) OR " if visit_ids else ""
    return fetch_dicts(
        f"SELECT f.id, f.visit_id, f.what, f.due_on, f.done_on, u.first_name, u.last_name, u.username "  # noqa: S608  # nosec B608
        f'FROM "{follow_ups}" f JOIN "{users}" u ON u.id = f.assignee_id '
        f"WHERE {of_the_company} AND ({of_the_page}f.done_on IS NULL) ORDER BY f.due_on, f.id",
        [company_id, *visit_ids])


def visit_page(pk: int):
    visit = get_object_or_404(Visit.objects.select_related("company", "staff").prefetch_related(
        "topics", "contacts", Prefetch("follow_ups", queryset=FollowUp.objects.select_related("assignee")),
        Prefetch("answers_given", queryset=AnswerGiven.objects.select_related("answer").order_by("answer__position"))),
        pk=pk)
    return visit


def history_entries(records, *, limit: int = 100) -> list[dict]:
    """Who changed what when, newest first, from django-simple-history records (of one or more objects)."""
    records = list(records.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    previous: dict = {}
    entries = []
    for record in reversed(records):  # oldest first, so each record is compared with the one before it
        older = previous.get(record.id)
        changes = []
        if older is not None and record.history_type == "~":
            for change in record.diff_against(older).changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": _display(field, change.old),
                                "new": _display(field, change.new)})
        previous[record.id] = record
        entries.append({"record": record, "changes": changes})
    entries.reverse()
    return entries


def _display(field, value) -> str:
    """A historical value as staff read it: names instead of keys, labels instead of codes."""
    if isinstance(value, list):  # many-to-many: a list of through-row dicts such as {"visit": 1, "topic": 2}
        key = field.related_model._meta.model_name
        ids = [item.get(key) for item in value if isinstance(item, dict)]
        related = field.related_model._default_manager.in_bulk(ids)
        return ", ".join(sorted(str(related.get(pk, "?")) for pk in ids)) or "–"
    if value in (None, ""):
        return "–"
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return str(value)
        return (related.get_full_name() or related.get_username()) if hasattr(related, "get_full_name") \
            else str(related)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nein")
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def recently_visited(user, *, limit: int = 6) -> list[Company]:
    """The companies this person visited last, for a one-tap start of the next visit. Queries: 2."""
    ids = []
    for company_id in Visit.objects.filter(staff=user).order_by("-date", "-pk").values_list("company_id",
                                                                                          flat=True)[:50]:
        if company_id not in ids:
            ids.append(company_id)
        if len(ids) == limit:
            break
    companies = Company.objects.in_bulk(ids)
    return [companies[pk] for pk in ids if pk in companies]


FOLLOW_UPS_PER_PAGE = 50


def my_follow_ups(user, *, today: date, page: int | str = 1):
    """One page of the user's open follow-ups, overdue first, then by due date. Queries: count + page = 2."""
    follow_ups = (FollowUp.objects.open().for_assignee(user).select_related("visit__company", "assignee")
                  .overdue_first())
    page = Paginator(follow_ups, FOLLOW_UPS_PER_PAGE).get_page(page)
    page.object_list = list(page.object_list)
    for follow_up in page.object_list:
        follow_up.company_url = link_to("companies:company_detail", follow_up.visit.company_id)
        follow_up.done_url = link_to("companies:follow_up_done", follow_up.pk)
        follow_up.assignee_name = follow_up.assignee.get_full_name() or follow_up.assignee.username
    return page


@dataclass(frozen=True)
class TopicCount:
    name: str
    count: int


@dataclass
class CoverageRow:
    key: str
    label: str
    total: int
    visited: int

    @property
    def percent(self) -> int:
        return round(100 * self.visited / self.total) if self.total else 0


def _coverage(since: date) -> tuple[list, list, int]:
    """(key, companies, companies visited since) per district and per section, and the never-visited count:
    one query over the companies (their last visit is kept on the row, companies.tallies)."""
    by_district: dict[str, list[int]] = {}
    by_section: dict[str, list[int]] = {}
    never = 0
    for row in (Company.objects.values("district", "section").order_by()
                # Only columns of company_coverage_idx, so PostgreSQL counts from the index alone (1 ms, not 5).
                .annotate(total=Count("*"), visited=Count("last_visit_on", filter=Q(last_visit_on__gte=since)),
                          never=Count("district", filter=Q(last_visit_on__isnull=True)))):
        for counts, key in ((by_district, row["district"]), (by_section, row["section"])):
            total, visited = counts.get(key, (0, 0))
            counts[key] = [total + row["total"], visited + row["visited"]]
        never += row["never"]

    def rows(counts):
        return [(key, total, visited) for key, (total, visited) in sorted(counts.items())]

    return rows(by_district), rows(by_section), never


def _coverage_rows(counts: list[tuple[str, int, int]], labels: dict) -> list[CoverageRow]:
    return sorted(
        (CoverageRow(key=key, label=str(labels.get(key, "–")), total=total, visited=visited)
         for key, total, visited in counts),
        key=lambda row: (row.key == "", row.label),
    )


def _dashboard_figures(*, since: date, today: date) -> dict:
    """The figures over all visits, from the tallies kept in the database (companies.tallies): visits per month
    with the visits since, topics since = 2 queries over a few hundred rows, however many visits there are. The
    coverage has its own page (coverage_page): it cost the dashboard a third of its time."""
    chart_from = months_before(today.replace(day=1), 23).replace(day=1)
    # The chart's months and the visits since `since` in one pass over the tallies, grouped by month: a month
    # before the chart only adds to `since`, a day after today only to `since` too (as before).
    # Written out: the ORM's two queries cost 2.3 ms, 1.3 of them building the SQL and truncating every day as a
    # timestamp with time zone (TruncMonth); these cost 1.0.
    tallies, topics = VisitTally._meta.db_table, Topic._meta.db_table
    month = month_start('"day"')
    per_month: dict[date, int] = {}
    visits_since = 0
    for first_day, count, count_since in fetch_rows(
        f"SELECT {month}, SUM(CASE WHEN day >= %s AND day <= %s THEN visits END), "  # noqa: S608  # nosec B608 – names from the models, values parameters
        f'SUM(CASE WHEN day >= %s THEN visits END) FROM "{tallies}" WHERE topic_id IS NULL AND day >= %s '
        f"GROUP BY {month}",
        [chart_from, today, since, min(chart_from, since)],
    ):
        if count:
            per_month[as_date(first_day)] = count
        visits_since += count_since or 0
    topic_counts = fetch_rows(
        f'SELECT t.name, SUM(v.visits) AS n FROM "{tallies}" v JOIN "{topics}" t ON t.id = v.topic_id '  # noqa: S608  # nosec B608
        "WHERE v.topic_id IS NOT NULL AND v.day >= %s GROUP BY t.name ORDER BY n DESC, t.name",
        [since],
    )
    months = []
    cursor = chart_from
    while cursor <= today:
        months.append((cursor, per_month.get(cursor, 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return {
        "visits_since": visits_since,
        "months": months,
        "topics": topic_counts,
    }


def _with_urls(companies: list[Company]) -> list[Company]:
    for company in companies:
        company.url = link_to("companies:company_detail", company.pk)
    return companies


def coverage_page(*, today: date) -> dict:
    """The coverage page: companies visited in the twelve months before today by district and by section with the
    never-visited count (1 query), and the first 20 companies never visited (1 query)."""
    coverage_since = twelve_months_before(today)
    by_district, by_section, never_count = _coverage(coverage_since)
    return {
        "coverage_since": coverage_since,
        "coverage_by_district": _coverage_rows(by_district, dict(District.choices)),
        "coverage_by_section": _coverage_rows(by_section, WZ_SECTIONS),
        "never_visited_count": never_count,
        "never_visited": _with_urls(list(Company.objects.never_visited().order_by("name")[:20])),
    }


def dashboard_page(user, *, since: date, today: date) -> dict:
    """Everything on the dashboard: the figures over all visits (2 queries), how many of my own follow-ups are
    due (1 query), the standard answers given per month (1 query) and the unsolved obstacles by kind and district
    (1 query)."""
    figures = _dashboard_figures(since=since, today=today)
    return {
        **figures,
        "since": since,
        "topics": [TopicCount(name=name, count=count) for name, count in figures["topics"]],
        "my_open_follow_ups": FollowUp.objects.open().for_assignee(user).filter(due_on__lte=today).count(),
        "answers_given": answers_given_per_month(since=since, today=today),
        "obstacles": obstacle_table(),  # open obstacles by kind and district, members' reports waiting: 1 query
    }


def networks_page():
    return list(Network.objects.annotate(member_count=Count("members")).order_by("name"))


def network_page(pk: int):
    return get_object_or_404(Network.objects.prefetch_related(
        Prefetch("members", queryset=Company.objects.order_by("name")),
        Prefetch("introductions", queryset=Introduction.objects.select_related("company", "made_by")),
    ), pk=pk)


def introductions_page(*, page: int | str = 1):
    introductions = Introduction.objects.select_related("company", "to_company", "to_network", "made_by")
    return Paginator(introductions, 50).get_page(page)
