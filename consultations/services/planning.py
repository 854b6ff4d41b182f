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
from .booking import move
from .common import AlreadyBookedThatDay, SlotFull, SlotNotBookable

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
    in_the_way = list(Booking.objects.filter(slot__in=obsolete).occupying(timezone.now()).select_related("slot")
                      .order_by("slot__starts_at", "pk"))
    if in_the_way:
        # Named, so staff know whom to move or cancel first.
        names = ", ".join(f"{_local_time(booking.slot.starts_at):%H:%M} {booking.name}" for booking in in_the_way)
        raise ValidationError(
            _("Diese Buchungen liegen auf Zeiten, die wegfallen würden: %(bookings)s. Bitte verlegen oder stornieren "
              "Sie diese Buchungen zuerst.") % {"bookings": names}
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
                raise ValidationError(_("Der Termin um %(time)s Uhr hat schon %(count)s Buchungen, mehr als die neue "
                                        "Platzzahl.") % {"time": f"{_local_time(start):%H:%M}", "count": booked})
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


@dataclass
class DayMoved:
    """What `move_day` did."""

    day: ConsultationDay  # the day on the new date
    moved: list[Booking]
    conflicts: list[tuple[Booking, str]]  # bookings left on the old day, each with why

    @property
    def old_day_cancelled(self) -> bool:
        return not self.conflicts


def _local_time(moment: datetime) -> time:
    return timezone.localtime(moment).time()


def move_day(*, day: ConsultationDay, to_date: date, moved_by=None, reason: str = "",
             now: datetime | None = None) -> DayMoved:
    """Move a day with its bookings to `to_date` (a closure hit the day, say).

    The new day is created as planning creates days (`create_day`), with the old day's times, places and
    held-back places (a day that exists on `to_date` already is used as it is), and stands for the old day's
    month from now on. Every booking that holds a place moves to the slot with the same time through `move()`
    (so each is locked and counted, its calendar SEQUENCE rises and its person gets a mail with the new .ics,
    `reason` and the manage link to cancel). People on the waitlist move along. A booking that cannot move (the
    person is booked on the new day already, the time is missing or full there) stays where it is and is named
    in `conflicts`; once none is left, the old day is cancelled without further mail.

    Raises ValidationError (the day is cancelled; the date is past, the same, or a day the office is closed or
    that holds a cancelled day). Either everything above happens or nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        day = ConsultationDay.objects.select_for_update().get(pk=day.pk)
        office = Office.objects.prefetch_related("closures").get(pk=day.office_id)  # its closures afresh
        if day.is_cancelled:
            raise ValidationError(_("Dieser Sprechtag ist abgesagt."))
        if to_date <= timezone.localdate(now) or to_date == day.date:
            raise ValidationError(_("Bitte wählen Sie einen anderen Tag ab morgen."))
        closed = office.closed_reason(to_date)
        if closed:
            raise ValidationError(_("An diesem Tag ist das Büro geschlossen: %(reason)s") % {"reason": closed})
        old_slots = list(day.slots.order_by("starts_at"))
        target = ConsultationDay.objects.select_for_update().filter(office=office, date=to_date).first()
        if target is not None and target.is_cancelled:
            raise ValidationError(_("An diesem Tag gibt es einen abgesagten Sprechtag. Bitte wählen Sie ein anderes "
                                    "Datum."))
        fresh = target is None
        if fresh:
            rule_date = day.rule_date
            if rule_date is not None:
                # The new day stands for the month now: planning must not create the first Thursday again.
                ConsultationDay.objects.filter(pk=day.pk).update(rule_date=None)
            times = {}
            if old_slots:
                first, last = old_slots[0], old_slots[-1]
                times = {"starts_at": _local_time(first.starts_at), "ends_at": _local_time(last.ends_at),
                         "slot_minutes": int((first.ends_at - first.starts_at).total_seconds() // 60),
                         "capacity": first.capacity}
            target = create_day(
                office=office, day_date=to_date, held_back_places=day.held_back_places,
                release_days_before=day.release_days_before, rule_date=rule_date,
                note=_("verlegt vom %(date)s") % {"date": day.date.strftime("%d.%m.%Y")}, **times,
            )
        new_slots = {_local_time(slot.starts_at): slot for slot in target.slots.all()}
        if fresh:
            for old in old_slots:  # a slot with more places on the old day keeps them
                new = new_slots.get(_local_time(old.starts_at))
                if new is not None and new.capacity < old.capacity:
                    new.capacity = old.capacity
                    new.save(update_fields=["capacity"])
            # The waiting people move along (before the bookings, so the places they free are offered nobody
            # on the old day); a running offer on the old day ends and its person waits again.
            waitlist = WaitlistEntry.objects.filter(day=day)
            waitlist.filter(status=WaitlistEntry.Status.OFFERED).update(
                status=WaitlistEntry.Status.WAITING, offered_slot=None, offer_expires_at=None)
            waitlist.filter(status__in=[WaitlistEntry.Status.UNCONFIRMED, WaitlistEntry.Status.WAITING]).update(
                day=target)
        moved, conflicts = [], []
        for booking in Booking.objects.filter(day=day).occupying(now).select_related("slot").order_by(
                "slot__starts_at", "pk"):
            at = _local_time(booking.slot.starts_at)
            to_slot = new_slots.get(at)
            if to_slot is None:
                conflicts.append((booking, _("Am neuen Tag gibt es keinen Termin um %(time)s Uhr.")
                                  % {"time": at.strftime("%H:%M")}))
                continue
            try:
                moved.append(move(booking=booking, to_slot=to_slot, now=now, moved_by=moved_by, reason=reason))
            except AlreadyBookedThatDay:
                conflicts.append((booking, _("%(email)s hat am neuen Tag schon einen Termin.")
                                  % {"email": booking.email}))
            except SlotFull:
                conflicts.append((booking, _("Der Termin um %(time)s Uhr ist am neuen Tag schon belegt.")
                                  % {"time": at.strftime("%H:%M")}))
            except SlotNotBookable:
                conflicts.append((booking, _("Der Termin hat schon begonnen.")))
        if not conflicts:
            ConsultationDay.objects.filter(pk=day.pk).update(
                status=ConsultationDay.Status.CANCELLED, cancelled_at=now,
                note=_("verlegt auf den %(date)s") % {"date": to_date.strftime("%d.%m.%Y")})
    return DayMoved(day=target, moved=moved, conflicts=conflicts)
