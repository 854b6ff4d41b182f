"""Training places in a real browser: a pupil picks a "Wunschberuf" on a phone (a company does not see the field),
staff see the matching open place on the day sheet and place her; axe-core on each page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, TrainingOccupation, TrainingPlace
from consultations.models import Booking

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import ConsultationDayFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETAIL = "Kaufmann/-frau im Einzelhandel"


@pytest.fixture
def day(transactional_db):
    start = timezone.localdate() + timedelta(days=10)
    return ConsultationDayFactory(office=OfficeFactory(), date=start + timedelta(days=(3 - start.weekday()) % 7))


@pytest.fixture
def retail_place(day):
    # get_or_create: an earlier transactional test may have flushed the rows the data migration seeded.
    occupation, _ = TrainingOccupation.objects.get_or_create(name=RETAIL)
    company = Company.objects.create(name="Modehaus Berger", district="welper")
    return TrainingPlace.objects.create(company=company, occupation=occupation, start_year=day.date.year + 1,
                                        places=1)


def test_a_pupil_wishes_for_retail_on_a_phone_and_staff_place_her_from_the_day_sheet(phone_page, page, day,
                                                                                    retail_place):
    slot = day.slots.order_by("starts_at")[1]
    phone_page.goto(reverse("consultations:book", args=[slot.pk]))
    wish = phone_page.get_by_label("Wunschberuf (freiwillig)")
    phone_page.get_by_label("Ich bin").select_option(label="Ausbildungsbetrieb")
    assert not wish.is_visible()  # a company asks about its own apprentices
    phone_page.get_by_label("Ich bin").select_option(label="Schülerin / Schüler")
    assert wish.is_visible()
    phone_page.get_by_label("Ihr Name").fill("Lena Hoffmann")
    phone_page.get_by_label("E-Mail-Adresse").fill("lena@example.org")
    wish.select_option(label=RETAIL)
    phone_page.get_by_label("Worum geht es?").select_option(label="Ausbildungsplatz finden")
    phone_page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Verbindlich anfragen").click()
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    booking = Booking.objects.get()
    assert booking.wish.name == RETAIL
    Booking.objects.filter(pk=booking.pk).update(status="confirmed", confirmed_at=timezone.now(),
                                                 hold_expires_at=None)

    log_in(page, StaffFactory().username)
    page.goto(reverse("consultations_staff:day_sheet", args=[day.pk]))
    row = page.locator(f"#booking-{booking.pk}")
    assert RETAIL in row.inner_text() and "Modehaus Berger" in row.inner_text()
    assert_accessible(page)
    screenshot(page, "training-place-on-day-sheet", full_page=False)
    row.get_by_role("button", name="vermitteln Lena Hoffmann an Modehaus Berger").click()
    assert page.get_by_text("Lena Hoffmann ist vermittelt an Modehaus Berger").is_visible()
    assert "vermittelt an Modehaus Berger" in page.locator(f"#booking-{booking.pk}").inner_text()
    assert_accessible(page)
    retail_place.refresh_from_db()
    assert retail_place.filled == 1
