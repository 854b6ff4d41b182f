"""What spans the consultation models: planning days, booking, confirming, moving, cancelling, the waitlist,
expiring holds and anonymising. Views, tasks and commands call these functions; none of them talks to SMTP.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ihk_office.models import Office

from . import caching, mails
from .models import Booking, ConsultationDay, ConsultationSchedule, HolidayPolicy, Slot, WaitlistEntry

logger = logging.getLogger(__name__)

THURSDAY = 3


class BookingRefused(Exception):
    """Base of the reasons a booking is not made."""


class SlotFull(BookingRefused):
    """No place is left in the slot (or the day's online places are taken)."""


class SlotNotBookable(BookingRefused):
    """The slot is in the past or its day was cancelled."""


class AlreadyBookedThatDay(BookingRefused):
    """This e-mail address already holds an active booking on the slot's day."""


class TooManyBookings(BookingRefused):
    """This e-mail address already holds the maximum number of upcoming bookings."""


# --- planning ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanEntry:
    """What planning does (or did) for one month."""

    rule_date: date  # the first Thursday of the month
    date: date | None  # the day it is (or would be) held; None when skipped
    action: str  # "create", "exists", "skip"
    reason: str = ""  # why it was moved or skipped

    @property
    def moved(self) -> bool:
        return self.date is not None and self.date != self.rule_date


def first_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(THURSDAY - first.weekday()) % 7)


def _months_from(start: date, months: int):
    year, month = start.year, start.month
    for _i in range(months):
        yield year, month
        month += 1
        if month > 12:
            year, month = year + 1, 1


def plan_preview(*, office: Office, start: date, months: int) -> list[PlanEntry]:
    """What planning would do from `start` on, month by month, without writing anything.

    A first Thursday that is a public holiday or a closure is moved to the next Thursday of the same month on
    which the office is open (policy "move"), or skipped (policy "skip", or no open Thursday left that month).
    Days that exist already are reported as they are: planning never moves a day that was planned before.
    """
    schedule = ConsultationSchedule.for_office(office)
    existing = {
        day.rule_date: day
        for day in ConsultationDay.objects.filter(office=office, rule_date__isnull=False, rule_date__gte=start)
    }
    entries = []
    # The window is [start, start + months): twelve months from any date hold twelve first Thursdays.
    end_year, end_month = list(_months_from(start, months + 1))[-1]
    end = date(end_year, end_month, min(start.day, 28))
    for year, month in _months_from(start, months + 1):
        rule_date = first_thursday(year, month)
        if rule_date < start or rule_date >= end:
            continue
        if rule_date in existing:
            day = existing[rule_date]
            entries.append(PlanEntry(rule_date, day.date, "exists", day.note))
            continue
        reason = office.closed_reason(rule_date)
        if reason is None:
            entries.append(PlanEntry(rule_date, rule_date, "create"))
            continue
        if schedule.holiday_policy == HolidayPolicy.SKIP:
            entries.append(PlanEntry(rule_date, None, "skip", _("fällt aus: %(reason)s") % {"reason": reason}))
            continue
        candidate = rule_date + timedelta(days=7)
        while candidate.month == month and office.closed_reason(candidate):
            candidate += timedelta(days=7)
        if candidate.month != month:
            why = _("fällt aus: %(reason)s, und kein anderer Donnerstag im Monat ist frei") % {"reason": reason}
            entries.append(PlanEntry(rule_date, None, "skip", why))
        else:
            entries.append(
                PlanEntry(rule_date, candidate, "create",
                          _("verschoben vom %(date)s (%(reason)s)") % {"date": rule_date.strftime("%d.%m.%Y"),
                                                                        "reason": reason})
            )
    return entries


@transaction.atomic
def plan_days(*, office: Office, start: date, months: int) -> list[PlanEntry]:
    """Create the consultation days `plan_preview` proposes. Idempotent: a second run creates nothing."""
    entries = plan_preview(office=office, start=start, months=months)
    taken_dates = set(ConsultationDay.objects.filter(office=office, date__gte=start).values_list("date", flat=True))
    done = []
    for entry in entries:
        if entry.action == "create" and entry.date in taken_dates:
            # An extra day already sits on that date: adopt it instead of creating a second one.
            ConsultationDay.objects.filter(office=office, date=entry.date, rule_date__isnull=True).update(
                rule_date=entry.rule_date
            )
            caching.forget()  # bulk updates send no signals: the public pages' cached days are stale now
            done.append(PlanEntry(entry.rule_date, entry.date, "exists", entry.reason))
            continue
        if entry.action == "create":
            create_day(office=office, day_date=entry.date, rule_date=entry.rule_date, note=entry.reason)
        done.append(entry)
    return done


