"""One read function per page: each loads what its page shows in a fixed, small number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ihk_office.models import Office

from . import caching
from .models import Booking, ConsultationDay, Role, Slot, Topic, WaitlistEntry


def _with_online_free(days, now: datetime) -> list[ConsultationDay]:
    days = list(days)
    for day in days:
        day.free_total = max((day.place_count or 0) - day.taken_count, 0)
        day.free_online = max(day.free_total - day.holds_back_at(now), 0)
    return days


def public_days(office: Office, now: datetime, *, limit: int = 6) -> list[ConsultationDay]:
    """Upcoming open days with `free_total` and `free_online` (1 query)."""
    days = (
        ConsultationDay.objects.filter(office=office).open().upcoming(timezone.localdate(now))
        .with_counts(now)[:limit]
    )
    return [day for day in _with_online_free(days, now) if day.place_count]


def cached_public_days(office: Office, now: datetime) -> list[ConsultationDay]:
    """`public_days` for the public pages, cached briefly (see caching.py): 0 queries on a hit, 1 on a miss."""
    return caching.cached(f"days:{timezone.localdate(now)}:{office.pk}", lambda: public_days(office, now))


def next_public_day(office: Office, now: datetime) -> ConsultationDay | None:
    """The next consultation day with a place that can be booked online, or None (for the home page)."""
    return next((day for day in cached_public_days(office, now) if day.free_online > 0), None)


def day_with_slots(pk: int, now: datetime) -> ConsultationDay:
    """A public day page: the day, its office, its slots with `free` and `bookable` (2 queries)."""
    day = get_object_or_404(
        ConsultationDay.objects.select_related("office").with_counts(now), pk=pk
    )
    _with_online_free([day], now)
    day.slot_list = list(Slot.objects.filter(day=day).with_taken(now).order_by("starts_at"))
    for slot in day.slot_list:
        slot.free = slot.free_places(now)
        slot.bookable = (
            not day.is_cancelled and slot.starts_at > now and slot.free > 0 and day.free_online > 0
        )
    return day


def slot_for_booking(pk: int) -> Slot:
    """The slot a booking form is for, with its day and office (1 query)."""
    return get_object_or_404(Slot.objects.select_related("day__office"), pk=pk)


def cached_bookability(slot: Slot, now: datetime) -> bool | None:
    """Whether `slot` can be booked online now, read from the cached public days and free slots (0 queries on a
    hit, 2 on a miss); None when the slot's day is not among the public days (the caller counts then)."""
    office = slot.day.office
    day = next((day for day in cached_public_days(office, now) if day.pk == slot.day_id), None)
    if day is None:
        return None
    return day.free_online > 0 and any(free.pk == slot.pk for free in cached_free_slots(office, now))


def _free_slots(office: Office, now: datetime) -> list[Slot]:
    """Every slot with a free place on the public days that can be booked online, nearest first (1 query)."""
    days = {day.pk: day for day in cached_public_days(office, now) if day.free_online > 0}
    if not days:
        return []
    slots = Slot.objects.filter(day_id__in=days, starts_at__gt=now).with_taken(now).order_by("starts_at")
    found = []
    for slot in slots:
        if slot.taken < slot.capacity:
            slot.day = days[slot.day_id]
            found.append(slot)
    return found


def cached_free_slots(office: Office, now: datetime) -> list[Slot]:
    """`_free_slots`, cached briefly (see caching.py)."""
    return caching.cached(f"slots:{timezone.localdate(now)}:{office.pk}", lambda: _free_slots(office, now))


def free_alternatives(office: Office, now: datetime, *, exclude: Slot | None = None, limit: int = 8) -> list[Slot]:
    """Slots of upcoming days that can be booked online now, nearest first (cached briefly; 0–2 queries)."""
    slots = cached_free_slots(office, now)
    return [slot for slot in slots if slot.starts_at > now and (exclude is None or slot.pk != exclude.pk)][:limit]


def booking_for_manage(pk: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("slot__day__office").filter(anonymised_at__isnull=True), pk=pk
    )
    return booking


