"""The consultation booking in a real browser: a parent on a phone, a keyboard-only booking, axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Booking
from ihk_office.models import OutgoingMail

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import BookingFactory, ConsultationDayFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(transactional_db):
    return OfficeFactory()


@pytest.fixture
def day(office):
    # A Thursday at least ten days ahead, as the office would plan it.
    start = timezone.localdate() + timedelta(days=10)
    return ConsultationDayFactory(office=office, date=start + timedelta(days=(3 - start.weekday()) % 7))


def path_of(mail, name):
    return re.search(r"https?://[^/\s]+(/sprechtag/" + name + r"/[^\s/]+/)", mail.body).group(1)


def test_a_parent_books_confirms_and_cancels_on_a_phone(phone_page, day):
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Termin buchen").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^13:30 Uhr")).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Ihr Name").fill("Murat Yılmaz")
    page.get_by_label("E-Mail-Adresse").fill("murat@example.org")
    page.get_by_label("Ich bin").select_option(label="Mutter / Vater")
    page.get_by_label("Worum geht es?").select_option(label="Ausbildungsplatz finden")
    page.get_by_label("Ihre Frage in wenigen Worten (freiwillig)").fill("Mein Sohn sucht ab August.")
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    assert_accessible(page)
    screenshot(page, "consultation-booking-phone")
    page.get_by_role("button", name="Verbindlich anfragen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    assert Booking.objects.get().status == "pending"

    page.goto(path_of(OutgoingMail.objects.get(category="consultation-confirm-link"), "bestaetigen"))
    assert Booking.objects.get().status == "pending"  # opening the link alone changes nothing
    page.get_by_role("button", name="Ja, Termin bestätigen").click()
    assert page.get_by_text("Ihr Termin ist bestätigt").is_visible()
    assert Booking.objects.get().status == "confirmed"
    assert_accessible(page)

    page.goto(path_of(OutgoingMail.objects.get(category="consultation-confirmed"), "buchung"))
    page.get_by_role("button", name="Termin absagen").click()
    assert page.get_by_text("Ihr Termin ist abgesagt").is_visible()
    assert Booking.objects.get().status == "cancelled"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_booking_journey_works_by_keyboard_alone(page, day):
    page.goto(f"/sprechtag/tag/{day.pk}/")
    # Tab to the first free time and open it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip().startswith("13:00"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused_ids = []
    values = {"id_name": "Lena Hoffmann", "id_email": "lena@example.org"}
    page.get_by_label("Ihr Name").focus()
    for _ in range(30):
        element_id = page.evaluate("document.activeElement.id")
        focused_ids.append(element_id)
        if element_id in values:
            page.keyboard.type(values[element_id])
        if element_id == "id_privacy":
            page.keyboard.press("Space")
        if page.evaluate("document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    assert "id_website" not in focused_ids  # the honeypot is not in the tab order
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Booking.objects.get().name == "Lena Hoffmann"


def test_the_loser_sees_the_free_alternatives_and_keeps_the_input(page, day):
    first = day.slots.order_by("starts_at").first()
    page.goto(f"/sprechtag/termin/{first.pk}/buchen/")
    BookingFactory(slot=first, day=day)  # somebody else was faster
    page.get_by_label("Ihr Name").fill("Lena Hoffmann")
    page.get_by_label("E-Mail-Adresse").fill("lena@example.org")
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Verbindlich anfragen").click()
    assert page.get_by_text("Dieser Termin ist leider schon vergeben").is_visible()
    assert page.get_by_label("Ihr Name").input_value() == "Lena Hoffmann"
    assert_accessible(page)
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Verbindlich anfragen").click()
    assert Booking.objects.get(email="lena@example.org").slot.starts_at > first.starts_at


def test_staff_pages_are_accessible(page, day):
    BookingFactory(slot=day.slots.first(), day=day, status="attended")
    staff = StaffFactory()
    log_in(page, staff.username)
    for path in ("/intern/sprechtage/", f"/intern/sprechtage/tag/{day.pk}/", "/intern/sprechtage/statistik/",
                 f"/intern/sprechtage/tag/{day.pk}/telefon/", "/intern/sprechtage/neu/"):
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto(f"/intern/sprechtage/tag/{day.pk}/")
    screenshot(page, "consultation-day-sheet")
