"""Anonymisation after the configured number of days keeps the counts."""

from datetime import date, timedelta

import pytest

from consultations import services
from consultations.models import Booking, WaitlistEntry
from consultations.selectors import statistics

from ..factories import BookingFactory, ConsultationDayFactory
from .conftest import NOW


@pytest.fixture
def old_day(office):
    return ConsultationDayFactory(office=office, date=date(2026, 8, 6))


def test_personal_data_is_erased_ninety_days_after_the_day_and_the_counts_stay(old_day, frozen):
    slots = list(old_day.slots.order_by("starts_at"))
    BookingFactory(slot=slots[0], day=old_day, status="attended", phone="0171", question="Frage",
                   school_or_company="Schule")
    BookingFactory(slot=slots[1], day=old_day, status="no_show", role="parent")
    WaitlistEntry.objects.create(day=old_day, name="W", email="w@example.org")
    before = statistics(old_day.office)
    frozen.move_to(NOW.replace(month=11, day=3))  # 89 days after
    assert services.anonymise_old_bookings() == 0
    frozen.move_to(NOW.replace(month=11, day=5))  # 91 days after
    assert services.anonymise_old_bookings() == 2
    assert services.anonymise_old_bookings() == 0  # twice: nothing more
    for booking in Booking.objects.all():
        assert (booking.email, booking.phone, booking.question, booking.school_or_company) == ("", "", "", "")
        assert booking.name == "anonymisiert" and booking.anonymised_at
    assert not WaitlistEntry.objects.exists()
    after = statistics(old_day.office)
    assert (after.attended, after.no_show, after.roles, after.topics) == (
        before.attended, before.no_show, before.roles, before.topics)


def test_the_delay_is_a_setting(old_day, frozen, settings):
    BookingFactory(slot=old_day.slots.first(), day=old_day)
    settings.CONSULTATION_ANONYMISE_AFTER_DAYS = 30
    frozen.move_to(NOW.replace(month=9, day=10))
    assert services.anonymise_old_bookings() == 1


def test_the_form_carries_a_plain_language_privacy_note(client, day):
    html = client.get(f"/sprechtag/termin/{day.slots.first().pk}/buchen/").content.decode()
    assert "Datenschutz – kurz erklärt" in html
    assert "90 Tage nach dem Sprechtag löschen wir Ihren Namen" in html
    assert "geben sie an niemanden weiter" in html


def test_anonymised_bookings_have_no_manage_page(client, old_day, frozen):
    from consultations import tokens

    booking = BookingFactory(slot=old_day.slots.first(), day=old_day)
    frozen.move_to(NOW + timedelta(days=20))
    services.anonymise_old_bookings()
    assert client.get(f"/sprechtag/buchung/{tokens.manage_token(booking.pk)}/").status_code == 404
