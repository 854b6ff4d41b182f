"""Finding 3 of issue 13: a closure entered on a planned consultation day takes the day off the public pages,
offers staff to cancel or move it, and cancelling or moving tells everyone booked. Mails are read with Python's
`email` package, their calendars with vobject."""

from datetime import date
from email import message_from_bytes, policy

import pytest
import vobject
from django.core import mail
from django.urls import reverse

from consultations import services, tokens
from consultations.models import Booking, BookingMove, ConsultationDay, WaitlistEntry
from consultations.services import SlotNotBookable, book
from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory

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
    assert reverse("consultations_staff:day_move", args=[day.pk]) in html


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


def local(moment, day) -> str:
    return f"{moment.astimezone(day.office.tz):%H:%M}"


def delivered(queued):
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    message = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return message, vobject.readOne(part.get_content())


def test_moving_the_closed_day_moves_every_booking_to_the_same_time_and_tells_each_person(
        staff_client, staff_user, office, day, booked):
    ConsultationDay.objects.filter(pk=day.pk).update(rule_date=day.date)
    slots = list(day.slots.order_by("starts_at"))
    phoned = book(slots[3], name="Herr Yılmaz", phone="0171 1", source="phone")  # 14:30, no address
    held = book(slots[5], name="Mia", email="mia@example.org")  # 15:30, waiting for her link
    waiting = WaitlistEntry.objects.create(day=day, name="Ben", email="ben@example.org", status="waiting")
    staff_client.post(reverse("closure_create"), CLOSURE)
    url = reverse("consultations_staff:day_move", args=[day.pk])
    page = staff_client.get(url).content.decode()
    assert "An diesem Tag ist das Büro geschlossen: Betriebsausflug." in page and "Alle 3 Buchungen" in page
    assert 'type="date"' in page and "\nBetriebsausflug</textarea>" in page  # the closure's reason, to edit

    response = staff_client.post(url, {"date": "2026-12-10", "reason": "Betriebsausflug des Büros"}, follow=True)

    new_day = ConsultationDay.objects.get(date=date(2026, 12, 10))
    assert response.redirect_chain[-1][0] == reverse("consultations_staff:day_sheet", args=[new_day.pk])
    assert "3 Buchungen sind auf den 10. Dezember 2026 verlegt" in response.content.decode()
    # The new day is planned like the old one and stands for its month; the old one is off.
    assert [local(s.starts_at, day) for s in new_day.slots.order_by("starts_at")] == [
        local(s.starts_at, day) for s in slots]
    assert new_day.rule_date == date(2026, 12, 3) and new_day.status == "open"
    day.refresh_from_db()
    assert day.is_cancelled and day.rule_date is None
    assert services.plan_preview(office=office, start=date(2026, 11, 26), months=1)[0].action == "exists"
    # Every booking sits at its old time on the new day, as the same booking, the move on record.
    for booking, slot in ((booked, slots[0]), (phoned, slots[3]), (held, slots[5])):
        now = Booking.objects.select_related("slot").get(pk=booking.pk)
        assert now.day_id == new_day.pk and local(now.slot.starts_at, day) == local(slot.starts_at, day)
        assert BookingMove.objects.get(booking=booking).moved_by == staff_user
    assert WaitlistEntry.objects.get(pk=waiting.pk).day_id == new_day.pk

    # Lena (confirmed) is told with the new calendar entry and the link to cancel; the others have no entry yet.
    [moved_mail] = OutgoingMail.objects.filter(category="consultation-moved")
    message, calendar = delivered(moved_mail)
    first = vobject.readOne(OutgoingMail.objects.get(category="consultation-confirmed").attachments[0]["content"])
    assert message["To"] == "lena@example.org"
    assert calendar.vevent.uid.value == first.vevent.uid.value
    assert int(calendar.vevent.sequence.value) > int(first.vevent.sequence.value)
    assert calendar.vevent.dtstart.value == new_day.slots.order_by("starts_at").first().starts_at
    body = message.get_body(("plain",)).get_content()
    assert "Der Grund: Betriebsausflug des Büros" in body and "Donnerstag, 10. Dezember 2026 um 13:00 Uhr" in body
    manage = reverse("consultations:manage", args=[tokens.manage_token(booked.pk)])
    assert manage in body
    assert "absagen" in staff_client.get(manage).content.decode()  # the link leads to the cancel button


def test_a_person_booked_on_the_new_date_already_is_named_and_stays_on_the_old_day(staff_client, office, day, booked):
    later = ConsultationDayFactory(office=office, date=date(2026, 12, 10))
    BookingFactory(slot=later.slots.order_by("-starts_at").first(), day=later, email="lena@example.org",
                   name="Lena")
    tom = book(day.slots.order_by("starts_at")[2], name="Tom", phone="0171", source="phone")
    staff_client.post(reverse("closure_create"), CLOSURE)

    response = staff_client.post(reverse("consultations_staff:day_move", args=[day.pk]), {"date": "2026-12-10"},
                                 follow=True)

    assert response.redirect_chain[-1][0] == reverse("consultations_staff:day_sheet", args=[day.pk])
    html = response.content.decode()
    assert "1 Buchungen sind auf den 10. Dezember 2026 verlegt" in html
    assert "Nicht verlegt: 13:00 Uhr Lena – lena@example.org hat am neuen Tag schon einen Termin." in html
    assert Booking.objects.get(pk=booked.pk).day_id == day.pk and Booking.objects.get(pk=tom.pk).day_id == later.pk
    day.refresh_from_db()
    assert not day.is_cancelled  # Lena still has her place there until staff move or cancel her
    assert ConsultationDay.objects.count() == 2  # the existing day on the new date was used


@pytest.mark.parametrize(("value", "message"), [
    ("2026-11-20", "Bitte wählen Sie einen Tag ab morgen."),
    ("2026-12-03", "Das ist der bisherige Tag."),
    ("2026-12-25", "An diesem Tag ist das Büro geschlossen: Erster Weihnachtstag"),
])
def test_the_new_date_must_be_ahead_and_a_day_the_office_is_open(staff_client, day, booked, value, message):
    response = staff_client.post(reverse("consultations_staff:day_move", args=[day.pk]), {"date": value})

    assert response.status_code == 400 and message in response.content.decode()
    assert ConsultationDay.objects.count() == 1 and not BookingMove.objects.exists()
