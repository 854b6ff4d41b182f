"""Finding 5 of issue 13 (consultations): the phone-booking form lists only times with a place left."""

from django.urls import reverse

from consultations.services import book


def test_the_phone_booking_form_lists_only_free_times(staff_client, day):
    first, second = day.slots.order_by("starts_at")[:2]
    book(first, name="Frau Schulz", phone="02324 1", source="phone")  # one place: now taken
    book(second, name="Tom", email="tom@example.org")  # an unconfirmed hold takes the place too

    html = staff_client.get(reverse("consultations_staff:phone_booking", args=[day.pk])).content.decode()

    assert f'value="{first.pk}"' not in html and f'value="{second.pk}"' not in html
    assert all(f'value="{slot.pk}"' in html for slot in day.slots.order_by("starts_at")[2:])
    response = staff_client.post(reverse("consultations_staff:phone_booking", args=[day.pk]),
                                 {"slot": first.pk, "name": "Herr Brandt", "phone": "0171 2", "role": "parent",
                                  "topic": "career"})
    assert response.status_code == 400 and "Dieser Termin ist leider schon vergeben." in response.content.decode()
