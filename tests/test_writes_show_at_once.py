"""A write shows on the very next request to every page that displays it: pages are built afresh, the visit
tallies are kept in the write's own transaction, and the one thing kept between requests (the office) is
forgotten by the write.

Each test reads every page once before the write, so anything kept from that first reading would show.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.contrib.admin.widgets import ManyToManyRawIdWidget
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Topic

from .factories import CompanyFactory, MeetingFactory, MinutesFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _form_data(form, data: dict) -> None:
    """What the browser would send back for this form, unchanged."""
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        key = bound.html_name
        if isinstance(field.widget, MultiWidget):  # the admin's date + time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = part.isoformat() if hasattr(part, "isoformat") else part or ""
        elif isinstance(field.widget, ManyToManyRawIdWidget):
            data[key] = ",".join(str(v) for v in value or [])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, date | datetime | time):
            data[key] = value.isoformat()
        elif value is not None:
            data[key] = value


def post_admin_change(client, url: str, **changes):
    """Save the admin's change form for an object with `changes`, the rest as the page shows it."""
    page = client.get(url)
    assert page.status_code == 200
    data: dict = {}
    _form_data(page.context["adminform"].form, data)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


@pytest.fixture
def admin_client_(db):
    from django.test import Client

    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def company(office):
    company = CompanyFactory(name="Ruhrtal Metall GmbH", district="welper")
    VisitFactory(company=company, date=timezone.localdate(), summary="Erstgespräch")
    return company


def test_a_visit_logged_by_staff_shows_on_the_company_page_the_directory_and_the_dashboard(
        staff_client, company):
    company_url = reverse("companies:company_detail", args=[company.pk])
    directory = reverse("companies:directory") + "?q=Ruhrtal"
    dashboard = reverse("companies:dashboard") + f"?since={timezone.localdate().isoformat()}"
    before = staff_client.get(dashboard).context["visits_since"]
    staff_client.get(company_url)
    staff_client.get(directory)
    topic = Topic.objects.order_by("pk").first()
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]), {
        "date": timezone.localdate().isoformat(), "summary": "Breitband im Hügelland", "notes": "",
        "topics": [topic.pk], "wv-TOTAL_FORMS": "0", "wv-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    assert "Breitband im Hügelland" in staff_client.get(company_url).content.decode()
    assert staff_client.get(dashboard).context["visits_since"] == before + 1
    assert any(row.name == topic.name and row.count >= 1
               for row in staff_client.get(dashboard).context["topics"])
    assert timezone.localdate().strftime("%d.%m.%Y") in staff_client.get(directory).content.decode()


def test_an_edit_in_the_admin_shows_on_the_company_page_the_directory_and_the_coverage_page(
        admin_client_, staff_client, company):
    never = CompanyFactory(name="Brauhaus Rietkötter")  # never visited: listed on the coverage page
    urls = [reverse("companies:company_detail", args=[never.pk]), reverse("companies:directory"),
            reverse("companies:coverage")]
    for url in urls:
        assert "Brauhaus Rietkötter" in staff_client.get(url).content.decode()
    post_admin_change(admin_client_, reverse("admin:companies_company_change", args=[never.pk]),
                      name="Brauhaus am Bruchfeld")
    assert Company.objects.get(pk=never.pk).name == "Brauhaus am Bruchfeld"
    for url in urls:
        html = staff_client.get(url).content.decode()
        assert "Brauhaus am Bruchfeld" in html and "Brauhaus Rietkötter" not in html, url


def test_a_visit_moved_in_the_admin_leaves_the_dashboards_period_at_once(admin_client_, staff_client, company):
    visit = company.visits.get()
    dashboard = reverse("companies:dashboard") + f"?since={timezone.localdate().isoformat()}"
    assert staff_client.get(dashboard).context["visits_since"] == 1
    post_admin_change(admin_client_, reverse("admin:companies_visit_change", args=[visit.pk]), date="2020-01-02")
    assert staff_client.get(dashboard).context["visits_since"] == 0


def test_minutes_approved_by_staff_show_on_every_member_page_at_once(staff_client, member_a_client, committee_a):
    meeting = MeetingFactory(committee=committee_a, title="Frühjahrssitzung",
                             starts_at=timezone.now() - timezone.timedelta(days=7))
    MinutesFactory(meeting=meeting, status="draft", text="Der Beirat empfiehlt den Glasfaserausbau.")
    minutes_url = reverse("committees:minutes_detail", args=[meeting.pk])
    print_url = reverse("committees:minutes_print", args=[meeting.pk])
    meeting_url = reverse("committees:meeting_detail", args=[meeting.pk])
    home_url = reverse("committees:member_home")
    search_url = reverse("committees:search") + "?q=Glasfaserausbau"
    assert member_a_client.get(minutes_url).status_code == 404
    assert member_a_client.get(print_url).status_code == 404
    assert minutes_url not in member_a_client.get(meeting_url).content.decode()
    assert minutes_url not in member_a_client.get(home_url).content.decode()
    assert member_a_client.get(search_url).context["hits"] == []

    response = staff_client.post(reverse("committees_staff:minutes_edit", args=[meeting.pk]),
                                 {"text": "Der Beirat empfiehlt den Glasfaserausbau.", "approve": "1"})
    assert response.status_code == 302

    assert "Glasfaserausbau" in member_a_client.get(minutes_url).content.decode()
    assert "Glasfaserausbau" in member_a_client.get(print_url).content.decode()
    assert minutes_url in member_a_client.get(meeting_url).content.decode()
    assert minutes_url in member_a_client.get(home_url).content.decode()
    assert [hit.title for hit in member_a_client.get(search_url).context["hits"]] == ["Frühjahrssitzung"]


def test_a_meeting_renamed_in_the_admin_shows_on_its_minutes_page_at_once(admin_client_, member_a_client,
                                                                          committee_a):
    meeting = MeetingFactory(committee=committee_a, title="Frühjahrssitzung",
                             starts_at=timezone.now() - timezone.timedelta(days=7))
    MinutesFactory(meeting=meeting, status="approved", approved_at=timezone.now())
    minutes_url = reverse("committees:minutes_detail", args=[meeting.pk])
    assert "Frühjahrssitzung" in member_a_client.get(minutes_url).content.decode()
    post_admin_change(admin_client_, reverse("admin:committees_meeting_change", args=[meeting.pk]),
                      title="Sitzung im Mai")
    html = member_a_client.get(minutes_url).content.decode()
    assert "Sitzung im Mai" in html and "Frühjahrssitzung" not in html


def test_opening_hours_changed_in_the_admin_show_on_the_home_page_at_once(admin_client_, client, office):
    hours = office.opening_hours.order_by("weekday", "opens_at").first()
    assert "13:00" in client.get("/").content.decode()
    post_admin_change(admin_client_, reverse("admin:ihk_office_office_change", args=[office.pk]),
                      **{"opening_hours-0-opens_at": "09:30:00"} if hours else {})
    assert "09:30" in client.get("/").content.decode()
