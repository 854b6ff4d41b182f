"""Issue 13, finding 9: the booking rate limit counts only real attempts (requests that pass the form's checks)
and names the real wait. The clock is frozen: the wait the page names is exactly when the next request goes
through."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import Booking, WaitlistEntry

from ..factories import BookingFactory
from .test_public_views import FORM

pytestmark = pytest.mark.usefixtures("counting_cache")


def book(client, slot, email, **changes):
    return client.post(reverse("consultations:book", args=[slot.pk]), {**FORM, "slot": slot.pk, "email": email,
                                                                       **changes})


def named_wait(response) -> int:
    """The minutes the 429 page names ("in etwa 45 Minuten")."""
    text = response.content.decode()
    assert response.status_code == 429, text
    return int(re.search(r"in etwa (\d+) Minuten?", text).group(1))


def test_failed_validations_do_not_count(client, day, settings):
    settings.CONSULTATION_BOOKING_RATE = "3/h"
    slots = list(day.slots.order_by("starts_at"))
    for _ in range(10):  # typos, a forgotten checkbox: no attempt
        assert book(client, slots[0], "kaputt", privacy="").status_code == 400
    for index in range(3):
        assert book(client, slots[index], f"p{index}@example.org").status_code == 302
    assert Booking.objects.count() == 3
    assert book(client, slots[3], "p3@example.org").status_code == 429


def test_the_page_names_the_real_wait_and_the_next_request_goes_through_then(client, day, settings, frozen):
    settings.CONSULTATION_BOOKING_RATE = "3/h"
    settings.CONSULTATION_MAX_HOLDS_PER_IP = 10  # the holds of one address are another limit
    slots = list(day.slots.order_by("starts_at"))
    for index in range(3):
        book(client, slots[index], f"p{index}@example.org")
        frozen.shift(timedelta(minutes=5))

    refused = book(client, slots[3], "p3@example.org")
    minutes = named_wait(refused)
    assert 1 <= minutes <= 60
    assert "ein paar Minuten" not in refused.content.decode()
    assert int(refused["Retry-After"]) <= minutes * 60
    assert not Booking.objects.filter(email="p3@example.org").exists()

    # A minute before the named time: still refused, and the page counts down.
    if minutes > 1:
        frozen.shift(timedelta(minutes=minutes - 1))
        assert named_wait(book(client, slots[3], "p3@example.org")) == 1
        frozen.shift(timedelta(minutes=1, seconds=1))
    else:
        frozen.shift(timedelta(minutes=minutes, seconds=1))
    # Once the named time has come, it goes through.
    assert book(client, slots[3], "p3@example.org").status_code == 302
    assert Booking.objects.filter(email="p3@example.org").exists()


def test_a_long_wait_is_named_in_hours(client, day, settings):
    settings.CONSULTATION_BOOKING_RATE = "1/d"
    slots = list(day.slots.order_by("starts_at"))
    book(client, slots[0], "p0@example.org")
    html = book(client, slots[1], "p1@example.org").content.decode()
    assert "Bitte versuchen Sie es in etwa" in html and "Stunde" in html


def test_the_english_page_names_the_wait_in_english(client, day, settings):
    settings.CONSULTATION_BOOKING_RATE = "1/h"
    slot = day.slots.order_by("starts_at").first()
    url = f"/en{reverse('consultations:book', args=[slot.pk])}"
    client.post(url, {**FORM, "slot": slot.pk})
    response = client.post(url, {**FORM, "slot": slot.pk, "email": "p1@example.org"})
    assert response.status_code == 429
    assert re.search(r"Please try again in about \d+ minutes?\.", response.content.decode())


def test_the_waitlist_shares_the_count_and_its_failed_validations_do_not_count(client, day, settings):
    settings.CONSULTATION_BOOKING_RATE = "2/h"
    for slot in day.slots.all():
        BookingFactory(slot=slot, day=day)
    url = reverse("consultations:waitlist", args=[day.pk])
    for _ in range(5):
        assert client.post(url, {"name": "", "email": "kaputt", "website": ""}).status_code == 400
    assert client.post(url, {"name": "W", "email": "w0@example.org", "website": ""}).status_code == 302
    assert client.post(url, {"name": "W", "email": "w1@example.org", "website": ""}).status_code == 302
    refused = client.post(url, {"name": "W", "email": "w2@example.org", "website": ""})
    assert named_wait(refused) >= 1
    assert not WaitlistEntry.objects.filter(email="w2@example.org").exists()
    # One counter per IP address for both forms; another address is not affected.
    assert book(client, day.slots.first(), "b@example.org").status_code == 429
    assert Client().post(url, {"name": "W", "email": "w3@example.org", "website": ""},
                         REMOTE_ADDR="198.51.100.3").status_code == 302
