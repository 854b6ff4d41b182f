"""Finding 4 of issue 13 (in part): the "almost done" page names the address the mail went to and the time,
so a parent sees a mistyped address at once – the same page whether the address was known or not."""

from django.urls import reverse

from consultations import services
from consultations.models import Booking
from consultations.services import book
from ihk_office.models import OutgoingMail

FORM = {"name": "Lena Hoffmann", "phone": "", "role": "parent", "person_name": "Mia Hoffmann",
        "school_or_company": "", "school_year": "",
        "topic": "career", "question": "", "privacy": "on", "website": ""}


def post_booking(client, slot, email):
    return client.post(reverse("consultations:book", args=[slot.pk]), {**FORM, "slot": slot.pk, "email": email},
                       follow=True)


def test_the_almost_done_page_shows_the_address_and_the_time(client, slot):
    html = post_booking(client, slot, "lena@exmaple.org").content.decode()

    assert "Fast geschafft" in html
    assert "lena@exmaple.org" in html
    assert "Donnerstag, 3. Dezember 2026 um 13:00 Uhr" in html


def test_a_second_request_of_a_known_address_shows_the_same_page(client, day, slot):
    post_booking(client, slot, "lena@example.org")
    later = day.slots.order_by("-starts_at").first()

    html = post_booking(client, later, "lena@example.org").content.decode()

    assert "lena@example.org" in html and "um 16:30 Uhr" in html


def test_the_almost_done_page_alone_shows_nobodys_address(client, db):
    html = client.get(reverse("consultations:booked")).content.decode()
    assert "Fast geschafft" in html and "E-Mail an" not in html


def test_a_mistyped_address_is_corrected_from_the_almost_done_page_and_the_hold_released(client, slot):
    post_booking(client, slot, "lena@exmaple.org")
    typo = Booking.objects.get()
    assert typo.status == "pending"

    response = client.post(reverse("consultations:release_hold"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("consultations:book", args=[slot.pk])
    assert "Die Reservierung ist freigegeben" in response.content.decode()
    assert Booking.objects.get(pk=typo.pk).status == "expired"
    # The same time is free again for the right address; the old confirmation link confirms nothing.
    post_booking(client, slot, "lena@example.org")
    assert Booking.objects.get(email="lena@example.org").status == "pending"
    assert services.confirm(booking=typo) is False


def test_releasing_without_a_hold_of_ones_own_changes_nothing(client, slot):
    someone = book(slot, name="Tom", email="tom@example.org")

    client.post(reverse("consultations:release_hold"))

    assert Booking.objects.get(pk=someone.pk).status == "pending"


def test_going_back_to_the_form_shows_her_own_held_slot_as_hers_not_as_taken(client, slot):
    post_booking(client, slot, "lena@example.org")

    html = client.get(reverse("consultations:book", args=[slot.pk])).content.decode()

    assert "schon vergeben" not in html and 'id="slot-taken"' not in html
    assert 'id="own-hold"' in html and "Diesen Termin haben Sie gerade schon angefragt" in html
    # Somebody else (another browser) sees the place taken.
    from django.test import Client

    assert "schon vergeben" in Client().get(reverse("consultations:book", args=[slot.pk])).content.decode()


def test_sending_the_form_again_replaces_her_own_hold_instead_of_meeting_it_as_taken(client, slot):
    post_booking(client, slot, "lena@example.org")
    first = Booking.objects.get()

    html = post_booking(client, slot, "lena@example.org").content.decode()

    assert "Fast geschafft" in html and "schon vergeben" not in html
    assert Booking.objects.get(pk=first.pk).status == "expired"
    assert Booking.objects.filter(status="pending").count() == 1
    assert not OutgoingMail.objects.filter(category="consultation-refused").exists()
    assert services.confirm(booking=first) is False  # the first link confirms nothing any more
    assert services.confirm(booking=Booking.objects.get(status="pending"))


def test_going_back_and_correcting_the_address_replaces_the_mistyped_hold(client, slot):
    post_booking(client, slot, "lena@exmaple.org")
    html = post_booking(client, slot, "lena@example.org").content.decode()
    assert "lena@example.org" in html
    assert list(Booking.objects.order_by("pk").values_list("email", "status")) == [
        ("lena@exmaple.org", "expired"), ("lena@example.org", "pending")]


def test_going_back_and_choosing_another_time_that_day_moves_her_hold(client, day, slot):
    post_booking(client, slot, "lena@example.org")
    later = day.slots.order_by("-starts_at").first()
    post_booking(client, later, "lena@example.org")
    assert list(Booking.objects.filter(status="pending").values_list("slot", flat=True)) == [later.pk]


def test_a_second_child_from_the_same_browser_keeps_the_first_childs_hold(client, day, slot):
    post_booking(client, slot, "lena@example.org")
    later = day.slots.order_by("-starts_at").first()
    client.post(reverse("consultations:book", args=[later.pk]),
                {**FORM, "slot": later.pk, "email": "lena@example.org", "person_name": "Tim Hoffmann"})
    assert sorted(Booking.objects.filter(status="pending").values_list("person_name", flat=True)) == [
        "Mia Hoffmann", "Tim Hoffmann"]


def test_somebody_else_at_the_same_computer_does_not_replace_the_hold(client, day, slot):
    post_booking(client, slot, "lena@example.org")
    later = day.slots.order_by("-starts_at").first()
    client.post(reverse("consultations:book", args=[later.pk]),
                {**FORM, "slot": later.pk, "name": "Tom Brandt", "email": "tom@example.org", "role": "pupil",
                 "person_name": ""})
    assert Booking.objects.filter(status="pending").count() == 2
