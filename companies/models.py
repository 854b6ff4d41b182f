"""The company directory and the visit log: companies, their contacts, visits with topics and follow-ups,
networks and interest groups, and the introductions the office brokers between them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .classification import (
    REGISTER_TYPE_CHOICES,
    SECTION_CHOICES,
    normalize_wz,
    validate_register,
    validate_wz,
    wz_section,
    wz_title,
)


class District(models.TextChoices):
    """Hattingen's districts (Ortsteile) as the town names them."""

    MITTE = "mitte", _("Altstadt/Mitte")
    BLANKENSTEIN = "blankenstein", _("Blankenstein")
    BREDENSCHEID_STUETER = "bredenscheid-stueter", _("Bredenscheid-Stüter")
    ELFRINGHAUSEN = "elfringhausen", _("Elfringhausen")
    HOLTHAUSEN = "holthausen", _("Holthausen")
    NIEDERBONSFELD = "niederbonsfeld", _("Niederbonsfeld")
    NIEDERELFRINGHAUSEN = "niederelfringhausen", _("Niederelfringhausen")
    NIEDERWENIGERN = "niederwenigern", _("Niederwenigern")
    OBERBREDENSCHEID = "oberbredenscheid", _("Oberbredenscheid")
    OBERELFRINGHAUSEN = "oberelfringhausen", _("Oberelfringhausen")
    WELPER = "welper", _("Welper")
    WINZ_BAAK = "winz-baak", _("Winz-Baak")
    OUTSIDE = "auswaerts", _("außerhalb Hattingens")


class LegalForm(models.TextChoices):
    EK = "e.K.", _("e.K. (eingetragener Kaufmann)")
    GBR = "GbR", _("GbR")
    OHG = "OHG", _("OHG")
    KG = "KG", _("KG")
    GMBH_CO_KG = "GmbH & Co. KG", _("GmbH & Co. KG")
    GMBH = "GmbH", _("GmbH")
    UG = "UG", _("UG (haftungsbeschränkt)")
    AG = "AG", _("AG")
    EG = "e.G.", _("eG (Genossenschaft)")
    PARTG = "PartG", _("Partnerschaftsgesellschaft")
    EV = "e.V.", _("e.V. (Verein)")
    SOLE = "Einzelunternehmen", _("Einzelunternehmen (nicht eingetragen)")


# The register type each legal form belongs to, as python-stdnum knows it (a GmbH & Co. KG is a KG: HRA).
_STDNUM_FORM = {"GmbH & Co. KG": "KG"}


class EmployeeBand(models.TextChoices):
    UP_TO_9 = "1-9", _("1–9 Beschäftigte")
    UP_TO_49 = "10-49", _("10–49 Beschäftigte")
    UP_TO_249 = "50-249", _("50–249 Beschäftigte")
    FROM_250 = "250+", _("250 und mehr Beschäftigte")


class Source(models.TextChoices):
    MANUAL = "manual", _("erfasst")
    IMPORT = "import", _("CSV-Import")
    DEMO = "demo", _("Demodaten")


# German spellings without umlauts: typed on a phone or read from an old list, "oe" stands for "ö".
_FOLDS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_ALTERNATIVES = {"ae": "(ae|[äÄ])", "oe": "(oe|[öÖ])", "ue": "(ue|[üÜ])", "ss": "(ss|[ßẞ])"}


def umlaut_pattern(text: str) -> str | None:
    """A case-insensitive regular expression that matches `text` with ä/ae, ö/oe, ü/ue, ß/ss either way,
    or None when the text holds none of them (a plain `icontains` then does)."""
    folded = "".join(_FOLDS.get(char, char) for char in text.lower())
    if not any(pair in folded for pair in _ALTERNATIVES):
        return None
    parts, index = [], 0
    while index < len(folded):
        pair = folded[index:index + 2]
        if pair in _ALTERNATIVES:
            parts.append(_ALTERNATIVES[pair])
            index += 2
        else:
            # Both Python's re (SQLite) and PostgreSQL read a backslash before punctuation as the character.
            parts.append(re.escape(folded[index]))
            index += 1
    return "".join(parts)


