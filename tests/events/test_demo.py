"""The seeded introduction event tells the office's story, and its statistics are right: computed here from the
rows, compared with what the statistics page says."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies import demo as companies_demo
from events import demo, selectors
from events.models import Event, Registration
from ihk_office.demo import seed_office, seed_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(companies_demo, "COMPANIES_PER_SCALE", 20)
    office = seed_office()
    seed_staff_user()
    companies_demo.seed(office=office, scale=1, stdout=io.StringIO())
    demo.seed(office=office, scale=1, stdout=io.StringIO())
    return office


def test_the_introduction_had_60_registered_three_short_notice_cancellations_and_a_crowd(seeded):
    event = Event.objects.get(title=demo.INTRODUCTION)
    rows = list(Registration.objects.filter(event=event).select_related("linked_company"))
    registered = [r for r in rows if r.source != "walk_in"]
    walk_ins = [r for r in rows if r.source == "walk_in"]
    cancelled = [r for r in registered if r.status == "cancelled"]
    short = [r for r in cancelled if r.cancelled_at >= event.starts_at - timedelta(
        hours=event.short_notice_hours)]
    came = [r for r in registered if r.checked_in_at]
    no_shows = [r for r in registered if r.status == "confirmed" and not r.checked_in_at]
    in_the_room = sum(1 + r.guests for r in rows if r.checked_in_at)

    assert len(registered) == 60 and len(cancelled) == len(short) == 3
    assert len(walk_ins) > len(no_shows) + len(cancelled)  # more came unannounced than stayed away
    assert in_the_room > event.room.capacity  # it got crowded

    stats = selectors.statistics(event)
    assert (stats.registered, stats.cancelled, stats.short_notice, stats.came, stats.no_shows, stats.walk_ins,
            stats.came_persons) == (len(registered), len(cancelled), len(short), len(came), len(no_shows),
                                    len(walk_ins), in_the_room)
    by_hand: dict[str, list[int]] = {}
    for r in rows:
        if r.status != "confirmed":
            continue
        key = ("IHK-Mitglieder" if r.linked_company.is_member else "keine Mitglieder") if r.linked_company \
            else "Firma nicht verknüpft"
        counts = by_hand.setdefault(key, [0, 0])
        counts[0] += r.source != "walk_in"
        counts[1] += bool(r.checked_in_at)
    assert {row["label"]: [row["registered"], row["came"]] for row in stats.by_membership} == by_hand


def test_the_statistics_page_shows_the_seeded_figures(seeded, staff_client):
    event = Event.objects.get(title=demo.INTRODUCTION)
    page = staff_client.get(reverse("events_staff:statistics", args=[event.pk])).content.decode()
    assert 'data-figure="registered">60<' in page and 'data-figure="short_notice">3<' in page
    assert f'data-figure="walk_ins">{demo.WALK_INS}<' in page


def test_two_upcoming_events_one_public_one_invited_and_a_second_run_adds_nothing(seeded, client):
    now = timezone.now()
    upcoming = Event.objects.filter(starts_at__gt=now)
    assert sorted(upcoming.values_list("audience", flat=True)) == ["invited", "public"]
    listing = client.get(reverse("events:list")).content.decode()
    assert "Informationsabend Unternehmensnachfolge" in listing and "Mühlenviertel" not in listing
    before = (Event.objects.count(), Registration.objects.count())
    demo.seed(office=seeded, scale=1, stdout=io.StringIO())
    assert (Event.objects.count(), Registration.objects.count()) == before


def test_the_company_page_shows_who_came_to_the_introduction(seeded, staff_client):
    registration = Registration.objects.filter(event__title=demo.INTRODUCTION, checked_in_at__isnull=False,
                                               linked_company__isnull=False).first()
    page = staff_client.get(reverse("companies:company_detail", args=[registration.linked_company_id]))
    assert f"kam zu „{demo.INTRODUCTION}“ am 12. März 2026" in page.content.decode()


def test_at_scale_a_reception_with_50_registrations_per_step_is_added(seeded):
    demo.seed(office=seeded, scale=10, stdout=io.StringIO())
    reception = Event.objects.get(title="Jahresempfang der Hattinger Wirtschaft")
    assert reception.registrations.count() == 500
