"""Query counts of the booking pages, the day sheet and the statistics stay small and flat as bookings grow."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import tokens
from consultations.models import Booking

from ..caches import clear_caches
from ..factories import ConsultationDayFactory

pytestmark = pytest.mark.usefixtures("frozen")


def fill(office, bookings_per_slot: int):
    """Two days of eight slots with eleven places each; `bookings_per_slot` bookings in every slot (never full)."""
    days = [ConsultationDayFactory(office=office, date=date(2026, 12, 3) + timedelta(days=7 * i), slots__capacity=11)
            for i in range(2)]
    rows = []
    for day in days:
        for slot in day.slots.all():
            for index in range(bookings_per_slot):
                rows.append(Booking(slot=slot, day=day, name=f"P{index}", email=f"p{slot.pk}-{index}@example.org",
                                    role="pupil", topic="career",
                                    status=["confirmed", "attended", "no_show"][index % 3]))
    Booking.objects.bulk_create(rows)
    return days


def count(client, url, *, cold: bool = True):
    if cold:
        clear_caches()  # the public days and free slots are cached briefly: count a miss, the costly case
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def urls(days, staff: bool):
    day = days[0]
    slot = day.slots.order_by("starts_at").last()
    booking = Booking.objects.filter(slot=day.slots.order_by("starts_at").first()).first()
    if staff:
        return [reverse("consultations_staff:day_sheet", args=[day.pk]), reverse("consultations_staff:stats"),
                reverse("consultations_staff:overview")]
    return [reverse("consultations:days"), reverse("consultations:day", args=[day.pk]),
            reverse("consultations:book", args=[slot.pk]),
            reverse("consultations:manage", args=[tokens.manage_token(booking.pk)]), "/"]


@pytest.mark.parametrize("staff", [False, True], ids=["public", "staff"])
def test_query_counts_do_not_grow_when_bookings_grow_tenfold(client, staff_user, office, staff):
    if staff:
        client.force_login(staff_user)
    days = fill(office, 1)
    for url in urls(days, staff):
        client.get(url)  # warm up: the first visit creates the office's consultation template
    small = [count(client, url) for url in urls(days, staff)]
    Booking.objects.all().delete()
    for day in days:
        day.slots.all().delete()
        day.delete()
    days = fill(office, 10)  # 16 → 160 bookings: tenfold
    large = [count(client, url) for url in urls(days, staff)]
    assert small == large


def test_public_booking_pages_query_budget(client, office, django_assert_max_num_queries):
    days = fill(office, 5)
    # day list: office + hours + closures (3), days with their counts (1, cached for the next visitors) → 4
    with django_assert_max_num_queries(4):
        client.get(reverse("consultations:days"))
    # day page: day with office and counts (1), slots with places taken (1) → 2
    with django_assert_max_num_queries(2):
        client.get(reverse("consultations:day", args=[days[0].pk]))
    # booking form: slot with day and office (1); with the cache empty also the public days with their counts (1)
    # and their free slots with the places taken (1), office + hours + closures for the footer (3) → 6
    book_url = reverse("consultations:book", args=[days[0].slots.first().pk])
    clear_caches()
    with django_assert_max_num_queries(6):
        client.get(book_url)
    # The next visitor gets the form rendered from the cache (until a booking changes) and the kept office → 0
    with django_assert_max_num_queries(0):
        client.get(book_url)
    # home: office + hours + closures (3), next day with counts (1, cached for the next visitors) → 4
    clear_caches()
    with django_assert_max_num_queries(4):
        client.get("/")


def test_staff_pages_query_budget(client, staff_user, office, django_assert_max_num_queries):
    client.force_login(staff_user)
    days = fill(office, 5)
    sheet = reverse("consultations_staff:day_sheet", args=[days[0].pk])
    # session + user (2), slots with their day and office (1), bookings with entered_by (1), waitlist (1),
    # office + hours + closures for the footer (3) → 8
    with django_assert_max_num_queries(8):
        client.get(sheet)
    # Again: the sheet is rendered from the cache until a booking changes, the office is kept → session + user
    with django_assert_max_num_queries(2):
        client.get(sheet)
    # session + user (2), office + hours + closures (3), per-day rows, topics, roles, no-show marks (4) → 9
    with django_assert_max_num_queries(9):
        client.get(reverse("consultations_staff:stats"))


def test_manage_page_query_budget(client, office, django_assert_max_num_queries):
    days = fill(office, 5)
    booking = Booking.objects.filter(day=days[0]).first()
    url = reverse("consultations:manage", args=[tokens.manage_token(booking.pk)])
    # booking with slot, day and office (1), days with free places (1), their free slots (1),
    # the move form's choices (1) → 4
    with django_assert_max_num_queries(4):
        client.get(url)
