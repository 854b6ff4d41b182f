"""What spans the consultation models, split by what it does: `planning` (days and their slots), `booking`
(book, confirm, move, cancel, mark, expiring holds, anonymising), `waitlist`, `placement` (placing a booked pupil
with a training place) and `links` (the mail with all of one address's links). Views, tasks and commands call
these functions; none of them talks to SMTP. The names below are the stable ones (`from consultations.services
import book, SlotFull`)."""

from .booking import (
    anonymise_old_bookings,
    book,
    cancel,
    confirm,
    expire_holds,
    mark,
    move,
    release_hold,
    request_online_booking,
)
from .common import (
    AlreadyBookedThatDay,
    BookingRefused,
    NotOnTheDay,
    SlotFull,
    SlotNotBookable,
    TooManyBookings,
    TooManyHolds,
    online_places_left,
)
from .links import send_links
from .placement import NoOpenPlace, NotPlaceable, PlacementRefused, place_booking, undo_placement
from .planning import (
    DayMoved,
    PlanEntry,
    cancel_day,
    change_day,
    create_day,
    first_thursday,
    move_day,
    plan_days,
    plan_preview,
)
from .waitlist import (
    confirm_waitlist_entry,
    join_waitlist,
    leave_waitlist,
    offer_freed_places,
    offer_to_waitlists,
)

__all__ = [
    "AlreadyBookedThatDay", "BookingRefused", "DayMoved", "NoOpenPlace", "NotOnTheDay", "NotPlaceable",
    "PlacementRefused", "PlanEntry", "SlotFull", "SlotNotBookable",
    "TooManyBookings", "TooManyHolds", "anonymise_old_bookings", "book", "cancel", "cancel_day", "change_day",
    "confirm",
    "confirm_waitlist_entry", "create_day", "expire_holds", "first_thursday", "join_waitlist", "leave_waitlist",
    "mark", "move", "move_day", "offer_freed_places", "offer_to_waitlists", "online_places_left", "place_booking",
    "plan_days", "plan_preview", "release_hold", "request_online_booking", "send_links", "undo_placement",
]
