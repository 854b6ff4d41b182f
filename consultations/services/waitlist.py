"""The waitlist of a full day: joining (confirmed by a link in a mail first), and offering freed places to the
confirmed entries in turn."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import mails
from ..models import ConsultationDay, Slot, WaitlistEntry
from .common import _lock, _mail_language, online_places_left


def offer_to_waitlists(*, now: datetime | None = None) -> int:
    """Offer every free place of days with people waiting: places also free up when held-back places are
    released, or staff add slots or places. Returns how many offers were made."""
    now = now or timezone.now()
    days = ConsultationDay.objects.open().filter(
        date__gte=timezone.localdate(now), waitlist__status=WaitlistEntry.Status.WAITING
    ).distinct()
    return _offer_free_places_of(days, now)


def _offer_free_places_of(days, now: datetime) -> int:
    offered = 0
    for slot in Slot.objects.filter(day__in=days, starts_at__gt=now).with_taken(now).order_by("starts_at"):
        if slot.taken < slot.capacity:
            offered += offer_freed_places(slot=slot, now=now)
    return offered


@transaction.atomic
def join_waitlist(*, day: ConsultationDay, name: str, email: str, language: str = "",
                  now: datetime | None = None) -> WaitlistEntry | None:
    """Put a person on the day's waitlist, unconfirmed: a mail with a link to confirm the address is queued,
    and only a confirmed entry is ever offered a place (so invented addresses cannot jump the queue).
    `language` is that of the mails, by default the active language.

    Returns the unconfirmed entry (also one made before for this address and day, without a second mail), or
    None when the address is on the list already; the page answers the same in every case.
    """
    entry = WaitlistEntry(day=day, name=name.strip(), email=email.strip().lower(),
                          language=_mail_language(language), created_at=now or timezone.now())
    entry.full_clean(validate_constraints=False)
    known = WaitlistEntry.objects.filter(
        day=day, email=entry.email,
        status__in=[WaitlistEntry.Status.UNCONFIRMED, WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).first()
    if known is not None:
        return known if known.status == WaitlistEntry.Status.UNCONFIRMED else None
    entry.save()
    mails.send_waitlist_confirm_link(entry)
    return entry


def confirm_waitlist_entry(*, entry: WaitlistEntry, now: datetime | None = None) -> bool:
    """The person used the link in the mail: the entry waits in line from now on, and a place that is free on
    the day already is offered at once. False when the entry was not waiting for its confirmation."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = WaitlistEntry.objects.filter(pk=entry.pk, status=WaitlistEntry.Status.UNCONFIRMED).update(
            status=WaitlistEntry.Status.WAITING, confirmed_at=now
        )
        if updated == 1:
            # What happens next, and the link to leave the list again.
            mails.send_waitlist_joined(WaitlistEntry.objects.select_related("day__office").get(pk=entry.pk))
    if updated != 1:
        return False
    _offer_free_places_of(ConsultationDay.objects.open().filter(pk=entry.day_id), now)
    return True


def leave_waitlist(*, entry: WaitlistEntry, now: datetime | None = None) -> bool:
    """The person leaves the waitlist (the link in her mails, then a button). A place offered to her and not
    taken yet goes to the next one in line. False when the entry was not on the list any more (left before,
    booked, or its offer lapsed): the link works once."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status not in (WaitlistEntry.Status.UNCONFIRMED, WaitlistEntry.Status.WAITING,
                                WaitlistEntry.Status.OFFERED):
            return False
        offered = entry.offered_slot if entry.status == WaitlistEntry.Status.OFFERED else None
        entry.status = WaitlistEntry.Status.CANCELLED
        entry.offered_slot = None
        entry.offer_expires_at = None
        entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
    if offered is not None:
        offer_freed_places(slot=offered, now=now)
    return True


def offer_freed_places(*, slot: Slot, now: datetime | None = None) -> int:
    """Offer the free places of `slot` to the first confirmed people waiting for its day. Returns how many
    offers. A place that frees up within the last hour before its slot is not offered (nobody could still come);
    it stays free for a direct booking."""
    now = now or timezone.now()
    offered = 0
    with transaction.atomic():
        day, slot = _lock(slot)
        # A closed office (a closure entered after the day was planned) gives no place to anybody.
        if day.is_cancelled or slot.starts_at <= now + timedelta(hours=1) or day.office_closed():
            return 0
        while slot.taken_at(now) < slot.capacity and online_places_left(day, now) > 0:
            entry = WaitlistEntry.objects.select_for_update().next_in_line(day).first()
            if entry is None:
                break
            entry.status = WaitlistEntry.Status.OFFERED
            entry.offered_slot = slot
            entry.offer_expires_at = min(
                now + timedelta(hours=settings.CONSULTATION_WAITLIST_OFFER_HOURS), slot.starts_at
            )
            entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
            slot.day = day
            mails.send_waitlist_offer(entry, slot)
            offered += 1
    return offered
