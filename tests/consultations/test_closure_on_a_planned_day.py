"""Finding 3 of issue 13: a closure entered on a planned consultation day takes the day off the public pages,
offers staff to cancel or move it, and cancelling tells everyone booked."""

import pytest
from django.urls import reverse

from consultations import services
from consultations.services import SlotNotBookable, book
from ihk_office.models import OutgoingMail

CLOSURE = {"start_date": "2026-12-03", "end_date": "2026-12-03", "reason": "Betriebsausflug"}


@pytest.fixture
def booked(slot):
    booking = book(slot, name="Lena", email="lena@example.org", role="pupil", topic="career")
    services.confirm(booking=booking)
    return booking


def test_entering_the_closure_leads_staff_to_the_day_with_what_to_do(staff_client, day, booked):
    response = staff_client.post(reverse("closure_create"), CLOSURE, follow=True)

    assert response.redirect_chain[-1][0] == reverse("consultations_staff:day_sheet", args=[day.pk])
    html = response.content.decode()
    assert "Am 3. Dezember 2026 ist ein Sprechtag geplant (1 Buchungen)" in html
    assert reverse("consultations_staff:day_cancel", args=[day.pk]) in html


def test_a_closure_elsewhere_leads_back_to_the_opening_hours(staff_client, day):
    response = staff_client.post(reverse("closure_create"), {**CLOSURE, "start_date": "2026-12-04",
                                                             "end_date": "2026-12-04"})
    assert response.url == reverse("office_hours")


def test_the_home_page_never_says_closed_and_book_for_the_same_day(client, staff_client, day, booked):
    assert "Nächster Termin: Donnerstag, 3. Dezember 2026" in client.get("/").content.decode()

    staff_client.post(reverse("closure_create"), CLOSURE)

    home = client.get("/").content.decode()
    assert "Betriebsausflug" in home and "3. Dezember 2026" in home
    assert "Nächster Termin: Donnerstag, 3. Dezember 2026" not in home
    assert reverse("consultations:day", args=[day.pk]) not in client.get("/sprechtag/").content.decode()


def test_nobody_can_book_a_closed_day_by_its_links(staff_client, day, slot, booked):
    staff_client.post(reverse("closure_create"), CLOSURE)
    later = day.slots.order_by("-starts_at").first()
    with pytest.raises(SlotNotBookable):
        book(later, name="Tom", email="tom@example.org")
    with pytest.raises(SlotNotBookable):
        book(later, name="Herr Yılmaz", phone="0171 1", source="phone")


def test_cancelling_the_closed_day_tells_everyone_booked(staff_client, day, booked):
    staff_client.post(reverse("closure_create"), CLOSURE)
    staff_client.post(reverse("consultations_staff:day_cancel", args=[day.pk]))

    mail = OutgoingMail.objects.get(category="consultation-day-cancelled")
    assert mail.to == ["lena@example.org"] and "METHOD:CANCEL" in mail.attachments[0]["content"]
