"""The consultation booking in a real browser: a parent on a phone, a keyboard-only booking, axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Booking
from consultations.tasks import send_due_reminders
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


def test_a_parent_books_confirms_gets_the_reminder_and_cancels_on_a_phone(phone_page, day):
    page = phone_page
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Termin buchen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ausbildungssprechtag am")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^13:30 Uhr")).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Ihr Name").fill("Murat Yılmaz")
    page.get_by_label("E-Mail-Adresse").fill("murat@example.org")
    page.get_by_label("Ich bin").select_option(label="Mutter / Vater")
    page.get_by_label("Name des Kindes / der Person, die beraten wird").fill("Emre Yılmaz")
    page.get_by_label("Worum geht es?").select_option(label="Ausbildungsplatz finden")
    page.get_by_label("Ihre Frage in wenigen Worten (freiwillig)").fill("Mein Sohn sucht ab August.")
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    assert_accessible(page)
    screenshot(page, "consultation-booking-phone")
    page.get_by_role("button", name="Verbindlich anfragen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    assert Booking.objects.get().status == "pending"
    assert_accessible(page)

    # The mail with the confirmation link.
    page.goto(path_of(OutgoingMail.objects.get(category="consultation-confirm-link"), "bestaetigen"))
    assert Booking.objects.get().status == "pending"  # opening the link alone changes nothing
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Termin bestätigen").click()
    assert page.get_by_text("Ihr Termin ist bestätigt").is_visible()
    assert Booking.objects.get().status == "confirmed"
    assert_accessible(page)

    # The day before: the reminder scan runs 23 hours before the start and sends the reminder once.
    booking = Booking.objects.select_related("slot").get()
    starts_at = booking.slot.starts_at
    # Booked well before the reminder was due (a booking made inside the last 24 hours gets none).
    Booking.objects.filter(pk=booking.pk).update(created_at=starts_at - timedelta(days=3))
    assert send_due_reminders(now=starts_at - timedelta(hours=23)) == 1
    assert send_due_reminders(now=starts_at - timedelta(hours=22)) == 0
    reminder = OutgoingMail.objects.get(category="consultation-reminder")
    assert reminder.to == ["murat@example.org"] and reminder.subject.startswith("Erinnerung")
    assert timezone.localtime(starts_at).strftime("%H:%M") == "13:30" and "13:30 Uhr" in reminder.body

    # The parent cannot come after all and cancels through the link in the reminder.
    page.goto(path_of(reminder, "buchung"))
    assert page.locator("#booking-status").inner_text() == "bestätigt"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_role("button", name="Termin absagen").click()
    assert page.get_by_text("Ihr Termin ist abgesagt").is_visible()
    assert Booking.objects.get().status == "cancelled"
    assert OutgoingMail.objects.get(category="consultation-cancelled").to == ["murat@example.org"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


# What the keyboard has reached: the element, and whether a focus ring (outline or box shadow) shows it.
FOCUSED = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    return {id: el.id, tag: el.tagName, type: el.type || "", text: el.textContent.trim(),
            ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none"};
}"""


def tab(page) -> dict:
    """Press Tab once; the element reached must show that it has the focus."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["ring"], f"no visible focus on {focused} at {page.url}"
    return focused


def tab_to(page, matches, *, limit=60) -> dict:
    """Press Tab until `matches(focused)` holds."""
    for _ in range(limit):
        focused = tab(page)
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached the element on {page.url}")


def test_the_booking_journey_works_by_keyboard_alone(page, day):
    """No click, no fill, no focus(): Tab, typing, Space and Enter only, from the home page to the confirmation."""
    page.goto("/")
    tab_to(page, lambda f: f["text"] == "Termin buchen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["text"].startswith("13:00"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Termin buchen"

    # First attempt: name and address, but the privacy box forgotten.
    # Typing on a closed select picks the option that starts with the letters, as keyboard users do.
    typed = {"id_name": "Lena Hoffmann", "id_email": "lena@example.org", "id_role": "Mutter",
             "id_person_name": "Mia Hoffmann", "id_topic": "Ausbildungsplatz"}
    # The skip link comes first and jumps over the navigation (and its language button) into the form.
    assert tab(page)["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    focused_ids = []
    for _ in range(60):
        focused = tab(page)
        focused_ids.append(focused["id"])
        if focused["id"] in typed:
            page.keyboard.type(typed[focused["id"]])
        if focused["type"] == "submit":
            break
    assert focused["text"] == "Verbindlich anfragen"
    assert "id_website" not in focused_ids  # the honeypot is not in the tab order
    assert focused_ids.index("id_name") < focused_ids.index("id_email") < focused_ids.index("id_privacy")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error summary takes the focus, is announced (role=alert) and leads to the field with Enter.
    summary = page.get_by_role("alert")
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.get_by_label("Ihr Name").input_value() == "Lena Hoffmann"  # nothing typed is lost
    assert page.get_by_label("Ich bin").input_value() == "parent"
    assert page.get_by_label("Worum geht es?").input_value() == "finding"
    assert_accessible(page)
    tab_to(page, lambda f: f["tag"] == "A" and f["text"].startswith("Ich habe den Hinweis"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_privacy"
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["type"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    booking = Booking.objects.get()
    assert (booking.name, booking.email, booking.role, booking.topic) == (
        "Lena Hoffmann", "lena@example.org", "parent", "finding")

    # The link from the mail goes into the address bar; the rest is the keyboard again.
    page.goto(path_of(OutgoingMail.objects.get(category="consultation-confirm-link"), "bestaetigen"))
    tab_to(page, lambda f: f["text"] == "Ja, Termin bestätigen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Booking.objects.get().status == "confirmed"


def test_the_loser_sees_the_free_alternatives_and_keeps_the_input(page, day):
    first = day.slots.order_by("starts_at").first()
    page.goto(f"/sprechtag/termin/{first.pk}/buchen/")
    BookingFactory(slot=first, day=day)  # somebody else was faster
    page.get_by_label("Ihr Name").fill("Lena Hoffmann")
    page.get_by_label("E-Mail-Adresse").fill("lena@example.org")
    page.get_by_label("Ich bin").select_option(label="Mutter / Vater")  # nothing is preselected
    page.get_by_label("Name des Kindes / der Person, die beraten wird").fill("Mia Hoffmann")
    page.get_by_label("Worum geht es?").select_option(label="Ausbildungsplatz finden")
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
