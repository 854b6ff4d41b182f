"""Training places at the consultation day (issue 15, item 4): a booked pupil's "Wunschberuf", the matching open
places in the area on the day sheet, "vermittelt an …" closing one place (and its undo), and the statistics.

The must-show: a booked pupil wishing for "Kaufmann/-frau im Einzelhandel" sees the matching open place on the
day sheet; marking "placed" closes it; the statistics count it.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from companies.models import TrainingOccupation, TrainingPlace
from companies.services import record_training_place
from consultations import services
from consultations.models import Booking

from ..factories import CompanyFactory
from .test_public_views import post_booking

pytestmark = pytest.mark.django_db

RETAIL = "Kaufmann/-frau im Einzelhandel"


def occupation(name: str) -> TrainingOccupation:
    return TrainingOccupation.objects.get(name=name)


def offer(company_name: str, name: str = RETAIL, *, places: int = 1, year: int = 2027, district: str = "welper",
          filled: int = 0) -> TrainingPlace:
    company = CompanyFactory(name=company_name, district=district)
    place = record_training_place(company=company, occupation=occupation(name), start_year=year, places=places)
    if filled:
        TrainingPlace.objects.filter(pk=place.pk).update(filled=filled)
    return place


def row_of(html: str, booking: Booking) -> str:
    """The day sheet's table row of `booking`."""
    match = re.search(rf'<tr id="booking-{booking.pk}".*?</tr>', html, re.S)
    assert match, f"no row for booking {booking.pk}"
    return match.group(0)


def sheet(client, day) -> str:
    response = client.get(reverse("consultations_staff:day_sheet", args=[day.pk]))
    assert response.status_code == 200
    return response.content.decode()


def stats_table(client) -> str:
    html = client.get(reverse("consultations_staff:stats")).content.decode()
    return re.search(r'<table class="table table-sm" id="placements">.*?</table>', html, re.S).group(0)


@pytest.fixture
def retail_place():
    return offer("Modehaus Berger")


@pytest.fixture
def others():
    """Places the pupil must not be offered: outside the town, already full, another occupation, started long ago."""
    return [offer("Auswärts Handel GmbH", district="auswaerts"), offer("Schuhhaus Voll", places=2, filled=2),
            offer("Buchhandlung Kamp", "Verkäufer/-in"), offer("Kaufhaus Alt", year=2024)]


