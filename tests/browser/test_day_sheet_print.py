"""Finding 5 of issue 13 (consultations): the day sheet has a print button, and the paper shows who comes –
without the page's notices and without cancelled bookings. Only a browser shows what prints."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ..conftest import log_in
from ..factories import BookingFactory, ConsultationDayFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_day_sheet_prints_without_notices_and_cancelled_rows(page):
    day = ConsultationDayFactory(office=OfficeFactory(), date=timezone.localdate() + timedelta(days=3))
    last, before_last = day.slots.order_by("-starts_at")[:2]
    BookingFactory(slot=last, day=day, name="Lena Kommt")
    BookingFactory(slot=before_last, day=day, name="Tom Storniert", status="cancelled", email="",
                   cancelled_at=timezone.now())
    log_in(page, StaffFactory().username)
    page.goto(f"/intern/sprechtage/tag/{day.pk}/bearbeiten/")
    page.get_by_role("button", name="Speichern").click()  # leaves a notice on the day sheet
    notice = page.get_by_text("Der Sprechtag wurde geändert.")
    assert notice.is_visible() and page.get_by_role("cell", name="Tom Storniert").is_visible()

    page.emulate_media(media="print")
    assert not notice.is_visible()
    assert not page.get_by_role("cell", name="Tom Storniert").is_visible()
    assert page.get_by_role("cell", name="Lena Kommt").is_visible()

    page.emulate_media(media="screen")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Drucken").click()
    assert page.evaluate("window.printed") is True
