"""Every consultation page is built afresh: a write shows on the very next request to every page that shows it,
and the pages work for every reader (each with their own CSRF token)."""

import re
from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from consultations import services, tokens
from consultations.models import Booking

from ..csrf import first_token, staff_browser
from ..factories import ConsultationDayFactory, OfficeFactory, StaffFactory

DAYS = reverse("consultations:days")


def free_on_day_list(client) -> str:
    return re.search(r"noch \d+ Pl\w+ frei", client.get(DAYS).content.decode()).group(0)


def next_day_on_home(client) -> str:
    return re.search(r"Nächster Termin: [^<]*", client.get("/").content.decode()).group(0)


def free_alternatives(client, taken_slot) -> list[int]:
    """The slots the booking form of a taken slot offers instead (the booking form's free slots)."""
    html = client.get(reverse("consultations:book", args=[taken_slot.pk])).content.decode()
    assert "Dieser Termin ist leider schon vergeben." in html
    return [int(pk) for pk in re.findall(r'name="slot" value="(\d+)" id="alt-', html)]


def sheet_row(client, booking) -> str:
    html = client.get(reverse("consultations_staff:day_sheet", args=[booking.day_id])).content.decode()
    return re.search(rf'<tr id="booking-{booking.pk}".*?</tr>', html, re.S).group(0)


def status_on_sheet(client, booking) -> str:
    """The status line under the name on the day sheet (not the button labels)."""
    return re.search(r'<br><span class="small">(.*?)</span></td>', sheet_row(client, booking), re.S).group(1)


def test_a_hold_and_its_confirmation_show_on_the_next_request_of_every_page(staff_client, day):
    client = Client()  # the public, apart from the staff's own client
    first, second = day.slots.order_by("starts_at")[:2]
    services.book(first, name="Mia Sommer", phone="1", source="phone")  # the first slot is full
    assert free_on_day_list(client) == "noch 7 Plätze frei"
    assert second.pk in free_alternatives(client, first)
    booking = services.book(second, name="Lena Hoffmann", email="lena@example.org")  # a hold
    assert free_on_day_list(client) == "noch 6 Plätze frei"
    assert next_day_on_home(client).endswith("noch 6 Plätze frei.")
    assert second.pk not in free_alternatives(client, first)
    assert "nur reserviert bis 12:00 Uhr" in status_on_sheet(staff_client, booking)
    assert services.confirm(booking=booking)
    status = status_on_sheet(staff_client, booking)
    assert status.startswith("bestätigt") and "reserviert" not in status
    manage = client.get(reverse("consultations:manage", args=[tokens.manage_token(booking.pk)])).content.decode()
    assert '<dd class="col-sm-9" id="booking-status">bestätigt</dd>' in manage


def test_a_cancellation_shows_on_the_next_request_of_every_page(staff_client, day):
    client = Client()  # the public, apart from the staff's own client
    first, second = day.slots.order_by("starts_at")[:2]
    services.book(first, name="Mia Sommer", phone="1", source="phone")
    booking = services.book(second, name="Tom Brandt", phone="2", source="phone")
    assert free_on_day_list(client) == "noch 6 Plätze frei"
    assert next_day_on_home(client).endswith("noch 6 Plätze frei.")
    assert second.pk not in free_alternatives(client, first)
    assert services.cancel(booking=booking)
    assert free_on_day_list(client) == "noch 7 Plätze frei"
    assert next_day_on_home(client).endswith("noch 7 Plätze frei.")
    assert second.pk in free_alternatives(client, first)
    assert "text-decoration-line-through" in sheet_row(staff_client, booking)
    assert status_on_sheet(staff_client, booking).startswith("storniert")


