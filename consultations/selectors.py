"""One read function per page: each loads what its page shows in a fixed, small number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from companies.models import TrainingPlace
from ihk_office.models import Office

from .models import Booking, BookingMove, ConsultationDay, Role, Slot, Topic, WaitlistEntry, online_free

PUBLIC_DAYS = 6  # how many upcoming days the public pages list
ALTERNATIVES = 8  # how many free times a booking form offers instead of a taken one


def _with_online_free(days, now: datetime) -> list[ConsultationDay]:
    """Days annotated with `place_count` and `taken_count` get `free_total` and `free_online`."""
    days = list(days)
    for day in days:
        day.free_total = max((day.place_count or 0) - day.taken_count, 0)
        day.free_online = max(online_free(day, now, place_count=day.place_count, taken_count=day.taken_count), 0)
    return days


def _count_days(days, slots: list[Slot], now: datetime) -> list[ConsultationDay]:
    """`days` counted from their `slots` (each with `taken`): `place_count` and `taken_count` of the slots still
    ahead, then `free_total` and `free_online`; each slot's `day` becomes its counted day. Counting here instead
    of in subqueries per day keeps the pages' queries cheap to build and to run."""
    days = {day.pk: day for day in days}
    for day in days.values():
        day.place_count = day.taken_count = 0
    for slot in slots:
        slot.day = day = days[slot.day_id]
        if slot.starts_at > now:
            day.place_count += slot.capacity
            day.taken_count += slot.taken
    return _with_online_free(days.values(), now)


def _mark_bookable(slots: list[Slot], now: datetime) -> list[Slot]:
    for slot in slots:
        slot.free = slot.free_places(now)
        slot.bookable = slot.bookable_online(now, taken=slot.taken, online_left=slot.day.free_online)
    return slots


def _upcoming(office: Office, now: datetime, *, also: ConsultationDay | None = None, own_hold_slot: int | None = None):
    """The next PUBLIC_DAYS open days (and `also`, when given), and their slots still ahead with `taken`,
    nearest first, each day counted from its slots (2 queries). `own_hold_slot`: the slot of the person's own
    hold, whose place is counted as free for her (she may replace it)."""
    days = list(ConsultationDay.objects.filter(office=office).open().not_closed()
                .upcoming(timezone.localdate(now))[:PUBLIC_DAYS])
    if also is not None:  # its own instance (with the office loaded) is the one counted
        days = [day for day in days if day.pk != also.pk] + [also]
    slots = Slot.objects.filter(day__in=days, starts_at__gt=now).order_by("starts_at").counted_rows(now)
    for slot in slots:
        if slot.pk == own_hold_slot and slot.taken:
            slot.taken -= 1
    return _count_days(days, slots, now), slots


def public_days(office: Office, now: datetime) -> list[ConsultationDay]:
    """The days list: the next open days with a slot still ahead, with `free_total`, `free_online` and
    `shown_note` (2 queries: the days, their slots with the places taken)."""
    days, _slots = _upcoming(office, now)
    return [_with_shown_note(day, office) for day in days if day.place_count]


def _with_shown_note(day: ConsultationDay, office: Office) -> ConsultationDay:
    day.shown_note = day.moved_note(office)  # a holiday named in the page's language
    return day


def next_public_day(office: Office, now: datetime) -> ConsultationDay | None:
    """The home page's next consultation day with a place that can be booked online, or None (2 queries)."""
    return next((day for day in public_days(office, now) if day.free_online > 0), None)


def days_hit_by_closure(closure) -> list[ConsultationDay]:
    """Open days within `closure`, each with `active_count` (its bookings that hold a place): what staff must
    cancel or move after entering the closure (1 query)."""
    return list(
        ConsultationDay.objects.filter(office=closure.office_id, date__range=(closure.start_date, closure.end_date))
        .open().annotate(active_count=Count("bookings", filter=Q(bookings__status__in=Booking.ACTIVE_STATUSES)))
        .order_by("date")
    )


def slot_for_sent_page(pk: int | None) -> Slot | None:
    """The time the person asked for, named on the "almost done" page (0 or 1 query)."""
    return Slot.objects.filter(pk=pk).first() if pk else None


def day_with_slots(pk: int, now: datetime) -> ConsultationDay:
    """A public day page: the day with its office, its slots with `free` and `bookable` (2 queries)."""
    day = get_object_or_404(ConsultationDay.objects.select_related("office"), pk=pk)
    slots = Slot.objects.filter(day=day).order_by("starts_at").counted_rows(now)
    _count_days([day], slots, now)
    day.slot_list = _mark_bookable(slots, now)
    return day


