"""Planning consultation days: the first-Thursday rule, extra days, changing and cancelling days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ihk_office.models import Office

from .. import mails
from ..models import Booking, ConsultationDay, ConsultationSchedule, HolidayPolicy, Slot, WaitlistEntry

THURSDAY = 3



@dataclass(frozen=True)
class PlanEntry:
    """What planning does (or did) for one month."""

    rule_date: date  # the first Thursday of the month
    date: date | None  # the day it is (or would be) held; None when skipped
    action: str  # "create", "exists", "skip"
    reason: str = ""  # why it was moved or skipped

    @property
    def moved(self) -> bool:
        return self.date is not None and self.date != self.rule_date


def first_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(THURSDAY - first.weekday()) % 7)


def _months_from(start: date, months: int):
    year, month = start.year, start.month
    for _i in range(months):
        yield year, month
        month += 1
        if month > 12:
            year, month = year + 1, 1


def plan_preview(*, office: Office, start: date, months: int) -> list[PlanEntry]:
    """What planning would do from `start` on, month by month, without writing anything.

    A first Thursday that is a public holiday or a closure is moved to the next Thursday of the same month on
    which the office is open (policy "move"), or skipped (policy "skip", or no open Thursday left that month).
    Days that exist already are reported as they are: planning never moves a day that was planned before.
    """
    # The closures afresh: the office passed in may have been loaded (and its closures read) before staff
    # added a closure, and a day planned onto it could not be moved afterwards.
    office = Office.objects.prefetch_related("closures").get(pk=office.pk)
    schedule = ConsultationSchedule.for_office(office)
    existing = {
        day.rule_date: day
        for day in ConsultationDay.objects.filter(office=office, rule_date__isnull=False, rule_date__gte=start)
    }
    entries = []
    # The window is [start, start + months): twelve months from any date hold twelve first Thursdays.
    end_year, end_month = list(_months_from(start, months + 1))[-1]
    end = date(end_year, end_month, min(start.day, 28))
    for year, month in _months_from(start, months + 1):
        rule_date = first_thursday(year, month)
        if rule_date < start or rule_date >= end:
            continue
        if rule_date in existing:
            day = existing[rule_date]
            entries.append(PlanEntry(rule_date, day.date, "exists", day.moved_note(office)))
            continue
        reason = office.closed_reason(rule_date)
        if reason is None:
            entries.append(PlanEntry(rule_date, rule_date, "create"))
            continue
        if schedule.holiday_policy == HolidayPolicy.SKIP:
            entries.append(PlanEntry(rule_date, None, "skip", _("fällt aus: %(reason)s") % {"reason": reason}))
            continue
        candidate = rule_date + timedelta(days=7)
        while candidate.month == month and office.closed_reason(candidate):
            candidate += timedelta(days=7)
        if candidate.month != month:
            why = _("fällt aus: %(reason)s, und kein anderer Donnerstag im Monat ist frei") % {"reason": reason}
            entries.append(PlanEntry(rule_date, None, "skip", why))
        else:
            entries.append(
                PlanEntry(rule_date, candidate, "create",
                          _("verschoben vom %(date)s (%(reason)s)") % {"date": rule_date.strftime("%d.%m.%Y"),
                                                                        "reason": reason})
            )
    return entries


@transaction.atomic
def plan_days(*, office: Office, start: date, months: int) -> list[PlanEntry]:
    """Create the consultation days `plan_preview` proposes. Idempotent: a second run creates nothing. The notes
    saved with the days are German, whichever page or task plans them (the pages name holidays in their own
    language when they show a day, `ConsultationDay.moved_note`)."""
    with translation.override(settings.LANGUAGE_CODE):
        entries = plan_preview(office=office, start=start, months=months)
    taken_dates = set(ConsultationDay.objects.filter(office=office, date__gte=start).values_list("date", flat=True))
    done = []
    for entry in entries:
        if entry.action == "create" and entry.date in taken_dates:
            # An extra day already sits on that date: adopt it instead of creating a second one.
            ConsultationDay.objects.filter(office=office, date=entry.date, rule_date__isnull=True).update(
                rule_date=entry.rule_date
            )
            done.append(PlanEntry(entry.rule_date, entry.date, "exists", entry.reason))
            continue
        if entry.action == "create":
            create_day(office=office, day_date=entry.date, rule_date=entry.rule_date, note=entry.reason)
        done.append(entry)
    return done


def _slot_times(day_date: date, tz, starts_at: time, ends_at: time, minutes: int) -> list[tuple[datetime, datetime]]:
    current = datetime.combine(day_date, starts_at, tzinfo=tz)
    end = datetime.combine(day_date, ends_at, tzinfo=tz)
    step = timedelta(minutes=minutes)
    times = []
    while current + step <= end:
        times.append((current, current + step))
        current += step
    return times


@transaction.atomic
def create_day(
    *,
    office: Office,
    day_date: date,
    starts_at: time | None = None,
    ends_at: time | None = None,
    slot_minutes: int | None = None,
    capacity: int | None = None,
    held_back_places: int | None = None,
    release_days_before: int | None = None,
    rule_date: date | None = None,
    note: str = "",
) -> ConsultationDay:
    """A day with its slots; unset times and numbers come from the office's schedule."""
    schedule = ConsultationSchedule.for_office(office)
    day = ConsultationDay(
        office=office,
        date=day_date,
        rule_date=rule_date,
        note=note,
        held_back_places=schedule.held_back_places if held_back_places is None else held_back_places,
        release_days_before=schedule.release_days_before if release_days_before is None else release_days_before,
    )
    day.full_clean()
    day.save()
    _sync_slots(
        day,
        starts_at=starts_at or schedule.starts_at,
        ends_at=ends_at or schedule.ends_at,
        slot_minutes=slot_minutes or schedule.slot_minutes,
        capacity=schedule.capacity if capacity is None else capacity,
    )
    return day


