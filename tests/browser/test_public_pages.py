"""The public pages in a real browser: content, axe-core, keyboard, phone size."""

import pytest

from ..conftest import assert_accessible, log_in
from ..factories import OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(transactional_db):
    return OfficeFactory()


@pytest.mark.parametrize("path", ["/", "/impressum/", "/datenschutz/", "/barrierefreiheit/", "/konto/login/",
                                  "/konto/password_reset/"])
def test_public_pages_have_no_serious_accessibility_violations(page, office, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_home_page_on_a_phone(phone_page, office):
    phone_page.goto("/")
    assert phone_page.get_by_role("link", name="02324 3803301").first.get_attribute("href") == "tel:+4923243803301"
    # Nothing is wider than the screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(page, office):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_language_switch_works_by_keyboard(page, office):
    page.goto("/impressum/")
    page.get_by_role("link", name="English").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/impressum/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Deutsch").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/impressum/") and "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "de"


def test_staff_log_in_and_edit_hours(page, office):
    staff = StaffFactory()
    log_in(page, staff.username)
    assert page.url.endswith("/intern/")
    page.get_by_role("link", name="Öffnungszeiten und Schließzeiten").click()
    assert_accessible(page)
    page.get_by_label("von").fill("2026-12-28")
    page.get_by_label("bis einschließlich").fill("2026-12-30")
    page.get_by_label("Grund").fill("Betriebsferien")
    page.get_by_role("button", name="Schließzeit eintragen").click()
    assert page.get_by_text("Die Schließzeit wurde eingetragen.").is_visible()


def test_no_request_leaves_the_machine(page, office):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    hosts = {url.split("/")[2] for url in requests if url.startswith("http")}
    assert hosts == {page.url.split("/")[2]}


def test_a_failed_log_in_is_announced_and_keeps_the_user_name(page, office):
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill("bea.buero")
    page.get_by_label("Passwort", exact=True).fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    alert = page.get_by_role("alert")
    assert "Benutzername oder Passwort ist falsch" in alert.inner_text()
    # The message takes the focus, so a screen reader reads it first.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.get_by_label("Benutzername").input_value() == "bea.buero"
    assert_accessible(page)


def test_a_form_with_errors_shows_a_summary_that_leads_to_the_field(page, office):
    page.goto("/konto/password_reset/")
    page.get_by_label("E-Mail").fill("keine-adresse")
    page.get_by_role("button", name="Link senden").click()
    summary = page.get_by_role("alert")
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    field = page.get_by_label("E-Mail")
    assert field.input_value() == "keine-adresse"
    assert field.get_attribute("aria-invalid") == "true"
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "email"
    assert_accessible(page)
