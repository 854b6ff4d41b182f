"""The rate limits of the public consultation forms (django-ratelimit counters in the shared cache).

- Booking and waitlist requests: CONSULTATION_BOOKING_RATE per IP address, one counter for both forms. Only
  requests that pass the form's validation count (a typo corrected three times is no abuse); an address over its
  limit gets the German 429 page, which names the real wait ("in etwa 45 Minuten"): the counter's window ends
  then (django-ratelimit counts in fixed windows, each address's offset a little).
- The request for one's links again: per IP address and per e-mail address; over either limit no mail goes out
  and the page answers exactly as always (as the password reset does).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited

BOOKING = "consultations:booking-per-ip"


@dataclass(frozen=True)
class Wait:
    """How long an address must wait: whole minutes (rounded up), or None when unknown (the cache failed)."""

    seconds: int | None

    @property
    def minutes(self) -> int | None:
        return None if self.seconds is None else max(1, math.ceil(self.seconds / 60))

    @property
    def hours(self) -> int | None:
        """Whole hours, when the wait is long enough to say it so (over 90 minutes)."""
        return round(self.seconds / 3600) if self.seconds is not None and self.seconds > 90 * 60 else None


def _booking_usage(request, *, increment: bool) -> dict | None:
    return get_usage(request, group=BOOKING, key="ip", rate=settings.CONSULTATION_BOOKING_RATE, increment=increment)


def booking_wait(request) -> Wait | None:
    """The wait of an address that has used up its booking requests, or None while it may send more. Counts
    nothing (the request has not been validated yet)."""
    usage = _booking_usage(request, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return Wait(usage["time_left"] if usage["time_left"] >= 0 else None)


def count_booking_request(request) -> None:
    """Count a booking or waitlist request that passed validation (a real attempt)."""
    _booking_usage(request, increment=True)


def too_many(request, wait: Wait):
    """The German 429 page with the real wait (and a Retry-After header)."""
    response = render(request, "429.html", {"wait": wait}, status=429)
    if wait.seconds is not None:
        response["Retry-After"] = str(max(wait.seconds, 1))
    return response


def links_request_refused(request, email: str) -> bool:
    """Count a request for the links against its IP address and its e-mail address; True when either is over
    its limit (then no mail goes out)."""
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    per_address = is_ratelimited(request, group="consultations:links-per-address",
                                 key=lambda _group, _request: digest,
                                 rate=settings.CONSULTATION_LINKS_RATE_PER_ADDRESS, increment=True)
    per_ip = is_ratelimited(request, group="consultations:links-per-ip", key="ip",
                            rate=settings.CONSULTATION_LINKS_RATE_PER_IP, increment=True)
    return per_address or per_ip
