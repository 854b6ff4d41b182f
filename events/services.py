"""What spans models: planning, copying and cancelling events, registering (with the lock discipline of
consultations' `book()`), the waitlist with timed offers, check-in at the door, walk-ins and their companies.

Views, tasks and commands call these functions; each is keyword-only after its subject and typed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import conf, mails
from .models import Event, Invitation, Registration, WaitlistEntry, persons


class RegistrationRefused(Exception):
    """Base of every reason a registration is refused."""


class EventFull(RegistrationRefused):
    """The places (guests included) are taken."""


class RegistrationClosed(RegistrationRefused):
    """The event is cancelled, has begun, or its registration period is not open."""


class NotInvited(RegistrationRefused):
    """An invited-only event takes registrations only through an invitation for it."""


class AlreadyRegistered(RegistrationRefused):
    """This address (or invitation) has an active registration for the event already."""

    def __init__(self, existing: Registration | None = None):
        super().__init__()
        self.existing = existing


# --- planning -------------------------------------------------------------------------------------------


EVENT_FIELDS = ("title", "description", "room", "starts_at", "ends_at", "audience", "network", "committee",
                "registration_opens_at", "registration_closes_at", "capacity", "max_guests", "ask_company",
                "ask_role", "short_notice_hours")


@transaction.atomic
def save_event(*, event: Event) -> Event:
    """Create or update an event after validating it. Raises ValidationError."""
    if event.audience == Event.Audience.PUBLIC:
        event.network, event.committee = None, None
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def copy_event(*, event: Event, starts_on: date) -> Event:
    """A new planned event like `event` on another day: same times of day, length, room, rules and audience;
    the registration period moves by the same distance. Nobody registered or invited is copied."""
    local_start = timezone.localtime(event.starts_at)
    shift = timezone.make_aware(datetime.combine(starts_on, local_start.time())) - event.starts_at
    copy = Event(office=event.office, **{name: getattr(event, name) for name in EVENT_FIELDS})
    copy.starts_at, copy.ends_at = event.starts_at + shift, event.ends_at + shift
    if event.registration_opens_at:
        copy.registration_opens_at = event.registration_opens_at + shift
    if event.registration_closes_at:
        copy.registration_closes_at = event.registration_closes_at + shift
    copy.full_clean()
    copy.save()
    return copy


def cancel_event(*, event: Event, now: datetime | None = None) -> int:
    """Cancel the event: every pending or confirmed registration is cancelled and told, with an .ics that
    removes the entry (METHOD:CANCEL, a higher SEQUENCE); the waitlist is closed. Returns how many were told."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update(of=("self",)).select_related("office", "room").get(pk=event.pk)
        if event.is_cancelled:
            return 0
        event.status, event.cancelled_at, event.sequence = Event.Status.CANCELLED, now, event.sequence + 1
        event.save(update_fields=["status", "cancelled_at", "sequence"])
        registrations = list(event.registrations.filter(status__in=Registration.ACTIVE_STATUSES))
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            status=Registration.Status.CANCELLED, cancelled_at=now
        )
        for registration in registrations:
            registration.event = event
            registration.status = Registration.Status.CANCELLED
            mails.send_event_cancelled(registration)
        event.waitlist.filter(status__in=["waiting", "offered"]).update(status=WaitlistEntry.Status.CANCELLED)
    return len(registrations)


def invitees(event: Event) -> list[tuple[str, str, str]]:
    """(name, e-mail, company) of everyone the event's audience holds: the current contacts with an address of
    the network's member companies, or the active members of the committee."""
    found: dict[str, tuple[str, str, str]] = {}
    if event.network_id:
        from companies.models import Contact

        for contact in Contact.objects.current().filter(company__networks=event.network_id).exclude(email="") \
                .select_related("company"):
            found.setdefault(contact.email.lower(), (contact.name, contact.email.lower(), contact.company.name))
    if event.committee_id:
        from committees.models import Membership

        for membership in Membership.objects.active().filter(committee=event.committee_id).select_related("user"):
            user = membership.user
            if user.email:
                found.setdefault(user.email.lower(), (user.get_full_name() or user.get_username(),
                                                       user.email.lower(), membership.organisation))
    return list(found.values())


