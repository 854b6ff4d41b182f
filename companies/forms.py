"""Forms of the directory and visit log. They validate and normalise; services save."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ihk_office.models import StandardAnswer

from .classification import REGISTER_COURT_CHOICES, SECTION_CHOICES
from .models import Company, Contact, District, Network, Topic, TrainingOccupation, TrainingPlace

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class CompanyForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Bitte eine gültige Internetadresse angeben.")})

    class Meta:
        model = Company
        fields = ["name", "legal_form", "register_court", "register_type", "register_number", "wz_code",
                  "employee_band", "street", "postcode", "city", "district", "website", "phone", "is_member",
                  "notes"]
        widgets = {"register_court": forms.Select(choices=[("", "–")] + REGISTER_COURT_CHOICES),
                   "notes": forms.Textarea(attrs={"rows": 3}), "postcode": forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code"}), "phone": forms.TextInput(
            attrs={"type": "tel"})}
        error_messages = {"name": {"required": _("Bitte den Namen der Firma angeben.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model field's max_length puts `maxlength` on every widget, but HTML allows it on no <select>.
        self.fields["register_court"].widget.attrs.pop("maxlength", None)

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            raise forms.ValidationError(_("Eine Postleitzahl hat fünf Ziffern."))
        return postcode


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "since", "until"]
        widgets = {"since": DATE_INPUT, "until": DATE_INPUT, "phone": forms.TextInput(attrs={"type": "tel"})}
        error_messages = {"name": {"required": _("Bitte den Namen angeben.")}}


class VisitForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE_INPUT,
                           error_messages={"required": _("Bitte das Datum des Besuchs angeben."),
                                           "invalid": _("Bitte ein gültiges Datum angeben.")})
    topics = forms.ModelMultipleChoiceField(label=_("Themen"), queryset=Topic.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    contacts = forms.ModelMultipleChoiceField(label=_("Gesprächspartner"), queryset=Contact.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("Kurzfassung"), max_length=300,
                              error_messages={"required": _("Bitte in einem Satz festhalten, worum es ging.")})
    notes = forms.CharField(label=_("Notizen"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    answers = forms.ModelMultipleChoiceField(label=_("Standardauskunft gegeben"), required=False,
                                             queryset=StandardAnswer.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    # Met someone new on the spot: one person can be added with the visit (more later on the company page).
    new_contact_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    new_contact_role = forms.CharField(label=_("Funktion"), max_length=100, required=False)
    new_contact_email = forms.EmailField(label=_("E-Mail"), required=False,
                                         error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben.")})
    new_contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False,
                                        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))

    NEW_CONTACT_FIELDS = ("new_contact_name", "new_contact_role", "new_contact_email", "new_contact_phone")

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["contacts"].queryset = Contact.objects.filter(company=company)
        if not self.fields["contacts"].queryset.exists():
            del self.fields["contacts"]
        # The published answers, and any this visit already has (an answer taken off the public pages later
        # stays ticked rather than vanishing from the visit on the next save).
        given = [answer.pk for answer in self.initial.get("answers", [])]
        self.fields["answers"].queryset = StandardAnswer.objects.filter(Q(is_published=True) | Q(pk__in=given)) \
            .in_order()
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        others = [name for name in self.NEW_CONTACT_FIELDS[1:] if cleaned.get(name)]
        if others and not cleaned.get("new_contact_name"):
            self.add_error("new_contact_name", _("Bitte den Namen der neuen Ansprechperson angeben."))
        return cleaned

    def new_contact(self) -> Contact | None:
        """The person met for the first time, unsaved (the service saves it with the visit), or None."""
        if not self.cleaned_data.get("new_contact_name"):
            return None
        return Contact(name=self.cleaned_data["new_contact_name"], role=self.cleaned_data["new_contact_role"],
                       email=self.cleaned_data["new_contact_email"], phone=self.cleaned_data["new_contact_phone"],
                       since=self.cleaned_data.get("date"))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ein Besuch kann nicht in der Zukunft liegen."))
        return day


def staff_choices():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("first_name", "username")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class FollowUpForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    what = forms.CharField(label=_("Was ist zu tun?"), max_length=300, required=False)
    due_on = forms.DateField(label=_("fällig am"), widget=DATE_INPUT, required=False,
                             error_messages={"invalid": _("Bitte ein gültiges Datum angeben.")})
    assignee = StaffChoiceField(label=_("zuständig"), queryset=get_user_model().objects.none(), required=False)
    done = forms.BooleanField(label=_("erledigt"), required=False)

    def __init__(self, *args, default_assignee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices()
        self.fields["assignee"].empty_label = None
        if default_assignee is not None:
            self.fields["assignee"].initial = default_assignee.pk

    def clean(self):
        data = super().clean()
        if data.get("what") and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Bitte ein Fälligkeitsdatum angeben."))
        if data.get("due_on") and not data.get("what"):
            self.add_error("what", _("Bitte angeben, was zu tun ist."))
        return data

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("what") or self.cleaned_data.get("id"))


class BaseFollowUpFormSet(forms.BaseFormSet):
    def drafts(self):
        from .services import FollowUpDraft

        drafts = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or form.is_blank:
                continue
            drafts.append(FollowUpDraft(
                pk=data.get("id"), what=data.get("what", ""), due_on=data.get("due_on"),
                assignee_id=data["assignee"].pk if data.get("assignee") else None, done=data.get("done", False),
                delete=bool(data.get("DELETE")) or (data.get("id") and not data.get("what")),
            ))
        return drafts


FollowUpFormSet = forms.formset_factory(FollowUpForm, formset=BaseFollowUpFormSet, extra=2, can_delete=True,
                                        max_num=20, validate_max=True)


def follow_up_initial(visit) -> list[dict]:
    return [{"id": f.pk, "what": f.what, "due_on": f.due_on, "assignee": f.assignee_id, "done": f.is_done}
            for f in visit.follow_ups.all()]


class FastSelect(forms.Select):
    """A <select> with the same HTML as Django's, written in Python: the template renderer includes one template
    per <option>, which for the directory's filter lists (some 50 options) cost more than the rest of the page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts += [f'\n  <option value="{escape(option["value"])}"{flatatt(option["attrs"])}>'
                      f'{escape(option["label"])}</option>' for option in options]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Safe: every value above went through escape() or flatatt(), which escapes attribute values.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