def book_online_with_wish(client, slot, name=RETAIL, **changes) -> Booking:
    """Book through the public form with a Wunschberuf, then confirm through the link's service."""
    response = post_booking(client, slot, wish=occupation(name).pk, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    booking = Booking.objects.get(email=changes.get("email", "lena@example.org"))
    assert services.confirm(booking=booking)
    booking.refresh_from_db()
    return booking


def test_a_pupil_wishing_for_retail_sees_the_open_place_placing_closes_it_and_the_statistics_count_it(
        client, staff_client, day, slot, retail_place, others):
    booking = book_online_with_wish(client, slot)
    assert booking.wish.name == RETAIL and booking.role == "pupil"

    row = row_of(sheet(staff_client, day), booking)
    assert RETAIL in row
    assert "Modehaus Berger" in row and "1 freier Platz ab 2027" in row
    for other in ("Auswärts Handel GmbH", "Schuhhaus Voll", "Buchhandlung Kamp", "Kaufhaus Alt"):
        assert other not in row
    assert "Noch niemand in Ausbildung vermittelt." in stats_table(staff_client)

    response = staff_client.post(reverse("consultations_staff:booking_place", args=[booking.pk]),
                                 {"place": retail_place.pk}, follow=True)
    assert "Lena Hoffmann ist vermittelt an Modehaus Berger (Kaufmann/-frau im Einzelhandel)." in \
        response.content.decode()
    retail_place.refresh_from_db()
    assert retail_place.filled == 1 and retail_place.open_places == 0
    row = row_of(sheet(staff_client, day), booking)
    assert "vermittelt an Modehaus Berger" in row and "vermitteln" not in row.replace("vermittelt", "")
    company_page = staff_client.get(retail_place.company.get_absolute_url()).content.decode()
    assert "1 Platz, 0 frei" in company_page

    table = stats_table(staff_client)
    assert re.search(r"<td>2026</td><th scope=\"row\">Kaufmann/-frau im Einzelhandel</th><td>1</td>", table)

    # The place is closed: the next pupil with the same wish is not offered it any more.
    second = services.book(day.slots.order_by("starts_at")[2], name="Mia Kurt", phone="0171 3", source="phone",
                           role="pupil", wish=occupation(RETAIL))
    row = row_of(sheet(staff_client, day), second)
    assert "Modehaus Berger" not in row and "Zurzeit kein freier Platz in diesem Beruf." in row


def test_undoing_a_placement_opens_the_place_again_and_the_statistics_forget_it(staff_client, day, slot,
                                                                                 retail_place):
    booking = services.book(slot, name="Lena Hoffmann", phone="0171 1", source="phone", role="pupil",
                            wish=occupation(RETAIL))
    services.place_booking(booking=booking, place=retail_place)
    response = staff_client.post(reverse("consultations_staff:booking_unplace", args=[booking.pk]), follow=True)
    assert "Die Vermittlung von Lena Hoffmann ist zurückgenommen." in response.content.decode()
    retail_place.refresh_from_db()
    booking.refresh_from_db()
    assert retail_place.filled == 0 and booking.placed_with is None and booking.placed_at is None
    assert "1 freier Platz ab 2027" in row_of(sheet(staff_client, day), booking)
    assert "Noch niemand in Ausbildung vermittelt." in stats_table(staff_client)
    assert services.undo_placement(booking=booking) is False  # twice changes nothing
    retail_place.refresh_from_db()
    assert retail_place.filled == 0


def test_the_last_place_cannot_be_given_twice(staff_client, day, retail_place):
    first_slot, second_slot = day.slots.order_by("starts_at")[:2]
    first = services.book(first_slot, name="Lena", phone="1", source="phone", wish=occupation(RETAIL))
    second = services.book(second_slot, name="Jonas", phone="2", source="phone", wish=occupation(RETAIL))
    services.place_booking(booking=first, place=retail_place)
    with pytest.raises(services.NoOpenPlace):
        services.place_booking(booking=second, place=retail_place)
    response = staff_client.post(reverse("consultations_staff:booking_place", args=[second.pk]),
                                 {"place": retail_place.pk}, follow=True)
    assert "Bei Modehaus Berger ist in diesem Beruf kein Platz mehr frei." in response.content.decode()
    retail_place.refresh_from_db()
    second.refresh_from_db()
    assert retail_place.filled == 1 and second.placed_with is None


def test_a_cancelled_or_already_placed_booking_cannot_be_placed(day, retail_place):
    slot_a, slot_b = day.slots.order_by("starts_at")[:2]
    cancelled = services.book(slot_a, name="Lena", phone="1", source="phone")
    services.cancel(booking=cancelled)
    with pytest.raises(services.NotPlaceable):
        services.place_booking(booking=cancelled, place=retail_place)
    other = offer("Modehaus Zwei", places=3)
    placed = services.book(slot_b, name="Jonas", phone="2", source="phone")
    services.place_booking(booking=placed, place=other)
    with pytest.raises(services.NotPlaceable):
        services.place_booking(booking=placed, place=retail_place)
    retail_place.refresh_from_db()
    other.refresh_from_db()
    assert retail_place.filled == 0 and other.filled == 1


def test_a_place_outside_the_town_cannot_be_given(day, slot):
    outside = offer("Auswärts Handel GmbH", district="auswaerts")
    booking = services.book(slot, name="Lena", phone="1", source="phone")
    with pytest.raises(services.NoOpenPlace):
        services.place_booking(booking=booking, place=outside)


def test_placements_stay_in_the_statistics_when_the_bookings_are_anonymised(staff_client, day, slot, retail_place,
                                                                             frozen):
    booking = services.book(slot, name="Lena Hoffmann", phone="0171 1", source="phone", wish=occupation(RETAIL))
    services.place_booking(booking=booking, place=retail_place)
    frozen.shift(400 * 24 * 3600)
    assert services.anonymise_old_bookings() == 1
    booking.refresh_from_db()
    assert booking.name != "Lena Hoffmann" and booking.placed_with_id == retail_place.pk
    assert re.search(r"<td>2026</td><th scope=\"row\">Kaufmann/-frau im Einzelhandel</th><td>1</td>",
                     stats_table(staff_client))


def test_the_public_form_offers_the_active_occupations_as_an_optional_wish(client, slot):
    retired = occupation("Verkäufer/-in")
    retired.is_active = False
    retired.save()
    html = client.get(reverse("consultations:book", args=[slot.pk])).content.decode()
    assert '<label for="id_wish" class="form-label">Wunschberuf (freiwillig)</label>' in html
    assert f'<option value="{occupation(RETAIL).pk}">Kaufmann/-frau im Einzelhandel</option>' in html
    assert "Verkäufer/-in</option>" not in html
    english = client.get("/en" + reverse("consultations:book", args=[slot.pk])).content.decode()
    assert '<label for="id_wish" class="form-label">Desired occupation (optional)</label>' in english
    # Without a wish the booking is made as before.
    assert post_booking(client, slot).status_code == 302
    assert Booking.objects.get().wish is None


def test_a_company_asking_about_its_apprentices_keeps_no_wish(client, slot):
    assert post_booking(client, slot, role="company", wish=occupation(RETAIL).pk).status_code == 302
    assert Booking.objects.get().wish is None


def test_an_unknown_wish_is_refused_with_a_german_message(client, slot):
    response = post_booking(client, slot, wish="999999")
    assert response.status_code == 400
    assert "Bitte wählen Sie aus der Liste." in response.content.decode()
    assert not Booking.objects.exists()


def test_a_wish_stays_chosen_when_the_form_comes_back_with_an_error(client, slot):
    wish = occupation(RETAIL)
    response = post_booking(client, slot, wish=wish.pk, email="kein-at")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<option value="{wish.pk}" selected>Kaufmann/-frau im Einzelhandel</option>' in html
    assert post_booking(client, slot, wish=wish.pk).status_code == 302
    assert Booking.objects.get().wish == wish


def test_staff_enter_the_wish_with_a_phone_booking(staff_client, day, slot, retail_place):
    response = staff_client.post(reverse("consultations_staff:phone_booking", args=[day.pk]), {
        "slot": slot.pk, "name": "Herr Brandt", "phone": "0171 2", "role": "parent", "topic": "finding",
        "wish": occupation(RETAIL).pk})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.wish.name == RETAIL
    assert "Modehaus Berger" in row_of(sheet(staff_client, day), booking)


def test_bookings_without_a_wish_show_a_dash_and_no_places(staff_client, day, slot, retail_place):
    booking = services.book(slot, name="Sophie", phone="1", source="phone", role="apprentice")
    row = row_of(sheet(staff_client, day), booking)
    assert '<td class="training-wish">' in row and "Modehaus Berger" not in row


# --- Who may place: anonymous, members of either committee, staff -------------------------------------------

@pytest.fixture
def placed_and_open(day, retail_place):
    slot_a, slot_b = day.slots.order_by("starts_at")[:2]
    placed = services.book(slot_a, name="Lena", phone="1", source="phone", wish=occupation(RETAIL))
    services.place_booking(booking=placed, place=retail_place)
    waiting = services.book(slot_b, name="Jonas", phone="2", source="phone", wish=occupation(RETAIL))
    return placed, waiting, offer("Modehaus Drei")


def test_only_staff_place_and_undo(client, member_a_client, member_b_client, staff_client, placed_and_open):
    placed, waiting, open_place = placed_and_open
    place_url = reverse("consultations_staff:booking_place", args=[waiting.pk])
    undo_url = reverse("consultations_staff:booking_unplace", args=[placed.pk])
    response = client.post(place_url, {"place": open_place.pk})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(undo_url).status_code == 302
    for member in (member_a_client, member_b_client):
        assert member.post(place_url, {"place": open_place.pk}).status_code == 403
        assert member.post(undo_url).status_code == 403
        assert member.get(reverse("consultations_staff:stats")).status_code == 403
    waiting.refresh_from_db()
    placed.refresh_from_db()
    assert waiting.placed_with is None and placed.placed_with is not None
    assert staff_client.get(place_url).status_code == 405  # a change is a POST
    assert staff_client.post(place_url, {"place": open_place.pk}).status_code == 302
    assert staff_client.post(undo_url).status_code == 302
    waiting.refresh_from_db()
    placed.refresh_from_db()
    assert waiting.placed_with == open_place and placed.placed_with is None


def test_the_demo_day_sheet_shows_a_pupil_wishing_for_retail_with_an_open_place_and_seeding_twice_adds_nothing(
        staff_client, frozen, settings):
    from io import StringIO

    from django.core.management import call_command

    from consultations.models import ConsultationDay

    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=StringIO())
    places = TrainingPlace.objects.count()
    assert places >= 5
    call_command("seed_demo", stdout=StringIO())
    assert TrainingPlace.objects.count() == places
    lena = Booking.objects.get(name="Lena Hoffmann")
    assert lena.wish.name == RETAIL
    day = ConsultationDay.objects.get(pk=lena.day_id)
    row = row_of(sheet(staff_client, day), lena)
    assert "freier Platz ab" in row or "freie Plätze ab" in row
    assert 'class="mb-1 matching-place"' in row
