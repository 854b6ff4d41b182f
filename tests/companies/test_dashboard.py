"""The dashboard: visits since a date, the server-drawn chart, topics (the coverage has its own page:
tests/companies/test_coverage.py)."""

from datetime import date

import pytest
from django.urls import reverse

from companies import services
from companies.charts import month_bars

from ..factories import CompanyFactory, TopicFactory, VisitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]  # tests/companies/conftest.py


def test_the_dashboard_counts_visits_and_topics(staff_client, three_companies):
    response = staff_client.get(reverse("companies:dashboard"), {"since": "2025-07-01"})
    context = response.context
    assert context["visits_since"] == 2
    assert [(t.name, t.count) for t in context["topics"]] == [("Breitband", 2), ("Ausbildung", 1)]
    months = dict(context["months"])
    assert months[date(2026, 2, 1)] == 1 and months[date(2025, 8, 1)] == 1 and months[date(2026, 3, 1)] == 0
    assert len(context["months"]) == 24


def test_the_dashboard_defaults_to_the_start_of_the_half_year(staff_client):
    VisitFactory(date=date(2026, 1, 2))
    VisitFactory(date=date(2025, 12, 30))
    response = staff_client.get(reverse("companies:dashboard"))
    assert response.context["since"] == date(2026, 1, 1)
    assert response.context["visits_since"] == 1


def test_a_bad_since_date_falls_back_and_says_so_in_german(staff_client):
    response = staff_client.get(reverse("companies:dashboard"), {"since": "gestern"})
    assert response.status_code == 200
    assert "Bitte ein gültiges Datum angeben." in response.content.decode()


def test_the_chart_is_svg_drawn_on_the_server_without_inline_styles(staff_client):
    VisitFactory(date=date(2026, 2, 3))
    html = staff_client.get(reverse("companies:dashboard")).content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'class="chart-bar"' in svg and 'role="img"' in svg
    assert "style=" not in html and "<script>" not in html
    assert "Februar 2026: 1" in svg  # the numbers are readable without seeing the bars
    assert "," not in svg.split('viewBox="')[1].split('"')[0]


def test_the_tallest_bar_fills_the_plot_and_empty_months_have_no_height():
    chart = month_bars([(date(2026, 1, 1), 0), (date(2026, 2, 1), 5), (date(2026, 3, 1), 10)], height=220)
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 0 and heights[2] == 220 - 18 - 28 and heights[1] == heights[2] / 2

def test_a_visit_logged_by_staff_counts_on_the_dashboard_at_once(staff_client, staff_user):
    company = CompanyFactory(district="welper")
    topic = TopicFactory(name="Breitband")
    url = reverse("companies:dashboard")
    before = staff_client.get(url).context
    assert before["visits_since"] == 0
    services.log_visit(company=company, staff=staff_user, date=date(2026, 3, 9), summary="Glasfaser",
                       topics=[topic])
    after = staff_client.get(url).context
    assert after["visits_since"] == 1
    assert [(t.name, t.count) for t in after["topics"]] == [("Breitband", 1)]
    assert dict(after["months"])[date(2026, 3, 1)] == 1



def test_visits_without_topics_are_not_reported_as_no_visits(staff_client):
    VisitFactory(company=CompanyFactory(), date=date(2026, 2, 1), topics=[])
    html = staff_client.get(reverse("companies:dashboard"), {"since": "2026-01-01"}).content.decode()
    assert "Bei diesen Besuchen wurden keine Themen erfasst." in html
    assert "Keine Besuche in diesem Zeitraum." not in html
    html = staff_client.get(reverse("companies:dashboard"), {"since": "2026-03-01"}).content.decode()
    assert "Keine Besuche in diesem Zeitraum." in html


def test_an_invalid_date_is_said_next_to_the_field_and_the_default_period_is_shown(staff_client):
    response = staff_client.get(reverse("companies:dashboard"), {"since": "31.02.2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="invalid-feedback d-block"' in html and "Bitte ein gültiges Datum angeben." in html
