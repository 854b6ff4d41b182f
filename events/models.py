"""Office events: the room, the event, who is invited, who registered (online, by phone, at the door), the waitlist.

Capacity rules live in `services.py` (which locks the event row before it counts); the models hold fields,
constraints and the QuerySet methods that pages and services share.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihk_office.models import Office


class Room(models.Model):
    """Where events take place; its capacity is what the expected turnout is compared with."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("Büro"))
    name = models.CharField(_("Raum"), max_length=150)
    address = models.CharField(_("Adresse"), max_length=200, blank=True,
                               help_text=_("leer lassen, wenn der Raum im Büro liegt"))
    capacity = models.PositiveIntegerField(_("Plätze im Raum"))

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["name"]

    def __str__(self) -> str:
        return _("%(name)s (%(capacity)s Plätze)") % {"name": self.name, "capacity": self.capacity}


def persons(prefix: str = ""):
    """People a registration or waitlist entry stands for: the person plus their guests."""
    return F(f"{prefix}guests") + Value(1)


def _sum_persons(queryset, group_field: str):
    sub = queryset.order_by().values(group_field).annotate(total=Sum(persons())).values("total")[:1]
    return Coalesce(models.Subquery(sub, output_field=models.IntegerField()), 0)


class EventQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=Event.Status.PLANNED)

    def public(self):
        return self.filter(audience=Event.Audience.PUBLIC)

    def upcoming(self, now: datetime):
        return self.filter(starts_at__gt=now).order_by("starts_at", "pk")

    def listed(self, now: datetime):
        """The one rule for what the public list shows: planned, public, not yet begun."""
        return self.planned().public().upcoming(now)

    def past(self, now: datetime):
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def with_taken(self, now: datetime):
        """Annotate `taken`: places (guests included) held by registrations and running waitlist offers.

        Subqueries, not joins: two summed joins would multiply each other's rows.
        """
        return self.annotate(
            taken=_sum_persons(Registration.objects.occupying(now).filter(event=models.OuterRef("pk")), "event")
            + _sum_persons(WaitlistEntry.objects.offering(now).filter(event=models.OuterRef("pk")), "event")
        )


