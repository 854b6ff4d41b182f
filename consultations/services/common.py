"""What the booking and waitlist services share: the reasons a booking is refused, the lock, the count of
places that may still go online, and the language of the mails."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Sum
from django.utils import translation

from ..models import Booking, ConsultationDay, Slot, WaitlistEntry, online_free


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


class TooManyHolds(BookingRefused):
    """The IP address the request came from already holds CONSULTATION_MAX_HOLDS_PER_IP unconfirmed places."""


class NotOnTheDay(Exception):
    """Attendance is marked on the consultation day itself, not before (a slip of the finger) or after."""


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
    return online_free(day, now, place_count=capacity, taken_count=taken + offers.count())


def _mail_language(language: str) -> str:
    """`language`, or else the active one, as one of settings.LANGUAGES ("en-gb" → "en"; German if none)."""
    try:
        return translation.get_supported_language_variant(language or translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE
