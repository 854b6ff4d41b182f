"""Issue 13, finding 4 in a real browser: a parent sends the booking form (her place is held), presses Back,
and sends it again. The form must not tell her that her own held time is "schon vergeben"; the second request
replaces her first hold (the place is held once, for her), also when she corrected her address on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Booking
from ihk_office.models import OutgoingMail

from ..conftest import assert_accessible
from ..factories import ConsultationDayFactory, OfficeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day(transactional_db):
    office = OfficeFactory()
    start = timezone.localdate() + timedelta(days=10)
    return ConsultationDayFactory(office=office, date=start + timedelta(days=(3 - start.weekday()) % 7))


def fill_and_send(page, email):
    page.get_by_label("Ihr Name").fill("Sabine Krüger")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Ich bin").select_option(label="Mutter / Vater")
    page.get_by_label("Name des Kindes / der Person, die beraten wird").fill("Jonas Krüger")
    page.get_by_label("Worum geht es?").select_option(label="Berufswahl")
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Verbindlich anfragen").click()
    page.wait_for_load_state()


def choose_the_1330_slot(page, day):
    page.goto(f"/sprechtag/tag/{day.pk}/")
    page.get_by_role("link", name=re.compile(r"^13:30 Uhr")).click()
    page.wait_for_load_state()


def test_back_after_a_hold_and_sending_again_reuses_her_place(phone_page, day):
    page = phone_page
    choose_the_1330_slot(page, day)
    fill_and_send(page, "sabine@example.org")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    first = Booking.objects.get()
    assert first.status == "pending"

    page.go_back()
    page.wait_for_load_state()
    assert "/buchen/" in page.url
    text = page.locator("main").inner_text()
    assert "schon vergeben" not in text
    assert "Diesen Termin haben Sie gerade schon angefragt" in text
    assert page.locator("#slot-taken").count() == 0
    assert_accessible(page)

    fill_and_send(page, "sabine@example.org")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    assert "13:30 Uhr" in page.locator("main").inner_text()
    # One place held, for her; the first hold is released, nothing refused.
    assert Booking.objects.get(pk=first.pk).status == "expired"
    [held] = Booking.objects.filter(status="pending")
    assert held.slot_id == first.slot_id and held.person_name == "Jonas Krüger"
    assert not OutgoingMail.objects.filter(category="consultation-refused").exists()


def test_back_after_a_mistyped_address_and_correcting_it_releases_the_wrong_hold(page, day):
    choose_the_1330_slot(page, day)
    fill_and_send(page, "sabine@exmaple.org")
    assert page.locator(".sent-to").inner_text() == "sabine@exmaple.org"

    page.go_back()
    page.wait_for_load_state()
    assert "schon vergeben" not in page.locator("main").inner_text()
    fill_and_send(page, "sabine@example.org")

    assert page.locator(".sent-to").inner_text() == "sabine@example.org"
    assert list(Booking.objects.order_by("pk").values_list("email", "status")) == [
        ("sabine@exmaple.org", "expired"), ("sabine@example.org", "pending")]
    assert OutgoingMail.objects.filter(category="consultation-confirm-link", to=["sabine@example.org"]).exists()