def _slot_times(day_date: date, tz, starts_at: time, ends_at: time, minutes: int) -> list[tuple[datetime, datetime]]:
    current = datetime.combine(day_date, starts_at, tzinfo=tz)
    end = datetime.combine(day_date, ends_at, tzinfo=tz)
    step = timedelta(minutes=minutes)
    times = []
    while current + step <= end:
        times.append((current, current + step))
        current += step
    return times


@transaction.atomic
def create_day(
    *,
    office: Office,
    day_date: date,
    starts_at: time | None = None,
    ends_at: time | None = None,
    slot_minutes: int | None = None,
    capacity: int | None = None,
    held_back_places: int | None = None,
    release_days_before: int | None = None,
    rule_date: date | None = None,
    note: str = "",
) -> ConsultationDay:
    """A day with its slots; unset times and numbers come from the office's schedule."""
    schedule = ConsultationSchedule.for_office(office)
    day = ConsultationDay(
        office=office,
        date=day_date,
        rule_date=rule_date,
        note=note,
        held_back_places=schedule.held_back_places if held_back_places is None else held_back_places,
        release_days_before=schedule.release_days_before if release_days_before is None else release_days_before,
    )
    day.full_clean()
    day.save()
    _sync_slots(
        day,
        starts_at=starts_at or schedule.starts_at,
        ends_at=ends_at or schedule.ends_at,
        slot_minutes=slot_minutes or schedule.slot_minutes,
        capacity=schedule.capacity if capacity is None else capacity,
    )
    return day


def _sync_slots(day: ConsultationDay, *, starts_at: time, ends_at: time, slot_minutes: int, capacity: int) -> None:
    wanted = _slot_times(day.date, day.office.tz, starts_at, ends_at, slot_minutes)
    if not wanted:
        raise ValidationError(_("In dieser Zeit passt kein einziger Termin."))
    wanted_starts = {start for start, _end in wanted}
    existing = {slot.starts_at: slot for slot in day.slots.all()}
    obsolete = [slot for start, slot in existing.items() if start not in wanted_starts]
    if Booking.objects.filter(slot__in=obsolete).active().exists():
        raise ValidationError(
            _("Einige Termine, die wegfallen würden, sind schon gebucht. Bitte verlegen oder stornieren Sie "
              "diese Buchungen zuerst.")
        )
    # Slots with only cancelled or expired bookings keep their history: they are kept, not deleted.
    Slot.objects.filter(pk__in=[s.pk for s in obsolete]).exclude(bookings__isnull=False).delete()
    for start, end in wanted:
        slot = existing.get(start)
        if slot is None:
            Slot.objects.create(day=day, starts_at=start, ends_at=end, capacity=capacity)
        elif slot.ends_at != end or slot.capacity != capacity:
            booked = slot.bookings.active().count()
            if capacity < booked:
                raise ValidationError(_("Ein Termin hat schon mehr Buchungen als die neue Platzzahl."))
            slot.ends_at, slot.capacity = end, capacity
            slot.save(update_fields=["ends_at", "capacity"])


@transaction.atomic
def change_day(
    *,
    day: ConsultationDay,
    starts_at: time,
    ends_at: time,
    slot_minutes: int,
    capacity: int,
    held_back_places: int,
    release_days_before: int,
) -> ConsultationDay:
    """Change a day's times and places. Raises ValidationError when booked slots would disappear."""
    day = ConsultationDay.objects.select_for_update().select_related("office").get(pk=day.pk)
    day.held_back_places = held_back_places
    day.release_days_before = release_days_before
    day.full_clean()
    day.save(update_fields=["held_back_places", "release_days_before"])
    _sync_slots(day, starts_at=starts_at, ends_at=ends_at, slot_minutes=slot_minutes, capacity=capacity)
    return day