def staff_overview(office: Office, now: datetime) -> list[ConsultationDay]:
    """Upcoming days (open and cancelled) with their counts and waitlist length (1 query)."""
    days = (
        ConsultationDay.objects.filter(office=office, date__gte=timezone.localdate(now))
        .with_counts(now)
        .annotate(waiting=Count("waitlist", filter=Q(waitlist__status="waiting")))
        .order_by("date")
    )
    return _with_online_free(days, now)


def day_sheet(pk: int) -> ConsultationDay:
    """The printable day sheet: the day with `slot_list` (each with `booking_list`, every booking with its
    `status_label`, `role_label` and `topic_label`) and `waiting_list` (3 queries).

    The slots come with their day and office in one query (a day without slots costs one more); the bookings
    and the waitlist are fetched by the day's id and grouped here, which is cheaper than prefetch_related.
    """
    slots = list(Slot.objects.filter(day_id=pk).select_related("day__office").order_by("starts_at"))
    day = slots[0].day if slots else get_object_or_404(ConsultationDay.objects.select_related("office"), pk=pk)
    # The choice labels, translated once per page instead of once per get_…_display() call.
    statuses, roles, topics, languages = (
        {value: str(label) for value, label in choices} for choices in (Booking.Status.choices, Role.choices,
                                                                        Topic.choices, settings.LANGUAGES)
    )
    bookings: dict[int, list[Booking]] = {}
    for booking in (
        Booking.objects.filter(day_id=pk).exclude(status=Booking.Status.EXPIRED).select_related("entered_by")
        .order_by("pk")
    ):
        booking.status_label = statuses.get(booking.status, booking.status)
        booking.role_label = roles.get(booking.role, booking.role)
        booking.topic_label = topics.get(booking.topic, booking.topic)
        # Staff should know before calling that the person chose another language than German.
        other_language = booking.language != settings.LANGUAGE_CODE
        booking.language_label = languages.get(booking.language, booking.language) if other_language else ""
        bookings.setdefault(booking.slot_id, []).append(booking)
    for slot in slots:
        slot.day = day
        slot.booking_list = bookings.get(slot.pk, [])
    day.slot_list = slots
    day.waiting_list = list(WaitlistEntry.objects.filter(day_id=pk, status__in=["waiting", "offered"]))
    return day


def export_rows(day: ConsultationDay):
    """The rows of a day's CSV export (1 query)."""
    return (
        Booking.objects.filter(day=day).exclude(status=Booking.Status.EXPIRED)
        .select_related("slot").order_by("slot__starts_at", "pk")
    )


@dataclass
class Statistics:
    days: list[dict]
    topics: list[dict]
    roles: list[dict]
    attended: int
    no_show: int

    @property
    def marked(self) -> int:
        return self.attended + self.no_show

    @property
    def no_show_rate(self) -> float | None:
        return self.no_show / self.marked if self.marked else None

    @property
    def no_show_percent(self) -> int:
        return round(100 * (self.no_show_rate or 0))


HELD = [Booking.Status.CONFIRMED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW]


def statistics(office: Office) -> Statistics:
    """Bookings per day, topics, who came, no-show rate; counts survive anonymisation (4 queries)."""
    held = Booking.objects.filter(day__office=office, status__in=HELD)
    days = list(
        held.values("day__date").annotate(
            total=Count("pk"),
            attended=Count("pk", filter=Q(status=Booking.Status.ATTENDED)),
            no_show=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
            phone=Count("pk", filter=Q(source=Booking.Source.PHONE)),
        ).order_by("-day__date")[:24]
    )
    topic_labels = dict(Booking._meta.get_field("topic").choices)
    role_labels = dict(Booking._meta.get_field("role").choices)
    topics = [
        {"label": topic_labels.get(row["topic"], row["topic"]), "count": row["count"]}
        for row in held.values("topic").annotate(count=Count("pk")).order_by("-count", "topic")
    ]
    roles = [
        {"label": role_labels.get(row["role"], row["role"]), "count": row["count"]}
        for row in held.filter(status=Booking.Status.ATTENDED).values("role").annotate(count=Count("pk"))
        .order_by("-count", "role")
    ]
    marks = held.aggregate(
        attended=Count("pk", filter=Q(status=Booking.Status.ATTENDED)),
        no_show=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
    )
    return Statistics(days=days, topics=topics, roles=roles, attended=marks["attended"], no_show=marks["no_show"])
