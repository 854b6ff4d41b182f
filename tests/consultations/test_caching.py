"""The public pages cache which days and slots are free; every change shows at once, time alone within the TTL."""

import re
from datetime import date, timedelta

from django.test import Client, override_settings
from django.urls import reverse

from consultations import caching, services
from consultations.models import Booking

from ..csrf import first_token, staff_browser
from ..factories import ConsultationDayFactory, OfficeFactory, StaffFactory

DAYS = reverse("consultations:days")


def free_on_day_list(client) -> str:
    html = client.get(DAYS).content.decode()
    return "noch 8 Plätze frei" if "noch 8 Plätze frei" in html else "noch 7 Plätze frei" if "noch 7" in html else ""


def test_a_repeat_visit_of_the_public_pages_asks_the_database_only_for_the_office(
    client, day, django_assert_max_num_queries
):
    client.get(DAYS)
    # office + hours + closures (3); the days with their free places come from the cache → 3
    with django_assert_max_num_queries(3):
        client.get(DAYS)
    # the same for home: office + hours + closures (3), the next day from the cache → 3
    with django_assert_max_num_queries(3):
        client.get("/")


def test_the_booking_form_of_a_taken_slot_takes_its_alternatives_from_the_cache(
    client, day, django_assert_max_num_queries
):
    first, second = day.slots.order_by("starts_at")[:2]
    services.book(first, name="Mia", email="mia@example.org")
    url = reverse("consultations:book", args=[first.pk])
    client.get(url)
    # the slot with its day, office and places taken (1); the free alternatives are cached → 1
    with django_assert_max_num_queries(1):
        html = client.get(url).content.decode()
    assert "Dieser Termin ist leider schon vergeben." in html and f'value="{second.pk}"' in html
    assert f'value="{first.pk}"' not in html


def test_a_booking_and_its_cancellation_show_at_once_on_the_cached_pages(client, day):
    assert free_on_day_list(client) == "noch 8 Plätze frei"
    booking = services.book(day.slots.order_by("starts_at").first(), name="Mia", email="mia@example.org")
    assert free_on_day_list(client) == "noch 7 Plätze frei"
    assert services.cancel(booking=booking)  # a bulk update: no signal, the service forgets the cache itself
    assert free_on_day_list(client) == "noch 8 Plätze frei"


def test_a_cancelled_day_disappears_from_the_cached_home_page_at_once(client, day):
    assert "Nächster Termin" in client.get("/").content.decode()
    services.cancel_day(day=day)
    assert "Nächster Termin" not in client.get("/").content.decode()


# The local-memory cache reads the (frozen, shifted) clock; Redis would expire by its own.
LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "consultations-ttl"}


@override_settings(CACHES={"default": LOCAL, "sessions": LOCAL, "ratelimit": LOCAL})
def test_a_place_freed_by_time_alone_shows_after_the_cache_lifetime(client, day, frozen):
    booking = services.book(day.slots.order_by("starts_at").first(), name="Mia", email="mia@example.org")
    assert free_on_day_list(client) == "noch 7 Plätze frei"
    # The hold lapses in 10 seconds; nothing is written when it does.
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=booking.created_at + timedelta(seconds=10))
    frozen.shift(timedelta(seconds=11))
    assert free_on_day_list(client) == "noch 7 Plätze frei"  # still cached
    frozen.shift(timedelta(seconds=caching.TTL))
    assert free_on_day_list(client) == "noch 8 Plätze frei"


def test_the_booking_form_of_a_day_beyond_the_cached_ones_counts_its_places_itself(client, office, frozen):
    days = [ConsultationDayFactory(office=office, date=date(2026, 12, 3) + timedelta(weeks=i)) for i in range(8)]
    last = days[-1]  # not among the six public days the cache holds
    first, second = last.slots.order_by("starts_at")[:2]
    services.book(first, name="Mia", email="mia@example.org")
    html = client.get(reverse("consultations:book", args=[second.pk])).content.decode()
    assert "Verbindlich anfragen" in html and "schon vergeben" not in html
    html = client.get(reverse("consultations:book", args=[first.pk])).content.decode()
    assert "Dieser Termin ist leider schon vergeben." in html


