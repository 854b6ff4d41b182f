"""Training-consultation days ("Ausbildungssprechtage"): the days, their slots, the bookings and the waitlist.

Capacity rules live in `services/` (which locks before it counts); the models hold fields, constraints, the
QuerySet methods the pages and services share, and the one rule for "bookable online" (`Slot.bookable_online`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ihk_office.models import Closure, Office


def _subquery_total(queryset, group_field: str, aggregate=None):
    """A correlated subquery giving one number per outer row (0 when there is none)."""
    aggregate = aggregate or Count("pk")
    sub = queryset.order_by().values(group_field).annotate(total=aggregate).values("total")[:1]
    return Coalesce(models.Subquery(sub, output_field=models.IntegerField()), 0)


class HolidayPolicy(models.TextChoices):
    MOVE = "move", _("auf den nächsten Donnerstag mit geöffnetem Büro verschieben")
    SKIP = "skip", _("in diesem Monat ausfallen lassen")


class ConsultationSchedule(models.Model):
    """Per office: how a planned consultation day looks (the day template) and what happens on holidays."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="consultation_schedule")
    starts_at = models.TimeField(_("Beginn"), default=time(13))
    ends_at = models.TimeField(_("Ende"), default=time(17))
    slot_minutes = models.PositiveSmallIntegerField(_("Minuten je Termin"), default=30)
    capacity = models.PositiveSmallIntegerField(_("Plätze je Termin"), default=1)
    holiday_policy = models.CharField(
        _("Wenn der erste Donnerstag ein Feiertag oder Schließtag ist"),
        max_length=10,
        choices=HolidayPolicy.choices,
        default=HolidayPolicy.MOVE,
    )
    held_back_places = models.PositiveSmallIntegerField(
        _("Plätze für Telefonbuchungen zurückhalten"), default=0,
        help_text=_("so viele Plätze je Tag werden online erst kurz vor dem Tag angeboten"),
    )
    release_days_before = models.PositiveSmallIntegerField(
        _("zurückgehaltene Plätze freigeben (Tage vorher)"), default=3
    )

    class Meta:
        verbose_name = _("Sprechtag-Vorlage")
        verbose_name_plural = _("Sprechtag-Vorlagen")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="schedule_ends_after_start"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="schedule_slot_at_least_5_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @classmethod
    def for_office(cls, office: Office) -> ConsultationSchedule:
        schedule, _created = cls.objects.get_or_create(office=office)
        return schedule


def online_free(day: ConsultationDay, now: datetime, *, place_count: int, taken_count: int) -> int:
    """Places of `day` that may still be given online: free ones less those held back for phone bookings."""
    return (place_count or 0) - taken_count - day.holds_back_at(now)


def _closures_on_day():
    return Closure.objects.filter(office=OuterRef("office"), start_date__lte=OuterRef("date"),
                                  end_date__gte=OuterRef("date"))


class ConsultationDayQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ConsultationDay.Status.OPEN)

    def upcoming(self, today: date):
        return self.filter(date__gte=today).order_by("date")

    def not_closed(self):
        """Days on which the office is not closed. A closure entered after a day was planned takes the day off
        the public pages (the office is shut, nobody could be advised) until staff cancel or move it."""
        return self.exclude(Exists(_closures_on_day()))

    def closed(self):
        return self.filter(Exists(_closures_on_day()))

    def with_counts(self, now: datetime):
        """Annotate `place_count` (capacity of bookable slots) and `taken_count` (places held at `now`).

        Subqueries, not joins: two counted joins would multiply each other's rows.
        """
        slots = Slot.objects.filter(day=models.OuterRef("pk"), starts_at__gt=now)
        return self.annotate(
            place_count=_subquery_total(slots, "day", models.Sum("capacity")),
            taken_count=_subquery_total(
                Booking.objects.occupying(now).filter(day=models.OuterRef("pk"), slot__starts_at__gt=now), "day"
            )
            + _subquery_total(
                WaitlistEntry.objects.offering(now).filter(day=models.OuterRef("pk"), offered_slot__starts_at__gt=now),
                "day",
            ),
        )