class CompanyQuerySet(models.QuerySet):
    def visited_since(self, since: date):
        return self.filter(last_visit_on__gte=since)

    def never_visited(self):
        return self.filter(last_visit_on__isnull=True)

    def search(self, text: str):
        """Name, street, or the name of a contact person; "Doehn" finds "Döhn" and "Straße" finds "Strasse"."""
        text = text.strip()
        if not text:
            return self
        pattern = umlaut_pattern(text)
        lookup = "iregex" if pattern else "icontains"
        term = pattern or text
        contacts = Contact.objects.filter(company=OuterRef("pk"), **{f"name__{lookup}": term})
        return self.filter(Q(**{f"name__{lookup}": term}) | Q(**{f"street__{lookup}": term}) | Exists(contacts))


class Company(models.Model):
    name = models.CharField(_("Name"), max_length=200, db_index=True)
    legal_form = models.CharField(_("Rechtsform"), max_length=30, choices=LegalForm.choices, blank=True)
    # The courts come from python-stdnum (checked in clean()); as form choices only, so that a new release
    # of the list does not need a migration.
    register_court = models.CharField(_("Registergericht"), max_length=60, blank=True)
    register_type = models.CharField(_("Registerart"), max_length=3, choices=REGISTER_TYPE_CHOICES, blank=True)
    register_number = models.CharField(_("Registernummer"), max_length=12, blank=True)
    wz_code = models.CharField(_("WZ-2008-Code"), max_length=8, blank=True, validators=[validate_wz],
                               help_text=_("Klasse (25.61) oder Unterklasse (25.61.0) der WZ 2008"))
    section = models.CharField(_("Wirtschaftsabschnitt"), max_length=1, choices=SECTION_CHOICES, blank=True,
                               editable=False, db_index=True)
    employee_band = models.CharField(_("Beschäftigte"), max_length=8, choices=EmployeeBand.choices, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, default="Hattingen")
    district = models.CharField(_("Ortsteil"), max_length=30, choices=District.choices, blank=True, db_index=True)
    website = models.URLField(_("Website"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    is_member = models.BooleanField(_("IHK-Mitglied"), default=True)
    # Kept by companies.tallies in the transaction of every visit written (services, admin, anywhere): the
    # directory and the coverage page read it instead of searching 50,000 visits.
    last_visit_on = models.DateField(_("Letzter Besuch"), null=True, blank=True, editable=False, db_index=True)
    # Kept the same way: the company page's count of visits (its timeline's pages) without counting them.
    visit_count = models.PositiveIntegerField(_("Besuche"), default=0, editable=False)
    notes = models.TextField(_("Notizen"), blank=True)
    source = models.CharField(_("Herkunft"), max_length=10, choices=Source.choices, default=Source.MANUAL,
                              editable=False)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    # The count is no change anybody made to the company: not in its history.
    history = HistoricalRecords(excluded_fields=["visit_count"])

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Firma")
        verbose_name_plural = _("Firmen")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["register_court", "register_type", "register_number"],
                condition=~Q(register_number=""),
                name="company_register_entry_unique",
                violation_error_message=_("Eine Firma mit dieser Registernummer gibt es schon."),
            ),
        ]
        indexes = [
            models.Index(fields=["postcode", "name"]),
            # The coverage page is counted from this index alone (companies.selectors._coverage).
            models.Index(fields=["district", "section", "last_visit_on"], name="company_coverage_idx"),
        ]

    def __str__(self):
        return f"{self.name} {self.legal_form}".strip() if self.legal_form and self.legal_form not in self.name \
            else self.name

    def save(self, *args, **kwargs):
        # The section is derived data: keep it in step with the code however the row is saved.
        self.section = wz_section(self.wz_code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("companies:company_detail", args=[self.pk])

    @property
    def register_entry(self) -> str:
        return f"{self.register_court} {self.register_type} {self.register_number}" if self.register_number else ""

    @property
    def wz_title(self) -> str:
        return wz_title(self.wz_code)

    def clean(self):
        self.wz_code = normalize_wz(self.wz_code)
        self.section = wz_section(self.wz_code)
        self.register_number = self.register_number.strip().upper()
        validate_register(court=self.register_court, register_type=self.register_type,
                          number=self.register_number,
                          legal_form=_STDNUM_FORM.get(self.legal_form, self.legal_form))


class ContactQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(since__isnull=True) | Q(since__lte=on), Q(until__isnull=True) | Q(until__gte=on))


class Contact(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts",
                                verbose_name=_("Firma"))
    name = models.CharField(_("Name"), max_length=150)
    role = models.CharField(_("Funktion"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    since = models.DateField(_("seit"), null=True, blank=True)
    until = models.DateField(_("bis"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("Das Ende liegt vor dem Beginn.")})

    @property
    def is_current(self) -> bool:
        return self.current_on(timezone.localdate(), since=self.since, until=self.until)

    @staticmethod
    def current_on(day, *, since, until) -> bool:
        """Whether a contact with these dates is the company's contact on `day` (also for rows read as values)."""
        return (since is None or since <= day) and (until is None or until >= day)


class Topic(models.Model):
    """A topic of visits; staff maintain the list (in the admin)."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class VisitQuerySet(models.QuerySet):
    def since(self, day: date):
        return self.filter(date__gte=day)


class Visit(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="visits", verbose_name=_("Firma"))
    date = models.DateField(_("Datum"), default=timezone.localdate)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="company_visits",
                              verbose_name=_("Besucht von"))
    contacts = models.ManyToManyField(Contact, blank=True, related_name="visits",
                                      verbose_name=_("Gesprächspartner"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="visits", verbose_name=_("Themen"))
    summary = models.CharField(_("Kurzfassung"), max_length=300)
    notes = models.TextField(_("Notizen"), blank=True)
    created_at = models.DateTimeField(_("erfasst"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[topics, contacts])

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Besuch")
        verbose_name_plural = _("Besuche")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["company", "-date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.company.name}, {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("companies:visit_detail", args=[self.pk])

    def clean(self):
        if self.date and self.date > timezone.localdate() + timedelta(days=1):
            raise ValidationError({"date": _("Ein Besuch kann nicht in der Zukunft liegen.")})



class AnswerGiven(models.Model):
    """"Standard answer given": staff told a company or a founder one of the office's standard answers, at a
    visit (ticked on the visit form) or on the phone (noted on the answer's staff page). The dashboard counts
    them per month."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("beim Besuch")
        PHONE = "phone", _("am Telefon")

    answer = models.ForeignKey("ihk_office.StandardAnswer", on_delete=models.PROTECT, related_name="marks",
                               verbose_name=_("Standardauskunft"))
    date = models.DateField(_("Datum"), default=timezone.localdate)
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="answers_given",
                              verbose_name=_("Besuch"))
    # Kept when the company goes: the answer was given all the same, and the monthly count stays.
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="answers_given", verbose_name=_("Firma"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers_given",
                              verbose_name=_("gegeben von"))
    created_at = models.DateTimeField(_("erfasst"), auto_now_add=True)

    class Meta:
        verbose_name = _("gegebene Standardauskunft")
        verbose_name_plural = _("gegebene Standardauskünfte")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="visit", visit__isnull=False) | Q(channel="phone", visit__isnull=True),
                name="answer_given_at_a_visit_names_the_visit",
                violation_error_message=_("Eine Auskunft beim Besuch gehört zu einem Besuch, "
                                          "eine am Telefon zu keinem."),
            ),
            models.UniqueConstraint(fields=["visit", "answer"], condition=Q(visit__isnull=False),
                                    name="answer_given_once_per_visit"),
        ]
        # The dashboard counts per month and answer over a range of dates.
        indexes = [models.Index(fields=["date", "answer"], name="answer_given_date_idx")]

    def __str__(self) -> str:
        return f"{self.answer_id} {self.date:%d.%m.%Y} {self.channel}"

    def clean(self):
        # A day's slack as for visits (a visit logged just after midnight elsewhere); forms refuse any future day.
        if self.date and self.date > timezone.localdate() + timedelta(days=1):
            raise ValidationError({"date": _("Das Datum darf nicht in der Zukunft liegen.")})


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def due(self, on: date):
        return self.open().filter(due_on__lte=on)

    def for_assignee(self, user):
        return self.filter(assignee=user)

    def overdue_first(self):
        return self.order_by("due_on", "pk")


