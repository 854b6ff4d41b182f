"""One read function per page: each loads what its page shows in a fixed number of queries, whatever the number
of registrations (pinned in tests/events/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from ihk_office.models import Office
from ihk_office.sql import fetch_rows

from . import conf
from .models import Event, Registration, WaitlistEntry, persons

PAGE_SIZE = 50

CAME = Q(checked_in_at__isnull=False)
REGISTERED = ~Q(source=Registration.Source.WALK_IN)
WALK_IN = Q(source=Registration.Source.WALK_IN)
CONFIRMED = Q(status=Registration.Status.CONFIRMED)


def public_events(office: Office, now: datetime) -> list[Event]:
    """Upcoming public events with `taken` (1 query)."""
    return list(Event.objects.filter(office=office).listed(now).select_related("room").with_taken(now))


def public_event(pk: int, now: datetime) -> Event:
    """A public event page: the event with office, room and `taken` (1 query). Invited-only events are not
    found here: they open only through an invitation link."""
    return get_object_or_404(
        Event.objects.public().select_related("office", "room").with_taken(now), pk=pk
    )


def invited_event(pk: int, now: datetime) -> Event:
    """An event reached through an invitation link (1 query)."""
    return get_object_or_404(Event.objects.select_related("office", "room").with_taken(now), pk=pk)


def registration_for_manage(pk: int) -> Registration:
    """A registration reached through its signed link, with event, office and room (1 query)."""
    return get_object_or_404(Registration.objects.select_related("event__office", "event__room"), pk=pk)


def staff_events(office: Office, now: datetime) -> tuple[list[Event], list[Event]]:
    """Upcoming and the last ten past events of the office, each with `taken` and `came` (2 queries)."""
    base = Event.objects.filter(office=office).select_related("room").with_taken(now).annotate(
        came=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False))
    )
    upcoming = list(base.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(base.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:10])
    return upcoming, past


@dataclass
class Turnout:
    """What the door should expect: registered persons × the show-up rate of past events, plus their walk-ins
    relative to what was registered, against the room's capacity."""

    registered: int
    history: int  # how many past events it learned from
    show_up_rate: float | None
    walk_in_rate: float | None
    room_capacity: int | None

    @property
    def expected(self) -> int | None:
        if self.show_up_rate is None:
            return None
        return round(self.registered * (self.show_up_rate + (self.walk_in_rate or 0)))

    @property
    def over_room(self) -> bool:
        return self.expected is not None and self.room_capacity is not None and self.expected > self.room_capacity

    @property
    def show_up_percent(self) -> int:
        return round(100 * (self.show_up_rate or 0))

    @property
    def walk_in_percent(self) -> int:
        return round(100 * (self.walk_in_rate or 0))


def turnout(event: Event, registered: int, now: datetime) -> Turnout:
    """The expected turnout of `event` from the office's last EVENT_TURNOUT_HISTORY past, held events in which
    somebody was checked in (1 query)."""
    # Written out: the ORM built this query (three filtered sums, a HAVING, lookups across the join) in 1.7 ms, three
    # times what PostgreSQL needs to answer it. Per event: held = persons of confirmed registrations, came = persons
    # of registrations checked in (walk-ins apart in both), walk-ins; persons count their guests.
    registrations, events = Registration._meta.db_table, Event._meta.db_table
    walk_in, confirmed = Registration.Source.WALK_IN.value, Registration.Status.CONFIRMED.value
    came_sum = "SUM(CASE WHEN r.checked_in_at IS NOT NULL AND r.source <> %s THEN r.guests + 1 END)"
    history = fetch_rows(  # (held, came, walk-ins) per event
        f"SELECT SUM(CASE WHEN r.status = %s AND r.source <> %s THEN r.guests + 1 END), {came_sum}, "  # noqa: S608  # nosec B608 – names from the models, values parameters
        f'SUM(CASE WHEN r.source = %s THEN r.guests + 1 END) FROM "{registrations}" r '
        f'JOIN "{events}" e ON e.id = r.event_id WHERE e.office_id = %s AND e.status = %s AND e.ends_at < %s '
        f"AND r.event_id <> %s GROUP BY r.event_id, e.starts_at HAVING {came_sum} > 0 "
        "ORDER BY e.starts_at DESC LIMIT %s",
        [confirmed, walk_in, walk_in, walk_in, event.office_id, Event.Status.PLANNED.value,
         connection.ops.adapt_datetimefield_value(now), event.pk,
         walk_in, conf.get("EVENT_TURNOUT_HISTORY")],
    )
    held = sum(row[0] or 0 for row in history)
    came = sum(row[1] or 0 for row in history)
    walk_ins = sum(row[2] or 0 for row in history)
    return Turnout(
        registered=registered, history=len(history),
        show_up_rate=came / held if held else None,
        walk_in_rate=walk_ins / held if held else None,
        room_capacity=event.room.capacity if event.room_id else None,
    )