class ConsultationDay(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("geplant")
        CANCELLED = "cancelled", _("abgesagt")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="consultation_days")
    date = models.DateField(_("Datum"))
    # The first Thursday this day stands for (NULL for an extra day). Planning is idempotent through it.
    rule_date = models.DateField(_("erster Donnerstag des Monats"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)
    held_back_places = models.PositiveSmallIntegerField(_("Plätze für Telefonbuchungen zurückhalten"), default=0)
    release_days_before = models.PositiveSmallIntegerField(_("zurückgehaltene Plätze freigeben (Tage vorher)"),
                                                           default=3)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sprechtag")
        verbose_name_plural = _("Sprechtage")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="one_consultation_day_per_office_and_date"),
            models.UniqueConstraint(
                fields=["office", "rule_date"], condition=Q(rule_date__isnull=False),
                name="one_planned_day_per_first_thursday",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def office_closed(self) -> bool:
        """A closure of the office covers this day (one query)."""
        return ConsultationDay.objects.filter(pk=self.pk).closed().exists()

    @property
    def is_extra(self) -> bool:
        return self.rule_date is None

    @property
    def was_moved(self) -> bool:
        return self.rule_date is not None and self.rule_date != self.date

    def moved_note(self, office: Office) -> str:
        """The day's note as the pages show it, in the active language. A day moved off its first Thursday says
        so in that language, with the public holiday's name from the holidays package ("verschoben vom 6. Mai 2027
        (Christi Himmelfahrt)", "moved from 6 May 2027 (Ascension Day)") or the closure's reason as staff typed
        it, when `office` (this day's) comes with its closures loaded, as the public pages' office does. Any
        other note ("zusätzlicher Tag") is shown as it was saved. No query."""
        if not self.was_moved:
            return self.note
        reason = office.public_holidays.get(self.rule_date)
        if not reason and "closures" in getattr(office, "_prefetched_objects_cache", {}):
            closure = office.closure_on(self.rule_date)
            reason = closure.reason if closure else None
        if not reason:
            return self.note
        return gettext("verschoben vom %(date)s (%(reason)s)") % {
            "date": date_format(self.rule_date, gettext("j. F Y")), "reason": reason}

    def holds_back_at(self, now: datetime) -> int:
        """How many places are kept for phone bookings at `now` (0 once the release date has come)."""
        release = self.date - timedelta(days=self.release_days_before)
        return self.held_back_places if timezone.localdate(now) < release else 0


class SlotQuerySet(models.QuerySet):
    def with_taken(self, now: datetime):
        """Annotate `taken`: places held by bookings (incl. unexpired holds) and by running waitlist offers.

        Two counted joins, each DISTINCT (they would multiply each other's rows otherwise): cheaper to build and
        to run than a correlated subquery each, which matters on the public pages.
        """
        return self.annotate(
            taken=Count("bookings", filter=Booking.occupying_q(now, prefix="bookings__"), distinct=True)
            + Count("offers", filter=Q(offers__status=WaitlistEntry.Status.OFFERED, offers__offer_expires_at__gt=now),
                    distinct=True)
        )

    def counted_rows(self, now: datetime) -> list[Slot]:
        """The slots with `taken`, made from plain rows (pk, day, times, capacity): for pages that list many slots,
        where whole model rows would cost more than the page's own work."""
        fields = ["id", "day_id", "starts_at", "ends_at", "capacity"]
        slots = []
        for *values, taken in self.with_taken(now).values_list(*fields, "taken"):
            slot = Slot.from_db(self.db, fields, values)
            slot.taken = taken
            slots.append(slot)
        return slots


class Slot(models.Model):
    day = models.ForeignKey(ConsultationDay, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    capacity = models.PositiveSmallIntegerField(_("Plätze"), default=1)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["day", "starts_at"], name="one_slot_per_day_and_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{local:%d.%m.%Y %H:%M}"

    def taken_at(self, now: datetime, *, except_offer: WaitlistEntry | None = None) -> int:
        """Places held at `now`, counted in the database (the caller holds the slot's lock when it matters)."""
        offers = self.offers.offering(now)
        if except_offer is not None:
            offers = offers.exclude(pk=except_offer.pk)
        return self.bookings.occupying(now).count() + offers.count()

    def free_places(self, now: datetime) -> int:
        taken = getattr(self, "taken", None)
        if taken is None:
            taken = self.taken_at(now)
        return max(self.capacity - taken, 0)

    def bookable_online(self, now: datetime, *, taken: int, online_left: int) -> bool:
        """THE rule for "can this slot be booked online now": its day is not cancelled, it has not begun, it
        has a free place (`taken` < capacity), and its day still has a place that may go online (`online_left`,
        see `online_free`). The pages ask it with the counts their read functions load (`selectors`),
        `services.book` and `services.move` with counts taken under the slot's lock."""
        return not self.day.is_cancelled and self.starts_at > now and taken < self.capacity and online_left > 0


class Role(models.TextChoices):
    PUPIL = "pupil", _("Schülerin / Schüler")
    PARENT = "parent", _("Mutter / Vater")
    APPRENTICE = "apprentice", _("Auszubildende / Auszubildender")
    COMPANY = "company", _("Ausbildungsbetrieb")
    OTHER = "other", _("andere")


class Topic(models.TextChoices):
    CAREER = "career", _("Berufswahl")
    FINDING = "finding", _("Ausbildungsplatz finden")
    CONTRACT = "contract", _("Fragen zum Ausbildungsvertrag")
    OTHER = "other", _("etwas anderes")


class BookingQuerySet(models.QuerySet):
    def occupying(self, now: datetime):
        return self.filter(Booking.occupying_q(now))

    def active(self):
        return self.filter(status__in=Booking.ACTIVE_STATUSES)


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Bestätigung")
        CONFIRMED = "confirmed", _("bestätigt")
        CANCELLED = "cancelled", _("storniert")
        EXPIRED = "expired", _("nicht bestätigt (verfallen)")
        ATTENDED = "attended", _("erschienen")
        NO_SHOW = "no_show", _("nicht erschienen")

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        PHONE = "phone", _("telefonisch")

    # Statuses that hold a place. A pending hold holds it only until `hold_expires_at` (see occupying_q).
    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)
    # Statuses whose person can be placed with a training place: booked and not cancelled, also after the day.
    PLACEABLE_STATUSES = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    # Copied from the slot so the database can refuse two active bookings of one address on one day.
    day = models.ForeignKey(ConsultationDay, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(_("Name"), max_length=120)
    # Who is advised, when not the person booking: a parent books one slot per child, each under the child's
    # name. Empty when the one booking comes herself (a pupil, an apprentice); see `advised_name`.
    person_name = models.CharField(_("Name des Kindes / der Person, die beraten wird"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    role = models.CharField(_("Ich bin"), max_length=12, choices=Role.choices, default=Role.OTHER)
    school_or_company = models.CharField(_("Schule oder Betrieb"), max_length=120, blank=True)
    school_year = models.CharField(_("Klasse / Jahrgang"), max_length=20, blank=True)
    topic = models.CharField(_("Thema"), max_length=10, choices=Topic.choices, default=Topic.OTHER)
    question = models.TextField(_("Ihre Frage in wenigen Worten"), max_length=1000, blank=True)
    source = models.CharField(_("Buchungsweg"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    hold_expires_at = models.DateTimeField(_("Reservierung gilt bis"), null=True, blank=True)
    # The address an online hold came from, kept only while the hold is unconfirmed: it bounds how many places
    # one address may block (CONSULTATION_MAX_HOLDS_PER_IP) and is erased when the hold is confirmed or ends.
    hold_ip = models.GenericIPAddressField(_("reserviert von IP-Adresse"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet am"), null=True, blank=True)
    # The calendar entry's SEQUENCE: raised on every change of time or status, so calendar programs replace the
    # entry they imported (same UID) instead of keeping the old time.
    calendar_sequence = models.PositiveIntegerField(_("Kalender-Version"), default=0, editable=False)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eingetragen von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    # The occupation a pupil or apprentice would like to learn: the day sheet shows the open places matching it.
    wish = models.ForeignKey("companies.TrainingOccupation", verbose_name=_("Wunschberuf"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="wishing_bookings")
    # "vermittelt an …": the training place staff placed the person with (services.place_booking took one of its
    # places). Kept when the booking is anonymised: the statistics count placements per year and occupation.
    placed_with = models.ForeignKey("companies.TrainingPlace", verbose_name=_("vermittelt an"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="placements")
    placed_at = models.DateTimeField(_("vermittelt am"), null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vermittelt von"),
                                  on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The language of the pages when the person booked; every mail about the booking is written in it.
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            # One active booking per address, day and person advised (a phone booking without e-mail is exempt):
            # a parent books one slot per child on the same day. The person is `advised_name` (the child's name,
            # else the booker's own), compared without regard to case. Rows from before the child's name existed
            # have it empty and were unique per address and day, so they are unique here too.
            models.UniqueConstraint(
                F("day"), F("email"), Lower(Coalesce(NullIf("person_name", models.Value("")), "name")),
                condition=Q(status__in=["pending", "confirmed", "attended", "no_show"]) & ~Q(email=""),
                name="one_active_booking_per_email_person_and_day",
                violation_error_message=_("Für diese Person gibt es an diesem Tag schon eine Buchung."),
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(hold_expires_at__isnull=False),
                name="pending_booking_has_hold_expiry",
            ),
            models.CheckConstraint(
                condition=Q(placed_with__isnull=True, placed_at__isnull=True)
                | Q(placed_with__isnull=False, placed_at__isnull=False),
                name="booking_placement_has_its_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "hold_expires_at"], name="booking_hold_idx"),
            models.Index(fields=["email", "status"], name="booking_email_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.slot}"

    @staticmethod
    def occupying_q(now: datetime, *, prefix: str = "") -> Q:
        """Bookings that hold a place at `now`: confirmed (and afterwards marked), or pending and not lapsed."""
        held = [Booking.Status.CONFIRMED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW]
        return Q(**{f"{prefix}status__in": held}) | Q(
            **{f"{prefix}status": Booking.Status.PENDING, f"{prefix}hold_expires_at__gt": now}
        )

    @property
    def can_be_placed(self) -> bool:
        """THE rule for "may staff place this person with a training place now" (day sheet and
        services.place_booking): booked, not cancelled, and not placed already."""
        return self.status in self.PLACEABLE_STATUSES and self.placed_with_id is None

    @property
    def advised_name(self) -> str:
        """Who is advised: the child (or other person) named in the booking, else the one who booked."""
        return self.person_name or self.name

    @staticmethod
    def same_person_q(*, name: str, person_name: str = "") -> Q:
        """Bookings for the same person advised (see the unique constraint): the named person, else the booker,
        compared without regard to case."""
        advised = (person_name or name).strip()
        return Q(person_name__iexact=advised) | Q(person_name="", name__iexact=advised)

    def is_merely_held(self, now: datetime) -> bool:
        """An online booking whose confirmation link has not been used yet, still within its hold."""
        return self.status == self.Status.PENDING and self.hold_expires_at > now

    def manage_link_expired(self, now: datetime) -> bool:
        """The manage link works until CONSULTATION_MANAGE_LINK_DAYS after the slot, then no more."""
        return now > self.slot.starts_at + timedelta(days=settings.CONSULTATION_MANAGE_LINK_DAYS)

    @property
    def can_be_changed(self) -> bool:
        """Cancel or move is possible until the slot starts, for pending and confirmed bookings."""
        now = timezone.now()
        if self.status == self.Status.PENDING and self.hold_expires_at <= now:
            return False  # a lapsed hold is no booking any more, even before the periodic task marks it
        return self.status in (self.Status.PENDING, self.Status.CONFIRMED) and self.slot.starts_at > now


class BookingMove(models.Model):
    """One move of a booking to another time. The booking keeps its own row (its details, how, when and by whom
    it was made); this keeps where it was before, who moved it and why, for both days' sheets."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="moves",
                                verbose_name=_("Buchung"))
    from_day = models.ForeignKey(ConsultationDay, on_delete=models.CASCADE, related_name="moves_out",
                                 verbose_name=_("bisheriger Tag"))
    from_starts_at = models.DateTimeField(_("bisherige Zeit"))
    to_day = models.ForeignKey(ConsultationDay, on_delete=models.CASCADE, related_name="moves_in",
                               verbose_name=_("neuer Tag"))
    to_starts_at = models.DateTimeField(_("neue Zeit"))
    moved_at = models.DateTimeField(_("verlegt am"), default=timezone.now)
    # Who moved it: a staff member, or nobody (the person herself, through the link in her mail).
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verlegt von"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    reason = models.CharField(_("Grund"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Verlegung")
        verbose_name_plural = _("Verlegungen")
        ordering = ["moved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.from_starts_at:%d.%m.%Y %H:%M} → {self.to_starts_at:%d.%m.%Y %H:%M}"


class WaitlistQuerySet(models.QuerySet):
    def offering(self, now: datetime):
        """Offers that still keep a place."""
        return self.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now)

    def next_in_line(self, day: ConsultationDay):
        """Confirmed entries still waiting, first confirmed first (unconfirmed ones never get an offer)."""
        return self.filter(day=day, status=WaitlistEntry.Status.WAITING).order_by("confirmed_at", "pk")


class WaitlistEntry(models.Model):
    """Somebody who wants a place on a full day. A freed place is offered to the first one, for a while."""

    class Status(models.TextChoices):
        # Entered on the page, not yet confirmed through the link in the mail: never offered a place.
        UNCONFIRMED = "unconfirmed", _("noch nicht bestätigt")
        WAITING = "waiting", _("wartet")
        OFFERED = "offered", _("Angebot gesendet")
        BOOKED = "booked", _("gebucht")
        LAPSED = "lapsed", _("Angebot verfallen")
        CANCELLED = "cancelled", _("abgemeldet")

    day = models.ForeignKey(ConsultationDay, on_delete=models.CASCADE, related_name="waitlist")
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    status = models.CharField(_("Status"), max_length=11, choices=Status.choices, default=Status.UNCONFIRMED)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    # While an offer runs, its slot keeps one place for this person (counted like a pending hold).
    offered_slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers")
    offer_expires_at = models.DateTimeField(_("Angebot gilt bis"), null=True, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)  # of the offer mails, as for bookings
    created_at = models.DateTimeField(_("eingetragen am"), default=timezone.now)

    objects = WaitlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wartelisten-Eintrag")
        verbose_name_plural = _("Warteliste")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "email"], condition=Q(status__in=["waiting", "offered"]),
                name="one_waitlist_entry_per_email_and_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.day})"
