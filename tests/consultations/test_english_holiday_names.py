"""Issue 13, finding 9: English pages name public holidays in English (the `holidays` package's en_US names), never
with the German name in brackets: the home page's closures, the days list's moved day, the staff overview and
the day sheet. German pages keep the German names."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.models import ConsultationDay

pytestmark = pytest.mark.usefixtures("frozen")  # Thursday 26 November 2026


@pytest.fixture
def planned(office):
    """The next twelve months as the office plans them: 6 May 2027 is Ascension Day, that day moves a week."""
    services.plan_days(office=office, start=date(2026, 11, 26), months=12)
    moved = ConsultationDay.objects.get(rule_date=date(2027, 5, 6))
    assert moved.date == date(2027, 5, 13)
    return moved


def test_the_english_days_list_names_the_holiday_a_day_was_moved_for_in_english(client, planned):
    html = client.get("/en/sprechtag/").content.decode()
    assert "moved from 6 May 2027 (Ascension Day)" in html
    assert "Christi Himmelfahrt" not in html and "verschoben" not in html

    german = client.get("/sprechtag/").content.decode()
    assert "verschoben vom 6. Mai 2027 (Christi Himmelfahrt)" in german


def test_the_english_home_page_lists_the_coming_holidays_by_their_english_names(client, office):
    html = client.get("/en/").content.decode()
    assert "Christmas Day" in html and "New Year&#x27;s Day" in html
    for german in ("Weihnachtstag", "Neujahr"):
        assert german not in html
    assert "Erster Weihnachtstag" in client.get("/").content.decode()


def test_the_english_staff_pages_name_the_holiday_in_english(staff_client, planned):
    sheet_url = f"/en{reverse('consultations_staff:day_sheet', args=[planned.pk])}"
    overview = staff_client.get("/en/intern/sprechtage/").content.decode()
    assert "moved from 6 May 2027 (Ascension Day)" in overview
    assert "Christi Himmelfahrt" not in overview
    sheet = staff_client.get(sheet_url).content.decode()
    assert "moved from 6 May 2027 (Ascension Day)" in sheet and "Himmelfahrt" not in sheet


def test_days_planned_from_an_english_page_keep_a_german_note(office):
    with translation.override("en"):
        services.plan_days(office=office, start=date(2026, 11, 26), months=12)
    assert ConsultationDay.objects.get(rule_date=date(2027, 5, 6)).note == (
        "verschoben vom 06.05.2027 (Christi Himmelfahrt)")


def test_a_day_moved_for_a_closure_says_so_in_english_with_the_reason_staff_typed(client, office):
    from ..factories import ClosureFactory

    ClosureFactory(office=office, start_date=date(2026, 12, 3), end_date=date(2026, 12, 3), reason="Betriebsausflug")
    services.plan_days(office=office, start=date(2026, 11, 26), months=1)
    html = client.get("/en/sprechtag/").content.decode()
    assert "(moved from 3 December 2026 (Betriebsausflug))" in html  # the reason is free text: as typed
    assert "verschoben" not in html
