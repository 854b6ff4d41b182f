"""After the event: statistics, the attendee list (printable and as CSV through the safe helper), badges as PDF,
and the expected turnout that learns from past events."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events import selectors, services
from events.models import Registration, Room
from tests.factories import CompanyFactory

from .conftest import make_event, make_registrations

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_badges_have_one_page_per_person_who_will_come(staff_client, event):
    services.register(event, name="Anna Maria Schulte", email="anna@example.org", company="Schulte GmbH",
                      guests=1, source="phone")
    services.register(event, name="Bernd Kaiser", email="bernd@example.org", source="phone")
    services.cancel(registration=services.register(event, name="Carla Abgesagt", email="c@example.org",
                                                   source="phone"))
    services.register(event, name="Dora Unbestätigt", email="d@example.org")  # pending: not expected yet
    services.record_walk_in(event=event, name="Egon Spontan", company="Spontan KG")

    response = staff_client.get(reverse("events_staff:badges", args=[event.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]

    assert len(pages) == 4  # Anna, her guest, Bernd, Egon
    assert "Anna Maria" in pages[0] and "Schulte" in pages[0] and "Schulte GmbH" in pages[0]
    assert "Begleitung von" in pages[1] and "Anna Maria Schulte" in pages[1]
    assert "Kaiser" in pages[2] and "Spontan KG" in pages[3]
    assert not any("Carla" in text or "Dora" in text for text in pages)


def test_the_attendee_csv_uses_the_safe_helper(staff_client, event):
    services.register(event, name="=HYPERLINK(\"http://x\")", email="x@example.org", company="@Böse AG",
                      source="phone")
    response = staff_client.get(reverse("events_staff:attendees_csv", args=[event.pk]))
    text = _content(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["Name", "Firma"]
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")" and rows[1][1] == "'@Böse AG"


def test_the_printable_attendee_list_shows_everyone_expected(staff_client, event):
    services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
    page = staff_client.get(reverse("events_staff:attendees", args=[event.pk])).content.decode()
    assert "Anna Schulte" in page and "Unterschrift" in page


def test_statistics_count_registered_cancelled_short_notice_came_no_shows_walk_ins_and_membership(
    staff_client, office
):
    event = make_event(office, starts_in=timedelta(days=2), short_notice_hours=48)
    member, other = CompanyFactory(is_member=True), CompanyFactory(is_member=False)
    came = make_registrations(event, 5, checked_in=True, prefix="kam")
    make_registrations(event, 2, prefix="fehlte")
    Registration.objects.filter(pk__in=[came[0].pk, came[1].pk]).update(linked_company=member)
    Registration.objects.filter(pk=came[2].pk).update(linked_company=other)
    early, late = make_registrations(event, 2, prefix="absage")
    services.cancel(registration=early, now=event.starts_at - timedelta(days=5))
    services.cancel(registration=late, now=event.starts_at - timedelta(hours=3))
    for number in range(3):
        services.record_walk_in(event=event, name=f"Spontan {number}")

    stats = selectors.statistics(event)
    assert (stats.registered, stats.cancelled, stats.short_notice, stats.came, stats.no_shows, stats.walk_ins) == (
        9, 2, 1, 5, 2, 3)
    membership = {row["label"]: (row["registered"], row["came"]) for row in stats.by_membership}
    assert membership["IHK-Mitglieder"] == (2, 2) and membership["keine Mitglieder"] == (1, 1)
    assert membership["Firma nicht verknüpft"] == (4, 5)  # 2 came + 2 no-shows registered; 2 + 3 walk-ins came

    page = staff_client.get(reverse("events_staff:statistics", args=[event.pk])).content.decode()
    assert 'data-figure="short_notice">1<' in page and 'data-figure="walk_ins">3<' in page


def _past_event(office, *, days_ago: int, registered: int, came: int, walk_ins: int):
    event = make_event(office, starts_in=timedelta(days=-days_ago), title=f"Vor {days_ago} Tagen")
    make_registrations(event, came, checked_in=True, prefix=f"k{days_ago}-")
    make_registrations(event, registered - came, prefix=f"f{days_ago}-")
    make_registrations(event, walk_ins, source="walk_in", checked_in=True, prefix=f"w{days_ago}-")
    return event


def test_the_expected_turnout_learns_from_the_last_three_events_and_warns_about_the_room(staff_client, office):
    small_room = Room.objects.create(office=office, name="Besprechungsraum", capacity=50)
    # The last three: 100 registered, 80 came, 40 walk-ins → 80 % show up, 40 % walk-ins.
    _past_event(office, days_ago=10, registered=40, came=30, walk_ins=20)
    _past_event(office, days_ago=40, registered=30, came=25, walk_ins=10)
    _past_event(office, days_ago=70, registered=30, came=25, walk_ins=10)
    _past_event(office, days_ago=400, registered=10, came=1, walk_ins=0)  # older: not used
    event = make_event(office, room=small_room, capacity=100)
    make_registrations(event, 50)

    expectation = selectors.turnout(event, 50, timezone.now())
    assert expectation.history == 3
    assert (expectation.show_up_percent, expectation.walk_in_percent) == (80, 40)
    assert expectation.expected == 60 and expectation.over_room

    page = staff_client.get(reverse("events_staff:detail", args=[event.pk])).content.decode()
    assert "Die letzten 3 Veranstaltungen hatten im Schnitt 40 % Gäste ohne Anmeldung." in page
    assert "60 für 50 Plätze" in page


def test_no_warning_when_the_room_is_big_enough_or_there_is_no_history(staff_client, office, room):
    event = make_event(office, room=room)
    make_registrations(event, 10)
    page = staff_client.get(reverse("events_staff:detail", args=[event.pk])).content.decode()
    assert "keine Schätzung möglich" in page and "turnout-warning" not in page
    _past_event(office, days_ago=10, registered=10, came=10, walk_ins=0)
    page = staff_client.get(reverse("events_staff:detail", args=[event.pk])).content.decode()
    assert "Erwartet: etwa 10 Personen" in page and "turnout-warning" not in page


def test_the_turnout_counts_persons_of_the_right_events_as_worked_out_from_the_rows(office):
    """The written-out turnout query against the same figures worked out here from the registrations themselves."""
    from tests.factories import OfficeFactory

    counted = []
    for days_ago, guests in ((5, 2), (20, 0), (35, 1), (50, 0)):
        past = _past_event(office, days_ago=days_ago, registered=6, came=4, walk_ins=2)
        make_registrations(past, 2, guests=guests, checked_in=True, prefix=f"g{days_ago}-")
        make_registrations(past, 3, status="cancelled", guests=guests, prefix=f"c{days_ago}-")  # never held
        make_registrations(past, 1, source="walk_in", guests=guests, checked_in=True, prefix=f"wg{days_ago}-")
        counted.append(past)
    nobody_came = make_event(office, starts_in=timedelta(days=-2), title="Niemand kam")
    make_registrations(nobody_came, 5)
    called_off = make_event(office, starts_in=timedelta(days=-3), title="Abgesagt", status="cancelled")
    make_registrations(called_off, 5, checked_in=True)
    elsewhere = make_event(OfficeFactory(slug="bochum"), starts_in=timedelta(days=-4), title="Anderes Büro")
    make_registrations(elsewhere, 5, checked_in=True)
    running = make_event(office, starts_in=timedelta(hours=-1), hours=3, title="Läuft noch")
    make_registrations(running, 5, checked_in=True)

    expectation = selectors.turnout(running, 40, timezone.now())

    last_three = counted[:3]  # the newest three events in which somebody came, of this office, held and over
    rows = list(Registration.objects.filter(event__in=last_three))
    held = sum(1 + r.guests for r in rows if r.status == "confirmed" and r.source != "walk_in")
    came = sum(1 + r.guests for r in rows if r.checked_in_at and r.source != "walk_in")
    walk_ins = sum(1 + r.guests for r in rows if r.source == "walk_in")
    assert expectation.history == 3
    assert expectation.show_up_rate == pytest.approx(came / held)
    assert expectation.walk_in_rate == pytest.approx(walk_ins / held)
    # Per event (guests 2, 0, 1): held 6 + 2 × (1 + guests), came 4 + 2 × (1 + guests), walk-ins 2 + 1 + guests.
    assert (held, came, walk_ins) == (12 + 8 + 10, 10 + 6 + 8, 5 + 3 + 4)
