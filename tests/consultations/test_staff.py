"""Staff pages: access per persona, phone booking, day sheet, CSV, marks, day cancel, planning, statistics."""

import pytest
from django.urls import reverse

from consultations.models import Booking, ConsultationDay, WaitlistEntry
from consultations.services import book
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory


def staff_urls(day, booking):
    return [
        ("get", reverse("consultations_staff:overview")),
        ("get", reverse("consultations_staff:stats")),
        ("get", reverse("consultations_staff:day_create")),
        ("get", reverse("consultations_staff:day_sheet", args=[day.pk])),
        ("get", reverse("consultations_staff:day_edit", args=[day.pk])),
        ("get", reverse("consultations_staff:phone_booking", args=[day.pk])),
        ("get", reverse("consultations_staff:day_csv", args=[day.pk])),
        ("post", reverse("consultations_staff:plan")),
        ("post", reverse("consultations_staff:day_cancel", args=[day.pk])),
        ("post", reverse("consultations_staff:booking_mark", args=[booking.pk])),
        ("post", reverse("consultations_staff:booking_cancel", args=[booking.pk])),
    ]


# The logged-in people without the staff role: somebody with no role at all, and a member of a committee.
@pytest.mark.parametrize("persona", ["plain_user", "member_a"])
def test_anonymous_visitors_are_sent_to_the_login_and_others_get_403(request, client, persona, day, slot):
    not_staff = request.getfixturevalue(persona)
    booking = BookingFactory(slot=slot, day=day)
    for method, url in staff_urls(day, booking):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/konto/login/" in response.url, url
    client.force_login(not_staff)
    for method, url in staff_urls(day, booking):
        assert getattr(client, method)(url).status_code == 403, url
    assert Booking.objects.get().status == "confirmed"
    assert not ConsultationDay.objects.get().is_cancelled


def test_staff_see_every_page(staff_client, day, slot):
    BookingFactory(slot=slot, day=day)
    for _method, url in staff_urls(day, BookingFactory(slot=day.slots.last(), day=day))[:7]:
        assert staff_client.get(url).status_code == 200, url


def test_a_phone_booking_needs_only_name_and_phone_and_records_the_staff_member(staff_client, staff_user, day, slot):
    response = staff_client.post(reverse("consultations_staff:phone_booking", args=[day.pk]),
                                 {"slot": slot.pk, "name": "Frau Schulz", "phone": "02324 55555", "role": "parent",
                                  "topic": "finding"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == "confirmed" and booking.source == "phone" and booking.entered_by == staff_user
    response = staff_client.post(reverse("consultations_staff:phone_booking", args=[day.pk]),
                                 {"slot": slot.pk, "name": "Noch jemand", "phone": "1", "role": "parent",
                                  "topic": "finding"})
    assert response.status_code == 400 and "Dieser Termin ist leider schon vergeben" in response.content.decode()


def test_the_day_sheet_lists_time_name_role_topic_question_and_contact(staff_client, day, slot, frozen):
    book(slot, name="Frau Schulz", phone="02324 55555", source="phone", role="parent", topic="contract",
         question="Kündigung in der Probezeit?")
    frozen.move_to(day.slots.order_by("starts_at").first().starts_at)  # the marks are offered on the day
    html = staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
    for text in ("13:00", "Frau Schulz", "Mutter / Vater", "Fragen zum Ausbildungsvertrag",
                 "Kündigung in der Probezeit?", "02324 55555", "erschienen", "stornieren"):
        assert text in html, text


def test_the_day_sheet_lists_slots_in_order_with_free_ones_and_the_waitlist(staff_client, day):
    first, second = day.slots.order_by("starts_at")[:2]
    book(second, name="Herr Brandt", phone="0171 1", source="phone")
    WaitlistEntry.objects.create(day=day, name="Tom Wartend", email="tom@example.org", status="waiting")
    WaitlistEntry.objects.create(day=day, name="Ute Unbestätigt", email="ute@example.org")
    html = staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
    assert html.index("13:00") < html.index("frei") < html.index("13:30") < html.index("Herr Brandt")
    assert "Tom Wartend (tom@example.org)" in html
    assert "Ute Unbestätigt" not in html  # not confirmed: not on the list yet


def test_the_day_sheet_of_a_day_without_slots_shows_the_day_and_an_unknown_day_is_404(staff_client, office):
    day = ConsultationDayFactory(office=office, slots=0)
    html = staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
    assert "Ausbildungssprechtag am" in html
    assert staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk + 1])).status_code == 404


def test_marking_attended_and_no_show(staff_client, day, slot, frozen):
    frozen.move_to(slot.starts_at)  # attendance is marked on the day itself
    booking = BookingFactory(slot=slot, day=day)
    staff_client.post(reverse("consultations_staff:booking_mark", args=[booking.pk]), {"status": "no_show"})
    assert Booking.objects.get().status == "no_show"
    staff_client.post(reverse("consultations_staff:booking_mark", args=[booking.pk]), {"status": "bogus"})
    assert Booking.objects.get().status == "no_show"


