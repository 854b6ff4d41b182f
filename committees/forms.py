from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Attendance, Meeting, Membership, Recommendation
from .uploads import MAX_DOCUMENT_BYTES, check_document


def _document_help_text() -> str:
    # Formatted when the form is shown, so the text follows the active language (not the one at import).
    return gettext("PDF, DOCX, XLSX, PPTX, ODT, PNG oder JPEG, höchstens %(max)s MB") % {
        "max": MAX_DOCUMENT_BYTES // 1024 // 1024}


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Ihre Antwort"),
        choices=[c for c in Attendance.Response.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie Zusage, Absage oder vielleicht."),
                        "invalid_choice": _("Bitte wählen Sie Zusage, Absage oder vielleicht.")},
    )


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail"), error_messages={
        "required": _("Bitte geben Sie die E-Mail-Adresse an."),
        "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")})
    first_name = forms.CharField(label=_("Vorname"), max_length=150,
                                 error_messages={"required": _("Bitte geben Sie den Vornamen an.")})
    last_name = forms.CharField(label=_("Nachname"), max_length=150,
                                error_messages={"required": _("Bitte geben Sie den Nachnamen an.")})
    organisation = forms.CharField(label=_("vertretene Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    start_date = forms.DateField(label=_("Beginn"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 initial=timezone.localdate,
                                 error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an.")})


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(label=_("letzter Tag der Mitgliedschaft"),
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               error_messages={"required": _("Bitte geben Sie den letzten Tag an."),
                                               "invalid": _("Bitte geben Sie ein gültiges Datum an.")})


class MeetingForm(forms.ModelForm):
    """Date and time separately: a tentative meeting needs only a month (the day is then ignored)."""

    day = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          help_text=_("bei „vorläufig“ zählt nur der Monat"),
                          error_messages={"required": _("Bitte geben Sie ein Datum an."),
                                          "invalid": _("Bitte geben Sie ein gültiges Datum an.")})
    start_time = forms.TimeField(label=_("Beginn (Uhrzeit)"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                 error_messages={"invalid": _("Bitte geben Sie eine gültige Uhrzeit an.")})
    end_time = forms.TimeField(label=_("Ende (Uhrzeit)"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                               error_messages={"invalid": _("Bitte geben Sie eine gültige Uhrzeit an.")})

    class Meta:
        model = Meeting
        fields = ["title", "state", "location"]
        error_messages = {"title": {"required": _("Bitte geben Sie einen Titel an.")}}

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee or getattr(self.instance, "committee", None)
        if self.instance.pk and self.instance.starts_at:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("day", local.date())
            if not self.instance.is_tentative:
                self.initial.setdefault("start_time", local.time())
            if self.instance.ends_at:
                self.initial.setdefault("end_time", timezone.localtime(self.instance.ends_at).time())

    def clean(self):
        cleaned = super().clean()
        day, start, end, state = (cleaned.get(k) for k in ("day", "start_time", "end_time", "state"))
        if not day:
            return cleaned
        tz = timezone.get_current_timezone()
        if state == Meeting.State.TENTATIVE:
            self.instance.starts_at = datetime.combine(day.replace(day=1), time(0), tzinfo=tz)
            self.instance.ends_at = None
        else:
            if start is None:
                self.add_error("start_time", _("Bitte geben Sie die Uhrzeit an (oder wählen Sie „vorläufig“)."))
                return cleaned
            self.instance.starts_at = datetime.combine(day, start, tzinfo=tz)
            self.instance.ends_at = datetime.combine(day, end, tzinfo=tz) if end else None
            if end and end <= start:
                self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned

    def save(self, commit=True):
        if self.committee is not None:
            self.instance.committee = self.committee
        return super().save(commit=commit)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "text", "public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Bitte geben Sie einen Titel an.")}}


