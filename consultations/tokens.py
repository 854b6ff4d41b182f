"""Signed links in mails. They carry a primary key and a purpose, never a name or an address.

A link that was tampered with, is for another purpose, or is too old does not load: the views answer 404.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

MANAGE_SALT = "consultations.booking.manage"
CONFIRM_SALT = "consultations.booking.confirm"
OFFER_SALT = "consultations.waitlist.offer"
WAITLIST_CONFIRM_SALT = "consultations.waitlist.confirm"
WAITLIST_LEAVE_SALT = "consultations.waitlist.leave"
# How long the link that confirms a waitlist entry works.
WAITLIST_CONFIRM_DAYS = 7


class BadToken(Exception):
    pass


def manage_token(booking_pk: int) -> str:
    return signing.dumps({"b": booking_pk}, salt=MANAGE_SALT, compress=True)


def confirm_token(booking_pk: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"b": booking_pk})


def offer_token(entry_pk: int, slot_pk: int) -> str:
    return signing.TimestampSigner(salt=OFFER_SALT).sign_object({"w": entry_pk, "s": slot_pk})


def waitlist_confirm_token(entry_pk: int) -> str:
    return signing.TimestampSigner(salt=WAITLIST_CONFIRM_SALT).sign_object({"w": entry_pk})


def read_waitlist_confirm(token: str) -> int:
    max_age = timedelta(days=WAITLIST_CONFIRM_DAYS)
    try:
        return int(signing.TimestampSigner(salt=WAITLIST_CONFIRM_SALT).unsign_object(token, max_age=max_age)["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def waitlist_leave_token(entry_pk: int) -> str:
    return signing.dumps({"w": entry_pk}, salt=WAITLIST_LEAVE_SALT, compress=True)


def read_waitlist_leave(token: str) -> int:
    # Not timed: the link works until the person has left (or the day is over), which the page tells her.
    try:
        return int(signing.loads(token, salt=WAITLIST_LEAVE_SALT)["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def read_manage(token: str) -> int:
    # Not timed here: the link expires CONSULTATION_MANAGE_LINK_DAYS after the slot (Booking.manage_link_expired),
    # which the view tells the person on a page of its own.
    try:
        return int(signing.loads(token, salt=MANAGE_SALT)["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def read_confirm(token: str) -> int:
    # The link may be opened a little after the hold lapsed; the view then says so instead of confirming.
    max_age = timedelta(minutes=settings.CONSULTATION_HOLD_MINUTES) + timedelta(days=7)
    try:
        return int(signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def read_offer(token: str) -> tuple[int, int]:
    max_age = timedelta(hours=settings.CONSULTATION_WAITLIST_OFFER_HOURS) + timedelta(days=7)
    try:
        data = signing.TimestampSigner(salt=OFFER_SALT).unsign_object(token, max_age=max_age)
        return int(data["w"]), int(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc
