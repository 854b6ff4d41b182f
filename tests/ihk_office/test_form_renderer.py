"""The widgets written out in Python (ihk_office.form_renderer) give exactly the HTML of Django's templates."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from companies.forms import DashboardForm, DirectoryFilterForm, FollowUpForm
from consultations.forms import BookingForm, WaitlistForm
from events.forms import PhoneRegistrationForm, WalkInForm
from ihk_office.form_renderer import FastWidgetRenderer

pytestmark = pytest.mark.django_db

CHOICES = [("", "– bitte wählen –"), ("a", "Ä & <b>"), (3, gettext_lazy("Start")),
           ("Gruppe <x>", [("g1", "eins"), ("g2", mark_safe("<em>zwei</em>"))])]  # noqa: S308 – a test value


class EveryWidget(forms.Form):
    text = forms.CharField(help_text="Hilfe", widget=forms.TextInput(attrs={"class": "form-control",
                                                                            "placeholder": gettext_lazy("Start")}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(min_value=0, max_value=5)
    decimal = forms.DecimalField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    when = forms.DateTimeField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    pick = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect(attrs={"class": "r"}), required=False)
    boxes = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False)
    radio_no_id = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect, required=False)


DATA = {"text": 'He said "hi" & <left>', "email": "not an address", "number": "7", "decimal": "1234.5",
        "day": "2026-02-30", "when": "2026-03-01 10:00", "secret": "p<w>", "hidden": "h&h", "agree": "on",
        "note": "line 1\n<script>", "pick": "g2", "many": ["a", "g1"], "radio": "3", "boxes": ["a", "g2"],
        "radio_no_id": "x"}


def forms_to_compare():
    yield EveryWidget()
    yield EveryWidget(DATA)
    yield EveryWidget(DATA, auto_id=False)
    yield EveryWidget(initial={"day": date(2026, 12, 24), "agree": True, "number": 1234, "decimal": 1234.5})
    for form_class in (DashboardForm, DirectoryFilterForm, FollowUpForm, BookingForm,
                       WaitlistForm, PhoneRegistrationForm, WalkInForm):
        yield form_class()
        yield form_class({"name": "<x>", "email": "a@b", "q": "Döhn & Söhne", "since": "gestern"})


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_widget_is_the_same_html_as_djangos_templates_render_it(language, monkeypatch):
    engine_renders = []
    original = BaseRenderer.render
    monkeypatch.setattr(BaseRenderer, "render", lambda self, name, *args, **kwargs: (
        engine_renders.append(name) if isinstance(self, FastWidgetRenderer) else None,
        original(self, name, *args, **kwargs))[1])
    assert settings.FORM_RENDERER == "ihk_office.form_renderer.FastWidgetRenderer"
    templates, written = DjangoTemplates(), FastWidgetRenderer()
    compared = set()
    with override(language):
        for form in forms_to_compare():
            form.full_clean()
            for field in form:
                attrs = {"aria-invalid": True, "data-x": False} if field.errors else None
                form.renderer = templates
                expected = field.as_widget(attrs=attrs)
                form.renderer = written
                assert field.as_widget(attrs=attrs) == expected, (field.name, expected)
                compared.add(field.field.widget.template_name)
    assert engine_renders == []  # all of them written out, none left to the template engine
    # Every kind of widget written out was compared.
    assert {f"django/forms/widgets/{name}.html" for name in (
        "text", "email", "number", "date", "datetime", "password", "hidden", "checkbox", "textarea", "select",
        "radio", "checkbox_select")} <= compared


def test_a_widget_with_a_template_of_its_own_goes_to_the_template_engine():
    class Odd(forms.TextInput):
        template_name = "django/forms/widgets/textarea.html"  # a template the renderer writes out, other context

        def get_context(self, name, value, attrs):
            context = super().get_context(name, value, attrs)
            context["extra"] = "x"
            return context

    widget = Odd()
    assert widget.render("n", "v", renderer=FastWidgetRenderer()) == widget.render("n", "v", renderer=DjangoTemplates())