@transaction.atomic
def cancel_day(*, day: ConsultationDay, now: datetime | None = None) -> int:
    """Cancel a day and every active booking on it; each booked person gets a mail. Returns how many."""
    now = now or timezone.now()
    day = ConsultationDay.objects.select_for_update().get(pk=day.pk)
    if day.is_cancelled:
        return 0
    day.status = ConsultationDay.Status.CANCELLED
    day.cancelled_at = now
    day.save(update_fields=["status", "cancelled_at"])
    bookings = list(
        Booking.objects.filter(day=day, status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED])
        .select_related("slot__day__office")
    )
    for booking in bookings:
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        mails.send_day_cancelled(booking)
    WaitlistEntry.objects.filter(day=day, status__in=["waiting", "offered"]).update(status="cancelled")
    caching.forget()
    return len(bookings)


# --- booking ------------------------------------------------------------------------------------------------


def _lock(slot: Slot) -> tuple[ConsultationDay, Slot]:
    """Lock the day, then the slot (always in this order, so two bookings cannot deadlock).

    FOR NO KEY UPDATE: it serialises bookings of this slot but does not block inserts of rows that only
    reference it (bookings of other slots keep flowing; the day lock covers the held-back count).
    """
    day = ConsultationDay.objects.select_for_update(no_key=True).select_related("office").get(pk=slot.day_id)
    locked = Slot.objects.select_for_update(no_key=True).get(pk=slot.pk)
    return day, locked


def online_places_left(day: ConsultationDay, now: datetime, *, except_offer: WaitlistEntry | None = None) -> int:
    """Free places of the day that may be given online (held-back places not counted until their release)."""
    future = day.slots.filter(starts_at__gt=now)
    capacity = future.aggregate(total=Sum("capacity"))["total"] or 0
    taken = Booking.objects.occupying(now).filter(slot__in=future).count()
    offers = WaitlistEntry.objects.offering(now).filter(offered_slot__in=future)
    if except_offer is not None:
        offers = offers.exclude(pk=except_offer.pk)
    return capacity - taken - offers.count() - day.holds_back_at(now)


