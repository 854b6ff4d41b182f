"""Edges a mutation run showed untested: moving onto a day already booked, the retention boundary, a closure
added after the office was loaded, a place freed in the last hour, a booking cancelled mid-scan."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from consultations import services, tokens
from consultations.models import Booking, ConsultationDay, WaitlistEntry
from consultations.tasks import send_due_reminders
from ihk_office import reminders
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ClosureFactory, ConsultationDayFactory
from .conftest import NOW

pytestmark = pytest.mark.usefixtures("frozen")


def test_moving_onto_a_day_where_the_address_is_already_booked_says_so_clearly(client, office):
    first_day = ConsultationDayFactory(office=office, date=date(2026, 12, 3))
    second_day = ConsultationDayFactory(office=office, date=date(2026, 12, 10))
    moving = services.book(first_day.slots.first(), name="Mia", email="mia@example.org", source="phone")
    services.book(second_day.slots.first(), name="Mia", email="mia@example.org", source="phone")
    target = second_day.slots.order_by("starts_at").last()
    response = client.post(reverse("consultations:manage_move", args=[tokens.manage_token(moving.pk)]),
                           {"slot": target.pk})
    assert response.status_code == 409
    assert "An diesem Tag haben Sie schon einen anderen Termin." in response.content.decode()
    moving.refresh_from_db()
    assert moving.day == first_day


def test_the_move_service_refuses_the_day_even_when_its_own_check_is_passed(office, monkeypatch):
    # The database's unique constraint is the last word (a booking that came in meanwhile): no IntegrityError.
    first_day = ConsultationDayFactory(office=office, date=date(2026, 12, 3))
    second_day = ConsultationDayFactory(office=office, date=date(2026, 12, 10))
    moving = services.book(first_day.slots.first(), name="Mia", email="mia@example.org", source="phone")
    services.book(second_day.slots.first(), name="Mia", email="mia@example.org", source="phone")
    monkeypatch.setattr("consultations.services.booking._expire_holds", lambda bookings, now: [])
    monkeypatch.setattr("consultations.models.BookingQuerySet.active", lambda self: self.none())
    with pytest.raises(services.AlreadyBookedThatDay):
        services.move(booking=moving, to_slot=second_day.slots.order_by("starts_at").last())


def test_anonymising_keeps_a_day_exactly_on_the_retention_boundary_and_erases_the_day_before(office, settings):
    settings.CONSULTATION_ANONYMISE_AFTER_DAYS = 90
    today = NOW.date()
    on_boundary = ConsultationDayFactory(office=office, date=today - timedelta(days=90), slots=1)
    past_it = ConsultationDayFactory(office=office, date=today - timedelta(days=91), slots=1)
    kept = BookingFactory(slot=on_boundary.slots.get(), day=on_boundary, name="Noch da", status="attended")
    erased = BookingFactory(slot=past_it.slots.get(), day=past_it, name="Weg", status="attended")
    assert services.anonymise_old_bookings() == 1
    kept.refresh_from_db()
    erased.refresh_from_db()
    assert kept.name == "Noch da" and kept.anonymised_at is None
    assert erased.name == "anonymisiert" and erased.anonymised_at is not None


def test_planning_respects_a_closure_added_after_the_office_was_loaded(office):
    assert office.closed_reason(date(2027, 2, 4)) is None  # the office's closures are read (and kept) here
    ClosureFactory(office=office, start_date=date(2027, 2, 4), end_date=date(2027, 2, 4), reason="Inventur")
    services.plan_days(office=office, start=date(2027, 2, 1), months=1)
    day = ConsultationDay.objects.get(office=office)
    assert day.date == date(2027, 2, 11) and "Inventur" in day.note


def _waiting_for(day) -> WaitlistEntry:
    entry = services.join_waitlist(day=day, name="Wartend", email="w@example.org")
    services.confirm_waitlist_entry(entry=entry)
    entry.refresh_from_db()
    return entry


@pytest.mark.parametrize(("minutes_before", "offered"), [(59, False), (61, True)])
def test_a_place_freed_in_the_last_hour_is_not_offered_to_the_waitlist(day, frozen, minutes_before, offered):
    slots = list(day.slots.order_by("starts_at"))
    for slot in slots:
        services.book(slot, name="X", phone="1", source="phone")
    entry = _waiting_for(day)
    last = Booking.objects.get(slot=slots[-1])
    frozen.move_to(slots[-1].starts_at - timedelta(minutes=minutes_before))
    services.cancel(booking=last)
    entry.refresh_from_db()
    assert (entry.status == "offered") is offered
    assert OutgoingMail.objects.filter(category="consultation-waitlist-offer").exists() is offered


def test_a_booking_cancelled_between_the_scans_listing_and_its_claim_gets_no_reminder(day, frozen, monkeypatch):
    first, second = day.slots.order_by("starts_at")[:2]
    BookingFactory(slot=first, day=day, email="stays@example.org", created_at=NOW)
    goes = BookingFactory(slot=second, day=day, email="goes@example.org", created_at=NOW)
    claim = reminders._claim_batch

    def cancel_then_claim(candidates, pks, *args):
        assert goes.pk in pks  # it was listed as due
        services.cancel(booking=goes)
        return claim(candidates, pks, *args)

    monkeypatch.setattr(reminders, "_claim_batch", cancel_then_claim)
    frozen.move_to(first.starts_at - timedelta(hours=23))
    assert send_due_reminders() == 1
    sent = OutgoingMail.objects.filter(category="consultation-reminder")
    assert list(sent.values_list("to", flat=True)) == [["stays@example.org"]]
    goes.refresh_from_db()
    assert goes.reminder_sent_at is None and goes.status == "cancelled"
