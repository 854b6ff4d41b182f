"""Forms of the location obstacles: they validate and normalise; `obstacle_services` saves."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.forms import BootstrapBoundField

from .forms import DATE_INPUT, SELECT, FastSelect
from .models import District, LocationObstacle, ObstacleKind

Status = LocationObstacle.Status


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, kind):
        return kind.label


def _kind_field(*, required: bool = True, empty_label=None) -> KindChoiceField:
    return KindChoiceField(label=_("Art"), queryset=ObstacleKind.objects.filter(is_active=True), required=required,
                           empty_label=empty_label, widget=FastSelect(attrs=SELECT),
                           error_messages={"required": _("Bitte die Art des Hemmnisses wählen."),
                                           "invalid_choice": _("Bitte eine Art aus der Liste wählen.")})


DISTRICT_CHOICES = [("", _("kein bestimmter Ortsteil"))] + list(District.choices)


class ObstacleFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("alle")), ("unsolved", _("ungelöst (offen oder angesprochen)")),
                      *Status.choices]

    kind = _kind_field(required=False, empty_label=_("alle"))
    district = forms.ChoiceField(label=_("Ortsteil"), required=False, widget=FastSelect(attrs=SELECT),
                                 choices=[("", _("alle"))] + list(District.choices))
    status = forms.ChoiceField(label=_("Stand"), required=False, choices=STATUS_CHOICES,
                               widget=FastSelect(attrs=SELECT))
    top = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired kinds stay filterable: old obstacles keep them.
        self.fields["kind"].queryset = ObstacleKind.objects.all()

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind"), "district": data.get("district", ""), "status": data.get("status", ""),
                "agenda_item": data.get("top")}


class ObstacleForm(forms.Form):
    """Staff record or edit an obstacle. `visit` and `company` carry the prefill of "Standorthemmnis erfassen"
    from a visit or a company page."""

    kind = _kind_field(empty_label="–")
    district = forms.ChoiceField(label=_("Ortsteil"), required=False, choices=DISTRICT_CHOICES)
    title = forms.CharField(label=_("Kurzbeschreibung"), max_length=200,
                            help_text=_("z. B. „Kein stabiles LTE an der Felderbachstraße“"),
                            error_messages={"required": _("Bitte das Hemmnis in einem Satz benennen.")})
    description = forms.CharField(label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    noted_on = forms.DateField(label=_("genannt am"), widget=DATE_INPUT,
                               error_messages={"required": _("Bitte das Datum angeben."),
                                               "invalid": _("Bitte ein gültiges Datum angeben.")})
    visit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    company = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "noted_on" not in self.initial:
            self.initial["noted_on"] = timezone.localdate()

    def clean_noted_on(self):
        day = self.cleaned_data["noted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Das Datum kann nicht in der Zukunft liegen."))
        return day


class MemberReportForm(forms.Form):
    """A board member reports an obstacle from the member area (rendered through includes/form_field.html)."""

    bound_field_class = BootstrapBoundField

    kind = _kind_field(empty_label="–")
    district = forms.ChoiceField(label=_("Ortsteil"), required=False, choices=DISTRICT_CHOICES,
                                 widget=FastSelect(attrs=SELECT))
    title = forms.CharField(label=_("Worum geht es? (ein Satz)"), max_length=200,
                            widget=forms.TextInput(attrs={"class": "form-control"}),
                            error_messages={"required": _("Bitte das Hemmnis in einem Satz benennen.")})
    description = forms.CharField(
        label=_("Beschreibung"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text=_("Wo genau, seit wann, welche Firmen sind betroffen? Das Büro meldet sich bei Rückfragen."))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("neuer Stand"), choices=[(s.value, s.label) for s in
                                                                (Status.OPEN, Status.RAISED, Status.SOLVED)])
    raised_with = forms.CharField(label=_("angesprochen bei"), max_length=200, required=False,
                                  help_text=_("z. B. Wirtschaftsförderung, Bürgermeister, Netzbetreiber"))
    note = forms.CharField(label=_("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_status_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.RAISED and not cleaned.get("raised_with", "").strip():
            self.add_error("raised_with", _("Bitte angeben, bei wem das Hemmnis angesprochen wurde."))
        return cleaned


class ReviewForm(forms.Form):
    """Accept or decline a member's report (the button pressed says which)."""

    note = forms.CharField(label=_("Notiz"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_review_%s")
        super().__init__(*args, **kwargs)


class KindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           error_messages={"required": _("Bitte einen Namen angeben.")})
    name_en = forms.CharField(label=_("Name (englisch)"), max_length=80, required=False)
