"""The door on a 360 px phone in a real browser: staff check in a registered guest by searching as they type and
another by the QR link from the confirmation mail, enter a walk-in and link its company. axe finds nothing serious
or critical on any page passed, and nothing is wider than the phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services, tokens
from events.models import Event, Registration, Room

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import CompanyFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(transactional_db):
    return OfficeFactory()


@pytest.fixture
def staff(transactional_db):
    return StaffFactory(first_name="Bea", last_name="Büro")


@pytest.fixture
def event(office):
    room = Room.objects.create(office=office, name="Veranstaltungsraum im HWG-Gebäude", capacity=60)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=30)
    event = Event.objects.create(office=office, title="Informationsabend Unternehmensnachfolge", room=room,
                                 starts_at=start, ends_at=start + timedelta(hours=2), capacity=40, max_guests=1)
    services.register(event, name="Anna Schulte", email="anna@example.org", company="Schulte Metallbau GmbH",
                      guests=1, source="phone")
    services.register(event, name="Bernd Kaiser", email="bernd@example.org", company="Kaiser Bau KG", source="phone")
    for number in range(12):
        services.register(event, name=f"Gast Nummer {number}", email=f"gast{number}@example.org", source="phone")
    return event


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_staff_at_the_door_check_in_by_search_and_by_qr_and_enter_a_walk_in_with_its_company(
    phone_page, staff, event
):
    CompanyFactory(name="Ruhrtal Radreisen GmbH")
    page = phone_page
    log_in(page, staff.username)

    page.goto(reverse("events_staff:checkin", args=[event.pk]))
    _fits_the_phone(page)
    assert_accessible(page)
    results = page.locator("#checkin-results")
    assert results.get_by_text("Bernd Kaiser").count() == 1

    # Search as you type: the list narrows without pressing the button.
    page.get_by_label("Name, Firma oder E-Mail").press_sequentially("metallb", delay=30)
    results.get_by_text("Bernd Kaiser").wait_for(state="detached")
    assert results.get_by_text("Anna Schulte").count() == 1
    button = results.get_by_role("button", name="Anna Schulte einlassen")
    assert button.bounding_box()["height"] >= 44
    button.click()
    page.wait_for_load_state()
    assert page.get_by_text("Anna Schulte ist eingelassen.").is_visible()
    assert page.get_by_role("button", name="Einlass von Anna Schulte zurücknehmen").is_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    screenshot(page, "event-checkin-phone")

    # The QR code of Bernd's confirmation mail opens his check-in.
    bernd = Registration.objects.get(name="Bernd Kaiser")
    page.goto(reverse("events_staff:checkin_token", args=[tokens.checkin_token(bernd.pk)]))
    assert page.get_by_role("heading", name="Bernd Kaiser").is_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Einlassen").click()
    page.wait_for_load_state()
    assert "eingelassen um" in page.locator("#person-status").inner_text()

    # A walk-in, entered in seconds, then linked to the company the directory knows.
    page.get_by_role("link", name="Zurück zum Einlass").click()
    page.locator("#id_name").fill("Fritz Spontan")
    page.locator("#id_company").fill("Ruhrtal Radreisen")
    page.get_by_role("button", name="Eintragen und einlassen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Fritz Spontan ist als Gast ohne Anmeldung eingetragen.").is_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Verknüpfen mit Ruhrtal Radreisen GmbH").click()
    page.wait_for_load_state()
    assert page.locator("#linked-company").inner_text() == "Ruhrtal Radreisen GmbH"
    _fits_the_phone(page)
    assert_accessible(page)

    arrived = Registration.objects.filter(event=event, checked_in_at__isnull=False)
    assert sorted(arrived.values_list("name", flat=True)) == ["Anna Schulte", "Bernd Kaiser", "Fritz Spontan"]
    assert Registration.objects.get(name="Fritz Spontan").linked_company.name == "Ruhrtal Radreisen GmbH"


def test_without_javascript_the_door_search_is_a_plain_form(browser, live_server, staff, event):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False,
                                  base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, staff.username)
        page.goto(reverse("events_staff:checkin", args=[event.pk]))
        page.get_by_label("Name, Firma oder E-Mail").fill("kaiser")
        page.get_by_role("button", name="Suchen").click()
        page.wait_for_load_state()
        results = page.locator("#checkin-results")
        assert results.get_by_text("Bernd Kaiser").count() == 1 and results.get_by_text("Anna Schulte").count() == 0
    finally:
        context.close()


def test_the_public_event_pages_are_accessible_on_a_phone(phone_page, event):
    page = phone_page
    page.goto(reverse("events:list"))
    _fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="Informationsabend Unternehmensnachfolge").click()
    page.wait_for_load_state()
    _fits_the_phone(page)
    assert_accessible(page)
    screenshot(page, "event-page-phone")
