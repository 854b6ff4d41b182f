"""The mail with all of one address's links, for a person who lost them ("Links neu anfordern")."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .. import mails, selectors
from .common import _mail_language


def send_links(*, email: str, language: str = "", now: datetime | None = None) -> bool:
    """Queue one mail to `email` listing its upcoming bookings (with their manage link, or the confirmation
    link of a hold) and its waitlist entries (with the link to confirm, to take an offered place or to leave).

    An address with nothing ahead gets no mail at all: a neutral "nothing found" mail would let anybody make
    the office write to any address. The page answers the same either way. Returns whether a mail was queued.
    """
    now = now or timezone.now()
    links = selectors.links_of(email, now)
    if not links:
        return False
    mails.send_links(email=email.strip().lower(), links=links, language=_mail_language(language), now=now)
    return True
