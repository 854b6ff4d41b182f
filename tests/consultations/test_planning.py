"""Planning by the first-Thursday rule: holidays moved or skipped, idempotent, never moving booked days."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.management import call_command

from consultations.models import ConsultationDay, ConsultationSchedule, HolidayPolicy
from consultations.services import first_thursday, plan_days, plan_preview

from ..factories import BookingFactory, ClosureFactory
from .conftest import BERLIN


def planned_dates(office):
    return list(ConsultationDay.objects.filter(office=office).order_by("date").values_list("date", flat=True))


def test_first_thursday_of_january_2026_is_new_years_day():
    assert first_thursday(2026, 1) == date(2026, 1, 1)
    assert first_thursday(2026, 6) == date(2026, 6, 4)  # Corpus Christi
    assert first_thursday(2027, 5) == date(2027, 5, 6)  # Ascension Day


def test_planning_from_december_2025_covers_thirteen_months_and_moves_the_holidays(office):
    entries = plan_days(office=office, start=date(2025, 12, 1), months=13)
    dates = planned_dates(office)
    assert len(dates) == 13
    assert all(d.weekday() == 3 for d in dates)
    assert date(2026, 1, 1) not in dates and date(2026, 1, 8) in dates  # Neujahr → second Thursday
    assert date(2026, 6, 4) not in dates and date(2026, 6, 11) in dates  # Fronleichnam → second Thursday
    assert date(2026, 5, 7) in dates  # Ascension 2026 is on 14 May, not the first Thursday
    moved = {e.rule_date: e.reason for e in entries if e.moved}
    assert set(moved) == {date(2026, 1, 1), date(2026, 6, 4)}
    assert "Neujahr" in moved[date(2026, 1, 1)]
    assert "Fronleichnam" in moved[date(2026, 6, 4)]


def test_ascension_day_2027_on_the_first_thursday_is_moved(office):
    plan_days(office=office, start=date(2027, 5, 1), months=1)
    assert planned_dates(office) == [date(2027, 5, 13)]


def test_skip_policy_leaves_a_holiday_month_out_and_says_why(office):
    ConsultationSchedule.objects.create(office=office, holiday_policy=HolidayPolicy.SKIP)
    entries = plan_days(office=office, start=date(2026, 1, 1), months=12)
    dates = planned_dates(office)
    assert len(dates) == 10  # January and June fall out
    skipped = [e for e in entries if e.action == "skip"]
    assert [e.rule_date for e in skipped] == [date(2026, 1, 1), date(2026, 6, 4)]
    assert "Neujahr" in skipped[0].reason


def test_a_closure_on_the_first_thursday_moves_the_day_too(office):
    ClosureFactory(office=office, start_date=date(2026, 3, 2), end_date=date(2026, 3, 6), reason="Betriebsferien")
    plan_days(office=office, start=date(2026, 3, 1), months=1)
    assert planned_dates(office) == [date(2026, 3, 12)]


def test_planning_twice_changes_nothing(office):
    plan_days(office=office, start=date(2025, 12, 1), months=13)
    before = list(ConsultationDay.objects.values_list("pk", "date", "rule_date"))
    slots_before = sorted(ConsultationDay.objects.values_list("slots__pk", flat=True))
    entries = plan_days(office=office, start=date(2025, 12, 1), months=13)
    assert all(e.action == "exists" for e in entries)
    assert list(ConsultationDay.objects.values_list("pk", "date", "rule_date")) == before
    assert sorted(ConsultationDay.objects.values_list("slots__pk", flat=True)) == slots_before


def test_a_later_closure_never_moves_a_day_that_has_bookings(office):
    plan_days(office=office, start=date(2026, 3, 1), months=1)
    day = ConsultationDay.objects.get()
    BookingFactory(slot=day.slots.first())
    ClosureFactory(office=office, start_date=date(2026, 3, 5), end_date=date(2026, 3, 5), reason="Krankheit")
    plan_days(office=office, start=date(2026, 3, 1), months=1)
    assert planned_dates(office) == [date(2026, 3, 5)]
    assert day.bookings.count() == 1


def test_planned_days_get_the_default_template_slots(office):
    plan_days(office=office, start=date(2026, 2, 1), months=1)
    day = ConsultationDay.objects.get()
    starts = [s.starts_at.astimezone(BERLIN).strftime("%H:%M") for s in day.slots.order_by("starts_at")]
    assert starts == ["13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]
    assert {s.capacity for s in day.slots.all()} == {1}


def test_the_office_template_sets_times_and_places(office):
    ConsultationSchedule.objects.create(office=office, slot_minutes=45, capacity=2, held_back_places=2)
    plan_days(office=office, start=date(2026, 2, 1), months=1)
    day = ConsultationDay.objects.get()
    assert day.slots.count() == 5 and {s.capacity for s in day.slots.all()} == {2}
    assert day.held_back_places == 2


@pytest.mark.parametrize("today", [date(2026, 1, 20), date(2026, 7, 2), date(2026, 11, 30)])
def test_planning_from_any_date_covers_twelve_months(office, today):
    with time_machine.travel(datetime.combine(today, datetime.min.time(), tzinfo=BERLIN), tick=False):
        call_command("plan_consultation_days", "--months", "12", stdout=open("/dev/null", "w"))  # noqa: SIM115
    dates = planned_dates(office)
    assert dates[0] >= today
    assert (dates[-1] - today).days > 300
    assert len(dates) >= 12


def test_preview_writes_nothing(office):
    preview = plan_preview(office=office, start=date(2026, 1, 1), months=12)
    assert len(preview) == 12
    assert not ConsultationDay.objects.exists()
