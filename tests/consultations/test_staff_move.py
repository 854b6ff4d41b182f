"""Finding 5 of issue 13 (consultations): staff move a booking to another free slot, the same day or another one.
The person is told by a mail (read with Python's `email` package) whose calendar (read with vobject) keeps the
UID with a higher SEQUENCE; both days' sheets show the move; the booking keeps its row and its history."""

from datetime import date
from email import message_from_bytes, policy

import pytest
import vobject
from django.core import mail
from django.urls import reverse

from consultations import services
from consultations.models import Booking, BookingMove
from consultations.services import book
from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory


@pytest.fixture
def later_day(office, day):
    """Thursday 10 December 2026, eight slots from 13:00."""
    return ConsultationDayFactory(office=office, date=date(2026, 12, 10))


@pytest.fixture
def lena(slot):
    booking = book(slot, name="Lena Berger", email="lena@example.org", role="pupil", topic="career")
    services.confirm(booking=booking)
    return Booking.objects.get(pk=booking.pk)


def move_url(booking) -> str:
    return reverse("consultations_staff:booking_move", args=[booking.pk])


def sheet(client, day) -> str:
    return client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()


def slot_at(day, hhmm: str):
    return next(slot for slot in day.slots.all() if f"{slot.starts_at.astimezone(day.office.tz):%H:%M}" == hhmm)


def delivered(category: str):
    """The mail of `category` as the person's mail program receives it, and the calendar in it."""
    queued = OutgoingMail.objects.filter(category=category).latest("pk")
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    message = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return message, vobject.readOne(part.get_content())


@pytest.mark.parametrize("persona", ["client", "member_a_client", "member_b_client"])
def test_only_staff_reach_the_move_pages(request, persona, day, lena):
    visitor = request.getfixturevalue(persona)
    target = slot_at(day, "14:00")
    for url in (move_url(lena), reverse("consultations_staff:day_move", args=[day.pk])):
        response = visitor.get(url)
        if persona == "client":
            assert response.status_code == 302 and "/konto/login/" in response.url, url
        else:
            assert response.status_code == 403, url
    visitor.post(move_url(lena), {"slot": target.pk})
    visitor.post(reverse("consultations_staff:day_move", args=[day.pk]), {"date": "2026-12-10"})
    assert Booking.objects.get().slot_id == lena.slot_id and not BookingMove.objects.exists()


def test_the_day_sheet_row_leads_to_the_move_page_which_lists_only_free_slots(staff_client, day, later_day, lena):
    BookingFactory(slot=slot_at(later_day, "13:00"), day=later_day, name="Tom Voll", source="phone", email="")

    assert move_url(lena) in sheet(staff_client, day)
    page = staff_client.get(move_url(lena))

    assert page.status_code == 200
    html = page.content.decode()
    options = {(o.parent_label, o.time, o.pk) for o in _options(html)}
    free_later = {slot.pk for slot in later_day.slots.all()} - {slot_at(later_day, "13:00").pk}
    free_today = {slot.pk for slot in day.slots.all()} - {lena.slot_id}
    assert {pk for *_rest, pk in options} == free_later | free_today  # neither her own slot nor a full one
    assert ("Donnerstag, 10. Dezember 2026", "10.12.2026, 13:30 Uhr", slot_at(later_day, "13:30").pk) in options


def _options(html: str):
    """The <option>s of the slot field with their <optgroup> label (the day)."""
    import re
    from types import SimpleNamespace

    found = []
    for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S):
        for pk, text in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', body):
            found.append(SimpleNamespace(parent_label=label, time=text.strip(), pk=int(pk)))
    return found