def _sync_slots(day: ConsultationDay, *, starts_at: time, ends_at: time, slot_minutes: int, capacity: int) -> None:
    wanted = _slot_times(day.date, day.office.tz, starts_at, ends_at, slot_minutes)
    if not wanted:
        raise ValidationError(_("In dieser Zeit passt kein einziger Termin."))
    wanted_starts = {start for start, _end in wanted}
    existing = {slot.starts_at: slot for slot in day.slots.all()}
    obsolete = [slot for start, slot in existing.items() if start not in wanted_starts]
    if Booking.objects.filter(slot__in=obsolete).active().exists():
        raise ValidationError(
            _("Einige Termine, die wegfallen würden, sind schon gebucht. Bitte verlegen oder stornieren Sie "
              "diese Buchungen zuerst.")
        )
    # Slots with only cancelled or expired bookings keep their history: they are kept, not deleted.
    Slot.objects.filter(pk__in=[s.pk for s in obsolete]).exclude(bookings__isnull=False).delete()
    for start, end in wanted:
        slot = existing.get(start)
        if slot is None:
            Slot.objects.create(day=day, starts_at=start, ends_at=end, capacity=capacity)
        elif slot.ends_at != end or slot.capacity != capacity:
            booked = slot.bookings.active().count()
            if capacity < booked:
                raise ValidationError(_("Ein Termin hat schon mehr Buchungen als die neue Platzzahl."))
            slot.ends_at, slot.capacity = end, capacity
            slot.save(update_fields=["ends_at", "capacity"])


@transaction.atomic
def change_day(
    *,
    day: ConsultationDay,
    starts_at: time,
    ends_at: time,
    slot_minutes: int,
    capacity: int,
    held_back_places: int,
    release_days_before: int,
) -> ConsultationDay:
    """Change a day's times and places. Raises ValidationError when booked slots would disappear."""
    day = ConsultationDay.objects.select_for_update().select_related("office").get(pk=day.pk)
    day.held_back_places = held_back_places
    day.release_days_before = release_days_before
    day.full_clean()
    day.save(update_fields=["held_back_places", "release_days_before"])
    _sync_slots(day, starts_at=starts_at, ends_at=ends_at, slot_minutes=slot_minutes, capacity=capacity)
    return day


@transaction.atomic
def cancel_day(*, day: ConsultationDay, now: datetime | None = None) -> int:
    """Cancel a day and every active booking on it; each booked person gets a mail. Returns how many."""
    now = now or timezone.now()
    day = ConsultationDay.objects.select_for_update().get(pk=day.pk)
    if day.is_cancelled:
        return 0
    day.status = ConsultationDay.Status.CANCELLED
    day.cancelled_at = now
    day.save(update_fields=["status", "cancelled_at"])
    bookings = list(
        Booking.objects.filter(day=day, status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED])
        .select_related("slot__day__office")
    )
    for booking in bookings:
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.calendar_sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "calendar_sequence"])
        mails.send_day_cancelled(booking)
    WaitlistEntry.objects.filter(day=day, status__in=["unconfirmed", "waiting", "offered"]).update(status="cancelled")
    return len(bookings)