def _mail_language(language: str) -> str:
    """`language`, or else the active one, as one of settings.LANGUAGES ("en-gb" → "en"; German if none)."""
    try:
        return translation.get_supported_language_variant(language or translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def book(
    slot: Slot,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    source: str = Booking.Source.ONLINE,
    now: datetime | None = None,
    entered_by=None,
    offer: WaitlistEntry | None = None,
    email_verified: bool = False,
    language: str = "",
    **details,
) -> Booking:
    """Book one place in `slot` and return the booking.

    Online bookings are held as "pending" until the confirmation link is used (a mail with it is queued);
    phone bookings are confirmed at once. `details` are the form's other fields (role, school_or_company,
    school_year, topic, question). `offer` is a waitlist offer being redeemed: its kept place is this one.
    `email_verified=True` (the person came through a signed link sent to that address) skips the opt-in mail
    and confirms at once. `language` (of the pages the person booked on; by default the active language) is
    the language of every mail about the booking.

    Raises SlotFull (no place left), SlotNotBookable (past slot, cancelled day), AlreadyBookedThatDay,
    TooManyBookings, or ValidationError (bad field values). Nothing is saved when it raises.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        day, slot = _lock(slot)
        if day.is_cancelled or slot.starts_at <= now:
            raise SlotNotBookable
        if email:
            # A lapsed hold of this address that the periodic task has not expired yet must not block it.
            _expire_holds(Booking.objects.filter(day=day, email=email), now)
            if Booking.objects.filter(day=day, email=email).active().exists():
                raise AlreadyBookedThatDay
            if source == Booking.Source.ONLINE:
                upcoming = Booking.objects.occupying(now).filter(email=email, slot__starts_at__gt=now).count()
                if upcoming >= settings.CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL:
                    raise TooManyBookings
        if slot.taken_at(now, except_offer=offer) >= slot.capacity:
            raise SlotFull
        if source == Booking.Source.ONLINE and online_places_left(day, now, except_offer=offer) <= 0:
            raise SlotFull
        online = source == Booking.Source.ONLINE
        hold = online and not email_verified
        booking = Booking(
            slot=slot,
            day=day,
            name=name.strip(),
            email=email,
            phone=phone.strip(),
            source=source,
            status=Booking.Status.PENDING if hold else Booking.Status.CONFIRMED,
            hold_expires_at=now + timedelta(minutes=settings.CONSULTATION_HOLD_MINUTES) if hold else None,
            confirmed_at=None if hold else now,
            entered_by=entered_by,
            created_at=now,
            language=_mail_language(language),
            **details,
        )
        if online and not email:
            raise ValidationError({"email": _("Bitte geben Sie Ihre E-Mail-Adresse an.")})
        booking.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as exc:
            # The unique constraint caught a second booking of this address on this day.
            raise AlreadyBookedThatDay from exc
        booking.slot = slot
        slot.day = day
        if offer is not None:
            WaitlistEntry.objects.filter(pk=offer.pk).update(status=WaitlistEntry.Status.BOOKED)
            caching.forget()
        if hold:
            mails.send_confirm_link(booking)
        else:
            mails.send_confirmation(booking)
    return booking


@transaction.atomic
def confirm(*, booking: Booking, now: datetime | None = None) -> bool:
    """Turn a pending hold into a confirmed booking (once). False if it is not pending or its hold lapsed."""
    now = now or timezone.now()
    updated = Booking.objects.filter(
        pk=booking.pk, status=Booking.Status.PENDING, hold_expires_at__gt=now
    ).update(status=Booking.Status.CONFIRMED, confirmed_at=now)
    if updated != 1:
        return False
    caching.forget()
    booking = Booking.objects.select_related("slot__day__office").get(pk=booking.pk)
    mails.send_confirmation(booking)
    return True


@transaction.atomic
def cancel(*, booking: Booking, now: datetime | None = None) -> bool:
    """Cancel a pending or confirmed booking; the freed place goes to the waitlist. False if nothing changed."""
    now = now or timezone.now()
    updated = Booking.objects.filter(
        pk=booking.pk, status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED]
    ).update(status=Booking.Status.CANCELLED, cancelled_at=now)
    if updated != 1:
        return False
    caching.forget()
    booking = Booking.objects.select_related("slot__day__office").get(pk=booking.pk)
    mails.send_cancelled(booking)
    offer_freed_places(slot=booking.slot, now=now)
    return True


def move(*, booking: Booking, to_slot: Slot, now: datetime | None = None) -> Booking:
    """Move a booking to another slot (same rules as a new booking there). Resets the reminder stamp so the
    person is reminded of the new time. Raises SlotFull, SlotNotBookable, AlreadyBookedThatDay."""
    now = now or timezone.now()
    with transaction.atomic():
        day, slot = _lock(to_slot)
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status not in (Booking.Status.PENDING, Booking.Status.CONFIRMED):
            raise SlotNotBookable
        if booking.status == Booking.Status.PENDING and booking.hold_expires_at <= now:
            raise SlotNotBookable  # the hold lapsed; there is nothing left to move
        if day.is_cancelled or slot.starts_at <= now or booking.slot.starts_at <= now:
            raise SlotNotBookable
        if slot.pk == booking.slot_id:
            return booking
        if slot.taken_at(now) >= slot.capacity:
            raise SlotFull
        if booking.day_id != day.pk:
            if booking.email and Booking.objects.filter(day=day, email=booking.email).active().exists():
                raise AlreadyBookedThatDay
            if booking.source == Booking.Source.ONLINE and online_places_left(day, now) <= 0:
                raise SlotFull
        old_slot = booking.slot
        booking.slot, booking.day = slot, day
        booking.reminder_sent_at = None
        booking.save(update_fields=["slot", "day", "reminder_sent_at"])
        booking = Booking.objects.select_related("slot__day__office").get(pk=booking.pk)
        if booking.status == Booking.Status.CONFIRMED:
            mails.send_moved(booking)
        offer_freed_places(slot=old_slot, now=now)
    return booking


@transaction.atomic
def mark(*, booking: Booking, status: str) -> Booking:
    """Staff's mark on the day sheet: attended or no-show (only for confirmed or already marked bookings)."""
    if status not in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW, Booking.Status.CONFIRMED):
        raise ValueError(status)
    if Booking.objects.filter(
        pk=booking.pk, status__in=[Booking.Status.CONFIRMED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW]
    ).update(status=status):
        caching.forget()  # the cached day sheet shows the mark on the next page
    booking.refresh_from_db()
    return booking


# --- holds, waitlist, privacy -------------------------------------------------------------------------------


