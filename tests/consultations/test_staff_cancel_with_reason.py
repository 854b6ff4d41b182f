"""Finding 5 of issue 13 (consultations): "stornieren" on the day sheet asks for a reason, and the reason goes
into the mail the person gets."""

from django.urls import reverse

from consultations.models import Booking
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory


def test_stornieren_asks_for_the_reason_first_and_cancels_nothing_without_it(staff_client, day, slot):
    booking = BookingFactory(slot=slot, day=day)
    url = reverse("consultations_staff:booking_cancel", args=[booking.pk])
    assert url in staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()

    page = staff_client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    assert staff_client.post(url, {"reason": "  "}).status_code == 400

    assert Booking.objects.get().status == "confirmed" and not OutgoingMail.objects.exists()


def test_the_reason_goes_into_the_cancellation_mail(staff_client, day, slot):
    booking = BookingFactory(slot=slot, day=day, email="lena@example.org", confirmed_at=day.slots.first().starts_at)
    url = reverse("consultations_staff:booking_cancel", args=[booking.pk])

    response = staff_client.post(url, {"reason": "Die Beraterin ist krank."})

    assert response.url == reverse("consultations_staff:day_sheet", args=[day.pk])
    assert Booking.objects.get().status == "cancelled"
    mail = OutgoingMail.objects.get(category="consultation-cancelled")
    assert mail.to == ["lena@example.org"] and "Der Grund: Die Beraterin ist krank." in mail.body
