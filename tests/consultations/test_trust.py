"""Bounded abuse (#11): unconfirmed holds per IP address, manage links that expire, a waitlist that needs the
address confirmed first."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from consultations import services, tokens
from consultations.models import Booking, WaitlistEntry
from ihk_office.models import OutgoingMail

from ..csrf import TOKEN
from .test_public_views import FORM, link_in

SCHOOL = "203.0.113.7"  # one address for a whole computer room


def book_from(client, slot, email, *, ip=SCHOOL, **headers):
    return client.post(reverse("consultations:book", args=[slot.pk]),
                       {**FORM, "slot": slot.pk, "email": email}, REMOTE_ADDR=ip, **headers)


@pytest.fixture
def slots(day):
    return list(day.slots.order_by("starts_at"))


def test_one_ip_cannot_hold_more_than_the_set_number_of_unconfirmed_places(client, slots, settings):
    settings.CONSULTATION_MAX_HOLDS_PER_IP = 3
    for index in range(3):
        assert book_from(client, slots[index], f"p{index}@example.org").status_code == 302
    response = book_from(client, slots[3], "p3@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert "schon 3 Termine reserviert, die noch nicht bestätigt sind" in html
    assert 'value="p3@example.org"' in html  # what was typed stays
    assert Booking.objects.filter(status="pending").count() == 3
    assert not Booking.objects.filter(email="p3@example.org").exists()
    # Another address is not affected.
    assert book_from(client, slots[3], "p3@example.org", ip="198.51.100.1").status_code == 302


def test_a_computer_room_behind_one_ip_books_on_once_people_confirm(client, slots, settings):
    settings.CONSULTATION_MAX_HOLDS_PER_IP = 2
    for index in range(2):
        book_from(client, slots[index], f"p{index}@example.org")
    assert book_from(client, slots[2], "p2@example.org").status_code == 429
    services.confirm(booking=Booking.objects.get(email="p0@example.org"))
    assert book_from(client, slots[2], "p2@example.org").status_code == 302
    assert Booking.objects.filter(email="p2@example.org", status="pending").exists()


def test_a_lapsed_hold_no_longer_counts_against_its_ip(client, slots, settings, frozen):
    settings.CONSULTATION_MAX_HOLDS_PER_IP = 1
    book_from(client, slots[0], "p0@example.org")
    assert book_from(client, slots[1], "p1@example.org").status_code == 429
    frozen.shift(timedelta(minutes=settings.CONSULTATION_HOLD_MINUTES + 1))
    assert book_from(client, slots[1], "p1@example.org").status_code == 302


def test_behind_the_proxy_the_forwarded_address_counts_and_a_forged_first_entry_does_not(client, slots, settings):
    settings.CONSULTATION_MAX_HOLDS_PER_IP = 1
    settings.BEHIND_PROXY = True
    # nginx appends the address it saw; whatever the client put before it is ignored.
    assert book_from(client, slots[0], "p0@example.org", ip="127.0.0.1",
                     HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.10").status_code == 302
    assert Booking.objects.get().hold_ip == "192.0.2.10"
    assert book_from(client, slots[1], "p1@example.org", ip="127.0.0.1",
                     HTTP_X_FORWARDED_FOR="10.1.1.1, 192.0.2.10").status_code == 429
    assert book_from(client, slots[1], "p1@example.org", ip="127.0.0.1",
                     HTTP_X_FORWARDED_FOR="192.0.2.11").status_code == 302


def test_the_ip_is_kept_only_as_long_as_the_hold_needs_it(client, slots, frozen, settings):
    for index in range(3):
        book_from(client, slots[index], f"p{index}@example.org")
    confirmed, cancelled, lapsing = Booking.objects.order_by("pk")
    assert {b.hold_ip for b in (confirmed, cancelled, lapsing)} == {SCHOOL}
    services.confirm(booking=confirmed)
    services.cancel(booking=cancelled)
    frozen.shift(timedelta(minutes=settings.CONSULTATION_HOLD_MINUTES + 1))
    services.expire_holds()
    assert list(Booking.objects.order_by("pk").values_list("status", "hold_ip")) == [
        ("confirmed", None), ("cancelled", None), ("expired", None)]


def test_the_day_sheet_shows_which_places_are_merely_held(staff_client, slots):
    held = services.book(slots[0], name="Nur Reserviert", email="held@example.org", ip=SCHOOL)
    services.book(slots[1], name="Fest Gebucht", phone="1", source="phone")
    html = staff_client.get(reverse("consultations_staff:day_sheet", args=[held.day_id])).content.decode()
    held_row = html[html.index(f'id="booking-{held.pk}"'):].split("</tr>")[0]
    assert "nur reserviert bis 12:00 Uhr" in held_row
    assert html.count("nur reserviert bis") == 1


def test_a_manage_link_expires_the_set_number_of_days_after_the_slot(client, slots, frozen, settings):
    settings.CONSULTATION_MANAGE_LINK_DAYS = 14
    booking = services.book(slots[0], name="Mia", phone="1", email="mia@example.org", source="phone")
    url = reverse("consultations:manage", args=[tokens.manage_token(booking.pk)])
    frozen.move_to(booking.slot.starts_at + timedelta(days=14) - timedelta(minutes=1))
    assert client.get(url).status_code == 200
    frozen.move_to(booking.slot.starts_at + timedelta(days=14, minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Dieser Link ist abgelaufen" in html and "Mia" not in html
    assert client.get(url + "kalender.ics").status_code == 404


def test_an_expired_manage_link_cancels_nothing(client, slots, frozen, settings):
    settings.CONSULTATION_MANAGE_LINK_DAYS = 1
    booking = services.book(slots[0], name="Mia", phone="1", source="phone")
    frozen.move_to(booking.slot.starts_at + timedelta(days=2))
    response = client.post(reverse("consultations:manage_cancel", args=[tokens.manage_token(booking.pk)]))
    assert response.status_code == 410
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def fill_day(slots):
    for slot in slots:
        services.book(slot, name="X", phone="1", source="phone")


def join(client, day, email, **extra):
    return client.post(reverse("consultations:waitlist", args=[day.pk]),
                       {"name": "Wartende", "email": email, "website": "", **extra})


def test_an_unconfirmed_waitlist_entry_never_gets_an_offer(client, day, slots):
    fill_day(slots)
    join(client, day, "erfunden@example.org")  # first in line, but never confirmed
    join(client, day, "echt@example.org")
    real = WaitlistEntry.objects.get(email="echt@example.org")
    client.post(link_in(OutgoingMail.objects.get(to=["echt@example.org"],
                                                 category="consultation-waitlist-confirm-link"),
                        "warteliste/bestaetigen"))
    services.cancel(booking=Booking.objects.first())
    real.refresh_from_db()
    assert real.status == "offered"
    assert WaitlistEntry.objects.get(email="erfunden@example.org").status == "unconfirmed"
    assert list(OutgoingMail.objects.filter(category="consultation-waitlist-offer").values_list("to", flat=True)) == [
        ["echt@example.org"]]


def test_confirming_on_a_day_with_a_free_place_brings_the_offer_at_once(client, day, slots):
    fill_day(slots)
    join(client, day, "w@example.org")
    services.cancel(booking=Booking.objects.first())  # nobody confirmed is waiting: no offer yet
    assert not OutgoingMail.objects.filter(category="consultation-waitlist-offer").exists()
    services.confirm_waitlist_entry(entry=WaitlistEntry.objects.get())
    assert WaitlistEntry.objects.get().status == "offered"


def test_the_waitlist_answers_the_same_for_a_known_and_an_unknown_address(day, slots):
    fill_day(slots)
    known = Client()
    join(known, day, "known@example.org")
    services.confirm_waitlist_entry(entry=WaitlistEntry.objects.get())
    mails_before = OutgoingMail.objects.count()
    answers = []
    for email in ("known@example.org", "new@example.org"):
        client = Client()
        response = join(client, day, email)
        answers.append((response.status_code, response["Location"],
                        TOKEN.sub("", client.get(response["Location"]).content.decode())))
    assert answers[0] == answers[1]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in answers[0][2]
    # Only the new address got a mail; the known one is not put on the list twice.
    assert OutgoingMail.objects.count() == mails_before + 1
    assert WaitlistEntry.objects.filter(email="known@example.org").count() == 1


def test_the_waitlist_honeypot_saves_nothing_sends_nothing_and_answers_the_same(client, day, slots):
    fill_day(slots)
    human = join(Client(), day, "human@example.org")
    bot = join(client, day, "bot@example.org", website="http://spam.example")
    assert (bot.status_code, bot["Location"]) == (human.status_code, human["Location"])
    assert not WaitlistEntry.objects.filter(email="bot@example.org").exists()
    assert not OutgoingMail.objects.filter(to=["bot@example.org"]).exists()


def test_joining_the_waitlist_is_rate_limited_per_address(client, day, slots, settings, counting_cache):
    settings.CONSULTATION_BOOKING_RATE = "3/h"
    fill_day(slots)
    for index in range(3):
        assert join(client, day, f"w{index}@example.org").status_code == 302
    response = join(client, day, "w9@example.org")
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert not WaitlistEntry.objects.filter(email="w9@example.org").exists()