def free_slots(office: Office, now: datetime, *, exclude: Slot | None = None, limit: int = ALTERNATIVES) -> list[Slot]:
    """Slots of the next open days that can be booked online now, nearest first (2 queries)."""
    _days, slots = _upcoming(office, now)
    found = [slot for slot in _mark_bookable(slots, now) if slot.bookable]
    return [slot for slot in found if exclude is None or slot.pk != exclude.pk][:limit]


@dataclass
class BookingFormPage:
    slot: Slot
    bookable: bool  # the slot can be booked online now (Slot.bookable_online)
    refused: bool  # the slot can never be booked again (its day was cancelled or it has begun)
    alternatives: list[Slot]  # when the slot cannot be booked: the free ones to choose from instead
    own_hold: bool = False  # the person's own unconfirmed hold is on this slot (she went back)


def booking_form_page(slot_pk: int, now: datetime, *, picked: int | None = None,
                      own_hold: int | None = None) -> BookingFormPage:
    """The booking form of a slot (`picked`: another slot of the same office the person chose in the form):
    the slot with its day and office (1 query; 2 with `picked`), the next days and the slot's own with their slots
    and the places taken (2 queries): enough to tell whether it can be booked and, if not, the free ones instead.
    `own_hold`: the pk of the hold this browser made last (from the session; 1 query more): its place counts as
    free for her, so going back to the form never shows her own slot as taken (`services.book(replaces=…)`).
    """
    slots = Slot.objects.select_related("day__office")
    slot = get_object_or_404(slots, pk=slot_pk)
    if picked and picked != slot.pk:
        slot = slots.filter(pk=picked, day__office=slot.day.office_id).first() or slot
    held_slot = own_hold_slot(own_hold, now) if own_hold else None
    _days, upcoming = _upcoming(slot.day.office, now, also=slot.day, own_hold_slot=held_slot)
    slot.taken = next((other.taken for other in upcoming if other.pk == slot.pk), 0)
    refused = slot.day.is_cancelled or slot.starts_at <= now
    bookable = slot.bookable_online(now, taken=slot.taken, online_left=slot.day.free_online)
    alternatives = []
    if not bookable:  # the nearest free ones, from the rows at hand: no query more
        for other in upcoming:
            if other.pk != slot.pk and other.bookable_online(now, taken=other.taken, online_left=other.day.free_online):
                alternatives.append(other)
                if len(alternatives) == ALTERNATIVES:
                    break
    return BookingFormPage(slot=slot, bookable=bookable, refused=refused, alternatives=alternatives,
                           own_hold=held_slot == slot.pk)


def own_hold_slot(booking_pk: int, now: datetime) -> int | None:
    """The slot of the hold `booking_pk` while it still holds a place, else None (1 query)."""
    return (Booking.objects.filter(pk=booking_pk, status=Booking.Status.PENDING, hold_expires_at__gt=now)
            .values_list("slot_id", flat=True).first())


@dataclass
class Links:
    """What one address has coming up, for the mail with all its links."""

    bookings: list[Booking]  # pending holds and confirmed bookings, soonest first
    waitlist: list[WaitlistEntry]  # unconfirmed, waiting and offered entries of days still ahead

    def __bool__(self) -> bool:
        return bool(self.bookings or self.waitlist)


