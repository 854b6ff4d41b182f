"""Booking, confirming, moving, cancelling and marking; expiring unconfirmed holds; anonymising old bookings."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import mails
from ..models import Booking, BookingMove, Slot, WaitlistEntry
from .common import (
    AlreadyBookedThatDay,
    NotOnTheDay,
    SlotFull,
    SlotNotBookable,
    TooManyBookings,
    TooManyHolds,
    _lock,
    _mail_language,
    online_places_left,
)
from .waitlist import offer_freed_places, offer_to_waitlists


def _check_holds_of(ip: str, now: datetime) -> None:
    """Refuse a new hold when `ip` already holds CONSULTATION_MAX_HOLDS_PER_IP unconfirmed places.

    Only holds still waiting for their link count: confirmed bookings free the allowance again, so many people
    behind one address (a school's computer room) can each book once they confirm. On PostgreSQL a lock per
    address (held until the transaction ends) makes concurrent requests from one address count one after another.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"consultation-hold:{ip}"])
    held = Booking.objects.filter(status=Booking.Status.PENDING, hold_expires_at__gt=now, hold_ip=ip).count()
    if held >= settings.CONSULTATION_MAX_HOLDS_PER_IP:
        raise TooManyHolds


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
    ip: str | None = None,
    replaces: int | None = None,
    **details,
) -> Booking:
    """Book one place in `slot` and return the booking.

    Online bookings are held as "pending" until the confirmation link is used (a mail with it is queued);
    phone bookings are confirmed at once. `details` are the form's other fields (person_name, role,
    school_or_company, school_year, topic, question); `person_name` names the person advised when it is not the
    one booking (a parent's child): one address may book one slot per person and day. `offer` is a waitlist
    offer being redeemed: its kept place is this one.
    `email_verified=True` (the person came through a signed link sent to that address) skips the opt-in mail
    and confirms at once. `language` (of the pages the person booked on; by default the active language) is
    the language of every mail about the booking. `ip` is the address an online request came from: it is kept
    with the hold until the hold ends, and bounds how many places one address may hold unconfirmed. `replaces`
    is the pk of an unconfirmed hold the same browser made before (the person went back and sent the form
    again): when the new request stands in for it (see `_release_own_hold`) it is released in the same
    transaction, before anything is counted, so her own hold never stands in her way.

    Raises SlotFull (no place left), SlotNotBookable (past slot, cancelled day), AlreadyBookedThatDay,
    TooManyBookings, TooManyHolds, or ValidationError (bad field values). Nothing is saved when it raises.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    details["person_name"] = " ".join(details.get("person_name", "").split())
    with transaction.atomic():
        day, slot = _lock(slot)
        if day.is_cancelled or slot.starts_at <= now or day.office_closed():
            raise SlotNotBookable
        if replaces is not None:
            _release_own_hold(replaces, now, slot=slot, email=email, name=name, person_name=details["person_name"])
        if email:
            # A lapsed hold of this address that the periodic task has not expired yet must not block it.
            _expire_holds(Booking.objects.filter(day=day, email=email), now)
            same_person = Booking.same_person_q(name=name, person_name=details["person_name"])
            if Booking.objects.filter(same_person, day=day, email=email).active().exists():
                raise AlreadyBookedThatDay
            if source == Booking.Source.ONLINE:
                upcoming = Booking.objects.occupying(now).filter(email=email, slot__starts_at__gt=now).count()
                if upcoming >= settings.CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL:
                    raise TooManyBookings
        online = source == Booking.Source.ONLINE
        hold = online and not email_verified
        slot.day = day
        taken = slot.taken_at(now, except_offer=offer)
        if online:
            if not slot.bookable_online(now, taken=taken, online_left=online_places_left(day, now, except_offer=offer)):
                raise SlotFull
        elif taken >= slot.capacity:
            raise SlotFull
        if hold and ip:
            _check_holds_of(ip, now)
        booking = Booking(
            slot=slot,
            day=day,
            name=name.strip(),
            email=email,
            phone=phone.strip(),
            source=source,
            status=Booking.Status.PENDING if hold else Booking.Status.CONFIRMED,
            hold_expires_at=now + timedelta(minutes=settings.CONSULTATION_HOLD_MINUTES) if hold else None,
            hold_ip=ip if hold and ip else None,
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
            # The unique constraint caught a second booking of this address for this person on this day.
            raise AlreadyBookedThatDay from exc
        booking.slot = slot
        slot.day = day
        if offer is not None:
            WaitlistEntry.objects.filter(pk=offer.pk).update(status=WaitlistEntry.Status.BOOKED)
        if hold:
            mails.send_confirm_link(booking)
        else:
            mails.send_confirmation(booking)
    return booking


def request_online_booking(slot: Slot, *, name: str, email: str, phone: str = "", language: str = "",
                           ip: str | None = None, replaces: int | None = None, **details) -> Booking | None:
    """The public form's booking: `book()` online, and when the address may not book (already booked that day
    for this person, or too many upcoming bookings) a mail to that address says why, and None is returned. The
    page answers the same either way, so nobody learns from it whether an address is known. `replaces`: see
    `book()`.

    Raises what `book()` raises besides AlreadyBookedThatDay and TooManyBookings.
    """
    try:
        return book(slot, name=name, email=email, phone=phone, source=Booking.Source.ONLINE, language=language,
                    ip=ip, replaces=replaces, **details)
    except AlreadyBookedThatDay:
        reason = "same-day"
    except TooManyBookings:
        reason = "cap"
    # After book()'s transaction rolled back: the refusal mail is queued on its own.
    advised = " ".join(details.get("person_name", "").split())
    mails.send_already_booked(email=email.strip().lower(), name=name, slot=slot, reason=reason,
                              language=_mail_language(language), person_name=advised)
    return None


def _release_own_hold(booking_pk: int, now: datetime, *, slot: Slot, email: str, name: str,
                      person_name: str) -> None:
    """Inside `book()`'s transaction: end the person's own earlier hold (`booking_pk`, from her session) when it
    still holds a place and the new request stands in for it:

    - the same address for the same person on the same day (she went back and sent the form again, maybe for
      another time): she would be refused as booked that day otherwise;
    - another address for the same time under the same name (she corrected a typo in her address).

    Anything else keeps it: a sibling (same address, another person), another day, or somebody else at the same
    computer (another name or another time). The freed place is free for this very booking (`book()` holds the
    day's lock)."""
    hold = Booking.objects.filter(pk=booking_pk, status=Booking.Status.PENDING, hold_expires_at__gt=now).first()
    if hold is None:
        return
    if hold.email == email:
        replaces = hold.day_id == slot.day_id and (
            hold.advised_name.casefold() == (person_name or name).strip().casefold())
    else:
        replaces = hold.slot_id == slot.pk and hold.name.casefold() == name.strip().casefold()
    if replaces:
        Booking.objects.filter(pk=hold.pk, status=Booking.Status.PENDING).update(
            status=Booking.Status.EXPIRED, hold_ip=None)


@transaction.atomic
def release_hold(*, booking_pk: int, now: datetime | None = None) -> bool:
    """Release an online hold that was never confirmed – the person saw she mistyped her address – so the place is
    free at once instead of after the hold's two hours. Sends nothing: the typed address may be somebody else's.
    False if there was no such hold (confirmed, expired, or released already)."""
    now = now or timezone.now()
    updated = Booking.objects.filter(pk=booking_pk, status=Booking.Status.PENDING).update(
        status=Booking.Status.EXPIRED, hold_ip=None)
    if updated != 1:
        return False
    offer_freed_places(slot=Booking.objects.select_related("slot").get(pk=booking_pk).slot, now=now)
    return True


@transaction.atomic
def confirm(*, booking: Booking, now: datetime | None = None) -> bool:
    """Turn a pending hold into a confirmed booking (once). False if it is not pending or its hold lapsed."""
    now = now or timezone.now()
    updated = Booking.objects.filter(
        pk=booking.pk, status=Booking.Status.PENDING, hold_expires_at__gt=now
    ).update(status=Booking.Status.CONFIRMED, confirmed_at=now, hold_ip=None)  # the address is needed no more
    if updated != 1:
        return False
    booking = Booking.objects.select_related("slot__day__office").get(pk=booking.pk)
    mails.send_confirmation(booking)
    return True


@transaction.atomic
def cancel(*, booking: Booking, now: datetime | None = None, reason: str = "") -> bool:
    """Cancel a pending or confirmed booking; the freed place goes to the waitlist. False if nothing changed.
    `reason` (staff cancelling) is told to the person in the mail."""
    now = now or timezone.now()
    updated = Booking.objects.filter(
        pk=booking.pk, status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED]
    ).update(status=Booking.Status.CANCELLED, cancelled_at=now, hold_ip=None,
             calendar_sequence=F("calendar_sequence") + 1)
    if updated != 1:
        return False
    booking = Booking.objects.select_related("slot__day__office").get(pk=booking.pk)
    mails.send_cancelled(booking, reason=reason)
    offer_freed_places(slot=booking.slot, now=now)
    return True


