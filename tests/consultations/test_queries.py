"""Exact query counts of every consultation page, each query named, the same when bookings grow tenfold.

Counted cold (every cache emptied first, `clear_caches`): no page relies on a cache, so this is what every
request costs. The office with its hours and closures comes from `default_office()` (3 queries when cold) on
pages that do not load their office with their own data.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import TrainingOccupation, TrainingPlace
from consultations import tokens
from consultations.models import Booking, BookingMove, ConsultationDay, Slot

from ..caches import clear_caches
from ..factories import CompanyFactory, ConsultationDayFactory

pytestmark = pytest.mark.usefixtures("frozen")

OFFICE = ["office", "its opening hours", "its closures"]
SESSION = ["session", "user"]
# The staff member's user row brings whether they are in the group Büro (ihk_office.auth_backends).
STAFF_SESSION = SESSION

NEXT_DAYS = ["the next open days", "their slots still ahead with the places taken"]
PUBLIC = {
    "days list": OFFICE + NEXT_DAYS,
    "day page": ["day with its office", "its slots with the places taken"],
    "booking form": ["slot with day and office"] + NEXT_DAYS + ["the active occupations (Wunschberuf)"],
    # the alternatives come with the next days
    "booking form of a taken slot": ["slot with day and office"] + NEXT_DAYS + ["the active occupations (Wunschberuf)"],
    "manage page": ["booking with slot, day and office"] + NEXT_DAYS,  # the free slots to move to
    # the next day with a free place, the office's committees for the links on the home page
    "home": OFFICE + NEXT_DAYS + ["the office's committees (name, slug, whether they publish)"],
    "links page": ["office for the layout"],  # "Links neu anfordern": a form, nothing of anybody's
}
STAFF = {
    "day sheet": STAFF_SESSION + ["day with office",
                                  "slots with their bookings, who entered them and their wish (written out)",
                                  "moves into and out of the day with the moved bookings (written out)",
                                  "the bookings' placements and the open training places matching the wishes of "
                                  "the whole sheet (written out)", "waitlist (written out)"],
    "move a booking": STAFF_SESSION + ["booking with slot, day and office", "the next open days",
                                       "their slots still ahead with the places taken"],
    "move the day": STAFF_SESSION + ["day with office and its bookings counted", "the office's closures"],
    "statistics": STAFF_SESSION + OFFICE + ["bookings per day", "topics", "who came", "attended and no-show marks",
                                            "placements per year and occupation"],
    "overview": STAFF_SESSION + OFFICE + ["the office afresh for planning", "its closures afresh",
                                    "the office's consultation template", "planned days (preview)",
                                    "upcoming days with counts and waitlist length"],
}


def fill(office, bookings_per_slot: int):
    """Two days of eight slots with eleven places each; `bookings_per_slot` bookings in every slot, and the first
    slot of the second day full. The bookings wish for one of `bookings_per_slot` occupations, each offered by
    `bookings_per_slot` companies; every fourth booking is placed with one of them."""
    days = [ConsultationDayFactory(office=office, date=date(2026, 12, 3) + timedelta(days=7 * i), slots__capacity=11)
            for i in range(2)]
    occupations = list(TrainingOccupation.objects.order_by("pk")[:bookings_per_slot])
    companies = [CompanyFactory(district="welper") for _ in range(bookings_per_slot)]
    places = TrainingPlace.objects.bulk_create(
        TrainingPlace(company=company, occupation=occupation, start_year=2027, places=50)
        for company in companies for occupation in occupations)
    rows = []
    for day in days:
        for slot in day.slots.all():
            for index in range(bookings_per_slot):
                placed = places[index] if len(rows) % 4 == 0 else None
                rows.append(Booking(slot=slot, day=day, name=f"P{index}", email=f"p{slot.pk}-{index}@example.org",
                                    role="pupil", topic="career", wish=occupations[index],
                                    placed_with=placed, placed_at=timezone.now() if placed else None,
                                    status=["confirmed", "attended", "no_show"][index % 3]))
    Booking.objects.bulk_create(rows)
    # Every booking of the first day came there from the second one: the day sheet names where from and to.
    BookingMove.objects.bulk_create(
        BookingMove(booking=booking, from_day=days[1], from_starts_at=booking.slot.starts_at + timedelta(days=7),
                    to_day=days[0], to_starts_at=booking.slot.starts_at)
        for booking in Booking.objects.filter(day=days[0]).select_related("slot")
    )
    Slot.objects.filter(pk=days[1].slots.order_by("starts_at").first().pk).update(capacity=bookings_per_slot)
    return days


def urls(days) -> dict[str, str]:
    day = days[0]
    booking = Booking.objects.filter(slot=day.slots.order_by("starts_at").first()).order_by("pk").first()
    return {
        "days list": reverse("consultations:days"),
        "day page": reverse("consultations:day", args=[day.pk]),
        "booking form": reverse("consultations:book", args=[day.slots.order_by("starts_at").last().pk]),
        "booking form of a taken slot": reverse("consultations:book",
                                                args=[days[1].slots.order_by("starts_at").first().pk]),
        "manage page": reverse("consultations:manage", args=[tokens.manage_token(booking.pk)]),
        "home": "/",
        "links page": reverse("consultations:links"),
        "day sheet": reverse("consultations_staff:day_sheet", args=[day.pk]),
        "move a booking": reverse("consultations_staff:booking_move", args=[booking.pk]),
        "move the day": reverse("consultations_staff:day_move", args=[day.pk]),
        "statistics": reverse("consultations_staff:stats"),
        "overview": reverse("consultations_staff:overview"),
    }


def counts(public, staff, days) -> dict[str, int]:
    found = {}
    for name, url in urls(days).items():
        client = staff if name in STAFF else public
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[name] = len(queries)
    return found


def test_every_page_costs_its_named_queries_also_when_bookings_grow_tenfold(staff_user, office):
    public, staff = Client(), Client()
    staff.force_login(staff_user)
    expected = {name: len(queries) for name, queries in {**PUBLIC, **STAFF}.items()}
    days = fill(office, 1)
    for url in urls(days).values():
        (staff if "intern" in url else public).get(url)  # the first visit creates the office's day template
    assert counts(public, staff, days) == expected
    Booking.objects.all().delete()
    for day in days:
        day.slots.all().delete()
        day.delete()
    days = fill(office, 10)  # 16 → 160 bookings, 1 → 100 matching training places: tenfold and more
    assert counts(public, staff, days) == expected


def test_the_day_sheet_pin_is_counted_with_wishes_and_matching_places_shown(staff_user, office):
    """The pin above holds for a sheet that really shows wishes, open places and placements."""
    staff = Client()
    staff.force_login(staff_user)
    days = fill(office, 10)
    html = staff.get(reverse("consultations_staff:day_sheet", args=[days[0].pk])).content.decode()
    assert html.count('class="mb-1 matching-place"') > 100  # five places shown per placeable booking
    assert html.count('class="mb-1 placement"') == 20  # every fourth of 80 bookings


def test_the_booking_form_after_going_back_costs_two_named_queries_more(office, settings):
    """Back on the form after sending it: her session, and her hold's slot (shown as hers, not as taken)."""
    from .test_public_views import FORM

    settings.CONSULTATION_MAX_HOLDS_PER_IP = 50
    expected = ["session", "her own hold's slot", "slot with day and office", *NEXT_DAYS,
                "the active occupations (Wunschberuf)"]
    for bookings_per_slot in (1, 10):
        Booking.objects.all().delete()
        Slot.objects.all().delete()
        ConsultationDay.objects.all().delete()
        days = fill(office, bookings_per_slot)
        slot = days[0].slots.order_by("starts_at").last()
        client = Client()
        client.post(reverse("consultations:book", args=[slot.pk]), {**FORM, "slot": slot.pk, "email": "x@example.org"})
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("consultations:book", args=[slot.pk]))
        assert response.status_code == 200 and 'id="own-hold"' in response.content.decode()
        assert len(queries) == len(expected), [q["sql"][:80] for q in queries]
