"""Forms of the consultation pages; they validate, normalise and carry the German messages."""

from __future__ import annotations

from datetime import time

from django import forms
from django.conf import settings
from django.db.models import F
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from companies.models import TrainingOccupation, TrainingPlace

from .models import Booking, ConsultationDay, Role, Slot, Topic

REQUIRED = {"required": _("Bitte füllen Sie dieses Feld aus.")}
# The booking's fields besides name, e-mail and phone, as `services.book(**details)` takes them.
DETAILS = ("person_name", "role", "school_or_company", "school_year", "topic", "question", "wish")


def _too_long(limit: int) -> dict:
    return {"max_length": _("Bitte höchstens %(limit)s Zeichen.") % {"limit": limit}}


class BootstrapBoundField(BoundField):
    """Adds Bootstrap's `is-invalid` to a field with errors (Django itself adds aria-invalid and aria-describedby).

    The public booking form is rendered through templates/includes/form_field.html instead of crispy-forms:
    the same Bootstrap markup at a fraction of crispy's rendering cost on the busiest public form.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not widget.is_hidden:
            attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        return attrs


TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class TelInput(forms.TextInput):
    """A phone field: phones show the number keypad, browsers offer the saved number."""

    input_type = "tel"


# Roles for whom a wished-for occupation means nothing: a company asks about its own apprentices.
NO_WISH_ROLES = (Role.COMPANY,)

class _NameRows(ModelChoiceIterator):
    """The choices as (key, name) rows from one query, without a model instance per option: the public booking
    form's 79 occupations cost 1.4 ms as instances, 0.7 ms as rows (measured). The label is the name, as
    TrainingOccupation.__str__ gives it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class OccupationChoiceField(forms.ModelChoiceField):
    iterator = _NameRows


def _wish_field(label, *, attrs=None) -> forms.ModelChoiceField:
    """The optional "Wunschberuf": one of the active recognised occupations (companies.TrainingOccupation)."""
    return OccupationChoiceField(
        label=label, required=False, queryset=TrainingOccupation.objects.active(),
        empty_label=_("noch offen / keiner"), widget=forms.Select(attrs=attrs),
        help_text=_("Für Schülerinnen, Schüler und Auszubildende: Wenn Sie einen Beruf wählen, bringen wir freie "
                    "Ausbildungsplätze in diesem Beruf zum Gespräch mit."),
        error_messages={"invalid_choice": _("Bitte wählen Sie aus der Liste.")},
    )


def _details(form) -> dict:
    data = form.cleaned_data
    details = {key: data.get(key) for key in DETAILS}
    if details["role"] in NO_WISH_ROLES:
        details["wish"] = None
    return details


def _choose_first(choices) -> list:
    """Required choices start empty: a preselected answer would be sent unread and skew the statistics."""
    return [("", _("Bitte wählen …")), *choices]