def test_the_cached_empty_booking_fields_never_show_what_somebody_typed(client, day):
    slot = day.slots.order_by("starts_at").first()
    url = reverse("consultations:book", args=[slot.pk])
    client.get(url)  # caches the empty fields
    response = client.post(url, {"slot": slot.pk, "name": "Lena Hoffmann", "email": "kaputt", "role": "pupil",
                                 "topic": "career"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Lena Hoffmann"' in html and 'aria-invalid="true"' in html and 'id="id_email_error"' in html
    html = client.get(url).content.decode()
    assert "Lena Hoffmann" not in html and "kaputt" not in html and "aria-invalid" not in html
    assert 'aria-describedby="id_email_helptext"' in html


def test_the_cached_day_sheet_shows_each_change_at_once_and_its_forms_work_for_every_reader(day):
    readers = [staff_browser(), staff_browser()]
    sheet = reverse("consultations_staff:day_sheet", args=[day.pk])
    first_slot = day.slots.order_by("starts_at").first()
    assert "Mia Sommer" not in readers[0].get(sheet).content.decode()  # rendered and cached
    booking = services.book(first_slot, name="Mia Sommer", email="mia@example.org")
    services.confirm(booking=booking)
    html = readers[1].get(sheet).content.decode()
    assert "Mia Sommer" in html
    # The second reader posts with the token of their own (cached) page.
    token = first_token(html)
    response = readers[1].post(reverse("consultations_staff:booking_cancel", args=[booking.pk]),
                               {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "text-decoration-line-through" in readers[0].get(sheet).content.decode()


def test_the_cached_empty_booking_form_works_for_each_visitor_with_their_own_token(day):
    from .test_public_views import FORM

    slot = day.slots.order_by("starts_at").first()
    url = reverse("consultations:book", args=[slot.pk])
    Client().get(url)  # an earlier visitor: the form is rendered and cached
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(url).content.decode()
    token = first_token(html)
    response = visitor.post(url, {**FORM, "slot": slot.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Booking.objects.filter(slot=slot, email=FORM["email"]).exists()
    # The slot is taken now: the next visitor is told so at once and offered the other times.
    assert "Dieser Termin ist leider schon vergeben." in Client().get(url).content.decode()


def test_a_cached_booking_form_is_refused_once_its_slot_has_begun(client, day, frozen):
    slot = day.slots.order_by("starts_at").first()
    url = reverse("consultations:book", args=[slot.pk])
    assert "Verbindlich anfragen" in client.get(url).content.decode()
    frozen.move_to(slot.starts_at)
    html = client.get(url).content.decode()
    assert "Dieser Termin kann nicht mehr gebucht werden." in html and "Verbindlich anfragen" not in html


def test_a_mark_on_the_cached_day_sheet_shows_right_after_the_redirect(day):
    booking = services.book(day.slots.order_by("starts_at").first(), name="Mia Sommer", phone="1", source="phone")
    staff = staff_browser()
    sheet = reverse("consultations_staff:day_sheet", args=[day.pk])
    html = staff.get(sheet).content.decode()  # rendered and cached
    assert "bestätigt" in html
    token = first_token(html)
    response = staff.post(reverse("consultations_staff:booking_mark", args=[booking.pk]),
                          {"status": "attended", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    row = re.search(rf'<tr id="booking-{booking.pk}".*?</tr>', staff.get(sheet).content.decode(), re.S).group(0)
    assert str(Booking.Status.ATTENDED.label) in row


def test_the_booking_form_and_day_sheet_of_another_office_show_that_office(office, frozen):
    witten = OfficeFactory(slug="witten", name="IHK-Regionalbüro Witten", street="Ruhrstraße 1", city="Witten")
    day = ConsultationDayFactory(office=witten, date=date(2026, 12, 3))
    slot = day.slots.order_by("starts_at").first()
    for _ in range(2):  # rendered, then from the cache
        assert "Ruhrstraße 1" in Client().get(reverse("consultations:book", args=[slot.pk])).content.decode()
    staff = Client()
    staff.force_login(StaffFactory())
    for _ in range(2):
        html = staff.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
        assert "Ruhrstraße 1" in html
