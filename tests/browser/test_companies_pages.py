"""The visit log in a real browser: logging a visit on a 360 px phone, and axe-clean staff pages."""

import pytest

from companies.models import Visit

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    OfficeFactory,
    StaffFactory,
    TopicFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(transactional_db):
    return OfficeFactory()


@pytest.fixture
def staff(transactional_db):
    return StaffFactory(first_name="Bea", last_name="Büro")


@pytest.fixture
def company(transactional_db):
    company = CompanyFactory(name="Ruhrblick Café", legal_form="e.K.", wz_code="56.10.2", district="mitte")
    ContactFactory(company=company, name="Petra Ruhrmann", role="Inhaberin")
    for name in ["Breitband und LTE im Hügelland", "Fachkräfte", "Tourismus"]:
        TopicFactory(name=name)
    return company


def test_staff_log_a_visit_on_a_phone_and_find_it_on_the_timeline(phone_page, office, staff, company):
    page = phone_page
    log_in(page, staff.username)
    assert page.url.endswith("/intern/")
    assert_accessible(page)
    page.goto(company.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_role("link", name="Neuer Besuch").click()
    assert page.get_by_label("Datum").input_value()  # today, filled in
    assert_accessible(page)
    page.get_by_label("Kurzfassung").fill("Radtouristen an der Ruhr")
    page.get_by_label("Breitband und LTE im Hügelland").check()
    page.get_by_label("Tourismus").check()
    page.get_by_label("Petra Ruhrmann (Inhaberin)").check()
    page.locator("#id_wv-0-what").fill("Kontakt zum Tourismusnetzwerk herstellen")
    page.locator("#id_wv-0-due_on").fill("2030-05-04")
    # Nothing is wider than the phone, and the button is big enough to hit with a thumb.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    button = page.get_by_role("button", name="Besuch speichern")
    assert button.bounding_box()["height"] >= 44
    screenshot(page, "visit-form-phone")
    button.click()
    page.wait_for_load_state()

    assert page.get_by_text("Der Besuch wurde gespeichert.").is_visible()
    visit = Visit.objects.get()
    entry = page.locator(f"#besuch-{visit.pk}")
    assert "Radtouristen an der Ruhr" in entry.inner_text()
    assert "Breitband und LTE im Hügelland" in entry.inner_text() and "Tourismus" in entry.inner_text()
    assert "Kontakt zum Tourismusnetzwerk herstellen" in entry.inner_text()
    assert "Petra Ruhrmann" in entry.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_a_visit_with_an_error_keeps_what_was_typed_in_the_browser(phone_page, office, staff, company):
    page = phone_page
    log_in(page, staff.username)
    page.goto(company.get_absolute_url() + "besuche/neu/")
    page.get_by_label("Tourismus").check()
    page.locator("#id_wv-0-what").fill("Flyer schicken")
    page.get_by_role("button", name="Besuch speichern").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Tourismus").is_checked()
    assert page.locator("#id_wv-0-what").input_value() == "Flyer schicken"
    assert not Visit.objects.exists()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/intern/firmen/", "/intern/firmen/uebersicht/", "/intern/firmen/abdeckung/",
                                  "/intern/firmen/wiedervorlagen/", "/intern/firmen/netzwerke/",
                                  "/intern/firmen/import/", "/intern/firmen/besuche/neu/?q=ruhr", "COMPANY", "VISIT"])
def test_staff_pages_have_no_serious_accessibility_violations(page, office, staff, company, path):
    visit = VisitFactory(company=company, staff=staff)
    FollowUpFactory(visit=visit, assignee=staff)
    log_in(page, staff.username)
    path = {"COMPANY": company.get_absolute_url(), "VISIT": visit.get_absolute_url()}.get(path, path)
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_a_third_follow_up_can_be_added_in_the_form(phone_page, office, staff, company):
    page = phone_page
    log_in(page, staff.username)
    page.goto(company.get_absolute_url() + "besuche/neu/")
    page.get_by_label("Kurzfassung").fill("Nachfolge und Ausbildung")
    page.get_by_role("button", name="Weitere Wiedervorlage").click()
    assert page.locator("#id_wv-2-what").is_visible()
    assert page.evaluate("document.activeElement.id") == "id_wv-2-what"
    page.locator("#id_wv-2-what").fill("Nachfolgebörse vorstellen")
    page.locator("#id_wv-2-due_on").fill("2030-06-01")
    page.get_by_role("button", name="Besuch speichern").click()
    page.wait_for_load_state()
    assert [f.what for f in Visit.objects.get().follow_ups.all()] == ["Nachfolgebörse vorstellen"]
    assert_accessible(page)