def test_moving_to_another_day_mails_the_new_calendar_with_a_higher_sequence_and_both_sheets_show_it(
        staff_client, staff_user, day, later_day, lena):
    target = slot_at(later_day, "14:00")
    created_at, first_sequence = lena.created_at, lena.calendar_sequence

    response = staff_client.post(move_url(lena), {"slot": target.pk, "reason": "Die Beraterin ist krank."},
                                 follow=True)

    assert response.redirect_chain[-1][0] == (reverse("consultations_staff:day_sheet", args=[later_day.pk])
                                             + f"#booking-{lena.pk}")
    assert "Lena Berger ist jetzt am Donnerstag, 10. Dezember 2026 um 14:00 Uhr eingetragen." in (
        response.content.decode())
    _confirmation, first = delivered("consultation-confirmed")
    message, moved = delivered("consultation-moved")
    assert message["To"] == "lena@example.org"
    body = message.get_body(("plain",)).get_content()
    assert "Ihr Termin am Donnerstag, 3. Dezember 2026 um 13:00 Uhr wurde verlegt." in body
    assert "Der Grund: Die Beraterin ist krank." in body and "Donnerstag, 10. Dezember 2026 um 14:00 Uhr" in body
    assert moved.vevent.uid.value == first.vevent.uid.value
    assert int(moved.vevent.sequence.value) > int(first.vevent.sequence.value) >= first_sequence
    assert moved.vevent.dtstart.value == target.starts_at

    # The same booking, moved: its row, its details and when it was made are kept; the move is on record.
    booking = Booking.objects.get()
    assert (booking.pk, booking.slot_id, booking.day_id, booking.created_at) == (lena.pk, target.pk, later_day.pk,
                                                                                 created_at)
    move = BookingMove.objects.get()
    assert (move.from_day_id, move.from_starts_at, move.to_starts_at, move.moved_by) == (
        day.pk, lena.slot.starts_at, target.starts_at, staff_user)

    old_sheet, new_sheet = sheet(staff_client, day), sheet(staff_client, later_day)
    assert "Lena Berger – " in old_sheet and "verlegt auf den 10.12.2026, 14:00 Uhr" in old_sheet
    assert "verlegt vom 03.12.2026, 13:00 Uhr" in new_sheet and "Lena Berger" in new_sheet


def test_moving_within_the_day_shows_the_old_and_the_new_time_on_its_sheet(staff_client, day, lena):
    staff_client.post(move_url(lena), {"slot": slot_at(day, "15:30").pk})

    html = sheet(staff_client, day)
    assert "verlegt auf 15:30 Uhr" in html and "verlegt von 13:00 Uhr" in html
    assert OutgoingMail.objects.filter(category="consultation-moved").count() == 1


def test_a_slot_taken_meanwhile_is_refused_with_a_clear_message(staff_client, day, later_day, lena):
    target = slot_at(later_day, "14:00")
    book(target, name="Herr Yılmaz", phone="0171 1", source="phone")  # while the form was open

    response = staff_client.post(move_url(lena), {"slot": target.pk})

    assert response.status_code == 400
    assert "Dieser Termin ist inzwischen belegt. Bitte wählen Sie einen anderen." in response.content.decode()
    assert Booking.objects.get(pk=lena.pk).slot_id == lena.slot_id
    with pytest.raises(services.SlotFull):  # and the service, which locks before it counts, says the same
        services.move(booking=lena, to_slot=target)


def test_a_person_booked_on_the_target_day_already_is_named_and_stays(staff_client, day, later_day, lena):
    BookingFactory(slot=slot_at(later_day, "16:00"), day=later_day, email="lena@example.org", name="Lena Berger")

    response = staff_client.post(move_url(lena), {"slot": slot_at(later_day, "14:00").pk})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Lena Berger (lena@example.org) hat am 10. Dezember 2026 schon einen Termin." in html
    assert Booking.objects.get(pk=lena.pk).slot_id == lena.slot_id and not BookingMove.objects.exists()


def test_staff_may_move_into_a_place_held_back_for_phone_bookings(staff_client, office, day, lena):
    held = ConsultationDayFactory(office=office, date=date(2026, 12, 17), slots=2, held_back_places=2)
    target = held.slots.first()
    with pytest.raises(services.SlotFull):  # the person herself could not take it online
        services.move(booking=lena, to_slot=target)

    assert staff_client.post(move_url(lena), {"slot": target.pk}).status_code == 302
    assert Booking.objects.get(pk=lena.pk).slot_id == target.pk


def test_a_booking_without_an_address_is_moved_and_staff_are_asked_to_phone(staff_client, day, slot):
    booking = book(slot, name="Herr Yılmaz", phone="0171 2345", source="phone")

    response = staff_client.post(move_url(booking), {"slot": slot_at(day, "14:00").pk}, follow=True)

    assert "Bitte sagen Sie die neue Zeit telefonisch durch: 0171 2345." in response.content.decode()
    assert not OutgoingMail.objects.filter(category="consultation-moved").exists()


def test_a_cancelled_booking_cannot_be_moved(staff_client, day, lena):
    services.cancel(booking=lena)

    response = staff_client.get(move_url(lena), follow=True)

    assert "Diese Buchung kann nicht mehr verlegt werden" in response.content.decode()
    assert move_url(lena) not in sheet(staff_client, day)


def test_moving_back_and_forth_sends_a_mail_for_every_move(day, lena):
    for hhmm in ("14:00", "13:00", "14:00"):
        services.move(booking=lena, to_slot=slot_at(day, hhmm))

    assert OutgoingMail.objects.filter(category="consultation-moved").count() == 3
