"""The planning command, the periodic tasks and their beat entries, and the demo data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from consultations import tasks
from consultations.models import Booking, BookingMove, ConsultationDay
from consultations.services import book
from ihk_office.celery import app


def test_the_command_plans_and_reports_moved_days(office):
    import time_machine

    from .conftest import BERLIN

    out = StringIO()
    with time_machine.travel(__import__("datetime").datetime(2025, 12, 20, tzinfo=BERLIN), tick=False):
        call_command("plan_consultation_days", "--months", "12", stdout=out)
    text = out.getvalue()
    assert "12 neue Sprechtage" in text
    assert "01.01.2026 → 08.01.2026: angelegt (verschoben vom 01.01.2026 (Neujahr))" in text
    with pytest.raises(CommandError):
        call_command("plan_consultation_days", "--months", "0")


def test_the_command_without_an_office_says_what_to_do(db):
    with pytest.raises(CommandError, match="Kein Büro"):
        call_command("plan_consultation_days")


def test_every_periodic_job_has_a_beat_entry_and_a_registered_task():
    wanted = {"consultations.tasks.send_due_reminders", "consultations.tasks.expire_pending_holds",
              "consultations.tasks.anonymise_old_bookings", "consultations.tasks.plan_consultation_days"}
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert wanted <= scheduled
    app.loader.import_default_modules()
    assert wanted <= set(app.tasks)


def test_the_expiry_task_frees_lapsed_holds_and_running_it_twice_is_harmless(slot, frozen):
    booking = book(slot, name="A", email="a@example.org")
    frozen.shift(timedelta(hours=3))
    assert tasks.expire_pending_holds() == 1
    assert tasks.expire_pending_holds() == 0
    booking.refresh_from_db()
    assert booking.status == "expired"


def test_the_monthly_planning_task_creates_twelve_days(office, frozen):
    assert tasks.plan_consultation_days() == 12
    assert tasks.plan_consultation_days() == 0


def test_seed_demo_makes_days_with_slots_and_bookings_and_is_idempotent(db, frozen, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (ConsultationDay.objects.count(), Booking.objects.count(), BookingMove.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (ConsultationDay.objects.count(), Booking.objects.count(), BookingMove.objects.count()) == counts
    assert counts[0] >= 12 and counts[1] == 5 and counts[2] == 1  # one demo booking was moved
    # A parent with two children on the same day, one slot each.
    assert sorted(Booking.objects.filter(email="murat.yilmaz@example.org").values_list("person_name", flat=True)) == [
        "Elif Yılmaz", "Emre Yılmaz"]
    assert ConsultationDay.objects.order_by("date").first().slots.count() == 8
    assert set(Booking.objects.values_list("status", flat=True)) == {"confirmed"}
