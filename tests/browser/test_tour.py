"""A tour of the main pages with the demo data of `seed_demo`, as a parent, the office and a committee member see
them: every page is axe-clean with realistic content, and `make screenshots` keeps its picture for the README."""

import io
from importlib import import_module

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from committees.demo import BEIRAT_LOGIN
from committees.models import Minutes
from companies.models import Company, Topic
from consultations.models import Booking
from ihk_office.demo import DEMO_STAFF_PASSWORD, DEMO_STAFF_USERNAME

from ..conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The topics come from a data migration, which the flush after an earlier browser test took away.
    for position, name in enumerate(import_module("companies.migrations.0002_default_topics").DEFAULT_TOPICS, 1):
        Topic.objects.get_or_create(name=name, defaults={"position": position * 10})
    settings.DEBUG = True  # seed_demo makes accounts with known passwords and refuses to run without DEBUG
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def no_wider_than_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def tables_fit(page):
    """No table spills out of its box over its neighbours (it may scroll inside a .table-responsive)."""
    return page.evaluate("""() => [...document.querySelectorAll('table')].every(table => {
        const box = table.parentElement;
        return box.classList.contains('table-responsive')
            ? box.getBoundingClientRect().width <= box.parentElement.getBoundingClientRect().width + 1
            : table.getBoundingClientRect().width <= box.getBoundingClientRect().width + 1;
    })""")


def test_the_public_pages_on_a_phone(phone_page, demo):
    page = phone_page
    page.goto("/")
    assert page.get_by_role("heading", name="Ausbildungssprechtag").is_visible()
    assert no_wider_than_the_screen(page)
    assert_accessible(page)
    screenshot(page, "home-phone")
    page.get_by_role("button", name="Menü öffnen").click()  # the navigation is folded away on a phone
    page.get_by_role("link", name="Ausbildungssprechtag", exact=True).click()
    assert page.get_by_role("link", name="Termin buchen").count() > 1
    assert no_wider_than_the_screen(page)
    assert_accessible(page)
    screenshot(page, "consultation-days-phone", full_page=False)


def test_the_office_pages_with_a_full_day_and_hundreds_of_companies(page, demo):
    log_in(page, DEMO_STAFF_USERNAME, DEMO_STAFF_PASSWORD)
    assert page.url.endswith("/intern/")
    assert_accessible(page)
    screenshot(page, "staff-home")

    day = Booking.objects.order_by("slot__starts_at").first().day
    page.goto(f"/intern/sprechtage/tag/{day.pk}/")
    # A parent with two children: one row per child, each naming the child.
    assert page.get_by_role("cell", name="Murat Yılmaz für Emre Yılmaz bestätigt").is_visible()
    assert page.get_by_role("cell", name="Murat Yılmaz für Elif Yılmaz bestätigt").is_visible()
    assert tables_fit(page)
    assert_accessible(page)
    screenshot(page, "consultation-day-sheet")

    page.goto("/intern/firmen/")
    assert page.locator("tbody tr").count() >= 20
    assert tables_fit(page)
    assert_accessible(page)
    screenshot(page, "companies-directory", full_page=False)

    # A company with a handful of visits: its timeline fits on one picture.
    company = Company.objects.annotate(n=Count("visits")).filter(n__gte=4, n__lte=6).order_by("pk").first()
    page.goto(company.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text().startswith(company.name)
    assert_accessible(page)
    screenshot(page, "company-timeline")

    page.goto("/intern/firmen/uebersicht/")
    assert page.get_by_role("table", name="Themen nach Häufigkeit").get_by_role("row").count() > 2
    assert tables_fit(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 1400})  # the picture: figures, chart, topics, coverage link
    screenshot(page, "companies-dashboard", full_page=False)

    # The coverage has its own page, one tab further.
    page.get_by_role("link", name="Zur Abdeckung").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Abdeckung der Firmenbesuche"
    assert page.get_by_role("table", name="nach Ortsteil").get_by_role("row").count() > 2
    assert tables_fit(page)
    assert_accessible(page)
    screenshot(page, "companies-coverage", full_page=False)


def test_the_member_area_and_approved_minutes(page, demo):
    log_in(page, *BEIRAT_LOGIN)
    assert page.url.endswith("/gremien/")
    assert_accessible(page)
    screenshot(page, "committees-member-home")
    minutes = Minutes.objects.filter(status="approved", meeting__committee__slug="regionalbeirat").select_related(
        "meeting").order_by("-meeting__starts_at").first()
    page.goto(reverse("committees:minutes_detail", args=[minutes.meeting.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == f"Protokoll: {minutes.meeting.title}"
    assert_accessible(page)
    screenshot(page, "committees-minutes")