def move(*, booking: Booking, to_slot: Slot, now: datetime | None = None, moved_by=None, reason: str = "") -> Booking:
    """Move a booking to another slot; the booking keeps its row (details, source, when it was made) and a
    `BookingMove` keeps where it was, who moved it and why.

    Locks as `book()` does (the target day, then the slot, then the booking) before it counts. `moved_by` is the
    staff member who moves it (None: the person, through her manage link); staff may give a place held back
    for phone bookings, as a phone booking may, while the person gets only places that may go online.
    Raises the calendar entry's SEQUENCE and resets the reminder stamp; a confirmed booking's person gets a mail
    with the new time, the old one, `reason` (if given) and the updated .ics. Raises SlotFull, SlotNotBookable
    (booking no longer changeable, target past, cancelled or on a day the office is closed), AlreadyBookedThatDay
    (the address holds a booking for the same person on the new day already). Nothing is saved when it raises.
    """
    now = now or timezone.now()
    with transaction.atomic():
        day, slot = _lock(to_slot)
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status not in (Booking.Status.PENDING, Booking.Status.CONFIRMED):
            raise SlotNotBookable
        if booking.status == Booking.Status.PENDING and booking.hold_expires_at <= now:
            raise SlotNotBookable  # the hold lapsed; there is nothing left to move
        if day.is_cancelled or slot.starts_at <= now or booking.slot.starts_at <= now or day.office_closed():
            raise SlotNotBookable
        if slot.pk == booking.slot_id:
            return booking
        if booking.day_id != day.pk and booking.email:
            # A lapsed hold of this address on the new day must not block it; a booking there for the same person
            # does (one for a sibling does not).
            _expire_holds(Booking.objects.filter(day=day, email=booking.email), now)
            same_person = Booking.same_person_q(name=booking.name, person_name=booking.person_name)
            if Booking.objects.filter(same_person, day=day, email=booking.email).active().exists():
                raise AlreadyBookedThatDay
        slot.day = day
        taken = slot.taken_at(now)
        online_rules = moved_by is None and booking.source == Booking.Source.ONLINE and booking.day_id != day.pk
        if online_rules:
            if not slot.bookable_online(now, taken=taken, online_left=online_places_left(day, now)):
                raise SlotFull
        elif taken >= slot.capacity:
            raise SlotFull
        old_slot, old_day_id = booking.slot, booking.day_id
        booking.slot, booking.day = slot, day
        booking.reminder_sent_at = None
        booking.calendar_sequence += 1
        try:
            with transaction.atomic():
                booking.save(update_fields=["slot", "day", "reminder_sent_at", "calendar_sequence"])
        except IntegrityError as exc:
            # The unique constraint caught a booking of this address on the new day that came in meanwhile.
            raise AlreadyBookedThatDay from exc
        BookingMove.objects.create(booking=booking, from_day_id=old_day_id, from_starts_at=old_slot.starts_at,
                                   to_day=day, to_starts_at=slot.starts_at, moved_at=now, moved_by=moved_by,
                                   reason=reason.strip())
        booking = Booking.objects.select_related("slot__day__office").get(pk=booking.pk)
        if booking.status == Booking.Status.CONFIRMED:
            mails.send_moved(booking, previous=old_slot.starts_at, reason=reason.strip())
        offer_freed_places(slot=old_slot, now=now)
    return booking