class FollowUp(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("Besuch"))
    what = models.CharField(_("Was ist zu tun?"), max_length=300)
    due_on = models.DateField(_("fällig am"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups",
                                 verbose_name=_("zuständig"))
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"])]

    def __str__(self):
        return self.what

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: date | None = None) -> bool:
        return not self.is_done and self.due_on < (today or timezone.localdate())


class Network(models.Model):
    class Kind(models.TextChoices):
        INTEREST_GROUP = "ig", _("Interessengemeinschaft")
        NETWORK = "network", _("Netzwerk")

    name = models.CharField(_("Name"), max_length=150, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.NETWORK)
    description = models.TextField(_("Worum geht es?"), blank=True)
    contact_person = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    contact_phone = models.CharField(_("Telefon der Ansprechperson"), max_length=40, blank=True)
    partners = models.CharField(_("Partner außerhalb (z. B. Nachbarkammern)"), max_length=300, blank=True)
    members = models.ManyToManyField(Company, blank=True, related_name="networks", verbose_name=_("Mitglieder"))
    notes = models.TextField(_("Notizen"), blank=True)

    class Meta:
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:network_detail", args=[self.pk])


class Introduction(models.Model):
    """The mediator's log: who was introduced to whom (a company or a network), why, and what came of it."""

    date = models.DateField(_("Datum"), default=timezone.localdate)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="introductions_made",
                                verbose_name=_("Firma"))
    to_company = models.ForeignKey(Company, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="introductions_received", verbose_name=_("vorgestellt bei Firma"))
    to_network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="introductions", verbose_name=_("vorgestellt bei Netzwerk"))
    purpose = models.CharField(_("Zweck"), max_length=300)
    outcome = models.TextField(_("Ergebnis"), blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="introductions",
                                verbose_name=_("vermittelt von"))

    class Meta:
        verbose_name = _("Vermittlung")
        verbose_name_plural = _("Vermittlungen")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_company__isnull=False, to_network__isnull=True)
                | Q(to_company__isnull=True, to_network__isnull=False),
                name="introduction_to_company_or_network",
                violation_error_message=_("Bitte genau eine Firma oder ein Netzwerk als Gegenüber wählen."),
            ),
        ]

    def __str__(self):
        return f"{self.company} → {self.to_company or self.to_network}"

    @property
    def counterpart(self):
        return self.to_company or self.to_network

    def clean(self):
        if self.to_company_id and self.to_company_id == self.company_id:
            raise ValidationError({"to_company": _("Eine Firma kann nicht sich selbst vorgestellt werden.")})