SELECT = {"class": "form-select"}  # the Bootstrap class crispy-forms would add; includes/form_field.html does not


class DirectoryFilterForm(forms.Form):
    VISITED_CHOICES = [
        ("", _("egal")),
        ("3", _("in den letzten 3 Monaten")),
        ("6", _("in den letzten 6 Monaten")),
        ("12", _("in den letzten 12 Monaten")),
        ("nicht-12", _("nicht in den letzten 12 Monaten")),
        ("nie", _("noch nie")),
    ]
    q = forms.CharField(label=_("Suche (Name, Straße, Ansprechperson)"), required=False,
                        widget=forms.TextInput(attrs={"class": "form-control"}))
    district = forms.ChoiceField(label=_("Ortsteil"), required=False, widget=FastSelect(attrs=SELECT),
                                 choices=[("", _("alle"))] + list(District.choices))
    section = forms.ChoiceField(label=_("Wirtschaftsabschnitt"), required=False, widget=FastSelect(attrs=SELECT),
                                choices=[("", _("alle"))] + [(k, format_lazy("{} – {}", k, v))
                                                             for k, v in SECTION_CHOICES])
    member = forms.ChoiceField(label=_("Mitglied"), required=False, widget=FastSelect(attrs=SELECT),
                               choices=[("", _("alle")), ("ja", _("ja")), ("nein", _("nein"))])
    visited = forms.ChoiceField(label=_("Besucht"), required=False, choices=VISITED_CHOICES,
                                widget=FastSelect(attrs=SELECT))


class DashboardForm(forms.Form):
    since = forms.DateField(label=_("Besuche seit"), required=False,
                            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
                            error_messages={"invalid": _("Bitte ein gültiges Datum angeben.")})


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        # Members are added from each company's page (a list of thousands of companies helps nobody here).
        fields = ["name", "kind", "description", "contact_person", "contact_email", "contact_phone", "partners",
                  "notes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Bitte einen Namen angeben."),
                                   "unique": _("Ein Netzwerk mit diesem Namen gibt es schon.")}}


class MembershipForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Netzwerk"), queryset=Network.objects.none(),
                                     error_messages={"required": _("Bitte ein Netzwerk wählen.")})

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.exclude(members=company)


class IntroductionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE_INPUT,
                           error_messages={"required": _("Bitte das Datum angeben.")})
    # A name to search rather than a list of thousands of companies: light on a phone, works without script.
    to_company_name = forms.CharField(label=_("vorgestellt bei Firma (Name)"), required=False, max_length=200)
    to_network = forms.ModelChoiceField(label=_("oder bei Netzwerk"), queryset=Network.objects.none(),
                                        required=False)
    purpose = forms.CharField(label=_("Zweck"), max_length=300,
                              error_messages={"required": _("Bitte den Zweck angeben.")})
    outcome = forms.CharField(label=_("Ergebnis"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["to_network"].queryset = Network.objects.all()
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_to_company_name(self):
        name = self.cleaned_data["to_company_name"].strip()
        self.cleaned_data["to_company"] = None
        if not name:
            return name
        matches = list(Company.objects.exclude(pk=self.company.pk).filter(name__icontains=name).order_by("name")[:6])
        exact = [match for match in matches if match.name.casefold() == name.casefold()]
        if len(exact) == 1 or len(matches) == 1:
            self.cleaned_data["to_company"] = (exact or matches)[0]
            return name
        if not matches:
            raise forms.ValidationError(_("Keine Firma „%(name)s“ gefunden.") % {"name": name})
        raise forms.ValidationError(_("Mehrere Firmen passen: %(names)s. Bitte den Namen genauer angeben.")
                                    % {"names": ", ".join(match.name for match in matches[:5])})

    def clean(self):
        data = super().clean()
        if "to_company_name" in self.errors:
            return data
        if bool(data.get("to_company")) == bool(data.get("to_network")):
            raise forms.ValidationError(_("Bitte genau eine Firma oder ein Netzwerk als Gegenüber wählen."))
        return data

    def introduction_data(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) for key in ("date", "to_company", "to_network", "purpose", "outcome")}


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV-Datei"), error_messages={"required": _("Bitte eine CSV-Datei wählen.")},
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 2 MB. Bitte in Teilen importieren."))
        return upload


class ImportConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


def next_training_year(today) -> int:
    """The start year staff most likely mean: training starts in August or September, so from August on the
    places they hear of are for the next year."""
    return today.year + 1 if today.month >= 8 else today.year


class TrainingPlaceForm(forms.Form):
    """A company's training places in one occupation and start year. On a new entry the occupation and year are
    chosen; on an existing one the numbers and the note change (occupation and year stay: they are its key)."""

    occupation = forms.ModelChoiceField(
        label=_("Ausbildungsberuf"), queryset=TrainingOccupation.objects.none(),
        error_messages={"required": _("Bitte den Ausbildungsberuf wählen."),
                        "invalid_choice": _("Bitte einen Beruf aus der Liste wählen.")})
    start_year = forms.IntegerField(
        label=_("Ausbildungsbeginn (Jahr)"), min_value=2000, max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Bitte das Jahr des Ausbildungsbeginns angeben."),
                        "invalid": _("Bitte ein Jahr wie 2027 eingeben."),
                        "min_value": _("Bitte ein Jahr wie 2027 eingeben."),
                        "max_value": _("Bitte ein Jahr wie 2027 eingeben.")})
    places = forms.IntegerField(label=_("Zahl der Plätze"), min_value=1, max_value=99, initial=1,
                                error_messages={"required": _("Bitte die Zahl der Plätze angeben."),
                                                "min_value": _("Mindestens ein Platz.")})
    filled = forms.IntegerField(label=_("davon schon besetzt"), min_value=0, max_value=99, initial=0,
                                help_text=_("auch Plätze, die die Firma selbst besetzt hat"))
    note = forms.CharField(label=_("Hinweis (freiwillig)"), max_length=300, required=False,
                           help_text=_("z. B. Schulabschluss, Führerschein, Ansprechperson"))

    def __init__(self, *args, place: TrainingPlace | None = None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        if place is None:
            self.fields["occupation"].queryset = TrainingOccupation.objects.active()
            self.initial.setdefault("start_year", next_training_year(today or timezone.localdate()))
            del self.fields["filled"]  # a new entry has nothing filled yet
        else:
            del self.fields["occupation"], self.fields["start_year"]

    def clean(self):
        data = super().clean()
        if self.place is not None and data.get("filled") is not None and data.get("places") is not None \
                and data["filled"] > data["places"]:
            self.add_error("filled", _("Es können nicht mehr Plätze besetzt sein, als es gibt."))
        return data
