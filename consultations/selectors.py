"""One read function per page: each loads what its page shows in a fixed, small number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from companies.models import Company, District, TrainingOccupation, TrainingPlace
from ihk_office.links import link_to
from ihk_office.models import Office
from ihk_office.sql import aware, fetch_rows

from .models import Booking, BookingMove, ConsultationDay, Role, Slot, Topic, WaitlistEntry, online_free

PUBLIC_DAYS = 6  # how many upcoming days the public pages list
ALTERNATIVES = 8  # how many free times a booking form offers instead of a taken one
MATCHING_PLACES_SHOWN = 5  # how many matching training places the day sheet offers per booking


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
    """The printable day sheet: the day (with its office, `shown_note`, `slot_list` and `waiting_list`) as the
    page shows it, every value precomputed. 5 queries (4 when nobody on the sheet is placed or can be placed
with a wish), a day without slots too:

    - `slot_list`: the slots (`starts_at`, `time_label`: "09:30"), each with `booking_list` and `moved_away`;
    - every booking (a Booking with only the shown fields loaded) with its `status_label`, `role_label`,
      `topic_label`, `language_label`, `entered_by_name`, `merely_held`, `moved_from` (a SheetMove or None),
      `wish_name`, `placement` (a SheetPlacement or None) and `matching_places` (at most five, see
      _attach_places);
    - `moved_away`: SheetMoves of bookings moved from this time to another, with where they are now;
    - `waiting_list`: (name, email, status label) of who waits or has an offer.

    Unconfirmed holds show as merely held while they last; a lapsed one holds nothing and is left out.
    All but the day are read with written-out SQL into the few values shown: with the ORM and model rows the
    sheet's queries took 7.2 ms on the bench day (slots 0.95, bookings with their joins 1.85, moves 1.2, places
    1.5, waitlist 0.55), written out 1.2 ms (0.5, 0.2, 0.4, 0.15) plus 0.6 for the day with its office.
    """
    day = get_object_or_404(ConsultationDay.objects.select_related("office"), pk=pk)
    # The choice labels, translated once per page instead of once per get_…_display() call.
    statuses, roles, topics, languages, waiting_statuses = (
        {value: str(label) for value, label in choices} for choices in (
            Booking.Status.choices, Role.choices, Topic.choices, settings.LANGUAGES, WaitlistEntry.Status.choices)
    )
    slots, bookings = _slots_with_bookings(pk, now)
    moved_in, moved_away = _moves_of_day(pk, statuses)
    for booking in bookings:
        booking.merely_held = booking.is_merely_held(now)
        booking.status_label = statuses.get(booking.status, booking.status)
        booking.role_label = roles.get(booking.role, booking.role)
        booking.topic_label = topics.get(booking.topic, booking.topic)
        # Staff should know before calling that the person chose another language than German.
        other_language = booking.language != settings.LANGUAGE_CODE
        booking.language_label = languages.get(booking.language, booking.language) if other_language else ""
        booking.moved_from = moved_in.get(booking.pk)
    _attach_places(bookings, year=day.date.year)
    for slot in slots:
        slot.moved_away = [move for (_booking, starts), move in moved_away.items() if starts == slot.starts_at]
    day.slot_list = slots
    day.shown_note = day.moved_note(day.office)
    day.waiting_list = [(name, email, waiting_statuses.get(status, status))
                        for name, email, status in fetch_rows(
                            f'SELECT name, email, status FROM "{WaitlistEntry._meta.db_table}" '  # noqa: S608  # nosec B608
                            "WHERE day_id = %s AND status IN (%s, %s) ORDER BY created_at, id",
                            [pk, WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED])]
    return day


@dataclass
class SheetPlacement:
    """The training place a booking was placed with, as the day sheet names it."""

    company_name: str
    occupation_name: str
    start_year: int


@dataclass
class SheetMove:
    """A move on the day sheet: `from_day_id` and `from_starts_at` where a booking came from; for a booking moved
    away, its `booking_id`, `name`, and where it is now (`now_day_id`, `now_at`, `status_label` unless
    confirmed)."""

    booking_id: int
    from_day_id: int
    from_starts_at: datetime
    name: str = ""
    now_day_id: int | None = None
    now_at: datetime | None = None
    status_label: str = ""


# The booking fields the day sheet shows, loaded into Booking instances by _slots_with_bookings; in the model's
# order of fields, as Booking.from_db takes them.
_SHEET_BOOKING_FIELDS = tuple(field.attname for field in Booking._meta.concrete_fields if field.attname in {
    "id", "slot_id", "name", "person_name", "email", "phone", "role", "school_or_company", "school_year", "topic",
    "question", "source", "status", "hold_expires_at", "language", "wish_id", "placed_with_id"})


def _slots_with_bookings(pk: int, now: datetime) -> tuple[list[Slot], list[Booking]]:
    """The slots of day `pk` by time, each with `booking_list` (by booking id, lapsed holds and expired bookings
    left out), and all those bookings, with who entered them (`entered_by_name`) and the name of their wish
    (`wish_name`). One query. (Joining their placement's company and occupation here too made PostgreSQL's planning
    of it 0.6 ms dearer: _attach_places reads them with the matching places.)"""
    slot_table, booking_table = Slot._meta.db_table, Booking._meta.db_table
    user_table, occupation_table = get_user_model()._meta.db_table, TrainingOccupation._meta.db_table
    booking_columns = ", ".join(f"b.{field}" for field in _SHEET_BOOKING_FIELDS)
    found = fetch_rows(
        f"SELECT s.id, s.starts_at, {booking_columns}, u.first_name, u.username, w.name "  # noqa: S608  # nosec B608
        f'FROM "{slot_table}" s '
        f'LEFT JOIN "{booking_table}" b ON b.slot_id = s.id AND b.day_id = s.day_id AND b.status <> %s '
        "AND NOT (b.status = %s AND b.hold_expires_at IS NOT NULL AND b.hold_expires_at <= %s) "
        f'LEFT JOIN "{user_table}" u ON u.id = b.entered_by_id '
        f'LEFT JOIN "{occupation_table}" w ON w.id = b.wish_id '
        "WHERE s.day_id = %s ORDER BY s.starts_at, s.id, b.id",
        [Booking.Status.EXPIRED, Booking.Status.PENDING, connection.ops.adapt_datetimefield_value(now), pk],
    )
    slots: list[Slot] = []
    bookings: list[Booking] = []
    hold_at = _SHEET_BOOKING_FIELDS.index("hold_expires_at")
    width = len(_SHEET_BOOKING_FIELDS)
    for slot_id, starts_at, *rest in found:
        if not slots or slots[-1].pk != slot_id:
            slots.append(Slot(id=slot_id, day_id=pk, starts_at=aware(starts_at)))
            # Written on every row of the slot: formatted once here (the template's |time took 16 µs a time).
            slots[-1].time_label = timezone.localtime(slots[-1].starts_at).strftime("%H:%M")
            slots[-1].booking_list = []
        if rest[0] is None:
            continue  # a free slot
        values = rest[:width]
        values[hold_at] = aware(values[hold_at])
        booking = Booking.from_db(connection.alias, _SHEET_BOOKING_FIELDS, values)
        first_name, username, booking.wish_name = rest[width:]
        # As User.get_short_name() or else get_username() would name who entered a phone booking.
        booking.entered_by_name = (first_name or username) if username is not None else ""
        slots[-1].booking_list.append(booking)
        bookings.append(booking)
    return slots, bookings


def _moves_of_day(pk: int, statuses: dict[str, str]) -> tuple[dict[int, SheetMove], dict]:
    """The moves into and out of day `pk` (1 query): the last move that brought each booking here, and per
    (booking, former start) the last move away from here, with the booking where it is now – unless it came back
    to that very time."""
    move_table, booking_table, slot_table = BookingMove._meta.db_table, Booking._meta.db_table, Slot._meta.db_table
    moved_in: dict[int, SheetMove] = {}
    moved_away: dict[tuple[int, datetime], SheetMove] = {}
    for booking_id, from_day_id, from_starts_at, to_day_id, name, day_id, status, starts_at in fetch_rows(
        "SELECT m.booking_id, m.from_day_id, m.from_starts_at, m.to_day_id, b.name, b.day_id, b.status, s.starts_at "  # noqa: S608  # nosec B608
        f'FROM "{move_table}" m JOIN "{booking_table}" b ON b.id = m.booking_id '
        f'JOIN "{slot_table}" s ON s.id = b.slot_id '
        "WHERE m.from_day_id = %s OR m.to_day_id = %s ORDER BY m.moved_at, m.id",
        [pk, pk],
    ):
        from_starts_at, starts_at = aware(from_starts_at), aware(starts_at)
        move = SheetMove(booking_id, from_day_id, from_starts_at, name=name, now_day_id=day_id, now_at=starts_at,
                         status_label=statuses.get(status, status) if status != Booking.Status.CONFIRMED else "")
        if to_day_id == pk:
            moved_in[booking_id] = move
        if from_day_id == pk:
            moved_away[(booking_id, from_starts_at)] = move
    for key, move in list(moved_away.items()):
        if move.now_day_id == pk and move.now_at == move.from_starts_at:
            del moved_away[key]  # moved back here: its own row shows it
    return moved_in, moved_away


def _attach_places(bookings: list[Booking], *, year: int) -> None:
    """Give every booking its `placement` (a SheetPlacement or None) and `matching_places`: the first five open
    training places in the area for its wish (for bookings that can still be placed), most open places first, as
    dicts with `id`, `company_name`, `district_label`, `company_url`, `edit_url`, `open_label` ("3 freie Plätze
    ab 2027") and `button_label` (the hidden words of its button: who to place where); and `place_url`, where
    its places are given.

    One query for all (none when nobody on the sheet is placed or can be placed with a wish), written out: the ORM
    took 1.2 ms for the matching places alone, this 0.3 with the placements. Its condition is the one of
    TrainingPlace.objects.matching (open, in the office's area, the wished occupation, starting in `year` or
    later), which services.place_booking checks again; tests/consultations/test_training_places.py checks that
    the sheet offers no other place."""
    wanted = sorted({booking.wish_id for booking in bookings if booking.wish_id and booking.can_be_placed})
    placed = sorted({booking.placed_with_id for booking in bookings if booking.placed_with_id})
    by_occupation: dict[int, list[dict]] = {}
    placements: dict[int, SheetPlacement] = {}
    if wanted or placed:
        conditions, params = [], []
        if placed:
            conditions.append(f"p.id IN ({', '.join(['%s'] * len(placed))})")
            params += placed
        if wanted:
            conditions.append(f"(p.filled < p.places AND c.district <> %s AND p.start_year >= %s "
                              f"AND p.occupation_id IN ({', '.join(['%s'] * len(wanted))}))")
            params += [District.OUTSIDE, year, *wanted]
        place_table, company_table = TrainingPlace._meta.db_table, Company._meta.db_table
        occupation_table = TrainingOccupation._meta.db_table
        found = fetch_rows(
            "SELECT p.id, p.occupation_id, p.company_id, p.places - p.filled, p.start_year, c.name, c.district, "  # noqa: S608  # nosec B608
            f'o.name FROM "{place_table}" p JOIN "{company_table}" c ON c.id = p.company_id '
            f'JOIN "{occupation_table}" o ON o.id = p.occupation_id WHERE {" OR ".join(conditions)} '
            "ORDER BY p.occupation_id, p.places - p.filled DESC, p.start_year, c.name, p.id",
            params,
        )
        districts = {value: str(label) for value, label in District.choices}
        wanted_set = set(wanted)
        for place_id, occupation_id, company_id, open_count, start_year, company_name, district, occupation_name \
                in found:
            placements[place_id] = SheetPlacement(company_name, occupation_name, start_year)
            open_here = (open_count > 0 and district != District.OUTSIDE and start_year >= year
                         and occupation_id in wanted_set)  # a placed one may be listed for being placed
            listed = by_occupation.setdefault(occupation_id, [])
            if open_here and len(listed) < MATCHING_PLACES_SHOWN:
                listed.append({"id": place_id, "company_id": company_id, "company_name": company_name,
                               "district_label": districts.get(district, district), "open_count": open_count,
                               "start_year": start_year})
    # What the template would have to work out per place and per booking and place (two {% link %}s, a plural
    # and a name in {% blocktranslate %}: 40 µs a place), done here once per place.
    for place in (place for listed in by_occupation.values() for place in listed):
        place["company_url"] = link_to("companies:company_detail", place["company_id"])
        place["edit_url"] = link_to("companies:training_place_edit", place["id"])
        place["open_label"] = ngettext("%(counter)s freier Platz ab %(year)s", "%(counter)s freie Plätze ab %(year)s",
                                       place["open_count"]) % {"counter": place["open_count"],
                                                               "year": place["start_year"]}
    for booking in bookings:
        booking.placement = placements.get(booking.placed_with_id)
        matching = by_occupation.get(booking.wish_id, []) if booking.can_be_placed else []
        booking.place_url = link_to("consultations_staff:booking_place", booking.pk) if matching else ""
        booking.matching_places = [
            {**place, "button_label": gettext("%(name)s an %(company)s") % {"name": booking.name,
                                                                            "company": place["company_name"]}}
            for place in matching]


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
