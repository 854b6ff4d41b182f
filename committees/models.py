"""Committees of the office: the advisory board and working groups, their meetings, minutes and recommendations.

The data follows OParl 1.1 where it fits: `Committee` is an oparl:Organization, a member's `User` is the
oparl:Person, `Membership` is oparl:Membership, `Meeting` is oparl:Meeting, `AgendaItem` is oparl:AgendaItem,
`Recommendation` plays the part of an oparl:Paper (with its consultation on an agenda item) and `Document`
is an oparl:File. Access is decided from the database on every request (`Membership.objects.active()`,
`Meeting.objects.for_member()`), so an ended membership loses access on the very next request.
"""

from __future__ import annotations

import os
import secrets
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ihk_office.fields import OneLineCharField


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under `settings.PRIVATE_MEDIA_ROOT`, read at every access (tests point it at a tmp_path).

    There is deliberately no URL: documents are only ever served by a view that checks membership.
    """

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private documents have no public URL; use committees:document_download.")


private_storage = PrivateStorage()


class Committee(models.Model):
    """A committee of the office (oparl:Organization, classification "Beirat" or "Arbeitskreis")."""

    class Kind(models.TextChoices):
        ADVISORY_BOARD = "advisory_board", _("Beirat")
        WORKING_GROUP = "working_group", _("Arbeitskreis")

    office = models.ForeignKey("ihk_office.Office", on_delete=models.PROTECT, related_name="committees",
                               verbose_name=_("Büro"))
    # Both reach mail subjects (invitations): kept on one line.
    name = OneLineCharField(_("Name"), max_length=150)
    short_name = OneLineCharField(_("Kurzname"), max_length=40)
    slug = models.SlugField(_("Adresskürzel"), unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.ADVISORY_BOARD)
    description = models.TextField(
        _("Zweck"), help_text=_("öffentlich sichtbar: wofür das Gremium da ist und wer mitwirkt")
    )
    publishes_recommendations = models.BooleanField(
        _("veröffentlicht Handlungsempfehlungen"), default=False,
        help_text=_("Die beschlossenen Empfehlungen erscheinen mit ihrem öffentlichen Text und Verlauf auf einer "
                    "öffentlichen Seite und in einem Atom-Feed."),
    )

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        """Memberships that give access on `on` (today by default): started, not ended, the account active."""
        on = on or timezone.localdate()
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on, user__is_active=True
        )


class Membership(models.Model):
    """A person's seat in a committee (oparl:Membership), with the organisation they represent."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        MEMBER = "member", _("Mitglied")
        ADVISORY = "advisory", _("beratendes Mitglied")
        GUEST = "guest", _("Gast")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("Person"))
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name=_("Gremium"))
    # Text for now: the companies app is built in parallel and may be linked later (oparl:Membership.onBehalfOf).
    organisation = models.CharField(_("vertretene Organisation"), max_length=200, blank=True)
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("Beginn"), default=timezone.localdate)
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["committee", "user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} – {self.committee.short_name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende darf nicht vor dem Beginn liegen.")})

    def is_active_on(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class MeetingQuerySet(models.QuerySet):
    def for_member(self, user, on: date | None = None):
        """Meetings of the committees in which `user` holds an active membership (read fresh each call)."""
        if not user.is_authenticated:
            return self.none()
        committees = Membership.objects.active(on=on).filter(user=user).values("committee_id")
        return self.filter(committee_id__in=committees)

    def upcoming(self, now: datetime | None = None):
        now = now or timezone.now()
        # A tentative meeting only knows its month: it stays "upcoming" until that month is over.
        month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return self.filter(
            Q(state=Meeting.State.SCHEDULED, starts_at__gte=now)
            | Q(state=Meeting.State.TENTATIVE, starts_at__gte=month_start)
        ).order_by("starts_at")

    def past(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(starts_at__lt=now).exclude(state=Meeting.State.TENTATIVE).order_by("-starts_at")


class Meeting(models.Model):
    """A meeting of a committee (oparl:Meeting).

    A tentative meeting only knows its month: `starts_at` then holds midnight of the first day of that month.
    """

    class State(models.TextChoices):
        TENTATIVE = "tentative", _("vorläufig (nur Monat bekannt)")
        SCHEDULED = "scheduled", _("terminiert")
        HELD = "held", _("durchgeführt")
        CANCELLED = "cancelled", _("abgesagt")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("Gremium"))
    title = OneLineCharField(_("Titel"), max_length=200)  # in the subject of invitations and reminders
    state = models.CharField(_("Stand"), max_length=20, choices=State.choices, default=State.SCHEDULED)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.CharField(_("Ort"), max_length=200, blank=True)
    # The calendar entry's SEQUENCE: raised when the time or place of a meeting whose invitations went out
    # changes, or when it is cancelled, so calendar programs update the entry they imported (same UID).
    calendar_sequence = models.PositiveIntegerField(_("Kalender-Version"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["committee", "starts_at"], name="meeting_committee_start_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.when_text})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})

    @property
    def is_tentative(self) -> bool:
        return self.state == self.State.TENTATIVE

    @property
    def when_text(self) -> str:
        """"voraussichtlich im März 2027" for a tentative meeting, else "12.03.2027, 16:00 Uhr"."""
        if self.starts_at is None:
            return ""
        local = timezone.localtime(self.starts_at)
        if self.is_tentative:
            return gettext("voraussichtlich im %(month)s") % {"month": date_format(local, "F Y")}
        return gettext("%(date)s, %(time)s Uhr") % {"date": date_format(local, "d.m.Y"),
                                                     "time": local.strftime("%H:%M")}

    def is_over(self, now: datetime | None = None) -> bool:
        """Past meetings take no more answers: held, cancelled, or already started."""
        now = now or timezone.now()
        if self.state in (self.State.HELD, self.State.CANCELLED):
            return True
        if self.is_tentative:
            return False
        return self.starts_at <= now


class AgendaItem(models.Model):
    """One item of a meeting's agenda (oparl:AgendaItem), ordered by `position`."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items",
                                verbose_name=_("Sitzung"))
    position = models.PositiveIntegerField(_("Reihenfolge"))
    title = models.CharField(_("Titel"), max_length=250)
    text = models.TextField(_("Erläuterung"), blank=True)
    public = models.BooleanField(_("öffentlich"), default=False)
    recommendation = models.ForeignKey("Recommendation", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="agenda_items", verbose_name=_("Handlungsempfehlung"))
    # Obstacles at the location grouped into this item; the page computes their summary from the rows.
    obstacles = models.ManyToManyField("companies.LocationObstacle", blank=True, related_name="agenda_items",
                                       verbose_name=_("Standorthemmnisse"))

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"TOP {self.position}: {self.title}"


def person_name(user) -> str:
    """A person's full name, their user name, or "–" (for a deleted account)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


def _document_path(instance, filename: str) -> str:
    # A random name on disk: the original name is kept in the row and never used as a path.
    extension = os.path.splitext(filename)[1].lower()
    return f"committees/{instance.committee_id}/{secrets.token_hex(16)}{extension}"


class DocumentQuerySet(models.QuerySet):
    def for_member(self, user, on: date | None = None):
        if not user.is_authenticated:
            return self.none()
        committees = Membership.objects.active(on=on).filter(user=user).values("committee_id")
        return self.filter(committee_id__in=committees)


class Document(models.Model):
    """An uploaded file of a committee, usually of one meeting (oparl:File). Stored outside any public URL."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="documents",
                                  verbose_name=_("Gremium"))
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                                verbose_name=_("Sitzung"))
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True,
                                   help_text=_("wird bei der Suche der Mitglieder durchsucht"))
    file = models.FileField(_("Datei"), storage=private_storage, upload_to=_document_path, max_length=300)
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The words inside the file (committees/text_extraction.py), for the members' search; never shown.
    text = models.TextField(_("Text des Dokuments"), blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        # Access follows the committee: a document filed under another committee's meeting would leak.
        if self.meeting_id and self.committee_id and self.meeting.committee_id != self.committee_id:
            raise ValidationError({"meeting": _("Die Sitzung gehört zu einem anderen Gremium.")})


class Attendance(models.Model):
    """A member's invitation to a meeting, their answer, and the presence staff record afterwards."""

    class Response(models.TextChoices):
        NONE = "", _("keine Antwort")
        YES = "yes", _("Zusage")
        NO = "no", _("Absage")
        MAYBE = "maybe", _("vielleicht")

    class Presence(models.TextChoices):
        UNKNOWN = "", _("nicht erfasst")
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("abwesend")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("Sitzung"))
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendances",
                                   verbose_name=_("Mitgliedschaft"))
    invited_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    response = models.CharField(_("Antwort"), max_length=10, choices=Response.choices, blank=True, default="")
    responded_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    presence = models.CharField(_("Anwesenheit"), max_length=10, choices=Presence.choices, blank=True, default="")
    # Stamped by the shared reminder scan (ihk_office.reminders.send_due): NULL means "not yet reminded".
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["membership__user__last_name", "membership__user__first_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.membership} @ {self.meeting_id}"


class MinutesQuerySet(models.QuerySet):
    def readable_by(self, user, on: date | None = None):
        """The one rule for who may read minutes, asked by every page, print view and search: office staff read
        all (drafts too); a member reads approved minutes of the committees with an active seat; others none."""
        from ihk_office.permissions import is_office_staff

        if is_office_staff(user):
            return self
        return self.filter(status=Minutes.Status.APPROVED, meeting__in=Meeting.objects.for_member(user, on=on))


class Minutes(models.Model):
    """The minutes of one meeting, written by staff in Markdown. Members only ever read approved text."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        APPROVED = "approved", _("genehmigt")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes",
                                   verbose_name=_("Sitzung"))
    text = models.TextField(_("Text (Markdown)"), blank=True)
    html = models.TextField(editable=False, blank=True)  # the text as sanitised HTML (committees.markup)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("genehmigt am"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("genehmigt von"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="approved_minutes_have_a_date",
            )
        ]

    def __str__(self) -> str:
        return gettext("Protokoll: %(meeting)s") % {"meeting": self.meeting.title}

    def save(self, *args, **kwargs):
        # Derived data, kept in step with the text however the row is saved: pages show it without converting
        # Markdown on every request (a few ms each time).
        from .markup import render_markdown

        self.html = render_markdown(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "html"}
        super().save(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def approved_by_name(self) -> str:
        return person_name(self.approved_by)


class MinutesVersion(models.Model):
    """A kept copy of every approved version of the minutes; reopening records who, when and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Fassung"))
    text = models.TextField(_("Text (Markdown)"))
    approved_at = models.DateTimeField(_("genehmigt am"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("genehmigt von"))
    reopened_at = models.DateTimeField(_("wieder geöffnet am"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("wieder geöffnet von"))
    reopen_reason = models.TextField(_("Grund der Wiederöffnung"), blank=True)

    class Meta:
        verbose_name = _("Protokollfassung")
        verbose_name_plural = _("Protokollfassungen")
        ordering = ["minutes", "-number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_version_number")]

    def __str__(self) -> str:
        return gettext("Fassung %(number)s") % {"number": self.number}

    @cached_property
    def html(self) -> str:
        from .markup import render_markdown

        return render_markdown(self.text)

    @property
    def approved_by_name(self) -> str:
        return person_name(self.approved_by)


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Recommendation.Status.IMPLEMENTED, Recommendation.Status.REJECTED])

    def published(self):
        """The one rule for what the public sees: recommendations the committee adopted (a step "beschlossen" in
        the history, and not taken back to a draft since) of a committee that publishes its recommendations.
        Annotated with `adopted_on`, the date of the latest decision."""
        adopted = RecommendationStatusChange.objects.filter(
            recommendation=OuterRef("pk"), status=Recommendation.Status.ADOPTED).order_by("-date", "-pk")
        return (self.filter(committee__publishes_recommendations=True)
                .exclude(status=Recommendation.Status.DRAFTED)
                .annotate(adopted_on=Subquery(adopted.values("date")[:1]))
                .filter(adopted_on__isnull=False))


class Recommendation(models.Model):
    """A recommendation for action (Handlungsempfehlung) of a committee; in OParl terms a Paper."""

    class Addressee(models.TextChoices):
        TOWN = "town", _("Stadtverwaltung")
        BUSINESS_DEVELOPMENT = "business_development", _("Wirtschaftsförderung")
        TOWN_MARKETING = "town_marketing", _("Stadtmarketing")
        CHAMBER = "chamber", _("IHK")
        DISTRICT = "district", _("Ennepe-Ruhr-Kreis")
        STATE = "state", _("Land NRW")
        OTHER = "other", _("Sonstige")

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("entworfen")
        ADOPTED = "adopted", _("beschlossen")
        HANDED_OVER = "handed_over", _("übergeben")
        ANSWERED = "answered", _("beantwortet")
        IMPLEMENTED = "implemented", _("umgesetzt")
        REJECTED = "rejected", _("abgelehnt")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="recommendations",
                                  verbose_name=_("Gremium"))
    title = models.CharField(_("Titel"), max_length=250, validators=[MinLengthValidator(3)])
    text = models.TextField(_("Text für die Mitglieder"),
                            help_text=_("nur für Büro und Mitglieder, nie öffentlich"))
    # The only wording of the recommendation the public sees (the page and the feed): `text` may name companies
    # and people, so it never leaves the members' area.
    public_text = models.TextField(
        _("öffentlicher Text"), blank=True,
        help_text=_("erscheint öffentlich, sobald die Empfehlung beschlossen ist – ohne Namen von Firmen oder "
                    "Personen"),
    )
    addressee = models.CharField(_("Adressat"), max_length=30, choices=Addressee.choices)
    adopted_in = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="adopted_recommendations", verbose_name=_("beschlossen in"))
    # The latest entry of the history, kept here so lists need no subquery.
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.DRAFTED)
    # The obstacles at the location this recommendation answers.
    obstacles = models.ManyToManyField("companies.LocationObstacle", blank=True, related_name="recommendations",
                                       verbose_name=_("beantwortet Standorthemmnisse"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Handlungsempfehlung")
        verbose_name_plural = _("Handlungsempfehlungen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.IMPLEMENTED, self.Status.REJECTED)


class RecommendationStatusChange(models.Model):
    """One step in a recommendation's history: the status it reached, on which day, with a note."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="history",
                                       verbose_name=_("Handlungsempfehlung"))
    status = models.CharField(_("Stand"), max_length=20, choices=Recommendation.Status.choices)
    date = models.DateField(_("Datum"), default=timezone.localdate)
    note = models.TextField(_("interne Notiz"), blank=True)
    # Shown on the public page and in the feed; `note` stays internal.
    public_note = models.TextField(_("öffentlicher Hinweis"), blank=True,
                                   help_text=_("erscheint öffentlich – ohne Namen von Firmen oder Personen"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["recommendation", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.date})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's private iCal feed. Revoking replaces the token, so the old URL answers 404."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self) -> str:
        return gettext("Kalender von %(user)s") % {"user": self.user.get_username()}
