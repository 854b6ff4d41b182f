"""The events app's settings, read at call time so that the environment (or a test) can change them.

Kept here rather than in ihk_office/settings.py: each has a default that suits the office, and
`settings.EVENT_…` overrides it when set.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # An online registration is held this long for its confirmation link (double opt-in).
    "EVENT_HOLD_MINUTES": 24 * 60,
    # A waitlist offer keeps its places this long.
    "EVENT_WAITLIST_OFFER_HOURS": 24,
    # The reminder goes out this long before the start, through the shared reminder scan.
    "EVENT_REMINDER_LEAD_HOURS": 24,
    # Registrations (and waitlist joins) per address and hour.
    "EVENT_REGISTRATION_RATE": "10/h",
    # How many past events the expected turnout learns from.
    "EVENT_TURNOUT_HISTORY": 3,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
