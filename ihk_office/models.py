"""The office itself (address, opening hours, closures) and the mail outbox every app sends through."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .data_cache import DataCache


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


SCHEMA_ORG_DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]


@dataclass(frozen=True)
class OpenStatus:
    """What the home page says about the office at one moment."""

    is_open: bool
    closes_at: datetime | None = None
    next_opening: datetime | None = None

    def describe(self, now: datetime) -> str:
        """"jetzt geöffnet – bis 17:00 Uhr" or "geschlossen – öffnet Montag um 13:00 Uhr" (local times)."""
        if self.is_open:
            return gettext("jetzt geöffnet – bis %(time)s Uhr") % {"time": self.closes_at.strftime("%H:%M")}
        if self.next_opening is None:
            return gettext("derzeit geschlossen")
        opening = self.next_opening
        days_ahead = (opening.date() - now.astimezone(opening.tzinfo).date()).days
        time_text = opening.strftime("%H:%M")
        if days_ahead == 0:
            return gettext("geschlossen – öffnet heute um %(time)s Uhr") % {"time": time_text}
        if days_ahead == 1:
            return gettext("geschlossen – öffnet morgen um %(time)s Uhr") % {"time": time_text}
        if days_ahead < 7:
            return gettext("geschlossen – öffnet %(day)s um %(time)s Uhr") % {
                "day": date_format(opening, "l"),
                "time": time_text,
            }
        return gettext("geschlossen – öffnet am %(date)s um %(time)s Uhr") % {
            "date": date_format(opening, gettext("j. F")),
            "time": time_text,
        }


@lru_cache(maxsize=32)
def _public_holidays(country: str, state: str, language: str) -> holidays.HolidayBase:
    # One calendar per state, language and process: building it costs more than a whole page. Years are
    # filled in on demand by the holidays package when a date is looked up.
    return holidays.country_holidays(country, subdiv=state, language=language)


class OfficeQuerySet(models.QuerySet):
    def with_calendar(self):
        return self.prefetch_related("opening_hours", "closures")


def phone_uri(number: str) -> str:
    """`tel:` link in international form: "02324 3803301" becomes "tel:+4923243803301" (a URI has no spaces)."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return f"tel:{digits}"
    if digits.startswith("0"):
        return f"tel:+49{digits[1:]}"
    return f"tel:{digits}"


