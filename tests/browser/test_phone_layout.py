"""Staff pages on a 360 px phone (#13, finding 6): nothing scrolls the page sideways, a wide table scrolls in its own
box that the keyboard reaches, the dashboard chart's labels stay readable and the staff sub-menu stays short."""

import pytest
from playwright.sync_api import expect

from committees.models import Committee
from consultations.models import ConsultationDay
from ihk_office.demo import DEMO_STAFF_PASSWORD, DEMO_STAFF_USERNAME

from ..conftest import assert_accessible, log_in, screenshot
from .test_crawl import demo  # noqa: F401 - the seed_demo fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def staff_phone(phone_page, demo):  # noqa: F811
    log_in(phone_page, DEMO_STAFF_USERNAME, DEMO_STAFF_PASSWORD)
    return phone_page


def test_the_wide_staff_pages_do_not_scroll_sideways_on_a_phone(staff_phone):
    page = staff_phone
    day = ConsultationDay.objects.filter(slots__bookings__isnull=False).distinct().first()
    for path in ["/intern/buero/mails/", f"/intern/sprechtage/tag/{day.pk}/",
                 f"/intern/gremien/{Committee.objects.first().pk}/", "/intern/firmen/abdeckung/"]:
        page.goto(path)
        assert page.evaluate(SIDEWAYS) == 0, path
        assert_accessible(page)


def test_a_wide_table_scrolls_in_its_own_box_by_keyboard(staff_phone):
    page = staff_phone
    page.goto("/intern/buero/mails/")
    box = page.locator(".table-responsive").first
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # wider than the phone
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-responsive')"):
            break
    else:
        pytest.fail("the table's scroll box is never reached by Tab")
    page.keyboard.press("ArrowRight")
    expect(box).not_to_have_js_property("scrollLeft", 0)


def test_the_dashboard_chart_labels_are_readable_on_a_phone(staff_phone):
    page = staff_phone
    page.goto("/intern/firmen/uebersicht/")
    # The rendered height of a month label: at the old scale (720 units squeezed into 330 px) it was 5 px.
    heights = page.locator(".chart-label").evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
    assert heights and min(heights) >= 10, heights
    assert page.evaluate(SIDEWAYS) == 0
    assert_accessible(page)
    page.locator(".visit-chart").scroll_into_view_if_needed()
    screenshot(page, "companies-dashboard-phone", full_page=False)


def test_the_staff_sub_menu_is_one_line_on_a_phone_and_every_item_is_reached(staff_phone):
    page = staff_phone
    page.goto("/intern/firmen/uebersicht/")
    links = page.locator(".companies-nav .nav-link")
    tops = links.evaluate_all("els => els.map(el => Math.round(el.getBoundingClientRect().top))")
    assert len(tops) >= 6 and len(set(tops)) == 1, tops  # it took four lines before
    assert page.evaluate(SIDEWAYS) == 0
    last = links.last
    last.focus()  # the keyboard brings the last item into view inside the menu's own scroll box
    assert last.is_visible() and last.evaluate("el => el.getBoundingClientRect().right <= innerWidth")
