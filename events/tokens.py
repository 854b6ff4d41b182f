"""Signed links in mails. They carry primary keys and a purpose, never a name or an address.

A link that was tampered with, is for another purpose, or is too old does not load: the views answer 404.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from . import conf

MANAGE_SALT = "events.registration.manage"
CONFIRM_SALT = "events.registration.confirm"
INVITATION_SALT = "events.invitation"
OFFER_SALT = "events.waitlist.offer"
CHECKIN_SALT = "events.registration.checkin"


class BadToken(Exception):
    pass


def _dumps(data: dict, salt: str) -> str:
    return signing.dumps(data, salt=salt, compress=True)


def _loads(token: str, salt: str, max_age=None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as exc:
        raise BadToken from exc
    if not isinstance(data, dict):
        raise BadToken
    return data


def _int(data: dict, key: str) -> int:
    try:
        return int(data[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def manage_token(registration_pk: int) -> str:
    return _dumps({"r": registration_pk}, MANAGE_SALT)


def read_manage(token: str) -> int:
    return _int(_loads(token, MANAGE_SALT), "r")


def confirm_token(registration_pk: int) -> str:
    return _dumps({"r": registration_pk}, CONFIRM_SALT)


def read_confirm(token: str) -> int:
    # The link may be opened a little after the hold lapsed; the view then says so instead of confirming.
    max_age = timedelta(minutes=conf.get("EVENT_HOLD_MINUTES")) + timedelta(days=7)
    return _int(_loads(token, CONFIRM_SALT, max_age), "r")


def invitation_token(invitation_pk: int, event_pk: int) -> str:
    return _dumps({"i": invitation_pk, "e": event_pk}, INVITATION_SALT)


def read_invitation(token: str) -> tuple[int, int]:
    data = _loads(token, INVITATION_SALT)
    return _int(data, "i"), _int(data, "e")


def offer_token(entry_pk: int) -> str:
    return _dumps({"w": entry_pk}, OFFER_SALT)


def read_offer(token: str) -> int:
    max_age = timedelta(hours=conf.get("EVENT_WAITLIST_OFFER_HOURS")) + timedelta(days=7)
    return _int(_loads(token, OFFER_SALT, max_age), "w")


def checkin_token(registration_pk: int) -> str:
    """For the QR code: opens the person's check-in, for logged-in staff only (the view asks)."""
    return _dumps({"r": registration_pk}, CHECKIN_SALT)


def read_checkin(token: str) -> int:
    return _int(_loads(token, CHECKIN_SALT), "r")