class Office(models.Model):
    """A regional office of the chamber. Hattingen is the first; Bochum, Herne and Witten can follow."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kürzel"), unique=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=120)
    postcode = models.CharField(_("PLZ"), max_length=5)
    city = models.CharField(_("Ort"), max_length=80)
    location_note = models.CharField(
        _("Lage im Gebäude"), max_length=120, blank=True, help_text=_("z. B. „2. Etage, HWG-Gebäude“")
    )
    phone = models.CharField(_("Telefon"), max_length=40, help_text=_("wie angezeigt, z. B. „02324 3803301“"))
    email = models.EmailField(_("E-Mail"))
    head = models.CharField(_("Leitung"), max_length=120, blank=True)
    chamber_name = models.CharField(_("Kammer"), max_length=200, blank=True)
    chamber_address = models.CharField(_("Anschrift der Kammer"), max_length=200, blank=True)
    chamber_representative = models.CharField(_("Vertretungsberechtigt"), max_length=200, blank=True)
    supervisory_authority = models.CharField(_("Aufsichtsbehörde"), max_length=200, blank=True)
    vat_id = models.CharField(_("USt-IdNr."), max_length=20, blank=True)
    data_protection_officer = models.CharField(_("Datenschutzbeauftragte:r (Kontakt)"), max_length=200, blank=True)
    country = models.CharField(_("Land (ISO)"), max_length=2, default="DE")
    state = models.CharField(
        _("Bundesland (ISO)"), max_length=3, default="NW", help_text=_("bestimmt die gesetzlichen Feiertage")
    )
    timezone_name = models.CharField(_("Zeitzone"), max_length=40, default="Europe/Berlin")

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Büro")
        verbose_name_plural = _("Büros")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    # --- small properties -------------------------------------------------------------------------
    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @property
    def phone_uri(self) -> str:
        return phone_uri(self.phone)

    @property
    def address_line(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"

    # --- calendar ---------------------------------------------------------------------------------
    @property
    def public_holidays(self) -> holidays.HolidayBase:
        # The names follow the active language (the package has German and English names).
        language = "en_US" if (get_language() or "").startswith("en") else "de"
        return _public_holidays(self.country, self.state, language)

    @cached_property
    def _hours_by_weekday(self) -> dict[int, list[tuple[time, time]]]:
        by_day: dict[int, list[tuple[time, time]]] = {day: [] for day in Weekday.values}
        # .all() uses a prefetch when the page asked for one.
        for hours in self.opening_hours.all():
            by_day[hours.weekday].append((hours.opens_at, hours.closes_at))
        for intervals in by_day.values():
            intervals.sort()
        return by_day

    @cached_property
    def _closures(self) -> list[Closure]:
        return list(self.closures.all())

    def closure_on(self, day: date) -> Closure | None:
        return next((c for c in self._closures if c.start_date <= day <= c.end_date), None)

    def closed_reason(self, day: date) -> str | None:
        """Why the office is shut all day on `day` (a public holiday or a closure), or None."""
        holiday = self.public_holidays.get(day)
        if holiday:
            return str(holiday)
        closure = self.closure_on(day)
        return closure.reason if closure else None

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """Opening intervals on a calendar day, as aware datetimes in the office's time zone."""
        if self.closed_reason(day):
            return []
        tz = self.tz
        return [
            (datetime.combine(day, opens, tzinfo=tz), datetime.combine(day, closes, tzinfo=tz))
            for opens, closes in self._hours_by_weekday[day.weekday()]
        ]

    def _local(self, moment: datetime) -> datetime:
        if timezone.is_naive(moment):
            raise ValueError("Office hours need an aware datetime.")
        return moment.astimezone(self.tz)

    def is_open_at(self, moment: datetime) -> bool:
        local = self._local(moment)
        return any(start <= local < end for start, end in self.intervals_on(local.date()))

    def next_opening(self, moment: datetime, *, horizon_days: int = 400) -> datetime | None:
        """The start of the next opening interval strictly after `moment` (None if none within the horizon)."""
        local = self._local(moment)
        for offset in range(horizon_days):
            for start, _end in self.intervals_on(local.date() + timedelta(days=offset)):
                if start > local:
                    return start
        return None

    def status_at(self, moment: datetime) -> OpenStatus:
        local = self._local(moment)
        for start, end in self.intervals_on(local.date()):
            if start <= local < end:
                return OpenStatus(is_open=True, closes_at=end)
        return OpenStatus(is_open=False, next_opening=self.next_opening(local))

    def weekly_hours(self) -> list[tuple[str, list[tuple[time, time]]]]:
        return [(label, self._hours_by_weekday[day]) for day, label in Weekday.choices]

    def upcoming_closed_days(self, today: date, *, days: int = 60) -> list[tuple[date, date, str]]:
        """Closures and public holidays on working days in the next `days` days, as (from, to, reason)."""
        found: list[tuple[date, date, str]] = []
        seen_closures = set()
        for offset in range(days):
            day = today + timedelta(days=offset)
            holiday = self.public_holidays.get(day)
            if holiday and self._hours_by_weekday[day.weekday()]:
                found.append((day, day, str(holiday)))
        for closure in self._closures:
            if closure.end_date >= today and closure.start_date <= today + timedelta(days=days):
                if closure.pk not in seen_closures:
                    seen_closures.add(closure.pk)
                    found.append((closure.start_date, closure.end_date, closure.reason))
        return sorted(found)

    def opening_hours_specification(self) -> list[dict]:
        """schema.org `openingHoursSpecification` for the JSON-LD on the home page."""
        return [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_ORG_DAYS[day],
                "opens": opens.strftime("%H:%M"),
                "closes": closes.strftime("%H:%M"),
            }
            for day, intervals in self._hours_by_weekday.items()
            for opens, closes in intervals
        ]