def links_of(email: str, now: datetime) -> Links:
    """The bookings and waitlist entries of `email` still ahead, each with its slot or day and the office
    (2 queries)."""
    email = email.strip().lower()
    bookings = list(
        Booking.objects.filter(email=email, slot__starts_at__gt=now, anonymised_at__isnull=True)
        .filter(Q(status=Booking.Status.CONFIRMED) | Q(status=Booking.Status.PENDING, hold_expires_at__gt=now))
        .select_related("slot__day__office").order_by("slot__starts_at", "pk")
    )
    waiting = [WaitlistEntry.Status.UNCONFIRMED, WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    entries = list(
        WaitlistEntry.objects.filter(email=email, status__in=waiting, day__date__gte=timezone.localdate(now))
        .exclude(day__status=ConsultationDay.Status.CANCELLED)
        .select_related("day__office", "offered_slot").order_by("day__date", "pk")
    )
    return Links(bookings=bookings, waitlist=entries)


def booking_for_manage(pk: int) -> Booking:
    """The booking behind a link in a mail, with its slot, day and office (1 query); anonymised ones are gone."""
    return get_object_or_404(
        Booking.objects.select_related("slot__day__office").filter(anonymised_at__isnull=True), pk=pk
    )


def manage_page(pk: int, now: datetime) -> tuple[Booking, list[Slot]]:
    """The manage page: the booking (1 query) and, while it can be changed, the free slots to move to (1 more)."""
    booking = booking_for_manage(pk)
    alternatives = []
    if booking.can_be_changed and not booking.manage_link_expired(now):
        alternatives = free_slots(booking.slot.day.office, now, exclude=booking.slot, limit=20)
    return booking, alternatives


def waitlist_entry(pk: int) -> WaitlistEntry:
    """A waitlist entry behind a link in a mail, with its day and office (1 query)."""
    return get_object_or_404(WaitlistEntry.objects.select_related("day__office"), pk=pk)


def offer_page(entry_pk: int, slot_pk: int) -> tuple[WaitlistEntry, Slot]:
    """A waitlist offer: the entry and the offered slot of its day, each with day and office (2 queries)."""
    entry = waitlist_entry(entry_pk)
    return entry, get_object_or_404(Slot.objects.select_related("day__office"), pk=slot_pk, day=entry.day)


def day_for_staff(pk: int) -> ConsultationDay:
    """A day with its office, for the staff's forms about it (1 query)."""
    return get_object_or_404(ConsultationDay.objects.select_related("office"), pk=pk)


def day_with_its_slots(pk: int) -> ConsultationDay:
    """A day with its office and its slots (`slots.all()`), for changing its times (2 queries)."""
    return get_object_or_404(ConsultationDay.objects.select_related("office").prefetch_related("slots"), pk=pk)


def booking(pk: int) -> Booking:
    """A booking for a staff action on the day sheet (1 query)."""
    return get_object_or_404(Booking, pk=pk)


STAFF_MOVE_DAYS = 8  # how many upcoming days the staff's move page offers


@dataclass
class StaffMovePage:
    booking: Booking
    days: list[ConsultationDay]  # each with `free_slots`: its slots ahead with a place left (`taken` set)

    @property
    def free_slots(self) -> list[Slot]:
        return [slot for day in self.days for slot in day.free_slots]


def staff_move_page(pk: int, now: datetime) -> StaffMovePage:
    """Staff move a booking: the booking with slot, day and office (1 query), the next open days on which the
    office is open (1 query) and their slots still ahead with the places taken (1 query). Only slots with a place
    left are offered – counted against the capacity, as the phone-booking form does: staff may give a place that
    is held back for phone bookings."""
    booking = get_object_or_404(Booking.objects.select_related("slot__day__office"), pk=pk)
    days = list(ConsultationDay.objects.filter(office=booking.slot.day.office_id).open().not_closed()
                .upcoming(timezone.localdate(now))[:STAFF_MOVE_DAYS])
    slots = Slot.objects.filter(day__in=days, starts_at__gt=now).order_by("starts_at").counted_rows(now)
    by_day: dict[int, list[Slot]] = {}
    for slot in slots:
        if slot.taken < slot.capacity and slot.pk != booking.slot_id:
            slot.free = slot.capacity - slot.taken
            by_day.setdefault(slot.day_id, []).append(slot)
    for day in days:
        day.free_slots = by_day.get(day.pk, [])
        for slot in day.free_slots:
            slot.day = day
    return StaffMovePage(booking=booking, days=[day for day in days if day.free_slots])


def day_to_move(pk: int) -> ConsultationDay:
    """A day staff move to another date: with its office and `active_count`, its bookings that hold a place
    (1 query)."""
    return get_object_or_404(
        ConsultationDay.objects.select_related("office")
        .annotate(active_count=Count("bookings", filter=Q(bookings__status__in=[Booking.Status.PENDING,
                                                                                 Booking.Status.CONFIRMED]))),
        pk=pk,
    )


def staff_overview(office: Office, now: datetime) -> list[ConsultationDay]:
    """Upcoming days (open and cancelled) with their counts, waitlist length and `shown_note` (1 query)."""
    days = (
        ConsultationDay.objects.filter(office=office, date__gte=timezone.localdate(now))
        .with_counts(now)
        .annotate(waiting=Count("waitlist", filter=Q(waitlist__status="waiting")))
        .order_by("date")
    )
    return [_with_shown_note(day, office) for day in _with_online_free(days, now)]


def day_sheet(pk: int, now: datetime) -> ConsultationDay:
    """The printable day sheet: the day with `slot_list` (each with `booking_list`, every booking with its
    `status_label`, `role_label`, `topic_label`, `merely_held`, `moved_from`, its wish, its placement and
    `matching_places`; and `moved_away`: bookings moved from this time to another, with where they are now) and
    `waiting_list`.

    The slots come with their day and office in one query (a day without slots costs one more); the bookings
    (with wish and placement joined) and the waitlist are fetched by the day's id and grouped here, which is
    cheaper than prefetch_related. The open training places matching the wishes of the whole sheet come in one
    more query (none when nobody on the sheet wished for an occupation).
    Unconfirmed holds show as merely held while they last; a lapsed one holds nothing and is left out.
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
        Booking.objects.filter(day_id=pk).exclude(status=Booking.Status.EXPIRED)
        .exclude(status=Booking.Status.PENDING, hold_expires_at__lte=now)
        .select_related("entered_by", "wish", "placed_with__company", "placed_with__occupation").order_by("pk")
    ):
        booking.merely_held = booking.is_merely_held(now)
        booking.status_label = statuses.get(booking.status, booking.status)
        booking.role_label = roles.get(booking.role, booking.role)
        booking.topic_label = topics.get(booking.topic, booking.topic)
        # Staff should know before calling that the person chose another language than German.
        other_language = booking.language != settings.LANGUAGE_CODE
        booking.language_label = languages.get(booking.language, booking.language) if other_language else ""
        bookings.setdefault(booking.slot_id, []).append(booking)
    moved_in, moved_away = _moves_of_day(pk, statuses)
    for booking_list in bookings.values():
        for booking in booking_list:
            booking.moved_from = moved_in.get(booking.pk)
    _attach_matching_places([booking for listed in bookings.values() for booking in listed], year=day.date.year)
    for slot in slots:
        slot.day = day
        slot.booking_list = bookings.get(slot.pk, [])
        slot.moved_away = [move for (_booking, starts), move in moved_away.items() if starts == slot.starts_at]
    day.slot_list = slots
    day.shown_note = day.moved_note(day.office)
    day.waiting_list = list(WaitlistEntry.objects.filter(day_id=pk, status__in=["waiting", "offered"]))
    return day


def _moves_of_day(pk: int, statuses: dict[str, str]) -> tuple[dict[int, BookingMove], dict]:
    """The moves into and out of day `pk` (1 query): the last move that brought each booking here, and per
    (booking, former start) the last move away from here, with the booking where it is now – unless it came back
    to that very time."""
    moved_in: dict[int, BookingMove] = {}
    moved_away: dict[tuple[int, datetime], BookingMove] = {}
    for move in (BookingMove.objects.filter(Q(from_day_id=pk) | Q(to_day_id=pk))
                 .select_related("booking__slot").order_by("moved_at", "pk")):
        if move.to_day_id == pk:
            moved_in[move.booking_id] = move
        if move.from_day_id == pk:
            moved_away[(move.booking_id, move.from_starts_at)] = move
    for key, move in list(moved_away.items()):
        booking = move.booking
        if booking.day_id == pk and booking.slot.starts_at == move.from_starts_at:
            del moved_away[key]  # moved back here: its own row shows it
        else:
            move.now_at = booking.slot.starts_at
            move.now_day_id = booking.day_id
            move.status_label = statuses.get(booking.status, booking.status) if booking.status != "confirmed" else ""
    return moved_in, moved_away


def _attach_matching_places(bookings: list[Booking], *, year: int) -> None:
    """Give every booking `matching_places`: the open training places in the area for its wish (for bookings
    that can still be placed; TrainingPlace.objects.matching), most open places first. One query for all."""
    wanted = {booking.wish_id for booking in bookings if booking.wish_id and booking.can_be_placed}
    by_occupation: dict[int, list[TrainingPlace]] = {}
    if wanted:
        places = (TrainingPlace.objects.matching(wanted, year=year).select_related("company")
                  .annotate(open_count=F("places") - F("filled"))
                  .order_by("occupation_id", "-open_count", "start_year", "company__name", "pk"))
        for place in places:
            by_occupation.setdefault(place.occupation_id, []).append(place)
    for booking in bookings:
        booking.matching_places = by_occupation.get(booking.wish_id, []) if booking.can_be_placed else []


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
    placements: list[dict]  # {"year", "occupation", "count"}: people placed with a training place

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
    """Bookings per day, topics, who came, no-show rate, placements per year and occupation; counts survive
    anonymisation (5 queries)."""
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
    # The year the placement was made (in the office's time zone), and the occupation of the place.
    placements = [
        {"year": row["year"], "occupation": row["placed_with__occupation__name"], "count": row["count"]}
        for row in Booking.objects.filter(day__office=office, placed_with__isnull=False)
        .annotate(year=ExtractYear("placed_at")).values("year", "placed_with__occupation__name")
        .annotate(count=Count("pk")).order_by("-year", "-count", "placed_with__occupation__name")
    ]
    return Statistics(days=days, topics=topics, roles=roles, attended=marks["attended"], no_show=marks["no_show"],
                      placements=placements)