def _expire_holds(bookings, now: datetime) -> list[int]:
    lapsed = list(
        bookings.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now).values_list("slot_id", flat=True)
    )
    if bookings.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now).update(status=Booking.Status.EXPIRED):
        caching.forget()
    return lapsed


def expire_holds(*, now: datetime | None = None) -> int:
    """Expire unconfirmed holds and lapsed waitlist offers, then offer the freed places. Safe to run twice."""
    now = now or timezone.now()
    with transaction.atomic():
        slot_ids = _expire_holds(Booking.objects.all(), now)
    with transaction.atomic():
        lapsed_offers = list(
            WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now)
            .values_list("pk", "offered_slot_id")
        )
        if WaitlistEntry.objects.filter(pk__in=[pk for pk, _slot in lapsed_offers]).update(
            status=WaitlistEntry.Status.LAPSED
        ):
            caching.forget()
    for slot in Slot.objects.filter(pk__in=set(slot_ids) | {s for _pk, s in lapsed_offers if s}):
        offer_freed_places(slot=slot, now=now)
    offer_to_waitlists(now=now)
    return len(slot_ids)


def offer_to_waitlists(*, now: datetime | None = None) -> int:
    """Offer every free place of days with people waiting: places also free up when held-back places are
    released, or staff add slots or places. Returns how many offers were made."""
    now = now or timezone.now()
    days = ConsultationDay.objects.open().filter(
        date__gte=timezone.localdate(now), waitlist__status=WaitlistEntry.Status.WAITING
    ).distinct()
    offered = 0
    for slot in Slot.objects.filter(day__in=days, starts_at__gt=now).with_taken(now).order_by("starts_at"):
        if slot.taken < slot.capacity:
            offered += offer_freed_places(slot=slot, now=now)
    return offered


@transaction.atomic
def join_waitlist(*, day: ConsultationDay, name: str, email: str, language: str = "") -> WaitlistEntry | None:
    """Put a person on the day's waitlist (`language`: of the offer mails, by default the active language).
    Returns None when the address is on it already (said nowhere)."""
    entry = WaitlistEntry(day=day, name=name.strip(), email=email.strip().lower(),
                          language=_mail_language(language))
    entry.full_clean(validate_constraints=False)
    if WaitlistEntry.objects.filter(day=day, email=entry.email, status__in=["waiting", "offered"]).exists():
        return None
    entry.save()
    return entry


def offer_freed_places(*, slot: Slot, now: datetime | None = None) -> int:
    """Offer the free places of `slot` to the first people waiting for its day. Returns how many offers."""
    now = now or timezone.now()
    offered = 0
    with transaction.atomic():
        day, slot = _lock(slot)
        if day.is_cancelled or slot.starts_at <= now + timedelta(hours=1):
            return 0
        while slot.taken_at(now) < slot.capacity and online_places_left(day, now) > 0:
            entry = (
                WaitlistEntry.objects.select_for_update()
                .filter(day=day, status=WaitlistEntry.Status.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if entry is None:
                break
            entry.status = WaitlistEntry.Status.OFFERED
            entry.offered_slot = slot
            entry.offer_expires_at = min(
                now + timedelta(hours=settings.CONSULTATION_WAITLIST_OFFER_HOURS), slot.starts_at
            )
            entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
            slot.day = day
            mails.send_waitlist_offer(entry, slot)
            offered += 1
    return offered


def anonymise_old_bookings(*, now: datetime | None = None, after_days: int | None = None) -> int:
    """Erase names and contact data of bookings on days more than `after_days` ago; role, topic and status
    stay for the statistics. Waitlist entries of those days are deleted. Returns how many bookings changed."""
    now = now or timezone.now()
    after_days = settings.CONSULTATION_ANONYMISE_AFTER_DAYS if after_days is None else after_days
    cutoff = timezone.localdate(now) - timedelta(days=after_days)
    with transaction.atomic():
        count = Booking.objects.filter(day__date__lt=cutoff, anonymised_at__isnull=True).update(
            name=_("anonymisiert"), email="", phone="", school_or_company="", school_year="", question="",
            anonymised_at=now,
        )
        WaitlistEntry.objects.filter(day__date__lt=cutoff).delete()
        if count:
            caching.forget()  # no cached day sheet may show the erased names any longer
    return count