@transaction.atomic
def mark(*, booking: Booking, status: str, now: datetime | None = None) -> Booking:
    """Staff's mark on the day sheet: attended or no-show (only for confirmed or already marked bookings).
    Raises NotOnTheDay unless it is the booking's day in the office's time zone."""
    if status not in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW, Booking.Status.CONFIRMED):
        raise ValueError(status)
    if timezone.localdate(now or timezone.now()) != booking.day.date:
        raise NotOnTheDay
    Booking.objects.filter(
        pk=booking.pk, status__in=[Booking.Status.CONFIRMED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW]
    ).update(status=status)
    booking.refresh_from_db()
    return booking


def _expire_holds(bookings, now: datetime) -> list[int]:
    lapsed = list(
        bookings.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now).values_list("slot_id", flat=True)
    )
    bookings.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now).update(
        status=Booking.Status.EXPIRED, hold_ip=None)  # the hold is over: its address is needed no more
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
        WaitlistEntry.objects.filter(pk__in=[pk for pk, _slot in lapsed_offers]).update(
            status=WaitlistEntry.Status.LAPSED
        )
    for slot in Slot.objects.filter(pk__in=set(slot_ids) | {s for _pk, s in lapsed_offers if s}):
        offer_freed_places(slot=slot, now=now)
    offer_to_waitlists(now=now)
    return len(slot_ids)


def anonymise_old_bookings(*, now: datetime | None = None, after_days: int | None = None) -> int:
    """Erase names and contact data of bookings on days more than `after_days` ago; role, topic and status
    stay for the statistics. Waitlist entries of those days are deleted. Returns how many bookings changed."""
    now = now or timezone.now()
    after_days = settings.CONSULTATION_ANONYMISE_AFTER_DAYS if after_days is None else after_days
    cutoff = timezone.localdate(now) - timedelta(days=after_days)
    with transaction.atomic():
        count = Booking.objects.filter(day__date__lt=cutoff, anonymised_at__isnull=True).update(
            name=_("anonymisiert"), person_name="", email="", phone="", school_or_company="", school_year="",
            question="",
            hold_ip=None, anonymised_at=now,
        )
        WaitlistEntry.objects.filter(day__date__lt=cutoff).delete()
    return count
