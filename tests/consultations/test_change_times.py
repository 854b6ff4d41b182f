"""Finding 5 of issue 13 (consultations): "Zeiten ändern" on a day with bookings in the way names them (time and
name) and says so once."""

from django.urls import reverse

from consultations.services import book

FORM = {"starts_at": "13:00", "ends_at": "15:00", "slot_minutes": "30", "capacity": "1", "held_back_places": "0",
        "release_days_before": "3"}


def test_the_refusal_names_each_booking_in_the_way_once(staff_client, day):
    slots = list(day.slots.order_by("starts_at"))
    book(slots[-1], name="Lena Berger", email="lena@example.org")  # 16:30, held for her link
    book(slots[5], name="Herr Yılmaz", phone="0171 1", source="phone")  # 15:30
    book(slots[0], name="Tom Bleibt", phone="0171 2", source="phone")  # 13:00 stays

    response = staff_client.post(reverse("consultations_staff:day_edit", args=[day.pk]), FORM)

    assert response.status_code == 400
    html = response.content.decode()
    message = "Diese Buchungen liegen auf Zeiten, die wegfallen würden: 15:30 Herr Yılmaz, 16:30 Lena Berger."
    assert html.count(message) == 1
    assert "Tom Bleibt" not in html
    assert day.slots.count() == 8


def test_a_smaller_capacity_names_the_time_that_has_more_bookings(staff_client, office, frozen):
    from datetime import date

    from ..factories import ConsultationDayFactory

    day = ConsultationDayFactory(office=office, date=date(2026, 12, 10), slots__capacity=2)
    first = day.slots.order_by("starts_at").first()
    for name in ("A", "B"):
        book(first, name=name, phone="0171", source="phone")

    response = staff_client.post(reverse("consultations_staff:day_edit", args=[day.pk]),
                                 {**FORM, "ends_at": "17:00"})

    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Der Termin um 13:00 Uhr hat schon 2 Buchungen, mehr als die neue Platzzahl.") == 1
