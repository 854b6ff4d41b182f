"""Finding 5 of issue 13 (consultations): attendance is marked only on the consultation day itself."""

from datetime import timedelta

from django.urls import reverse

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
