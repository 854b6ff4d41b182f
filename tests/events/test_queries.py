"""Exact query counts of the event pages for an event with 500 registrations, and the same with 5,000 (×10).

Every count is cold (caches emptied first). The layout's office costs 1 query on pages whose view does not pass
the office; a view that needs the office loads it with its weekly hours and closures (3 queries,
ihk_office.models.default_office), and the layout uses that one. A logged-in staff member costs 2 (session,
user with whether they are in the group Büro: ihk_office.auth_backends).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import tokens

from ..caches import clear_caches
from .conftest import make_event, make_registrations

pytestmark = pytest.mark.django_db

STAFF = 2  # session, user with whether they are in the group Büro
LAYOUT_OFFICE = 1  # the office for the base layout, when the view passes no office
OFFICE = 3  # office, opening hours, closures (a view that needs the office; the layout uses it)

EXPECTED = {
    # event (with office, room, network, committee; its office is the layout's); all counts (one grouped query
    # over its registrations); the last past events' figures for the expected turnout; one page of 50
    # registrations; the waitlist
    "staff event page": STAFF + 5,
    # event; the first 30 matches; how many are in
    "check-in list": STAFF + 3 + LAYOUT_OFFICE,
    "check-in search": STAFF + 3 + LAYOUT_OFFICE,
    # the same without the layout: only the list part, for the search-as-you-type script
    "check-in list part": STAFF + 3,
    # the person with event, office and linked company; the companies matching what they said
    "person at the door": STAFF + 2 + LAYOUT_OFFICE,
    # event; the figures (one aggregate); by membership (one grouped aggregate)
    "statistics": STAFF + 3 + LAYOUT_OFFICE,
    # event; everyone expected, with the linked company
    "attendee list": STAFF + 2 + LAYOUT_OFFICE,
    # the office (the view needs it), its hours and closures for the layout; upcoming and past events with counts
    "staff event list": STAFF + OFFICE + 2,
    # the office with hours and closures; the public events with `taken`
    "public list": OFFICE + 1,
    # the event with office, room and `taken` (its office is the layout's)
    "public event page": 1,
    # the registration with event, office and room
    "manage page": 1,
}


def _urls(event, registration) -> dict[str, tuple[str, bool]]:
    checkin = reverse("events_staff:checkin", args=[event.pk])
    return {
        "staff event page": (reverse("events_staff:detail", args=[event.pk]), True),
        "check-in list": (checkin, True),
        "check-in search": (f"{checkin}?q=gast+a+1", True),
        "check-in list part": (f"{checkin}?q=gast&teil=liste", True),
        "person at the door": (reverse("events_staff:person", args=[registration.pk]), True),
        "statistics": (reverse("events_staff:statistics", args=[event.pk]), True),
        "attendee list": (reverse("events_staff:attendees", args=[event.pk]), True),
        "staff event list": (reverse("events_staff:list"), True),
        "public list": (reverse("events:list"), False),
        "public event page": (reverse("events:detail", args=[event.pk]), False),
        "manage page": (reverse("events:manage", args=[tokens.manage_token(registration.pk)]), False),
    }


def _count(client, url) -> int:
    clear_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("registrations", [500, 5000])
def test_every_event_page_costs_the_same_queries_with_500_or_5000_registrations(
    staff_client, office, room, registrations
):
    event = make_event(office, room=room, capacity=2 * registrations, max_guests=2)
    half = registrations // 2
    people = make_registrations(event, half, prefix="a", guests=1)
    make_registrations(event, registrations - half, prefix="b", checked_in=True)
    past = make_event(office, title="Neujahrsempfang", starts_in=timedelta(days=-60))
    make_registrations(past, 50, checked_in=True, prefix="p")
    anonymous = Client()

    counted = {name: _count(staff_client if staff else anonymous, url)
               for name, (url, staff) in _urls(event, people[1]).items()}

    assert counted == EXPECTED