class DocumentForm(forms.Form):
    """Shown beside the agenda form, which also has a "title": its own ids keep each label on its own field."""

    title = forms.CharField(label=_("Titel"), max_length=200, required=False,
                            help_text=_("leer lassen: der Dateiname wird verwendet"))
    description = forms.CharField(label=_("Beschreibung"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Stichworte für die Suche der Mitglieder"))
    file = forms.FileField(
        label=_("Datei"),
        help_text=lazy(_document_help_text, str)(),
        error_messages={"required": _("Bitte wählen Sie eine Datei aus."),
                        "empty": _("Die Datei ist leer."),
                        "invalid": _("Es wurde keine Datei übertragen. Bitte wählen Sie die Datei erneut aus.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_document_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload)
        return upload


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Protokoll (Markdown)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 20}),
                           help_text=_("Überschriften mit #, Listen mit -, Fett mit **…**. HTML wird entfernt."))
    approve_early = forms.BooleanField(
        label=_("Ich bestätige: Das Protokoll wird vor dem eingetragenen Sitzungstermin genehmigt."),
        required=False,
        help_text=_("Nur nötig, wenn der Termin der Sitzung falsch eingetragen ist."))

    def __init__(self, *args, early: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not early:  # the meeting took place: nothing to confirm
            del self.fields["approve_early"]


class ReopenMinutesForm(forms.Form):
    reason = forms.CharField(label=_("Grund der Wiederöffnung"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Bitte geben Sie an, warum das Protokoll wieder "
                                                           "geöffnet wird.")})


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["title", "text", "public_text", "addressee", "adopted_in"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "public_text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel an.")},
            "text": {"required": _("Bitte beschreiben Sie die Empfehlung.")},
            "addressee": {"required": _("Bitte wählen Sie den Adressaten.")},
        }

    def __init__(self, *args, committee, **kwargs):
        # Shown beside the meeting form, which also has a "title": own ids keep each label on its own field.
        kwargs.setdefault("auto_id", "id_recommendation_%s")
        super().__init__(*args, **kwargs)
        # Only a meeting that took place can have adopted anything ("beschlossen am" is never in the future).
        self.fields["adopted_in"].queryset = (committee.meetings.past().exclude(state=Meeting.State.CANCELLED)
                                              .order_by("-starts_at"))
        self.fields["adopted_in"].required = False


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("neuer Stand"), choices=Recommendation.Status.choices)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           initial=timezone.localdate,
                           error_messages={"required": _("Bitte geben Sie das Datum an."),
                                           "invalid": _("Bitte geben Sie ein gültiges Datum an.")})
    note = forms.CharField(label=_("interne Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("nur für Büro und Mitglieder"))
    public_note = forms.CharField(
        label=_("öffentlicher Hinweis"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("erscheint öffentlich – ohne Namen von Firmen oder Personen"))


class RecommendationPublicTextForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["public_text"]
        widgets = {"public_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        # On the page of the status form: own ids keep the labels apart.
        kwargs.setdefault("auto_id", "id_public_%s")
        super().__init__(*args, **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)


def _obstacle_label(obstacle) -> str:
    from companies.models import District

    districts = dict(District.choices)
    parts = [obstacle.kind.label, str(districts.get(obstacle.district, "")) if obstacle.district else "",
             obstacle.noted_on.strftime("%d.%m.%Y")]
    return f"{obstacle.title} ({', '.join(part for part in parts if part)})"


class GroupObstaclesForm(forms.Form):
    """Group obstacles into a new agenda item. `candidates` (loaded once by the page) are the choices."""

    title = forms.CharField(label=_("Titel des Tagesordnungspunkts"), max_length=250,
                            error_messages={"required": _("Bitte geben Sie einen Titel an.")})
    text = forms.CharField(label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    public = forms.BooleanField(label=_("öffentlich"), required=False)
    obstacles = forms.TypedMultipleChoiceField(
        label=_("Standorthemmnisse"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte mindestens ein Standorthemmnis auswählen."),
                        "invalid_choice": _("Dieses Standorthemmnis steht nicht zur Auswahl.")})

    def __init__(self, *args, candidates=(), **kwargs):
        kwargs.setdefault("auto_id", "id_group_%s")
        super().__init__(*args, **kwargs)
        self.fields["obstacles"].choices = [(obstacle.pk, _obstacle_label(obstacle)) for obstacle in candidates]


class ObstacleLinkForm(forms.Form):
    """The obstacles a recommendation answers, chosen among `candidates`."""

    obstacles = forms.TypedMultipleChoiceField(
        label=_("Beantwortet diese Standorthemmnisse"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Dieses Standorthemmnis steht nicht zur Auswahl.")})

    def __init__(self, *args, candidates=(), **kwargs):
        kwargs.setdefault("auto_id", "id_link_%s")
        super().__init__(*args, **kwargs)
        self.fields["obstacles"].choices = [(obstacle.pk, _obstacle_label(obstacle)) for obstacle in candidates]