class BookingForm(forms.Form):
    """The public booking form. `website` is a honeypot: people never see it, bots fill it in."""

    bound_field_class = BootstrapBoundField

    slot = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**62,
        error_messages=dict.fromkeys(("invalid", "required", "min_value", "max_value"),
                                     _("Bitte wählen Sie einen Termin.")),
    )
    name = forms.CharField(label=_("Ihr Name"), max_length=120,
                           widget=forms.TextInput(attrs={**TEXT, "autocomplete": "name"}),
                           error_messages={**REQUIRED, **_too_long(120)})
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), max_length=254, widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "email"}),
        help_text=_("Dorthin schicken wir den Link zum Bestätigen."),
        error_messages={**REQUIRED, **_too_long(254), "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    phone = forms.CharField(label=_("Telefon (freiwillig)"), max_length=40, required=False,
                            widget=TelInput(attrs={**TEXT, "autocomplete": "tel"}),
                            error_messages=_too_long(40))
    role = forms.ChoiceField(label=_("Ich bin"), choices=_choose_first(Role.choices),
                             widget=forms.Select(attrs=SELECT),
                             error_messages={**REQUIRED, "invalid_choice": _("Bitte wählen Sie aus der Liste.")})
    # Who is advised: needed when a parent books (one slot per child, each under its name), left empty by pupils
    # and apprentices who book for themselves. Its place right after "Ich bin" tells which case applies.
    person_name = forms.CharField(
        label=_("Name des Kindes / der Person, die beraten wird"), max_length=120, required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Nur wenn Sie für jemand anderen buchen, etwa für Ihr Kind. Für mehrere Kinder buchen Sie bitte "
                    "je einen Termin."),
        error_messages=_too_long(120),
    )
    school_or_company = forms.CharField(label=_("Schule oder Betrieb (freiwillig)"), max_length=120, required=False,
                                        widget=forms.TextInput(attrs=TEXT),
                                        error_messages=_too_long(120))
    school_year = forms.CharField(label=_("Klasse / Jahrgang (freiwillig)"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs=TEXT),
                                  error_messages=_too_long(20))
    topic = forms.ChoiceField(label=_("Worum geht es?"), choices=_choose_first(Topic.choices),
                              widget=forms.Select(attrs=SELECT),
                              error_messages={**REQUIRED, "invalid_choice": _("Bitte wählen Sie aus der Liste.")})
    question = forms.CharField(label=_("Ihre Frage in wenigen Worten (freiwillig)"), max_length=1000,
                               required=False, widget=forms.Textarea(attrs={"rows": 3, **TEXT}),
                               error_messages=_too_long(1000))
    wish = _wish_field(_("Wunschberuf (freiwillig)"), attrs=SELECT)
    privacy = forms.BooleanField(
        label=_("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Datenschutz-Hinweis gelesen haben.")},
    )
    website = forms.CharField(label=_("Bitte leer lassen"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Bitte füllen Sie dieses Feld aus."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in "+-/() " for ch in phone):
            raise forms.ValidationError(_("Bitte nur Ziffern, Leerzeichen und + - / ( ) verwenden."))
        return phone

    def clean_person_name(self):
        return " ".join(self.cleaned_data["person_name"].split())

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.PARENT and not data.get("person_name") and "person_name" not in self.errors:
            self.add_error("person_name", _("Bitte geben Sie den Namen Ihres Kindes an."))
        return data

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def details(self) -> dict:
        return _details(self)


class WaitlistForm(forms.Form):
    bound_field_class = BootstrapBoundField  # rendered through templates/includes/form_field.html, like BookingForm

    name = forms.CharField(label=_("Ihr Name"), max_length=120, widget=forms.TextInput(attrs=TEXT),
                           error_messages={**REQUIRED, **_too_long(120)})
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), max_length=254, widget=forms.EmailInput(attrs=TEXT),
        error_messages={**REQUIRED, "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    website = forms.CharField(label=_("Bitte leer lassen"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class LinksForm(forms.Form):
    """"Links neu anfordern": the address the links go to. `website` is a honeypot."""

    bound_field_class = BootstrapBoundField  # rendered through templates/includes/form_field.html

    email = forms.EmailField(
        label=_("E-Mail-Adresse"), max_length=254,
        widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "email"}),
        help_text=_("Die Adresse, mit der Sie gebucht oder sich auf die Warteliste gesetzt haben."),
        error_messages={**REQUIRED, **_too_long(254), "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    website = forms.CharField(label=_("Bitte leer lassen"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class MoveForm(forms.Form):
    """The slot to move to, one of `alternatives` (the free slots the page shows); no query of its own."""

    slot = forms.TypedChoiceField(
        label=_("Neuer Termin"), coerce=int, choices=(),
        error_messages={**REQUIRED, "invalid_choice": _("Dieser Termin ist nicht mehr frei.")},
    )

    def __init__(self, *args, alternatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.alternatives = {slot.pk: slot for slot in alternatives}
        self.fields["slot"].choices = [("", "---------")] + [
            (slot.pk, _slot_label(slot)) for slot in alternatives
        ]

    def clean_slot(self):
        return self.alternatives[self.cleaned_data["slot"]]


def with_long_labels(slots: list[Slot]) -> list[Slot]:
    """Give each slot its `label` ("Donnerstag, 3. Dezember 2026, 13:30 Uhr"), formatting each date once."""
    dates: dict = {}
    for slot in slots:
        local = timezone.localtime(slot.starts_at)
        if local.date() not in dates:
            dates[local.date()] = date_format(local, _("l, j. F Y"))
        slot.label = _("%(date)s, %(time)s Uhr") % {"date": dates[local.date()], "time": local.strftime("%H:%M")}
    return slots


def _slot_label(slot: Slot) -> str:
    local = timezone.localtime(slot.starts_at)
    return _("%(date)s, %(time)s Uhr") % {"date": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M")}


class PhoneBookingForm(forms.Form):
    """Staff enter a booking taken by phone: name and phone suffice."""

    # Not in the list: taken since the form was opened (or no time of this day at all).
    slot = forms.ModelChoiceField(label=_("Termin"), queryset=Slot.objects.none(),
                                  error_messages={**REQUIRED,
                                                  "invalid_choice": _("Dieser Termin ist leider schon vergeben.")})
    name = forms.CharField(label=_("Name"), max_length=120, error_messages={**REQUIRED, **_too_long(120)})
    phone = forms.CharField(label=_("Telefon"), max_length=40, error_messages={**REQUIRED, **_too_long(40)})
    email = forms.EmailField(label=_("E-Mail (freiwillig)"), required=False,
                             error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")})
    role = forms.ChoiceField(label=_("Anrufer ist"), choices=Role.choices, initial=Role.PARENT)
    person_name = forms.CharField(label=_("Name des Kindes / der Person, die beraten wird"), max_length=120,
                                  required=False, help_text=_("leer, wenn der Anrufer selbst beraten wird"),
                                  error_messages=_too_long(120))
    topic = forms.ChoiceField(label=_("Thema"), choices=Topic.choices)
    school_or_company = forms.CharField(label=_("Schule oder Betrieb"), max_length=120, required=False)
    school_year = forms.CharField(label=_("Klasse / Jahrgang"), max_length=20, required=False)
    question = forms.CharField(label=_("Frage"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    wish = _wish_field(_("Wunschberuf"))
    language = forms.ChoiceField(label=_("Sprache der E-Mails"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE, required=False)

    def __init__(self, *args, day: ConsultationDay, **kwargs):
        super().__init__(*args, **kwargs)
        # Only times with a place left: a taken one offered here would only end in "ausgebucht" after the call.
        now = timezone.now()
        self.fields["slot"].queryset = (Slot.objects.filter(day=day, starts_at__gt=now).with_taken(now)
                                        .filter(taken__lt=F("capacity")).order_by("starts_at"))
        self.fields["slot"].label_from_instance = _slot_label

    def details(self) -> dict:
        return _details(self)


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DayForm(forms.Form):
    """An extra day, or new times and places for an existing one."""

    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={**REQUIRED, "invalid": _("Bitte ein Datum wie 2026-12-03 eingeben.")})
    starts_at = forms.TimeField(label=_("Beginn"), initial=time(13), widget=TIME_INPUT)
    ends_at = forms.TimeField(label=_("Ende"), initial=time(17), widget=TIME_INPUT)
    slot_minutes = forms.IntegerField(label=_("Minuten je Termin"), min_value=10, max_value=240, initial=30)
    capacity = forms.IntegerField(label=_("Plätze je Termin"), min_value=1, max_value=20, initial=1)
    held_back_places = forms.IntegerField(label=_("Plätze für Telefonbuchungen zurückhalten"), min_value=0,
                                          max_value=50, initial=0)
    release_days_before = forms.IntegerField(label=_("zurückgehaltene Plätze freigeben (Tage vorher)"), min_value=0,
                                             max_value=60, initial=3)

    def __init__(self, *args, office, day: ConsultationDay | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office, self.day = office, day
        if day is not None:
            self.fields["date"].disabled = True

    def clean_date(self):
        value = self.cleaned_data["date"]
        if self.day is None:
            if value < timezone.localdate():
                raise forms.ValidationError(_("Das Datum liegt in der Vergangenheit."))
            if ConsultationDay.objects.filter(office=self.office, date=value).exists():
                raise forms.ValidationError(_("An diesem Tag gibt es schon einen Sprechtag."))
            reason = self.office.closed_reason(value)
            if reason:
                message = _("An diesem Tag ist das Büro geschlossen: %(reason)s")
                raise forms.ValidationError(message % {"reason": reason})
        return value

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return data


class StaffCancelForm(forms.Form):
    """Staff cancel a booking with a reason: it goes into the mail the person gets."""

    reason = forms.CharField(
        label=_("Grund (steht in der E-Mail an die gebuchte Person)"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}), error_messages={**REQUIRED, **_too_long(500)},
    )


class StaffMoveForm(forms.Form):
    """Staff move a booking: one of the free slots the page lists, grouped by day (no query of its own), and
    optionally why – it goes into the mail the person gets."""

    slot = forms.TypedChoiceField(
        label=_("Neuer Termin"), coerce=int, choices=(),
        help_text=_("Nur Zeiten mit einem freien Platz."),
        error_messages={**REQUIRED, "invalid_choice": _("Dieser Termin ist inzwischen belegt. Bitte wählen Sie "
                                                        "einen anderen.")},
    )
    reason = forms.CharField(
        label=_("Grund (freiwillig, steht in der E-Mail an die gebuchte Person)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}), error_messages=_too_long(500),
    )

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.alternatives = {slot.pk: slot for day in days for slot in day.free_slots}
        self.fields["slot"].choices = [("", _("Bitte wählen …"))] + [
            (date_format(day.date, _("l, j. F Y")), [(slot.pk, _free_slot_label(slot)) for slot in day.free_slots])
            for day in days
        ]

    def clean_slot(self):
        return self.alternatives[self.cleaned_data["slot"]]


def _free_slot_label(slot: Slot) -> str:
    """"10.12.2026, 14:00 Uhr": the date too, since a closed select shows the option without its group."""
    label = _slot_label(slot)
    if slot.capacity == 1:
        return label
    return _("%(slot)s (%(free)s von %(capacity)s Plätzen frei)") % {
        "slot": label, "free": slot.free, "capacity": slot.capacity}


class DayMoveForm(forms.Form):
    """Move a whole day with its bookings to another date (a closure hit it, say)."""

    date = forms.DateField(label=_("Neues Datum"),
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={**REQUIRED, "invalid": _("Bitte ein Datum wie 2026-12-10 eingeben.")})
    reason = forms.CharField(
        label=_("Grund (steht in der E-Mail an alle Gebuchten)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}), error_messages=_too_long(500),
    )

    def __init__(self, *args, day: ConsultationDay, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Bitte wählen Sie einen Tag ab morgen."))
        if value == self.day.date:
            raise forms.ValidationError(_("Das ist der bisherige Tag. Bitte wählen Sie ein anderes Datum."))
        reason = self.day.office.closed_reason(value)
        if reason:
            raise forms.ValidationError(_("An diesem Tag ist das Büro geschlossen: %(reason)s") % {"reason": reason})
        return value


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s) for s in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW,
                                                          Booking.Status.CONFIRMED)])


class PlaceForm(forms.Form):
    """The training place a person is placed with (the day sheet's "vermitteln" button carries it)."""

    place = forms.ModelChoiceField(queryset=TrainingPlace.objects.select_related("company", "occupation"))
