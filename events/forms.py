"""Forms of the event pages; they validate, normalise and carry the German messages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from consultations.forms import SELECT, TEXT, BootstrapBoundField

from .models import Event, Room

REQUIRED = {"required": _("Bitte füllen Sie dieses Feld aus.")}
EMAIL_ERRORS = {**REQUIRED, "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")


def _clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(_("Bitte füllen Sie dieses Feld aus."))
    return name


class RegistrationForm(forms.Form):
    """The public registration. `website` is a honeypot: people never see it, bots fill it in."""

    bound_field_class = BootstrapBoundField

    name = forms.CharField(label=_("Vor- und Nachname"), max_length=150, widget=forms.TextInput(attrs=TEXT),
                           error_messages=REQUIRED)
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254, widget=forms.EmailInput(attrs=TEXT),
                             help_text=_("Dorthin schicken wir den Link zum Bestätigen."), error_messages=EMAIL_ERRORS)
    company = forms.CharField(label=_("Firma (freiwillig)"), max_length=200, required=False,
                              widget=forms.TextInput(attrs=TEXT))
    role = forms.CharField(label=_("Funktion (freiwillig)"), max_length=100, required=False,
                           widget=forms.TextInput(attrs=TEXT))
    guests = forms.TypedChoiceField(label=_("Begleitpersonen"), coerce=int, initial=0,
                                    widget=forms.Select(attrs=SELECT),
                                    error_messages={"invalid_choice": _("Bitte wählen Sie aus der Liste.")})
    privacy = forms.BooleanField(
        label=_("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Datenschutz-Hinweis gelesen haben.")},
    )
    website = forms.CharField(label=_("Bitte leer lassen"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, event: Event, fixed_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guests"].choices = [(n, str(n)) for n in range(event.max_guests + 1)]
        if event.max_guests == 0:
            del self.fields["guests"]
        if not event.ask_company:
            del self.fields["company"]
        if not event.ask_role:
            del self.fields["role"]
        if fixed_email:
            # An invitation is for one person: the address it was sent to is the one registered.
            self.fields["email"].initial = fixed_email
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("Die Adresse, an die Ihre Einladung ging.")

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def values(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "email": data["email"], "company": data.get("company", ""),
                "role": data.get("role", ""), "guests": data.get("guests", 0)}


class WaitlistForm(forms.Form):
    name = forms.CharField(label=_("Vor- und Nachname"), max_length=150, widget=forms.TextInput(attrs=TEXT),
                           error_messages=REQUIRED)
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254, widget=forms.EmailInput(attrs=TEXT),
                             error_messages=EMAIL_ERRORS)
    website = forms.CharField(label=_("Bitte leer lassen"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


class GuestsForm(forms.Form):
    guests = forms.TypedChoiceField(label=_("Begleitpersonen"), coerce=int,
                                    error_messages={"invalid_choice": _("Bitte wählen Sie aus der Liste.")})

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guests"].choices = [(n, str(n)) for n in range(event.max_guests + 1)]


class EventForm(forms.ModelForm):
    """Staff plan an event."""

    class Meta:
        model = Event
        fields = ["title", "description", "room", "starts_at", "ends_at", "audience", "network", "committee",
                  "registration_opens_at", "registration_closes_at", "capacity", "max_guests", "ask_company",
                  "ask_role", "short_notice_hours"]
        widgets = {
            "starts_at": DATETIME, "ends_at": DATETIME, "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME, "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(office=office)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", *settings.DATETIME_INPUT_FORMATS]


class CopyForm(forms.Form):
    starts_on = forms.DateField(label=_("Neues Datum"),
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={**REQUIRED, "invalid": _("Bitte ein Datum wie 2026-12-03 eingeben.")})


class PhoneRegistrationForm(forms.Form):
    """Staff enter a registration taken by phone (confirmed at once). Rendered by includes/form_field.html (the
    staff event page is the busiest staff page; crispy-forms cost more than the rest of it)."""

    bound_field_class = BootstrapBoundField

    name = forms.CharField(label=_("Name"), max_length=150, error_messages=REQUIRED,
                           widget=forms.TextInput(attrs=TEXT))
    email = forms.EmailField(label=_("E-Mail (freiwillig)"), required=False, widget=forms.EmailInput(attrs=TEXT),
                             error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")})
    company = forms.CharField(label=_("Firma"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    guests = forms.IntegerField(label=_("Begleitpersonen"), min_value=0, max_value=20, initial=0,
                                widget=forms.NumberInput(attrs=TEXT))
    language = forms.ChoiceField(label=_("Sprache der E-Mails"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE, required=False, widget=forms.Select(attrs=SELECT))

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


class WalkInForm(forms.Form):
    """Somebody at the door without a registration: entered in seconds."""

    name = forms.CharField(label=_("Name"), max_length=150, error_messages=REQUIRED,
                           widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}))
    company = forms.CharField(label=_("Firma"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-Mail (freiwillig)"), required=False, widget=forms.EmailInput(attrs=TEXT),
                             error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")})

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


class NewCompanyForm(forms.Form):
    name = forms.CharField(label=_("Name der Firma"), max_length=200, error_messages=REQUIRED,
                           widget=forms.TextInput(attrs=TEXT))