@dataclass
class Counts:
    registrations: int = 0  # registrations that hold places (pending and confirmed, walk-ins not counted)
    persons: int = 0  # the same in persons, guests included
    pending: int = 0
    cancelled: int = 0
    short_notice: int = 0
    came: int = 0  # registrations checked in (walk-ins included)
    came_persons: int = 0
    walk_ins: int = 0
    listed: int = 0  # rows shown in the staff list (not lapsed)


def _counts(pk: int, now: datetime) -> Counts:
    """Every count of the staff page, from one grouped query over the event's registrations (a row per status,
    source, short notice, guests, arrival and live hold: a few dozen at most, however many registrations), summed
    here. Nine filtered aggregates on the event's query cost four times as much ORM work (measured 2 ms against
    0.5 ms, the database's share alike)."""
    counts = Counts()
    rows = (Registration.objects.filter(event_id=pk).order_by()
            .values("status", "source", "short_notice", "guests", came=CAME, live_hold=Q(hold_expires_at__gt=now))
            .annotate(n=Count("pk")))
    for row in rows:
        n, status, walk_in = row["n"], row["status"], row["source"] == Registration.Source.WALK_IN
        persons = n * (1 + row["guests"])
        pending = status == Registration.Status.PENDING and bool(row["live_hold"])
        if (status == Registration.Status.CONFIRMED or pending) and not walk_in:
            counts.registrations += n
            counts.persons += persons
        counts.pending += n if pending else 0
        if status == Registration.Status.CANCELLED:
            counts.cancelled += n
            counts.short_notice += n if row["short_notice"] else 0
        if row["came"]:
            counts.came += n
            counts.came_persons += persons
        counts.walk_ins += n if walk_in else 0
        counts.listed += n if status != Registration.Status.EXPIRED else 0
    return counts


@dataclass
class StaffEventPage:
    event: Event
    counts: Counts
    turnout: Turnout
    registrations: list[dict]
    waitlist: list[WaitlistEntry]
    page: int
    pages: int
    status_labels: dict = field(default_factory=dict)