class OpeningHours(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    opens_at = models.TimeField(_("öffnet um"))
    closes_at = models.TimeField(_("schließt um"))

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["office", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="openinghours_closes_after_opening",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})
        if self.office_id and self.opens_at and self.closes_at:
            overlapping = OpeningHours.objects.filter(
                office_id=self.office_id,
                weekday=self.weekday,
                opens_at__lt=self.closes_at,
                closes_at__gt=self.opens_at,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("Diese Zeit überschneidet sich mit einer anderen Öffnungszeit am selben Tag."))


class Closure(models.Model):
    """Days on which the office is shut outside the public holidays (holidays come from the `holidays` package)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("von"))
    end_date = models.DateField(_("bis einschließlich"))
    reason = models.CharField(_("Grund"), max_length=160)

    class Meta:
        verbose_name = _("Schließzeit")
        verbose_name_plural = _("Schließzeiten")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="closure_end_not_before_start",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}: {self.reason}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende darf nicht vor dem Beginn liegen.")})


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now: datetime | None = None):
        """Pending mails whose back-off has passed and that no live worker holds."""
        now = now or timezone.now()
        return self.filter(status=OutgoingMail.Status.PENDING, not_before__lte=now).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )

    def to_address(self, text: str):
        """Mails to an address containing `text` (the staff mail log's search by recipient)."""
        return self.filter(to__icontains=text.strip()) if text.strip() else self


class OutgoingMail(models.Model):
    """One e-mail in the outbox.

    Apps never talk to SMTP in a request: they add a row here (`ihk_office.outbox.queue_mail`) and a worker
    sends it. The `key` makes queuing idempotent: the same reminder cannot be queued twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENT = "sent", _("gesendet")
        FAILED = "failed", _("fehlgeschlagen")

    key = models.CharField(_("Schlüssel"), max_length=200, unique=True, default=uuid.uuid4)
    category = models.CharField(_("Art"), max_length=60, blank=True, db_index=True)
    to = models.JSONField(_("Empfänger"), default=list)
    subject = models.CharField(_("Betreff"), max_length=250)
    body = models.TextField(_("Text"))
    html_body = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("Anhänge"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    not_before = models.DateTimeField(_("nicht vor"), default=timezone.now)
    # A worker that claims a mail holds it until this moment; if it dies, the mail is free again afterwards.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    # A password-reset or set-password link (anything that logs in or grants access): the text is shown to
    # nobody, staff and superusers included, and erased once the mail server has accepted the mail.
    carries_credential = models.BooleanField(_("enthält Zugangsdaten"), default=False)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("ausgehende E-Mail")
        verbose_name_plural = _("ausgehende E-Mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "not_before"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def readable_text(self) -> str:
        """The text as staff may read it: nothing of a credential mail, and no link into the portal in any
        other (a booking's manage link is a key to that booking)."""
        if self.carries_credential:
            return ""
        # Links are written as SITE_URL + path (SITE_URL is read now: tests and deployments change it).
        site_link = re.compile(re.escape(settings.SITE_URL) + r"/\S*")
        return site_link.sub(gettext("[Link ausgeblendet]"), self.body)


# Every page needs the office (header, footer) and it changes a few times a year: kept for OFFICE_LOCAL_SECONDS
# in each server process (a change shows at once in the process that made it, within those seconds in the
# others). Not in the shared cache: one query per process every ten seconds is nothing, while the shared cache's
# two round trips (read, and write after a miss) cost each cold page more than the query itself (measured).
OFFICE_LOCAL_SECONDS = 10
_office_cache = DataCache("office", ttl=600, local_seconds=OFFICE_LOCAL_SECONDS, shared=False)


def _load_office(offices) -> Office | None:
    return offices.filter(slug=settings.DEFAULT_OFFICE_SLUG).first() or offices.order_by("pk").first()


def default_office() -> Office | None:
    """The office the public pages show, with its hours and closures; saving or deleting an office, its hours
    or its closures forgets the kept copy (ihk_office/signals.py)."""
    return _office_cache.get("default", lambda: _load_office(Office.objects.with_calendar()))


def layout_office() -> Office | None:
    """The office as the base layout shows it (name, address, phone): one query when nothing is kept, as every
    staff and member page pays it; pages that show hours or closures ask `default_office()`."""
    return _office_cache.get("layout", _load_layout_office)


def _load_layout_office() -> Office | None:
    # The same choice as _load_office (the default office, else the first) in one written-out query: the ORM's
    # two-step .first() cost 0.5 ms of Python on every cold page, this 0.2 ms.
    table = Office._meta.db_table
    offices = Office.objects.raw(f'SELECT * FROM "{table}" ORDER BY slug = %s DESC, id LIMIT 1',  # noqa: S608  # nosec B608
                                 [settings.DEFAULT_OFFICE_SLUG])
    return next(iter(offices), None)


def forget_default_office() -> None:
    _office_cache.forget()


# --- Standard answers ---------------------------------------------------------------------------------


def _content_language() -> str:
    """"en" under /en/, else "de": the language whose fields a standard answer shows."""
    return "en" if (get_language() or "").startswith("en") else "de"


class StandardAnswerQuerySet(models.QuerySet):
    def published(self):
        """What anyone may read at /auskunft/ (and staff may mark as given)."""
        return self.filter(is_published=True)

    def in_order(self):
        return self.order_by("position", "title_de", "pk")


class StandardAnswer(models.Model):
    """A question companies and founders ask again and again, answered once in plain language (German and
    English). Staff edit it under /intern/auskunft/ (the history keeps who changed what); anyone reads it under
    /auskunft/<slug>/. The bodies are Markdown, kept as sanitised HTML on the row (committees.markup)."""

    slug = models.SlugField(_("Kürzel in der Adresse"), max_length=80, unique=True,
                            help_text=_("z. B. „beitragsbescheid“ für /auskunft/beitragsbescheid/"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_published = models.BooleanField(_("öffentlich sichtbar"), default=True)
    show_consultation_day = models.BooleanField(
        _("nächsten Ausbildungssprechtag zeigen"), default=False,
        help_text=_("für Antworten, bei denen Fragen zur Ausbildung naheliegen"))
    title_de = models.CharField(_("Titel (deutsch)"), max_length=120)
    title_en = models.CharField(_("Titel (englisch)"), max_length=120, blank=True)
    summary_de = models.CharField(_("Kurz gesagt (deutsch)"), max_length=400)
    summary_en = models.CharField(_("Kurz gesagt (englisch)"), max_length=400, blank=True)
    body_de = models.TextField(_("Antwort (deutsch, Markdown)"))
    body_en = models.TextField(_("Antwort (englisch, Markdown)"), blank=True)
    body_html_de = models.TextField(editable=False, blank=True)
    body_html_en = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_html_de", "body_html_en", "updated_at"])

    objects = StandardAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("Standardauskunft")
        verbose_name_plural = _("Standardauskünfte")
        ordering = ["position", "title_de", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Derived data, kept in step with the Markdown however the row is saved (as the minutes do): the public
        # page shows it without converting on every request.
        from committees.markup import render_markdown

        self.body_html_de = render_markdown(self.body_de)
        self.body_html_en = render_markdown(self.body_en)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html_de", "body_html_en"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("answers:detail", args=[self.slug])

    # The text in the active language; English falls back to German where it has not been written yet.
    @property
    def language(self) -> str:
        """The language the page shows this answer in ("de" when the English text is missing)."""
        language = _content_language()
        return language if language == "de" or (self.title_en and self.body_en) else "de"

    def _in_language(self, field: str) -> str:
        return getattr(self, f"{field}_{self.language}") or getattr(self, f"{field}_de")

    @property
    def title(self) -> str:
        return self._in_language("title")

    @property
    def summary(self) -> str:
        return self._in_language("summary")

    @property
    def body_html(self) -> str:
        return self._in_language("body_html")