def test_the_csv_export_of_a_day(staff_client, day, slot):
    BookingFactory(slot=slot, day=day, name="=HYPERLINK(1)", question="Frage; mit Semikolon")
    response = staff_client.get(reverse("consultations_staff:day_csv", args=[day.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Uhrzeit;Name;")
    assert "'=HYPERLINK(1)" in text  # no formula injection
    assert '"Frage; mit Semikolon"' in text


def test_cancelling_a_day_mails_the_booked(staff_client, day, slot):
    BookingFactory(slot=slot, day=day, email="a@example.org")
    staff_client.post(reverse("consultations_staff:day_cancel", args=[day.pk]))
    assert ConsultationDay.objects.get().is_cancelled
    assert OutgoingMail.objects.get(category="consultation-day-cancelled").to == ["a@example.org"]


def test_the_overview_explains_moved_days_and_the_plan_button_creates_them(staff_client, office):
    import time_machine

    from .conftest import BERLIN

    with time_machine.travel(__import__("datetime").datetime(2025, 12, 10, 9, tzinfo=BERLIN), tick=False):
        html = staff_client.get(reverse("consultations_staff:overview")).content.decode()
        assert "verschoben vom 01.01.2026 (Neujahr)" in html
        assert "verschoben vom 04.06.2026 (Fronleichnam)" in html
        staff_client.post(reverse("consultations_staff:plan"))
    assert ConsultationDay.objects.count() == 12


def test_an_extra_day_with_its_own_times(staff_client, office, frozen):
    response = staff_client.post(reverse("consultations_staff:day_create"), {
        "date": "2026-12-15", "starts_at": "14:00", "ends_at": "16:00", "slot_minutes": "20", "capacity": "2",
        "held_back_places": "1", "release_days_before": "2"})
    assert response.status_code == 302
    day = ConsultationDay.objects.get()
    assert day.is_extra and day.slots.count() == 6 and day.held_back_places == 1
    response = staff_client.post(reverse("consultations_staff:day_create"), {
        "date": "2026-12-25", "starts_at": "14:00", "ends_at": "16:00", "slot_minutes": "20", "capacity": "2",
        "held_back_places": "0", "release_days_before": "2"})
    assert response.status_code == 400 and "Weihnachtstag" in response.content.decode()


@pytest.mark.usefixtures("frozen")
def test_statistics_count_bookings_topics_who_came_and_no_shows(staff_client, day):
    slots = list(day.slots.order_by("starts_at"))
    BookingFactory(slot=slots[0], day=day, status="attended", role="pupil", topic="career")
    BookingFactory(slot=slots[1], day=day, status="attended", role="parent", topic="career")
    BookingFactory(slot=slots[2], day=day, status="no_show", role="pupil", topic="contract")
    BookingFactory(slot=slots[3], day=day, status="cancelled")
    html = staff_client.get(reverse("consultations_staff:stats")).content.decode()
    assert "1 von 3 (33 %)" in html
    assert "Berufswahl" in html and "Schülerin / Schüler" in html


def test_changing_a_days_times_over_http_and_refusing_to_drop_booked_slots(staff_client, day):
    url = reverse("consultations_staff:day_edit", args=[day.pk])
    form = {"starts_at": "13:00", "ends_at": "15:00", "slot_minutes": "30", "capacity": "1",
            "held_back_places": "0", "release_days_before": "3"}
    assert 'value="17:00"' in staff_client.get(url).content.decode()
    BookingFactory(slot=day.slots.order_by("starts_at").last(), day=day)  # 16:30 is booked
    response = staff_client.post(url, form)
    assert response.status_code == 400 and "wegfallen würden: 16:30" in response.content.decode()
    assert day.slots.count() == 8
    response = staff_client.post(url, {**form, "ends_at": "18:00", "capacity": "2"})
    assert response.status_code == 302
    assert day.slots.count() == 10


def test_held_back_places_show_as_booked_out_online_but_staff_can_still_book_them(client, staff_client, office,
                                                                                   frozen):
    from datetime import date

    from ..factories import ConsultationDayFactory

    day = ConsultationDayFactory(office=office, date=date(2026, 12, 17), slots=2, held_back_places=1)
    BookingFactory(slot=day.slots.first(), day=day)
    assert "ausgebucht" in client.get(reverse("consultations:days")).content.decode()
    last = day.slots.last()
    response = staff_client.post(reverse("consultations_staff:phone_booking", args=[day.pk]),
                                 {"slot": last.pk, "name": "Anrufer", "phone": "0171", "role": "parent",
                                  "topic": "career"})
    assert response.status_code == 302


def test_a_phone_booking_for_an_english_speaker_gets_english_mails_and_is_marked_on_the_day_sheet(
    staff_client, day, slot
):
    from ihk_office.models import OutgoingMail

    response = staff_client.post(reverse("consultations_staff:phone_booking", args=[day.pk]),
                                 {"slot": slot.pk, "name": "Mr Jones", "phone": "1", "email": "jones@example.org",
                                  "role": "parent", "topic": "finding", "language": "en"})
    assert response.status_code == 302
    assert Booking.objects.get().language == "en"
    assert OutgoingMail.objects.get(category="consultation-confirmed").subject.startswith("Your appointment")
    html = staff_client.get(reverse("consultations_staff:day_sheet", args=[day.pk])).content.decode()
    assert '<span class="badge text-bg-light">Englisch</span>' in html
