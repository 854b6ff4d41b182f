from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Closure, Office, OpeningHours, StandardAnswer
from .outbox import queue_mail
from .throttles import password_reset_refused


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens_at", "closes_at"]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class BaseOpeningHoursFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen: dict[int, list[tuple]] = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("weekday")
            opens, closes = form.cleaned_data.get("opens_at"), form.cleaned_data.get("closes_at")
            if day is None or not opens or not closes:
                continue
            for other_opens, other_closes in seen.get(day, []):
                if opens < other_closes and other_opens < closes:
                    raise forms.ValidationError(
                        _("Zwei Öffnungszeiten am selben Tag überschneiden sich. Bitte korrigieren Sie eine davon.")
                    )
            seen.setdefault(day, []).append((opens, closes))


OpeningHoursFormSet = forms.inlineformset_factory(
    parent_model=Office,
    model=OpeningHours,
    form=OpeningHoursForm,
    formset=BaseOpeningHoursFormSet,
    extra=2,
    can_delete=True,
)


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start_date", "end_date", "reason"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        return cleaned


class OutboxPasswordResetForm(PasswordResetForm):
    """Password-reset mails go through the outbox, so a slow or down mail server never breaks the page.
    Requests are throttled per IP and per address (ihk_office.throttles) without the page telling."""

    def save(self, *args, request=None, **kwargs):
        if request is not None and password_reset_refused(request, self.cleaned_data["email"]):
            return None  # the same "check your mail" page as always follows
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_mail(to=[to_email], subject=subject, body=body, category="password-reset", carries_credential=True)


# --- Standard answers ---------------------------------------------------------------------------------

ISO_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StandardAnswerForm(forms.ModelForm):
    class Meta:
        model = StandardAnswer
        fields = ["title_de", "summary_de", "body_de", "title_en", "summary_en", "body_en", "slug", "position",
                  "is_published", "show_consultation_day"]
        widgets = {
            "summary_de": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "body_de": forms.Textarea(attrs={"rows": 16}),
            "body_en": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "body_de": _("Markdown: „# Überschrift“, Listen mit „-“ oder „1.“, **fett**, [Link](https://…)."),
            "body_en": _("Leer lassen, solange es keine englische Fassung gibt: Dann erscheint die deutsche."),
        }
        error_messages = {
            "title_de": {"required": _("Bitte einen Titel angeben.")},
            "summary_de": {"required": _("Bitte in ein, zwei Sätzen sagen, worum es geht.")},
            "body_de": {"required": _("Bitte die Antwort schreiben.")},
            "slug": {"required": _("Bitte ein Kürzel für die Adresse angeben."),
                     "invalid": _("Nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. „beitragsbescheid“."),
                     "unique": _("Dieses Kürzel hat schon eine andere Auskunft.")},
        }

    def clean(self):
        data = super().clean()
        english = [name for name in ("title_en", "summary_en", "body_en") if data.get(name)]
        if english and "title_en" not in english:
            self.add_error("title_en", _("Bitte auch den englischen Titel angeben."))
        if english and "body_en" not in english:
            self.add_error("body_en", _("Bitte auch die englische Antwort schreiben."))
        return data


class PhoneNoteForm(forms.Form):
    """"Am Telefon gegeben": when, and optionally to which company (found by name, as on a phone)."""

    date = forms.DateField(label=_("Datum"), widget=ISO_DATE_INPUT,
                           error_messages={"required": _("Bitte das Datum angeben."),
                                           "invalid": _("Bitte ein gültiges Datum angeben.")})
    company_name = forms.CharField(label=_("Firma (Name, wenn bekannt)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        return day

    def clean_company_name(self):
        from companies.models import Company

        name = self.cleaned_data["company_name"].strip()
        self.cleaned_data["company"] = None
        if not name:
            return name
        matches = list(Company.objects.filter(name__icontains=name).order_by("name", "pk")[:6])
        exact = [match for match in matches if match.name.casefold() == name.casefold()]
        if len(exact) == 1 or len(matches) == 1:
            self.cleaned_data["company"] = (exact or matches)[0]
            return name
        if not matches:
            raise forms.ValidationError(_("Keine Firma „%(name)s“ gefunden. Ohne Firma eintragen: Feld leer "
                                          "lassen.") % {"name": name})
        raise forms.ValidationError(_("Mehrere Firmen passen: %(names)s. Bitte den Namen genauer angeben.")
                                    % {"names": ", ".join(match.name for match in matches[:5])})