@transaction.atomic
def invite(*, event: Event, now: datetime | None = None) -> int:
    """Send a personal invitation to everyone of the audience who has none yet. Returns how many were sent."""
    now = now or timezone.now()
    if not event.is_invited_only or event.is_cancelled:
        return 0
    known = set(event.invitations.values_list("email", flat=True))
    sent = 0
    for name, email, company in invitees(event):
        if email in known:
            continue
        invitation = Invitation.objects.create(event=event, name=name[:150], email=email, company=company[:200],
                                               sent_at=now)
        invitation.event = event
        mails.send_invitation(invitation)
        sent += 1
    return sent


# --- registering -------------------------------------------------------------------------------------------


def _lock(event: Event) -> Event:
    """Lock the event row for the count that follows.

    FOR NO KEY UPDATE: it serialises registrations of this event but does not block inserts of rows that only
    reference it (the registration itself, mails) from other transactions.
    """
    return Event.objects.select_for_update(no_key=True, of=("self",)).select_related("office", "room").get(
        pk=event.pk
    )


def places_taken(event: Event, now: datetime, *, except_offer: WaitlistEntry | None = None) -> int:
    """Places held at `now` (guests included): registrations and running waitlist offers. Counted in the
    database; the caller holds the event's lock when it matters."""
    taken = Registration.objects.occupying(now).filter(event=event).aggregate(n=Sum(persons()))["n"] or 0
    offers = WaitlistEntry.objects.offering(now).filter(event=event)
    if except_offer is not None:
        offers = offers.exclude(pk=except_offer.pk)
    return taken + (offers.aggregate(n=Sum(persons()))["n"] or 0)