class VisitTally(models.Model):
    """How many visits there were on a day, all of them (`topic` empty) and per topic: the dashboard's counts,
    kept by companies.tallies in the transaction of every visit written, so they are never stale."""

    day = models.DateField()
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    visits = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "topic"], name="visit_tally_one_per_day_and_topic"),
            models.UniqueConstraint(fields=["day"], condition=Q(topic__isnull=True), name="visit_tally_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.topic_id or '*'}: {self.visits}"


# --- Location obstacles (Standorthemmnisse) -----------------------------------------------------------------

class ObstacleKind(models.Model):
    """A kind of obstacle at the location (Breitband/LTE, Verkehr und Parken, …); staff add kinds in the portal."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    name_en = models.CharField(_("Name (englisch)"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Art des Standorthemmnisses")
        verbose_name_plural = _("Arten der Standorthemmnisse")
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the page (English under /en/ when there is one)."""
        from django.utils.translation import get_language

        return self.name_en if self.name_en and (get_language() or "").startswith("en") else self.name


class LocationObstacleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who reads which obstacles: office staff all of them, anybody else only what they
        reported themselves (a board member's own reports), anonymous visitors none."""
        from ihk_office.permissions import is_office_staff

        if is_office_staff(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(reported_by=user)

    def inbox(self):
        """Reported by a member, not yet accepted by staff."""
        return self.filter(status=LocationObstacle.Status.REPORTED)

    def accepted(self):
        """Taken up by staff (open, raised or solved): what agenda items and recommendations may name."""
        return self.filter(status__in=LocationObstacle.ACCEPTED)

    def unsolved(self):
        """Open or raised with someone: the obstacles that still stand (the dashboard lists these)."""
        return self.filter(status__in=[LocationObstacle.Status.OPEN, LocationObstacle.Status.RAISED])


class LocationObstacle(models.Model):
    """An obstacle at the location that companies named: at a visit, to staff on their own, or reported by a
    board member from the member area (status "gemeldet" until staff accept it)."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("gemeldet")
        OPEN = "open", _("offen")
        RAISED = "raised", _("angesprochen")
        SOLVED = "solved", _("gelöst")
        DECLINED = "declined", _("nicht aufgenommen")

    class Source(models.TextChoices):
        STAFF = "staff", _("Büro")
        MEMBER = "member", _("Gremienmitglied")

    ACCEPTED = (Status.OPEN, Status.RAISED, Status.SOLVED)

    kind = models.ForeignKey(ObstacleKind, on_delete=models.PROTECT, related_name="obstacles",
                             verbose_name=_("Art"))
    district = models.CharField(_("Ortsteil"), max_length=30, choices=District.choices, blank=True, db_index=True)
    title = models.CharField(_("Kurzbeschreibung"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    companies = models.ManyToManyField(Company, blank=True, related_name="obstacles",
                                       verbose_name=_("betroffene Firmen"))
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="obstacles",
                              verbose_name=_("genannt beim Besuch"))
    noted_on = models.DateField(_("genannt am"), default=timezone.localdate)
    source = models.CharField(_("erfasst durch"), max_length=10, choices=Source.choices, default=Source.STAFF)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="reported_obstacles", verbose_name=_("gemeldet von"))
    # The latest entry of the history, kept here so that lists and the dashboard need no subquery.
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_with = models.CharField(_("angesprochen bei"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("erfasst"), auto_now_add=True)

    objects = LocationObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Standorthemmnis")
        verbose_name_plural = _("Standorthemmnisse")
        ordering = ["-noted_on", "-pk"]
        indexes = [models.Index(fields=["status", "kind", "district"], name="obstacle_status_kind_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("companies:obstacle_detail", args=[self.pk])

    def clean(self):
        if self.status == self.Status.RAISED and not self.raised_with.strip():
            raise ValidationError({"raised_with": _("Bitte angeben, bei wem das Hemmnis angesprochen wurde.")})

    @property
    def is_in_inbox(self) -> bool:
        return self.status == self.Status.REPORTED


class ObstacleStatusChange(models.Model):
    """One step in an obstacle's history: who set which status when, with whom it was raised, a note."""

    obstacle = models.ForeignKey(LocationObstacle, on_delete=models.CASCADE, related_name="history",
                                 verbose_name=_("Standorthemmnis"))
    status = models.CharField(_("Stand"), max_length=10, choices=LocationObstacle.Status.choices)
    raised_with = models.CharField(_("angesprochen bei"), max_length=200, blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("von"))
    at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Statusänderung eines Standorthemmnisses")
        verbose_name_plural = _("Statusänderungen der Standorthemmnisse")
        ordering = ["obstacle", "at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.at:%d.%m.%Y})"


class TrainingOccupationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class TrainingOccupation(models.Model):
    """A recognised training occupation, as the BIBB's "Verzeichnis der anerkannten Ausbildungsberufe" names it.

    No package ships that list, so it is kept here: migration 0004 seeds the occupations the chamber trains in
    most, and staff add new ones or deactivate retired ones in the admin. Never deleted: training places and the
    wishes of bookings keep pointing at them.
    """

    name = models.CharField(_("Bezeichnung"), max_length=150, unique=True)
    code = models.CharField(_("Kennziffer"), max_length=20, blank=True,
                            help_text=_("freiwillig, z. B. die Kennziffer der Klassifikation der Berufe"))
    is_active = models.BooleanField(_("aktiv"), default=True,
                                    help_text=_("Nicht mehr ausgebildete Berufe hier abwählen statt löschen."))

    objects = TrainingOccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausbildungsberuf")
        verbose_name_plural = _("Ausbildungsberufe")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TrainingPlaceQuerySet(models.QuerySet):
    def open(self):
        """Places with at least one place not yet filled."""
        return self.filter(filled__lt=F("places"))

    def in_office_area(self):
        """THE rule for "in the area" of the office: companies in one of Hattingen's districts (or with no
        district entered: the directory is the office's own), not those marked as outside the town."""
        return self.exclude(company__district=District.OUTSIDE)

    def matching(self, occupation_ids, *, year: int):
        """What a pupil wishing for one of `occupation_ids` can be offered: open places in the area, starting in
        `year` or later (the day sheet shows them; services.place_booking refuses anything else)."""
        return self.open().in_office_area().filter(occupation_id__in=occupation_ids, start_year__gte=year)


class TrainingPlace(models.Model):
    """A company's training places in one occupation for one start year: how many, and how many are filled.

    `filled` counts places taken, by the office's placements (consultations.services.place_booking, under the
    row's lock) and by the company's own hiring (staff enter it); the database refuses more than `places`.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="training_places",
                                verbose_name=_("Firma"))
    occupation = models.ForeignKey(TrainingOccupation, on_delete=models.PROTECT, related_name="training_places",
                                   verbose_name=_("Ausbildungsberuf"))
    start_year = models.PositiveSmallIntegerField(_("Ausbildungsbeginn (Jahr)"))
    places = models.PositiveSmallIntegerField(_("Plätze"), default=1)
    filled = models.PositiveSmallIntegerField(_("davon besetzt"), default=0)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True,
                            help_text=_("z. B. Schulabschluss, Führerschein, Ansprechperson"))
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="training_places", verbose_name=_("erfasst beim Besuch"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("erfasst von"))
    created_at = models.DateTimeField(_("erfasst"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TrainingPlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausbildungsplatz")
        verbose_name_plural = _("Ausbildungsplätze")
        ordering = ["-start_year", "occupation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "occupation", "start_year"], name="training_place_one_per_occupation_and_year",
                violation_error_message=_("Für diesen Beruf und dieses Jahr hat die Firma schon einen Eintrag. "
                                          "Bitte dort die Zahl der Plätze ändern."),
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="training_place_at_least_one"),
            models.CheckConstraint(
                condition=Q(filled__lte=F("places")), name="training_place_not_overfilled",
                violation_error_message=_("Es können nicht mehr Plätze besetzt sein, als es gibt."),
            ),
        ]
        indexes = [models.Index(fields=["occupation", "start_year"], name="training_place_match_idx")]

    def __str__(self):
        return f"{self.company.name}: {self.occupation.name} ({self.start_year})"

    @property
    def open_places(self) -> int:
        return max(self.places - self.filled, 0)

    def clean(self):
        if self.start_year is not None and not 2000 <= self.start_year <= 2100:
            raise ValidationError({"start_year": _("Bitte ein Jahr wie 2027 eingeben.")})
        if self.places is not None and self.filled is not None and self.filled > self.places:
            raise ValidationError({"filled": _("Es können nicht mehr Plätze besetzt sein, als es gibt.")})