def test_a_staff_mark_shows_on_the_day_sheet_right_after_the_redirect(day, frozen):
    booking = services.book(day.slots.order_by("starts_at").first(), name="Mia Sommer", phone="1", source="phone")
    frozen.move_to(booking.slot.starts_at)  # attendance is marked on the day itself
    staff = staff_browser()
    assert status_on_sheet(staff, booking).startswith("bestätigt")
    token = first_token(staff.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode())
    response = staff.post(reverse("consultations_staff:booking_mark", args=[booking.pk]),
                          {"status": "attended", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # The status line itself, not the buttons "erschienen" / "nicht erschienen" every row has.
    assert status_on_sheet(staff, booking).startswith("erschienen")
    # The statistics count it too.
    stats = staff.get(reverse("consultations_staff:stats")).content.decode()
    assert re.search(r"<th scope=\"row\">03\.12\.2026</th><td>1</td><td>1</td><td>1</td><td>0</td>", stats)


def test_an_edit_in_the_admin_shows_on_the_next_request_of_every_page(admin_client, staff_client, day):
    client = Client()  # the public, apart from the staff's own client
    first, second = day.slots.order_by("starts_at")[:2]
    services.book(first, name="Mia Sommer", phone="1", source="phone")
    booking = services.book(second, name="Tom Brandt", phone="02324 1", source="phone")
    assert free_on_day_list(client) == "noch 6 Plätze frei"
    change = reverse("admin:consultations_booking_change", args=[booking.pk])
    response = admin_client.post(change, {
        "slot": second.pk, "day": day.pk, "name": "Tom Brandt", "email": "", "phone": "02324 1", "role": "other",
        "school_or_company": "", "school_year": "", "topic": "other", "question": "", "source": "phone",
        "status": "cancelled", "hold_expires_at_0": "", "hold_expires_at_1": "", "entered_by": "",
        "language": "de",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert free_on_day_list(client) == "noch 7 Plätze frei"
    assert next_day_on_home(client).endswith("noch 7 Plätze frei.")
    assert second.pk in free_alternatives(client, first)
    assert status_on_sheet(staff_client, booking).startswith("storniert")


def test_a_cancelled_day_disappears_from_the_home_page_at_once(client, day):
    assert "Nächster Termin" in client.get("/").content.decode()
    services.cancel_day(day=day)
    assert "Nächster Termin" not in client.get("/").content.decode()


def test_a_place_freed_by_time_alone_shows_at_once(client, day, frozen):
    booking = services.book(day.slots.order_by("starts_at").first(), name="Mia", email="mia@example.org")
    assert free_on_day_list(client) == "noch 7 Plätze frei"
    # The hold lapses in 10 seconds; nothing is written when it does.
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=booking.created_at + timedelta(seconds=10))
    frozen.shift(timedelta(seconds=11))
    assert free_on_day_list(client) == "noch 8 Plätze frei"


def test_the_booking_form_of_a_day_beyond_the_listed_ones_counts_its_places_itself(client, office, frozen):
    days = [ConsultationDayFactory(office=office, date=date(2026, 12, 3) + timedelta(weeks=i)) for i in range(8)]
    last = days[-1]  # not among the six days the public pages list
    first, second = last.slots.order_by("starts_at")[:2]
    services.book(first, name="Mia", email="mia@example.org")
    html = client.get(reverse("consultations:book", args=[second.pk])).content.decode()
    assert "Verbindlich anfragen" in html and "schon vergeben" not in html
    html = client.get(reverse("consultations:book", args=[first.pk])).content.decode()
    assert "Dieser Termin ist leider schon vergeben." in html


def test_an_empty_booking_form_never_shows_what_somebody_else_typed(client, day):
    slot = day.slots.order_by("starts_at").first()
    url = reverse("consultations:book", args=[slot.pk])
    response = client.post(url, {"slot": slot.pk, "name": "Lena Hoffmann", "email": "kaputt", "role": "pupil",
                                 "topic": "career"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Lena Hoffmann"' in html and 'aria-invalid="true"' in html and 'id="id_email_error"' in html
    html = Client().get(url).content.decode()
    assert "Lena Hoffmann" not in html and "kaputt" not in html and "aria-invalid" not in html
    assert 'aria-describedby="id_email_helptext"' in html


def test_the_day_sheet_shows_each_change_at_once_and_its_forms_work_for_every_reader(day):
    readers = [staff_browser(), staff_browser()]
    sheet = reverse("consultations_staff:day_sheet", args=[day.pk])
    first_slot = day.slots.order_by("starts_at").first()
    assert "Mia Sommer" not in readers[0].get(sheet).content.decode()
    booking = services.book(first_slot, name="Mia Sommer", email="mia@example.org")
    services.confirm(booking=booking)
    html = readers[1].get(sheet).content.decode()
    assert "Mia Sommer" in html
    # The second reader posts with the token of their own page.
    response = readers[1].post(reverse("consultations_staff:booking_cancel", args=[booking.pk]),
                               {"csrfmiddlewaretoken": first_token(html), "reason": "Die Beraterin ist krank."})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "text-decoration-line-through" in readers[0].get(sheet).content.decode()


def test_the_booking_form_works_for_each_visitor_with_their_own_token(day):
    from .test_public_views import FORM

    slot = day.slots.order_by("starts_at").first()
    url = reverse("consultations:book", args=[slot.pk])
    Client().get(url)  # an earlier visitor
    visitor = Client(enforce_csrf_checks=True)
    token = first_token(visitor.get(url).content.decode())
    response = visitor.post(url, {**FORM, "slot": slot.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Booking.objects.filter(slot=slot, email=FORM["email"]).exists()
    # The slot is taken now: the next visitor is told so at once and offered the other times.
    assert "Dieser Termin ist leider schon vergeben." in Client().get(url).content.decode()


def test_a_booking_form_is_refused_once_its_slot_has_begun(client, day, frozen):
    slot = day.slots.order_by("starts_at").first()
    url = reverse("consultations:book", args=[slot.pk])
    assert "Verbindlich anfragen" in client.get(url).content.decode()
    frozen.move_to(slot.starts_at)
    html = client.get(url).content.decode()
    assert "Dieser Termin kann nicht mehr gebucht werden." in html and "Verbindlich anfragen" not in html


def test_the_booking_form_and_day_sheet_of_another_office_show_that_office(office, frozen):
    witten = OfficeFactory(slug="witten", name="IHK-Regionalbüro Witten", street="Ruhrstraße 1", city="Witten")
    day = ConsultationDayFactory(office=witten, date=date(2026, 12, 3))
    slot = day.slots.order_by("starts_at").first()
    assert "Ruhrstraße 1" in Client().get(reverse("consultations:book", args=[slot.pk])).content.decode()
    staff = Client()
    staff.force_login(StaffFactory())
    assert "Ruhrstraße 1" in staff.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