def mail_language(language: str) -> str:
    """`language`, or else the active one, as one of settings.LANGUAGES (German if none)."""
    try:
        return translation.get_supported_language_variant(language or translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _expire(registrations, now: datetime) -> int:
    return registrations.filter(status=Registration.Status.PENDING, hold_expires_at__lte=now).update(
        status=Registration.Status.EXPIRED
    )


def register(
    event: Event,
    *,
    name: str,
    email: str = "",
    company: str = "",
    guests: int = 0,
    source: str = Registration.Source.ONLINE,
    role: str = "",
    now: datetime | None = None,
    entered_by=None,
    invitation: Invitation | None = None,
    offer: WaitlistEntry | None = None,
    email_verified: bool = False,
    language: str = "",
) -> Registration:
    """Register a person (with `guests`) for `event` and return the registration.

    Online registrations are held as "pending" until the confirmation link in the mail is used (double opt-in),
    unless `email_verified` (the person came through a signed link sent to that address: an invitation or a
    waitlist offer). Phone and walk-in registrations are confirmed at once. Walk-ins are people already at the
    door: they are recorded even when the registration limit is reached (they count against the room).
    An invited-only event takes online registrations only with an `invitation` for it.

    Raises EventFull (the places, guests included, are taken), RegistrationClosed, NotInvited,
    AlreadyRegistered (the address is registered already; `.existing` is that registration), or
    ValidationError (bad values, too many guests). Nothing is saved when it raises.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    online = source == Registration.Source.ONLINE
    walk_in = source == Registration.Source.WALK_IN
    if guests < 0:
        raise ValidationError({"guests": _("Die Zahl der Begleitpersonen kann nicht negativ sein.")})
    with transaction.atomic():
        event = _lock(event)
        if event.is_cancelled or (event.ends_at <= now if walk_in else event.starts_at <= now):
            raise RegistrationClosed
        if online and offer is None and not event.registration_open_at(now):
            raise RegistrationClosed
        if event.is_invited_only and online and offer is None and (
            invitation is None or invitation.event_id != event.pk
        ):
            raise NotInvited
        if guests > event.max_guests and not walk_in:
            raise ValidationError({"guests": _("Höchstens %(count)s Begleitpersonen je Anmeldung.")
                                   % {"count": event.max_guests}})
        if email:
            # A lapsed hold of this address that the periodic task has not expired yet must not block it.
            _expire(Registration.objects.filter(event=event, email=email), now)
            existing = Registration.objects.filter(event=event, email=email).active().first()
            if existing is not None:
                raise AlreadyRegistered(existing)
        if invitation is not None:
            _expire(Registration.objects.filter(invitation=invitation), now)
            existing = Registration.objects.filter(invitation=invitation).active().first()
            if existing is not None:
                raise AlreadyRegistered(existing)
        if not walk_in and places_taken(event, now, except_offer=offer) + 1 + guests > event.capacity:
            raise EventFull
        hold = online and not email_verified
        registration = Registration(
            event=event, invitation=invitation, name=" ".join(name.split()), email=email, company=company.strip(),
            role=role.strip(), guests=guests, source=source,
            status=Registration.Status.PENDING if hold else Registration.Status.CONFIRMED,
            hold_expires_at=now + timedelta(minutes=conf.get("EVENT_HOLD_MINUTES")) if hold else None,
            confirmed_at=None if hold else now,
            checked_in_at=now if walk_in else None, checked_in_by=entered_by if walk_in else None,
            entered_by=entered_by, created_at=now, language=mail_language(language),
        )
        if online and not email:
            raise ValidationError({"email": _("Bitte geben Sie Ihre E-Mail-Adresse an.")})
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            # The unique constraints caught a second registration of this address or invitation.
            raise AlreadyRegistered from exc
        if offer is not None:
            WaitlistEntry.objects.filter(pk=offer.pk).update(status=WaitlistEntry.Status.BOOKED)
        if hold:
            mails.send_confirm_link(registration)
        elif not walk_in:
            mails.send_confirmation(registration)
    return registration


@transaction.atomic
def confirm(*, registration: Registration, now: datetime | None = None) -> bool:
    """Turn a pending hold into a confirmed registration (once). False if not pending or the hold lapsed."""
    now = now or timezone.now()
    updated = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.PENDING, hold_expires_at__gt=now
    ).update(status=Registration.Status.CONFIRMED, confirmed_at=now)
    if updated != 1:
        return False
    mails.send_confirmation(Registration.objects.select_related("event__office", "event__room").get(pk=registration.pk))
    return True


def cancel(*, registration: Registration, now: datetime | None = None) -> bool:
    """Cancel a pending or confirmed registration; within the event's short-notice hours it is marked as short
    notice. The freed places go to the waitlist. False if nothing changed."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(registration.event)
        short = now >= event.starts_at - timedelta(hours=event.short_notice_hours)
        updated = Registration.objects.filter(
            pk=registration.pk, status__in=Registration.ACTIVE_STATUSES, checked_in_at__isnull=True
        ).update(status=Registration.Status.CANCELLED, cancelled_at=now, short_notice=short)
        if updated != 1:
            return False
        registration = Registration.objects.select_related("event__office", "event__room").get(pk=registration.pk)
        mails.send_cancelled(registration)
    offer_freed_places(event=event, now=now)
    return True


def change_guests(*, registration: Registration, guests: int, now: datetime | None = None) -> Registration:
    """Change how many guests come along (under the event's lock, same limits as registering).
    Raises EventFull, RegistrationClosed, ValidationError."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if not registration.can_be_changed(now):
            raise RegistrationClosed
        if guests < 0 or guests > event.max_guests:
            raise ValidationError({"guests": _("Höchstens %(count)s Begleitpersonen je Anmeldung.")
                                   % {"count": event.max_guests}})
        more = guests - registration.guests
        if more > 0 and places_taken(event, now) + more > event.capacity:
            raise EventFull
        registration.guests = guests
        registration.save(update_fields=["guests"])
        if registration.status == Registration.Status.CONFIRMED:
            mails.send_confirmation(registration, revision=f"guests-{guests}-{now.isoformat()}")
    if more < 0:
        offer_freed_places(event=event, now=now)
    return registration


# --- the door --------------------------------------------------------------------------------------------


@transaction.atomic
def check_in(*, registration: Registration, by, now: datetime | None = None) -> bool:
    """Mark a confirmed person as arrived (once). False if not confirmed or already in."""
    now = now or timezone.now()
    return Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=by) == 1


@transaction.atomic
def undo_check_in(*, registration: Registration) -> bool:
    """Take back a check-in made by mistake (a walk-in stays recorded: it is only there because it came)."""
    return Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=False
    ).exclude(source=Registration.Source.WALK_IN).update(checked_in_at=None, checked_in_by=None) == 1


def record_walk_in(*, event: Event, name: str, company: str = "", email: str = "", by=None,
                   now: datetime | None = None) -> Registration:
    """Somebody came without registering: recorded as arrived. Raises RegistrationClosed, AlreadyRegistered."""
    return register(event, name=name, email=email, company=company, source=Registration.Source.WALK_IN,
                    entered_by=by, now=now)


@transaction.atomic
def link_company(*, registration: Registration, company) -> Registration:
    """Link the registration to a company of the directory (its attendance then shows on the company page)."""
    registration.linked_company = company
    registration.save(update_fields=["linked_company"])
    return registration


@transaction.atomic
def create_company_for(*, registration: Registration, name: str = "") -> Registration:
    """Create a company in the directory from what the person said (a non-member until staff know better)."""
    from companies.models import Company
    from companies.services import save_company

    company = save_company(company=Company(name=(name or registration.company).strip()[:200], is_member=False))
    return link_company(registration=registration, company=company)


@transaction.atomic
def add_follow_up(*, registration: Registration, staff, due_on: date | None = None):
    """Offer "contact after the event": the meeting at the door is logged as a contact with the linked company
    (companies.services.log_visit) with a follow-up for `staff`, so visits and events show together."""
    from companies.services import FollowUpDraft, log_visit

    if registration.linked_company_id is None:
        raise ValidationError(_("Bitte verknüpfen Sie zuerst eine Firma."))
    event = registration.event
    event_day = timezone.localdate(event.starts_at)
    return log_visit(
        company=registration.linked_company, staff=staff, date=min(event_day, timezone.localdate()),
        summary=(_("Gespräch bei „%(title)s“ mit %(name)s") % {"title": event.title, "name": registration.name})[:300],
        follow_ups=[FollowUpDraft(
            what=(_("Nach der Veranstaltung kontaktieren: %(name)s") % {"name": registration.name})[:300],
            due_on=due_on or event_day + timedelta(days=3), assignee_id=staff.pk,
        )],
    )


# --- waitlist --------------------------------------------------------------------------------------------


@transaction.atomic
def join_waitlist(*, event: Event, name: str, email: str, company: str = "", guests: int = 0,
                  language: str = "") -> WaitlistEntry | None:
    """Put a person on the event's waitlist. Returns None when the address waits already (said nowhere)."""
    entry = WaitlistEntry(event=event, name=" ".join(name.split()), email=email.strip().lower(),
                          company=company.strip(), guests=min(max(guests, 0), event.max_guests),
                          language=mail_language(language))
    entry.full_clean(validate_constraints=False)
    if event.waitlist.filter(email=entry.email, status__in=["waiting", "offered"]).exists():
        return None
    entry.save()
    return entry


def offer_freed_places(*, event: Event, now: datetime | None = None) -> int:
    """Offer free places to the people waiting, first come first served (one who needs more places than are free
    is skipped for now, not dropped). Each offer keeps its places for EVENT_WAITLIST_OFFER_HOURS (or until the
    registration closes). Returns how many offers were made."""
    now = now or timezone.now()
    offered = 0
    with transaction.atomic():
        event = _lock(event)
        if event.is_cancelled or event.starts_at <= now:
            return 0
        free = event.capacity - places_taken(event, now)
        closes = min(event.registration_closes_at or event.starts_at, event.starts_at)
        for entry in event.waitlist.select_for_update().filter(status=WaitlistEntry.Status.WAITING):
            if free <= 0:
                break
            if entry.persons > free:
                continue
            entry.status = WaitlistEntry.Status.OFFERED
            entry.offer_expires_at = min(now + timedelta(hours=conf.get("EVENT_WAITLIST_OFFER_HOURS")), closes)
            if entry.offer_expires_at <= now:
                break
            entry.save(update_fields=["status", "offer_expires_at"])
            entry.event = event
            mails.send_waitlist_offer(entry)
            free -= entry.persons
            offered += 1
    return offered


def expire_holds(*, now: datetime | None = None) -> int:
    """Expire unconfirmed holds and lapsed waitlist offers, then offer the freed places. Safe to run twice.
    Returns how many holds lapsed."""
    now = now or timezone.now()
    with transaction.atomic():
        lapsed = Registration.objects.filter(status=Registration.Status.PENDING, hold_expires_at__lte=now)
        event_ids = set(lapsed.values_list("event_id", flat=True))
        count = _expire(Registration.objects.filter(event_id__in=event_ids), now)
        offers = WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now)
        event_ids |= set(offers.values_list("event_id", flat=True))
        offers.update(status=WaitlistEntry.Status.LAPSED)
    for event in Event.objects.planned().filter(pk__in=event_ids, starts_at__gt=now):
        offer_freed_places(event=event, now=now)
    return count
