"""Finding 5 of issue 13 in a real browser: staff move a booking on a 360 px phone, by keyboard alone, from the
day sheet's row to the new day's sheet; axe finds nothing serious, nothing scrolls sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Booking, BookingMove
from ihk_office.models import OutgoingMail

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import BookingFactory, ConsultationDayFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def focused(page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 200)")


def tab_to(page, predicate: str, *, limit: int = 120) -> None:
    """Press Tab until `predicate` (JavaScript on document.activeElement, called `el`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"never reached by Tab: {predicate}")


def test_staff_move_a_booking_by_keyboard_on_a_phone(phone_page):
    page = phone_page
    office = OfficeFactory()
    start = timezone.localdate() + timedelta(days=10)
    thursday = start + timedelta(days=(3 - start.weekday()) % 7)
    day = ConsultationDayFactory(office=office, date=thursday)
    later = ConsultationDayFactory(office=office, date=thursday + timedelta(days=7))
    first = day.slots.order_by("starts_at").first()
    booking = BookingFactory(slot=first, day=day, name="Lena Berger", email="lena@example.org",
                             confirmed_at=timezone.now())
    log_in(page, StaffFactory().username)

    page.goto(f"/intern/sprechtage/tag/{day.pk}/")
    tab_to(page, "el.textContent.trim().startsWith('verlegen') && el.textContent.includes('Lena Berger')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/intern/sprechtage/buchung/{booking.pk}/verlegen/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Buchung von Lena Berger verlegen"
    assert page.evaluate(SIDEWAYS) == 0
    assert_accessible(page)

    select = page.get_by_label("Neuer Termin")
    tab_to(page, "el.name === 'slot'")
    # The first choice is the next free time of the same day; ArrowDown walks on through the free ones.
    options = select.locator("option").evaluate_all("els => els.map(el => el.textContent.trim())")
    assert options[0] == "Bitte wählen …" and f"{day.date:%d.%m.%Y}, 13:00 Uhr" not in options  # not her own time
    target_index = 1 + 7 + 2  # skip the 7 other times of her day: the new day's 14:00
    for _ in range(target_index):
        page.keyboard.press("ArrowDown")
    chosen = select.evaluate("el => el.options[el.selectedIndex].parentElement.label + ' ' + "
                             "el.options[el.selectedIndex].textContent")
    assert chosen.endswith(f"{later.date:%d.%m.%Y}, 14:00 Uhr"), chosen
    page.keyboard.press("Tab")
    assert "reason" in focused(page)
    page.keyboard.type("Die Beraterin ist an diesem Tag krank.")
    page.keyboard.press("Tab")
    assert "Buchung verlegen" in focused(page)
    screenshot(page, "consultation-move-booking-phone", full_page=False)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(rf"/intern/sprechtage/tag/{later.pk}/"))
    assert page.get_by_text("Lena Berger ist jetzt am").is_visible()
    assert page.get_by_text(re.compile(r"verlegt vom \d\d\.\d\d\.\d{4}, 13:00 Uhr")).is_visible()
    assert page.evaluate(SIDEWAYS) == 0
    assert_accessible(page)
    moved = Booking.objects.select_related("slot").get(pk=booking.pk)
    assert moved.day_id == later.pk and timezone.localtime(moved.slot.starts_at).strftime("%H:%M") == "14:00"
    assert BookingMove.objects.get().reason == "Die Beraterin ist an diesem Tag krank."
    assert OutgoingMail.objects.filter(category="consultation-moved", to=["lena@example.org"]).count() == 1
