"""Placing a booked pupil with a company's training place ("vermittelt an …"), and undoing it.

A training place is scarce like a slot: the place's row is locked, then its count is checked and raised, in one
transaction, so two staff members placing two people with its last place at once cannot both succeed. The
database backs it (`filled <= places`, companies.models.TrainingPlace).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from companies.models import TrainingPlace

from ..models import Booking


class PlacementRefused(Exception):
    """Base of the reasons a placement is not made."""


class NoOpenPlace(PlacementRefused):
    """The training place has no open place left (or is not one that can be offered any more)."""


class NotPlaceable(PlacementRefused):
    """The booking cannot be placed: it was cancelled, never confirmed, or is placed already."""


def _lock_place(pk: int) -> TrainingPlace:
    # FOR NO KEY UPDATE: serialises the placements with this place without blocking rows that reference it.
    return TrainingPlace.objects.select_for_update(no_key=True).get(pk=pk)


def place_booking(*, booking: Booking, place: TrainingPlace, placed_by=None,
                  now: datetime | None = None) -> Booking:
    """Place the person of `booking` with `place`: one of its open places is taken.

    Locks the place, then the booking (always in this order, as `undo_placement` does, so two staff members
    cannot deadlock). The place must be open and in the office's area (TrainingPlace.objects.open(),
    in_office_area()). Raises NoOpenPlace, NotPlaceable. Nothing is saved when it raises.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked_place = _lock_place(place.pk)
        locked = Booking.objects.select_for_update(no_key=True).get(pk=booking.pk)
        if not locked.can_be_placed:
            raise NotPlaceable
        if not TrainingPlace.objects.open().in_office_area().filter(pk=locked_place.pk).exists():
            raise NoOpenPlace
        TrainingPlace.objects.filter(pk=locked_place.pk).update(filled=F("filled") + 1)
        locked.placed_with, locked.placed_at, locked.placed_by = locked_place, now, placed_by
        locked.save(update_fields=["placed_with", "placed_at", "placed_by"])
    return locked


def undo_placement(*, booking: Booking) -> bool:
    """Take a placement back (a slip of the finger, or the company said no after all): the place is open
    again. False if the booking was not placed (any more)."""
    with transaction.atomic():
        place_id = Booking.objects.filter(pk=booking.pk).values_list("placed_with_id", flat=True).first()
        if place_id is None:
            return False
        _lock_place(place_id)
        # Re-read under the lock: somebody may have undone it meanwhile.
        updated = Booking.objects.filter(pk=booking.pk, placed_with_id=place_id).update(
            placed_with=None, placed_at=None, placed_by=None)
        if updated != 1:
            return False
        TrainingPlace.objects.filter(pk=place_id, filled__gt=0).update(filled=F("filled") - 1)
    return True
