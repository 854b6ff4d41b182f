"""The standard answers in a real browser: a visitor reads one in English on a phone; staff change a line of an
answer, read the change in its history on a phone, note the answer given on the phone and at a visit, and find
both counted on the dashboard."""

import pytest
from django.utils import timezone

from companies.models import AnswerGiven
from ihk_office.demo import seed_standard_answers

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import CompanyFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def answers(transactional_db):
    OfficeFactory()
    return {answer.slug: answer for answer in seed_standard_answers()}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_visitor_reads_the_fee_notice_in_english_on_a_phone(phone_page, answers):
    page = phone_page
    page.goto("/en/")
    page.get_by_role("link", name="To the answers").click()
    page.get_by_role("link", name="Membership-fee notice").click()
    assert page.url.endswith("/en/auskunft/beitragsbescheid/")
    assert page.get_by_role("heading", level=1).inner_text() == "Membership-fee notice"
    assert page.get_by_role("heading", name="Who is exempt?").is_visible()
    assert page.get_by_role("link", name="02324 3803301").first.get_attribute("href") == "tel:+4923243803301"
    assert fits_the_phone(page)
    assert_accessible(page)
    screenshot(page, "standard-answer-phone")


def test_staff_change_an_answer_read_the_history_and_see_the_answers_given_counted(phone_page, answers):
    page = phone_page
    staff = StaffFactory(first_name="Bea", last_name="Büro")
    company = CompanyFactory(name="Ruhrblick Café")
    log_in(page, staff.username)
    page.goto("/intern/")
    page.get_by_role("link", name="Standardauskünfte").click()
    page.get_by_role("row").filter(has_text="Beitragsbescheid").get_by_role("link", name="Bearbeiten").click()
    body = page.get_by_label("Antwort (deutsch, Markdown)")
    body.fill(body.input_value().replace("Halten Sie die Beitrags- bzw. Mitgliedsnummer bereit.",
                                         "Halten Sie Ihre Beitragsnummer bereit."))
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()

    # On the answer's page: note it given on the phone, to a company found by name.
    assert page.get_by_label("Datum").input_value() == timezone.localdate().isoformat()
    page.get_by_label("Firma (Name, wenn bekannt)").fill("Ruhrblick")
    page.get_by_role("button", name="Als gegeben vermerken").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vermerkt: „Beitragsbescheid“ am Telefon gegeben.").is_visible()
    assert page.locator("main").get_by_role("link", name="Ruhrblick Café").is_visible()
    assert fits_the_phone(page)
    assert_accessible(page)

    page.get_by_role("link", name="Verlauf").first.click()
    history = page.locator("main")
    assert "Bea Büro" in history.inner_text()
    assert history.locator("del", has_text="Halten Sie die Beitrags- bzw. Mitgliedsnummer bereit.").count() == 1
    assert history.locator("ins", has_text="Halten Sie Ihre Beitragsnummer bereit.").count() == 1
    assert fits_the_phone(page)
    assert_accessible(page)
    screenshot(page, "standard-answer-history-phone")

    # At a visit: ticked on the visit form.
    page.goto(company.get_absolute_url())
    page.get_by_role("link", name="Neuer Besuch").click()
    page.get_by_label("Kurzfassung").fill("Fragen zum Beitrag")
    page.get_by_role("group", name="Standardauskunft gegeben").get_by_label("Beitragsbescheid").check()
    page.get_by_role("button", name="Besuch speichern").click()
    page.wait_for_load_state()
    assert AnswerGiven.objects.filter(company=company).count() == 2

    page.goto("/intern/firmen/uebersicht/")
    month = page.evaluate("new Intl.DateTimeFormat('de-DE', {month: 'long', timeZone: 'Europe/Berlin'})"
                          ".format(new Date())")
    assert page.get_by_text(f"Beitragsbescheid: 2-mal im {month}").is_visible()
    assert fits_the_phone(page)
    assert_accessible(page)
