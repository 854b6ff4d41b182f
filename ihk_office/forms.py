from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .models import Closure, Office, OpeningHours
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
