"""The public booking journey over HTTP: book, confirm by POST once, manage, move, cancel, abuse protection."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from consultations import services, tokens
from consultations.models import Booking, WaitlistEntry
from consultations.services import book
from ihk_office.models import OutgoingMail

from .conftest import NOW

FORM = {"name": "Lena Hoffmann", "email": "lena@example.org", "phone": "", "role": "pupil",
        "school_or_company": "Gesamtschule Hattingen", "school_year": "9", "topic": "career",
        "question": "Welche Berufe gibt es im Handel?", "privacy": "on", "website": ""}


def post_booking(client, slot_, **changes):
    data = {**FORM, "slot": slot_.pk, **changes}
    return client.post(reverse("consultations:book", args=[slot_.pk]), data)


def join_confirmed(day, name, email):
    """A waitlist entry whose address was confirmed through the link in the mail."""
    entry = services.join_waitlist(day=day, name=name, email=email)
    assert services.confirm_waitlist_entry(entry=entry)
    entry.refresh_from_db()
    return entry


def link_in(mail, name):
    match = re.search(r"http://[^\s]+/sprechtag/" + name + r"/[^\s/]+/", mail.body)
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_day_list_and_day_page_show_free_slots(client, day):
    html = client.get(reverse("consultations:days")).content.decode()
    assert "Donnerstag, 3. Dezember 2026" in html and "noch 8 Plätze frei" in html
    html = client.get(reverse("consultations:day", args=[day.pk])).content.decode()
    assert html.count("/buchen/") == 8


def test_home_page_shows_the_next_day_with_free_places(client, day):
    html = client.get("/").content.decode()
    assert "Ausbildungssprechtag" in html and "Termin buchen" in html
    assert reverse("consultations:day", args=[day.pk]) in html


def test_booking_creates_a_pending_hold_and_says_check_your_mail(client, slot):
    response = post_booking(client, slot)
    assert response.status_code == 302 and response.url == reverse("consultations:booked")
    booking = Booking.objects.get()
    assert booking.status == "pending" and booking.school_year == "9"
    assert "Bitte prüfen Sie Ihre E-Mails" in client.get(response.url).content.decode()


def test_the_whole_journey_confirm_once_then_cancel_by_post(client, slot):
    post_booking(client, slot)
    confirm_url = link_in(OutgoingMail.objects.get(category="consultation-confirm-link"), "bestaetigen")
    # Opening the link (a mail scanner does that) changes nothing.
    page = client.get(confirm_url)
    assert page.status_code == 200 and "Ja, Termin bestätigen" in page.content.decode()
    assert Booking.objects.get().status == "pending"
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert Booking.objects.get().status == "confirmed"
    # The link works once.
    assert client.post(confirm_url).status_code == 410
    assert client.get(confirm_url).status_code == 410
    assert OutgoingMail.objects.filter(category="consultation-confirmed").count() == 1
    manage_url = link_in(OutgoingMail.objects.get(category="consultation-confirmed"), "buchung")
    assert response.url == manage_url
    html = client.get(manage_url).content.decode()
    assert "Lena Hoffmann" in html and "Termin absagen" in html
    # Cancelling only by POST: a GET on the cancel address is refused.
    assert client.get(manage_url + "absagen/").status_code == 405
    assert Booking.objects.get().status == "confirmed"
    client.post(manage_url + "absagen/")
    assert Booking.objects.get().status == "cancelled"


def test_tampered_tokens_give_404(client, slot):
    booking = book(slot, name="A", email="a@example.org")
    good = tokens.manage_token(booking.pk)
    for url in (
        reverse("consultations:manage", args=[good[:-2] + "xx"]),
        reverse("consultations:confirm", args=[tokens.confirm_token(booking.pk) + "x"]),
        reverse("consultations:confirm", args=[good]),  # a manage token is no confirm token
        reverse("consultations:manage_ics", args=["abc"]),
        reverse("consultations:offer", args=["abc"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("consultations:manage_cancel", args=[good + "x"])).status_code == 404
    assert Booking.objects.get().status == "pending"


def test_tokens_carry_no_personal_data(slot):
    import base64

    booking = book(slot, name="Lena", email="lena@example.org")
    for token in (tokens.manage_token(booking.pk), tokens.confirm_token(booking.pk)):
        assert "lena" not in token.lower()
        payload = token.split(":")[0]
        decoded = base64.urlsafe_b64decode(payload.lstrip(".") + "==")
        assert b"lena" not in decoded.lower()


def test_the_loser_of_a_slot_sees_it_is_taken_with_the_free_alternatives_and_keeps_the_input(client, slot):
    book(slot, name="Erster", phone="1", source="phone")
    response = post_booking(client, slot)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Dieser Termin ist leider schon vergeben" in html
    assert html.count('name="slot"') == 7  # the seven free times as choices
    assert 'value="Lena Hoffmann"' in html and "Welche Berufe gibt es im Handel?" in html
    other = slot.day.slots.order_by("starts_at")[1]
    # A slip on the second try shows the newly picked time, not the taken one.
    html = post_booking(client, slot, slot=other.pk, privacy="").content.decode()
    assert "13:30 Uhr" in html and f'name="slot" value="{other.pk}"' in html
    assert post_booking(client, slot, slot=other.pk).status_code == 302
    assert Booking.objects.get(email="lena@example.org").slot == other


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Bitte füllen Sie dieses Feld aus."),
    ("email", "keine-adresse", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
    ("name", "x" * 121, "Bitte höchstens 120 Zeichen."),
    ("question", "x" * 1001, "Bitte höchstens 1000 Zeichen."),
    ("privacy", "", "Bitte bestätigen Sie, dass Sie den Datenschutz-Hinweis gelesen haben."),
    ("topic", "quatsch", "Bitte wählen Sie aus der Liste."),
])
def test_bad_input_gives_a_german_message_and_saves_nothing(client, slot, field, value, message):
    response = post_booking(client, slot, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists() and not OutgoingMail.objects.exists()


def test_a_past_slot_or_cancelled_day_gives_a_message_not_an_error(client, day, frozen):
    from consultations.services import cancel_day

    slot = day.slots.first()
    cancel_day(day=day)
    response = post_booking(client, slot)
    assert response.status_code == 400
    assert "kann nicht mehr gebucht werden" in response.content.decode()
    assert client.get(reverse("consultations:book", args=[slot.pk])).status_code == 200
    assert not Booking.objects.exists()


def test_a_slot_that_has_begun_gives_a_message_not_an_error(client, slot, frozen):
    frozen.move_to(slot.starts_at + timedelta(minutes=5))
    response = post_booking(client, slot)
    assert response.status_code == 400
    assert "kann nicht mehr gebucht werden" in response.content.decode()
    assert "Dieser Termin kann nicht mehr gebucht werden." in client.get(
        reverse("consultations:book", args=[slot.pk])).content.decode()
    assert not Booking.objects.exists()


def test_the_same_answer_whether_an_address_is_known_or_not(client, day):
    from django.test import Client

    first, second = day.slots.order_by("starts_at")[:2]
    known = post_booking(client, first)
    # Same address, same person, same day, from another browser (the same browser would replace its own hold).
    again = post_booking(Client(), second)
    assert known.status_code == again.status_code == 302 and known.url == again.url
    assert Booking.objects.count() == 1
    # The address owner learns it by mail, nobody else.
    refused = OutgoingMail.objects.get(category="consultation-refused")
    assert refused.to == ["lena@example.org"] and "schon eine Buchung" in refused.body


def test_the_honeypot_catches_bots_silently(client, slot):
    response = post_booking(client, slot, website="http://spam.example")
    assert response.status_code == 302
    assert not Booking.objects.exists() and not OutgoingMail.objects.exists()


def test_the_booking_post_is_rate_limited_per_address_with_a_german_429(client, day, settings, counting_cache):
    settings.CONSULTATION_BOOKING_RATE = "3/h"
    slot = day.slots.first()
    for index in range(3):
        post_booking(client, slot, email=f"p{index}@example.org")
    response = post_booking(client, slot, email="p9@example.org")
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    # GETs are not limited.
    assert client.get(reverse("consultations:book", args=[slot.pk])).status_code == 200


def test_the_booking_form_needs_csrf(slot):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("consultations:book", args=[slot.pk]),
                                                     {**FORM, "slot": slot.pk})
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_manage_page_moves_the_booking_and_offers_the_calendar_file(client, day):
    first, second = day.slots.order_by("starts_at")[:2]
    booking = book(first, name="A", email="a@example.org")
    url = reverse("consultations:manage", args=[tokens.manage_token(booking.pk)])
    ics = client.get(url + "kalender.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    response = client.post(url + "verschieben/", {"slot": second.pk})
    assert response.status_code == 302
    assert Booking.objects.get().slot == second
    assert client.post(url + "verschieben/", {"slot": 999999}).status_code == 400


def test_the_manage_page_never_shows_another_persons_booking(client, day):
    first, second = day.slots.order_by("starts_at")[:2]
    mine = book(first, name="Meine Buchung", email="a@example.org")
    book(second, name="Fremde Person", email="b@example.org")
    html = client.get(reverse("consultations:manage", args=[tokens.manage_token(mine.pk)])).content.decode()
    assert "Meine Buchung" in html and "Fremde Person" not in html and "b@example.org" not in html


def test_joining_the_waitlist_and_taking_an_offer(client, day, frozen):
    for slot in day.slots.all():
        book(slot, name="X", phone="1", source="phone")
    html = client.get(reverse("consultations:days")).content.decode()
    assert "ausgebucht" in html
    response = client.post(reverse("consultations:waitlist", args=[day.pk]),
                           {"name": "Wartende", "email": "w@example.org", "website": ""})
    assert response.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert entry.status == "unconfirmed"
    confirm_url = link_in(OutgoingMail.objects.get(category="consultation-waitlist-confirm-link"),
                          "warteliste/bestaetigen")
    assert client.get(confirm_url).status_code == 200
    assert client.post(confirm_url).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "waiting"
    assert client.post(confirm_url).status_code == 410  # once only
    from consultations.services import cancel

    cancel(booking=Booking.objects.first())
    entry.refresh_from_db()
    assert entry.status == "offered"
    offer_mail = OutgoingMail.objects.get(category="consultation-waitlist-offer")
    offer_url = link_in(offer_mail, "angebot")
    assert client.get(offer_url).status_code == 200
    # The kept place is not for anybody else.
    freed = entry.offered_slot
    assert client.post(reverse("consultations:book", args=[freed.pk]),
                       {**FORM, "slot": freed.pk}).status_code == 409
    response = client.post(offer_url)
    assert response.status_code == 302
    booking = Booking.objects.get(email="w@example.org")
    assert booking.status == "confirmed" and booking.slot == freed
    # One confirmation with the calendar file, no opt-in mail: the link already proved the address.
    assert OutgoingMail.objects.filter(to=["w@example.org"], category="consultation-confirmed").count() == 1
    assert not OutgoingMail.objects.filter(to=["w@example.org"], category="consultation-confirm-link").exists()
    assert client.post(offer_url).status_code == 410


def test_an_unused_offer_lapses_and_goes_to_the_next_person(day, frozen):
    from consultations import services

    for slot in day.slots.all():
        book(slot, name="X", phone="1", source="phone")
    first = join_confirmed(day, "Erste", "e1@example.org")
    second = join_confirmed(day, "Zweite", "e2@example.org")
    services.cancel(booking=Booking.objects.first())
    first.refresh_from_db()
    assert first.status == "offered"
    frozen.shift(timedelta(hours=25))
    services.expire_holds()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "lapsed" and second.status == "offered"
    services.expire_holds()  # twice: nothing more
    assert OutgoingMail.objects.filter(category="consultation-waitlist-offer").count() == 2


def test_released_held_back_places_are_offered_to_the_waitlist(office, frozen):
    from datetime import date

    from consultations import services

    from ..factories import ConsultationDayFactory

    day = ConsultationDayFactory(office=office, date=date(2026, 12, 17), slots=2, held_back_places=1,
                                 release_days_before=3)
    services.confirm(booking=book(day.slots.first(), name="A", email="a@example.org"))
    entry = join_confirmed(day, "W", "w@example.org")
    services.expire_holds()
    entry.refresh_from_db()
    assert entry.status == "waiting"  # the last place is still held back for phone bookings
    frozen.move_to(NOW + timedelta(days=18))  # 14 December: released
    services.expire_holds()
    entry.refresh_from_db()
    assert entry.status == "offered" and entry.offered_slot == day.slots.last()



def test_a_place_offered_to_someone_who_waited_on_the_english_pages_is_offered_in_english(client, day, frozen):
    from consultations.services import cancel

    for slot in day.slots.all():
        book(slot, name="X", phone="1", source="phone")
    client.post("/en" + reverse("consultations:waitlist", args=[day.pk]),
                {"name": "Waiting", "email": "w@example.org", "website": ""})
    entry = WaitlistEntry.objects.get()
    assert entry.language == "en"
    confirm_mail = OutgoingMail.objects.get(category="consultation-waitlist-confirm-link")
    assert confirm_mail.subject.startswith("Please confirm")
    services.confirm_waitlist_entry(entry=entry)
    with translation.override("de"):  # staff cancel a booking on the German pages
        cancel(booking=Booking.objects.first())
    offer_mail = OutgoingMail.objects.get(category="consultation-waitlist-offer")
    assert offer_mail.subject.startswith("A place has become free")
