"""What the Nu HTML Checker and the browsers found in the forms and pages (#13, findings 1 and 7), pinned without a
browser; the crawl in tests/browser/test_crawl.py checks every page the same way."""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from committees.forms import EndMembershipForm, InviteMemberForm, RecommendationStatusForm
from companies.forms import CompanyForm
from consultations.forms import DayForm
from events.forms import CopyForm


@pytest.mark.parametrize("form", [
    lambda: InviteMemberForm(initial={"start_date": date(2026, 12, 1)}),
    lambda: EndMembershipForm(initial={"end_date": date(2026, 12, 1)}),
    lambda: RecommendationStatusForm(initial={"date": date(2026, 12, 1)}),
    lambda: DayForm(office=None, initial={"date": date(2026, 12, 1)}),
    lambda: CopyForm(initial={"starts_on": date(2026, 12, 1)}),
], ids=["invite start", "membership end", "recommendation date", "consultation day", "event copy"])
def test_a_date_input_holds_its_value_in_iso_form_under_the_german_locale(form):
    with translation.override("de"):
        html = str(form())
    assert 'type="date"' in html
    assert 'value="2026-12-01"' in html and "01.12.2026" not in html


def test_a_german_date_typed_by_hand_is_still_understood():
    form = InviteMemberForm(data={"email": "a@example.org", "first_name": "A", "last_name": "B", "role": "member",
                                  "start_date": "2026-12-01"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == date(2026, 12, 1)


@pytest.mark.parametrize(("number", "uri"), [
    ("02324 32419", "tel:+49232432419"),
    ("+49 2324 3803301", "tel:+4923243803301"),
    ("(02324) 38 033-01", "tel:+4923243803301"),
])
def test_a_phone_link_has_no_spaces_and_is_international(number, uri):
    rendered = Template("{% load companies_tags %}<a href=\"{{ number|tel }}\">").render(Context({"number": number}))
    assert rendered == f'<a href="{uri}">'


def test_the_register_court_select_has_no_maxlength():
    html = str(CompanyForm()["register_court"])
    assert html.startswith("<select") and "maxlength" not in html


def test_the_opening_hours_formset_keeps_its_hidden_inputs_inside_cells(staff_client, office):
    html = staff_client.get(reverse("office_hours")).content.decode()
    assert 'name="hours-0-id"' in html
    assert not re.search(r"<tr>\s*<input", html)
