"""The coverage page: companies visited in the last twelve months by district and by section, companies never
visited (moved off the dashboard, where counting them cost a third of its time)."""

from datetime import date

import pytest
from django.urls import reverse

from companies import services

from ..factories import CompanyFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]  # tests/companies/conftest.py


def test_the_coverage_page_counts_companies_visited_in_twelve_months_and_the_never_visited(
        staff_client, three_companies):
    response = staff_client.get(reverse("companies:coverage"))
    context = response.context
    assert context["coverage_since"] == date(2025, 3, 10)
    by_district = {row.key: (row.visited, row.total, row.percent) for row in context["coverage_by_district"]}
    assert by_district == {"welper": (1, 1, 100), "mitte": (0, 2, 0)}
    by_section = {row.key: (row.visited, row.total) for row in context["coverage_by_section"]}
    assert by_section == {"C": (1, 1), "I": (0, 2)}
    assert context["never_visited_count"] == 1
    assert [c.name for c in context["never_visited"]] == ["Nie Besucht KG"]
    html = response.content.decode()
    assert "Abdeckung der Firmenbesuche" in html and 'aria-current="page"' in html
    assert f'href="{reverse("companies:company_detail", args=[context["never_visited"][0].pk])}"' in html


def test_more_than_twenty_never_visited_link_to_the_directory_filter(staff_client):
    CompanyFactory.create_batch(21)
    response = staff_client.get(reverse("companies:coverage"))
    assert response.context["never_visited_count"] == 21 and len(response.context["never_visited"]) == 20
    assert f'href="{reverse("companies:directory")}?visited=nie"' in response.content.decode()


def test_a_visit_logged_by_staff_and_a_new_company_count_on_the_coverage_page_at_once(staff_client, staff_user):
    company = CompanyFactory(district="welper")
    topic = TopicFactory(name="Breitband")
    url = reverse("companies:coverage")
    before = staff_client.get(url).context
    assert before["never_visited_count"] == 1
    assert [(row.key, row.visited) for row in before["coverage_by_district"]] == [("welper", 0)]
    services.log_visit(company=company, staff=staff_user, date=date(2026, 3, 9), summary="Glasfaser",
                       topics=[topic])
    after = staff_client.get(url).context
    assert after["never_visited_count"] == 0 and after["never_visited"] == []
    assert [(row.key, row.visited) for row in after["coverage_by_district"]] == [("welper", 1)]
    services.save_company(company=CompanyFactory.build(name="Neu GmbH", street="Ruhrdeich 1", postcode="45525"))
    new = staff_client.get(url).context
    assert new["never_visited_count"] == 1 and [c.name for c in new["never_visited"]] == ["Neu GmbH"]


def test_the_dashboard_links_to_the_coverage_page_and_no_longer_counts_it(staff_client):
    response = staff_client.get(reverse("companies:dashboard"))
    assert f'href="{reverse("companies:coverage")}"' in response.content.decode()
    assert "never_visited_count" not in response.context and "coverage_by_district" not in response.context


def test_the_staff_start_page_links_to_the_coverage_page(staff_client):
    page = staff_client.get(reverse("staff_home")).content.decode()
    assert f'href="{reverse("companies:coverage")}"' in page