class Event(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        CANCELLED = "cancelled", _("abgesagt")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("öffentlich: alle können sich anmelden")
        INVITED = "invited", _("nur mit Einladung")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="events", verbose_name=_("Büro"))
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
                             verbose_name=_("Raum"))
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    audience = models.CharField(_("Wer darf sich anmelden?"), max_length=10, choices=Audience.choices,
                                default=Audience.PUBLIC)
    network = models.ForeignKey("companies.Network", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="events", verbose_name=_("eingeladenes Netzwerk"))
    committee = models.ForeignKey("committees.Committee", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="events", verbose_name=_("eingeladenes Gremium"))
    registration_opens_at = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("Anmeldung bis"), null=True, blank=True,
                                                  help_text=_("leer: bis zum Beginn"))
    capacity = models.PositiveIntegerField(_("Anmeldegrenze (Personen mit Begleitung)"))
    max_guests = models.PositiveSmallIntegerField(_("Begleitpersonen je Anmeldung"), default=0)
    ask_company = models.BooleanField(_("nach der Firma fragen"), default=True)
    ask_role = models.BooleanField(_("nach der Funktion fragen"), default=False)
    short_notice_hours = models.PositiveSmallIntegerField(
        _("Absagen gelten als kurzfristig (Stunden vor Beginn)"), default=48
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    # iCalendar SEQUENCE: raised when the event is cancelled, so calendars replace the entry they have.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(audience="public") | Q(network__isnull=False) | Q(committee__isnull=False),
                name="invited_event_names_its_audience",
            ),
        ]
        indexes = [models.Index(fields=["office", "starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%d.%m.%Y})"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.audience == self.Audience.INVITED and not (self.network_id or self.committee_id):
            errors["audience"] = _("Bitte wählen Sie das Netzwerk oder das Gremium, das eingeladen wird.")
        if self.registration_opens_at and self.registration_closes_at and \
                self.registration_closes_at <= self.registration_opens_at:
            errors["registration_closes_at"] = _("Das Ende der Anmeldung muss nach ihrem Beginn liegen.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_invited_only(self) -> bool:
        return self.audience == self.Audience.INVITED

    def registration_open_at(self, now: datetime) -> bool:
        """Whether people may register themselves at `now` (staff enter phone bookings and walk-ins regardless)."""
        closes = self.registration_closes_at or self.starts_at
        opens = self.registration_opens_at
        return not self.is_cancelled and (opens is None or opens <= now) and now < min(closes, self.starts_at)

    def free_places(self) -> int:
        """Places left; needs the `taken` annotation (EventQuerySet.with_taken)."""
        return max(self.capacity - self.taken, 0)


class Invitation(models.Model):
    """A personal invitation to an invited-only event: its signed link is the only way to register."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations",
                              verbose_name=_("Veranstaltung"))
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    company = models.CharField(_("Firma"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_event_and_email")]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"


class RegistrationQuerySet(models.QuerySet):
    def occupying(self, now: datetime):
        """Registrations that hold places: confirmed ones, and pending ones whose hold has not lapsed.
        Walk-ins came without a place: they count against the room, not against the registration limit."""
        return self.filter(Registration.occupying_q(now)).exclude(source=Registration.Source.WALK_IN)

    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def coming(self):
        """Everyone expected (or already there): confirmed registrations and walk-ins."""
        return self.filter(status=Registration.Status.CONFIRMED)


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Bestätigung")
        CONFIRMED = "confirmed", _("angemeldet")
        CANCELLED = "cancelled", _("abgemeldet")
        EXPIRED = "expired", _("nicht bestätigt (verfallen)")

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        PHONE = "phone", _("telefonisch")
        WALK_IN = "walk_in", _("ohne Anmeldung gekommen")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED)

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations",
                              verbose_name=_("Veranstaltung"))
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="registrations", verbose_name=_("Einladung"))
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail"), blank=True)
    company = models.CharField(_("Firma"), max_length=200, blank=True)
    role = models.CharField(_("Funktion"), max_length=100, blank=True)
    guests = models.PositiveSmallIntegerField(_("Begleitpersonen"), default=0)
    source = models.CharField(_("Anmeldeweg"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    hold_expires_at = models.DateTimeField(_("Reservierung gilt bis"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    # Set when the cancellation came within the event's short-notice hours (kept: the rule may change later).
    short_notice = models.BooleanField(_("kurzfristig abgesagt"), default=False)
    checked_in_at = models.DateTimeField(_("eingelassen um"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("eingelassen von"))
    linked_company = models.ForeignKey("companies.Company", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="event_registrations", verbose_name=_("Firma im Verzeichnis"))
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet am"), null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("eingetragen von"))
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], condition=Q(status__in=["pending", "confirmed"]) & ~Q(email=""),
                name="one_active_registration_per_email_and_event",
            ),
            models.UniqueConstraint(
                fields=["invitation"], condition=Q(status__in=["pending", "confirmed"]),
                name="one_active_registration_per_invitation",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(hold_expires_at__isnull=False),
                name="pending_registration_has_hold_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_status_idx"),
            models.Index(fields=["status", "hold_expires_at"], name="registration_hold_idx"),
            # The staff page's list in name order: its first page read from the index, not 500 rows sorted.
            models.Index(fields=["event", "name", "id"], name="registration_event_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"

    @staticmethod
    def occupying_q(now: datetime, *, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status": Registration.Status.CONFIRMED}) | Q(
            **{f"{prefix}status": Registration.Status.PENDING, f"{prefix}hold_expires_at__gt": now}
        )

    @property
    def persons(self) -> int:
        return 1 + self.guests

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    def can_be_changed(self, now: datetime | None = None) -> bool:
        """Cancel or change the guests: until the event starts, for pending (not lapsed) and confirmed ones."""
        now = now or timezone.now()
        if self.event.is_cancelled or self.event.starts_at <= now:
            return False
        if self.status == self.Status.PENDING:
            return self.hold_expires_at > now
        return self.status == self.Status.CONFIRMED


class WaitlistQuerySet(models.QuerySet):
    def offering(self, now: datetime):
        """Offers that still keep their places."""
        return self.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now)


class WaitlistEntry(models.Model):
    """Somebody who wants places at a full event. Freed places are offered to the first who fits, for a while."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("wartet")
        OFFERED = "offered", _("Angebot gesendet")
        BOOKED = "booked", _("angemeldet")
        LAPSED = "lapsed", _("Angebot verfallen")
        CANCELLED = "cancelled", _("abgemeldet")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="waitlist",
                              verbose_name=_("Veranstaltung"))
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    company = models.CharField(_("Firma"), max_length=200, blank=True)
    guests = models.PositiveSmallIntegerField(_("Begleitpersonen"), default=0)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    offer_expires_at = models.DateTimeField(_("Angebot gilt bis"), null=True, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = WaitlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wartelisten-Eintrag")
        verbose_name_plural = _("Warteliste")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], condition=Q(status__in=["waiting", "offered"]),
                name="one_waiting_entry_per_email_and_event",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="event_offer_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"

    @property
    def persons(self) -> int:
        return 1 + self.guests