def staff_event(pk: int, now: datetime, *, page: int = 1) -> StaffEventPage:
    """The staff's event page (5 queries, however many registrations):
    1. the event with office (the layout's too), room, network and committee;
    2. all counts (one grouped query over its registrations);
    3. the past events' figures for the expected turnout;
    4. one page of registrations (PAGE_SIZE) with the linked company's name;
    5. the waitlist (waiting and offered).
    """
    event = get_object_or_404(Event.objects.select_related("office", "room", "network", "committee"), pk=pk)
    counts = _counts(pk, now)
    expectation = turnout(event, counts.persons, now)
    pages = max((counts.listed + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    # The rows as plain values with what each cell shows worked out here: no model instances (nor the linked
    # company's) and no filters per row in the template, for the busiest staff page.
    labels = {value: str(label) for value, label in Registration.Status.choices}
    sources = {value: str(label) for value, label in Registration.Source.choices}
    registrations = list(
        Registration.objects.filter(event_id=pk).exclude(status=Registration.Status.EXPIRED)
        .annotate(company_shown=Coalesce("linked_company__name", "company"))
        .order_by("name", "pk")
        .values("pk", "name", "company_shown", "guests", "source", "status", "short_notice", "checked_in_at")
        [(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    )
    short_notice = gettext("kurzfristig")
    for registration in registrations:
        registration["status_label"] = labels[registration["status"]]
        if registration["short_notice"]:
            registration["status_label"] += f" ({short_notice})"
        registration["source_label"] = sources[registration["source"]]
        came_at = registration["checked_in_at"]
        registration["came_at"] = f"{timezone.localtime(came_at):%H:%M}" if came_at else "–"
    waitlist = list(WaitlistEntry.objects.filter(event_id=pk, status__in=["waiting", "offered"]))
    return StaffEventPage(event=event, counts=counts, turnout=expectation, registrations=registrations,
                          waitlist=waitlist, page=page, pages=pages)


def checkin_list(pk: int, query: str, *, limit: int = 30) -> tuple[Event, list[Registration], int]:
    """The door's list: confirmed people matching `query` (name, company or e-mail), those not yet in first,
    and how many are in (3 queries: event, matches, count of arrivals)."""
    event = get_object_or_404(Event.objects.select_related("office"), pk=pk)
    people = Registration.objects.filter(event_id=pk, status=Registration.Status.CONFIRMED)
    query = " ".join(query.split())[:100]
    matches = people
    if query:
        matches = people.filter(Q(name__icontains=query) | Q(company__icontains=query) | Q(email__icontains=query))
    found = list(matches.order_by(F("checked_in_at").asc(nulls_first=True), "name", "pk")[:limit])
    arrived = people.filter(CAME).count()
    for registration in found:
        registration.event = event
    return event, found, arrived


def checkin_person(pk: int) -> Registration:
    """One person at the door, with event and linked company (1 query)."""
    return get_object_or_404(Registration.objects.select_related("event__office", "linked_company"), pk=pk)


def company_matches(registration: Registration, *, limit: int = 5):
    """Companies of the directory whose name contains what the person said (1 query)."""
    from companies.models import Company

    words = [word for word in registration.company.replace(",", " ").split() if len(word) > 2][:3]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(name__icontains=word)
    return list(Company.objects.filter(condition).order_by("name", "pk")[:limit])


@dataclass
class Statistics:
    registered: int  # registrations that were held (confirmed) or cancelled, walk-ins not counted
    confirmed: int
    cancelled: int
    short_notice: int
    came: int
    no_shows: int
    walk_ins: int
    came_persons: int
    by_membership: list[dict]


def statistics(event: Event) -> Statistics:
    """After the event: who registered, cancelled (short notice), came, did not come, came unannounced, and who
    came by company membership (2 queries, both aggregates)."""
    rows = Registration.objects.filter(event=event).exclude(status=Registration.Status.EXPIRED).exclude(
        status=Registration.Status.PENDING
    )
    figures = rows.aggregate(
        registered=Count("pk", filter=REGISTERED),
        confirmed=Count("pk", filter=REGISTERED & CONFIRMED),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        short_notice=Count("pk", filter=Q(status=Registration.Status.CANCELLED, short_notice=True)),
        came=Count("pk", filter=REGISTERED & CAME),
        no_shows=Count("pk", filter=REGISTERED & CONFIRMED & Q(checked_in_at__isnull=True)),
        walk_ins=Count("pk", filter=WALK_IN),
        came_persons=Sum(persons(), filter=CAME),
    )
    labels = {True: _label("member"), False: _label("non_member"), None: _label("unknown")}
    by_membership = [
        {"label": labels[row["linked_company__is_member"]], "came": row["came"], "registered": row["registered"]}
        for row in rows.filter(CONFIRMED).values("linked_company__is_member").annotate(
            came=Count("pk", filter=CAME), registered=Count("pk", filter=REGISTERED)
        ).order_by("-came")
    ]
    return Statistics(by_membership=by_membership, **{key: value or 0 for key, value in figures.items()})


def _label(kind: str) -> str:
    from django.utils.translation import gettext as _

    return {"member": _("IHK-Mitglieder"), "non_member": _("keine Mitglieder"),
            "unknown": _("Firma nicht verknüpft")}[kind]


def attendees(event: Event):
    """Everyone who is expected or came (confirmed registrations and walk-ins), by name (1 query)."""
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).select_related(
        "linked_company").order_by("name", "pk")


def staff_event_or_404(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("office", "room", "network", "committee"), pk=pk)


def company_attendance(company) -> list[dict]:
    """The events people of `company` came to, newest first: who, which event, when (1 query).

    Written out: the company page asks it on every request, and the ORM spent more on building this query with its
    join (about 1 ms, measured with tests.bench.profile_pages) than the database on answering it.
    """
    if company is None or not getattr(company, "pk", None):
        return []
    registrations, events = Registration._meta.db_table, Event._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT r.name, e.title, e.starts_at FROM "{registrations}" r '  # noqa: S608  # nosec B608 – names from the models
            f'JOIN "{events}" e ON e.id = r.event_id WHERE r.linked_company_id = %s AND r.checked_in_at IS NOT NULL '
            "ORDER BY e.starts_at DESC LIMIT 20",
            [company.pk],
        )
        return [{"name": name, "event__title": title, "event__starts_at": starts_at}
                for name, title, starts_at in cursor.fetchall()]
