"""Finding 5 of issue 13 (consultations): attendance is marked only on the consultation day itself."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from consultations.models import Booking

from ..factories import BookingFactory


def mark(staff_client, booking, status="attended"):
    return staff_client.post(reverse("consultations_staff:booking_mark", args=[booking.pk]), {"status": status},
                             follow=True)


def sheet(staff_client, day) -> str:
    return staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()


def test_attendance_cannot_be_marked_before_the_day(staff_client, day, slot):
    booking = BookingFactory(slot=slot, day=day)

    assert 'value="attended"' not in sheet(staff_client, day)
    response = mark(staff_client, booking)

    assert "Anwesenheit lässt sich nur am Sprechtag selbst eintragen." in response.content.decode()
    assert Booking.objects.get().status == "confirmed"


def test_attendance_is_marked_on_the_day(staff_client, day, slot, frozen):
    booking = BookingFactory(slot=slot, day=day)
    frozen.move_to(slot.starts_at + timedelta(minutes=5))

    assert 'value="attended"' in sheet(staff_client, day)
    mark(staff_client, booking)

    assert Booking.objects.get().status == "attended"


def test_attendance_cannot_be_marked_the_day_after(staff_client, day, slot, frozen):
    booking = BookingFactory(slot=slot, day=day)
    frozen.move_to(slot.starts_at + timedelta(days=1))

    mark(staff_client, booking, "no_show")

    assert Booking.objects.get().status == "confirmed"


def test_the_sheet_shows_who_entered_a_booking_its_placement_its_hold_and_the_waitlist(staff_client, day, frozen):
    """What the sheet's written-out reads carry (consultations.selectors.day_sheet): each booking at its time with
    who entered it by phone, its placement (company, occupation, start year), a hold still running; not a lapsed
    hold nor an expired booking; the waitlist with each entry's status."""
    from companies.models import TrainingOccupation, TrainingPlace
    from consultations.models import WaitlistEntry

    from ..factories import CompanyFactory, StaffFactory

    slots = list(day.slots.order_by("starts_at"))
    now = timezone.now()
    phoned = BookingFactory(slot=slots[0], day=day, source="phone", name="Anna Telefon",
                            entered_by=StaffFactory(username="kollegin", first_name="Petra"))
    BookingFactory(slot=slots[1], day=day, source="phone", name="Ben Ohnename",
                   entered_by=StaffFactory(username="kollege", first_name=""))
    occupation = TrainingOccupation.objects.order_by("pk").first()
    place = TrainingPlace.objects.create(company=CompanyFactory(name="Modehaus Berger"), occupation=occupation,
                                         start_year=2027, places=2, filled=1)
    placed = BookingFactory(slot=slots[2], day=day, name="Clara Vermittelt", placed_with=place, placed_at=now)
    held = BookingFactory(slot=slots[3], day=day, name="Dora Reserviert", status="pending",
                          hold_expires_at=now + timedelta(minutes=20))
    BookingFactory(slot=slots[4], day=day, name="Emil Verfallen", status="pending",
                   hold_expires_at=now - timedelta(minutes=1))
    BookingFactory(slot=slots[5], day=day, name="Frida Abgelaufen", status="expired")
    WaitlistEntry.objects.create(day=day, name="Gerd Wartend", email="gerd@example.org", status="waiting")
    WaitlistEntry.objects.create(day=day, name="Hanna Abgemeldet", email="hanna@example.org", status="cancelled")

    html = sheet(staff_client, day)

    assert re.search(rf'<tr id="booking-{phoned.pk}">\s*<th scope="row">13:00</th>', html)
    assert "Anna Telefon" in html and "telefonisch (Petra)" in html
    assert "Ben Ohnename" in html and "telefonisch (kollege)" in html
    assert re.search(rf'<tr id="booking-{placed.pk}">\s*<th scope="row">14:00</th>', html)
    assert f"vermittelt an Modehaus Berger</strong><br><span class=\"small\">{occupation.name}, Beginn 2027" in html
    assert f"booking-{held.pk}" in html and "nur reserviert bis 10:20 Uhr" in html
    assert "Emil Verfallen" not in html and "Frida Abgelaufen" not in html
    assert "<li>Gerd Wartend (gerd@example.org) – wartet</li>" in html and "Hanna Abgemeldet" not in html
    assert html.count("frei</td>") == 4  # 15:00, 15:30 (nothing left there), 16:00, 16:30
